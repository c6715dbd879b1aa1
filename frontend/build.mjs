// Builds the static assets Django serves from frontend/build/:
// GOV.UK Frontend's JavaScript, fonts and images, and our compiled stylesheet.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "build";
const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync(`${out}/govuk`, { recursive: true });
mkdirSync(`${out}/css`, { recursive: true });
cpSync(`${govuk}/assets`, `${out}/govuk/assets`, { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk/govuk-frontend.min.js`);
cpSync("js", `${out}/js`, { recursive: true });
const result = sass.compile("app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/app.css`, result.css);
console.log(`built ${out}/css/app.css (${result.css.length} bytes) and GOV.UK Frontend assets`);
