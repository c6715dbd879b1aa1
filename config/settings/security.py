"""The secret key, sessions, CSRF, client addresses, two-factor, API tokens, security
headers and the Content-Security-Policy, and the HTTPS-only settings of production. What a
production run refuses to start with is in `production`."""

from urllib.parse import urlsplit

from .environment import PRODUCTION, env
from .oidc import OIDC_OP_ISSUER, OIDC_OP_LOGOUT_ENDPOINT

# Refused in production (`production`): set SECRET_KEY to 50+ random characters.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Sessions ---
# Signed-in sessions end after this much inactivity (each request renews the window).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Database sessions whose idle window is renewed at most once a minute (core/sessions.py):
# a signed-in page that changes nothing no longer writes and commits its session row on
# every request. A session ends between 29 and 30 minutes after the last request.
SESSION_ENGINE = "core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Client addresses ---
# How many proxies we run in front of the site, each appending to X-Forwarded-For. 0: the
# site is reached directly and X-Forwarded-For is ignored (a client can write anything in
# it). The API rate limit, the access log and sign-in lock-outs all use this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Two-factor for local accounts (accounts/two_factor.py) ----------------------------
# Roles whose password sign-ins need a second factor (TOTP or a recovery code), in every
# environment; "all" for everyone, empty to relax it. Single sign-on users get theirs
# from the provider (Entra ID Conditional Access).
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["dpo", "admin"])
# `make run` only: the demo users of create_demo_users sign in without a second factor,
# and the sign-in page says so. Refused in production.
TWO_FACTOR_RELAXED_FOR_DEMO_USERS = env.bool("TWO_FACTOR_RELAXED_FOR_DEMO_USERS", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Rights Desk")
TWO_FACTOR_RECOVERY_CODES = 10

# --- API tokens, security headers, Content-Security-Policy ---
# API tokens stop working this many days after they were issued.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
# Content-Security-Policy: only this site's own scripts, styles, images and fonts; no
# inline scripts anywhere (GOV.UK Frontend's start-up code is a static file).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Signing out of a single sign-on session posts the sign-out form and is redirected to the
# provider's end-session page: browsers check that redirect against form-action.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {_origin(url) for url in (OIDC_OP_ISSUER, OIDC_OP_LOGOUT_ENDPOINT) if url}
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- HTTPS only, in production ---
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # /healthz is probed over plain HTTP from inside the stack.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
