// Runs first thing in <body>: GOV.UK Frontend styles components differently once it
// knows JavaScript is available. A file, not an inline script, so the
// Content-Security-Policy can forbid inline scripts.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
