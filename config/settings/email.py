"""Email: the backend (SMTP, or GOV.UK Notify), retries, and the address emails link to."""

from .base import ALLOWED_HOSTS
from .environment import PRODUCTION, env

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="rights-desk@localhost")
# The SMTP server (with the SMTP backend).
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# The address emails link to (core/notifications.py): scheme and host, no trailing slash.
# In production it defaults to https:// and the first ALLOWED_HOSTS entry.
SITE_URL = env.str(
    "SITE_URL",
    default=f"https://{ALLOWED_HOSTS[0]}"
    if PRODUCTION and ALLOWED_HOSTS
    else "http://127.0.0.1:8000",
).rstrip("/")
# Seconds before an unanswering SMTP server counts as a failed attempt (Django's default
# is to wait for ever, which would hold the email's row lock and a worker).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# How many times an email to a requester is tried before it is shown as failed (the
# casefile's resend job tries again every EMAIL_RETRY_MINUTES).
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
# Used only with the file-based backend (tests read emails a real worker wrote).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or None
# GOV.UK Notify (EMAIL_BACKEND=core.notify.NotifyEmailBackend; README "Email through GOV.UK
# Notify"): the API key, the one email template with ((subject)) and ((body)) (and
# ((link_to_file)) for emails with a PDF), optionally a reply-to address's id. A system
# check (core/checks.py) refuses the Notify backend without them.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_REPLY_TO_ID = env.str("NOTIFY_REPLY_TO_ID", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TIMEOUT = env.float("NOTIFY_TIMEOUT", default=10.0)
# How long Notify keeps a PDF sent by link ("26 weeks" is Notify's own default).
NOTIFY_FILE_RETENTION = env.str("NOTIFY_FILE_RETENTION", default="26 weeks")
# The bearer token Notify sends with its delivery receipts (set the same in Notify's
# callback settings). Empty: the receipts endpoint answers 404.
NOTIFY_CALLBACK_TOKEN = env.str("NOTIFY_CALLBACK_TOKEN", default="")
