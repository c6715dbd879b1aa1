"""Who may sign in and how: the user model, backends, passwords, lock-outs, sign-in pages,
local password sign-in and account lifecycle. Single sign-on is in `oidc`, two-factor and
sessions in `security`."""

from datetime import timedelta

from .environment import env

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and locks out after AXES_FAILURE_LIMIT (per user and address).
    "axes.backends.AxesStandaloneBackend",
    # Username and password (refused when LOCAL_PASSWORD_SIGN_IN is off).
    "accounts.backends.PasswordBackend",
    # Single sign-on over OpenID Connect (accounts/oidc.py; inert unless configured).
    "accounts.oidc.SSOBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lock-outs count by the client address core.network reads (TRUSTED_PROXY_COUNT in `security`).
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"
# Username-and-password sign-in (the sign-in page and the admin's). On by default for
# development; a force using single sign-on switches it off in production.
LOCAL_PASSWORD_SIGN_IN = env.bool("LOCAL_PASSWORD_SIGN_IN", default=True)
# Whom a signed-in user without a role is told to ask (the "ask for access" page).
ACCESS_REQUEST_CONTACT = env.str(
    "ACCESS_REQUEST_CONTACT", default="your team lead or the Data Protection Officer"
)

# --- Account lifecycle (accounts/services.py, core/inactivity.py) ------------------------
# Accounts neither signed in to nor used through the API for this many days are disabled
# by a daily job (0: never); their user and team lead are emailed this many days before.
ACCOUNT_INACTIVE_DAYS = env.int("ACCOUNT_INACTIVE_DAYS", default=90)
ACCOUNT_INACTIVE_WARNING_DAYS = env.int("ACCOUNT_INACTIVE_WARNING_DAYS", default=14)
