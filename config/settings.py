"""Rights Desk settings: one module, configured from the environment.

Defaults suit a developer laptop (SQLite, Celery tasks run in-process, local-memory
cache). `DJANGO_ENV=production` switches on production behaviour and refuses to start
with the development secret. See `.env.example` for every variable.
"""

from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs SECRET_KEY set to a long random value "
        "(50+ characters), not the development default."
    )

DEBUG = env.bool("DEBUG", default=False) and not PRODUCTION
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "requests_tracker",
    "breaches",
    "dpia",
    "casefile",
    "disclosure",
    "intake",
    "dashboards",
    # Django's own form templates (django/forms/...), which the admin needs under the
    # TemplatesSetting renderer. Last, so templates/ and every app above override them.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their own caching), around everything else: any
    # response not declared public, refusals and lock-outs included, is never stored.
    "core.middleware.PrivateUnlessPublicMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which two-factor device (if any) verified this session: request.user.is_verified().
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user with no role sees only the "ask for access" page; one whose role
    # needs two-factor sees only the enrolment and verification pages until verified.
    "accounts.middleware.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it reads the result of authentication to count failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
                "core.context_processors.navigation",
            ],
            # GOV.UK dates and times ("1 October 2026", "9:30am") in every template.
            "builtins": ["core.templatetags.dates"],
        },
    },
]
FORM_RENDERER = "core.govuk_forms.GovukRenderer"

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: wait for a lock rather than fail, so the in-process laptop setup copes with
    # a browser and a management command at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
# Signed-in sessions end after this much inactivity (each request renews the window).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"

# --- Single sign-on over OpenID Connect (accounts/oidc.py, docs/deployment.md) --------
# Unset OIDC_RP_CLIENT_ID: no single sign-on. The provider's endpoints come from its
# discovery document (OIDC_OP_ISSUER + /.well-known/openid-configuration) unless set
# one by one below.
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="").rstrip("/")
OIDC_OP_DISCOVERY_URL = env.str("OIDC_OP_DISCOVERY_URL", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
OIDC_CLOCK_SKEW_SECONDS = env.int("OIDC_CLOCK_SKEW_SECONDS", default=60)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
# The button on the sign-in page: "Sign in with <OIDC_PROVIDER_NAME>".
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your force account")
# Which claims identify the user (Entra ID: "oid" is stable across the tenant) and name
# their account.
OIDC_SUBJECT_CLAIM = env.str("OIDC_SUBJECT_CLAIM", default="sub")
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
# Role and unit from the claims: claim name, and a JSON map of claim value (a group's
# object id, an app role) -> role name (accounts.models.Role) or unit name. Validated at
# start-up by a system check (accounts/checks.py).
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="groups")
OIDC_ROLE_MAP = env.json("OIDC_ROLE_MAP", default={})
OIDC_UNIT_CLAIM = env.str("OIDC_UNIT_CLAIM", default="groups")
OIDC_UNIT_MAP = env.json("OIDC_UNIT_MAP", default={})
# Link a first single sign-on to an existing local account of the same username (for a
# force moving its users over); off, such a sign-in is refused.
OIDC_LINK_EXISTING_USERS = env.bool("OIDC_LINK_EXISTING_USERS", default=False)
# Username-and-password sign-in (the sign-in page and the admin's). On by default for
# development; a force using single sign-on switches it off in production.
LOCAL_PASSWORD_SIGN_IN = env.bool("LOCAL_PASSWORD_SIGN_IN", default=True)
# Whom a signed-in user without a role is told to ask (the "ask for access" page).
ACCESS_REQUEST_CONTACT = env.str(
    "ACCESS_REQUEST_CONTACT", default="your team lead or the Data Protection Officer"
)

# --- Two-factor for local accounts (accounts/two_factor.py) ----------------------------
# Roles whose password sign-ins need a second factor (TOTP or a recovery code), in every
# environment; "all" for everyone, empty to relax it. Single sign-on users get theirs
# from the provider (Entra ID Conditional Access).
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["dpo", "admin"])
# `make run` only: the demo users of create_demo_users sign in without a second factor,
# and the sign-in page says so. Refused in production.
TWO_FACTOR_RELAXED_FOR_DEMO_USERS = env.bool("TWO_FACTOR_RELAXED_FOR_DEMO_USERS", default=False)
if PRODUCTION and TWO_FACTOR_RELAXED_FOR_DEMO_USERS:
    raise ImproperlyConfigured("TWO_FACTOR_RELAXED_FOR_DEMO_USERS is for `make run` only.")
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Rights Desk")
TWO_FACTOR_RECOVERY_CODES = 10

# --- Account lifecycle (accounts/services.py, core/inactivity.py) ------------------------
# Accounts neither signed in to nor used through the API for this many days are disabled
# by a daily job (0: never); their user and team lead are emailed this many days before.
ACCOUNT_INACTIVE_DAYS = env.int("ACCOUNT_INACTIVE_DAYS", default=90)
ACCOUNT_INACTIVE_WARNING_DAYS = env.int("ACCOUNT_INACTIVE_WARNING_DAYS", default=14)

# --- Time -------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# frontend/build is made by `make frontend` (GOV.UK Frontend from npm).
STATICFILES_DIRS = [path for path in [BASE_DIR / "frontend" / "build"] if path.is_dir()]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Cache ------------------------------------------------------------------------------
# The cache holds only copies (pages, API answers, rate-limit counts): when Redis is down
# or hung the site answers from the database instead (core/cache.py). Each cache call
# waits at most CACHE_SOCKET_TIMEOUT seconds; after a failure Redis is skipped for
# CACHE_BREAKER_SECONDS, so a hung Redis costs one timeout, not one per call.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_CONNECT_TIMEOUT = env.float("CACHE_CONNECT_TIMEOUT", default=CACHE_SOCKET_TIMEOUT)
CACHE_BREAKER_SECONDS = env.float("CACHE_BREAKER_SECONDS", default=5.0)
# /healthz waits at most this long for each of the cache and the broker.
HEALTHZ_CHECK_TIMEOUT = env.float("HEALTHZ_CHECK_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="rightsdesk"),
            "OPTIONS": {
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "CONNECT_TIMEOUT": CACHE_CONNECT_TIMEOUT,
                "BREAKER_SECONDS": CACHE_BREAKER_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Client addresses and rate limits ---------------------------------------------------
# How many proxies we run in front of the site, each appending to X-Forwarded-For. 0: the
# site is reached directly and X-Forwarded-For is ignored (a client can write anything in
# it). The API rate limit, the access log and sign-in lock-outs all use this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.network.client_ip"
# Which cache counts requests for the rate limits (core/throttling.py).
RATE_LIMIT_CACHE = "default"

# --- Celery -----------------------------------------------------------------------------
# Unset broker: tasks run in-process (eagerly), so a laptop needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (killed, out of memory) goes back on the queue instead
# of being acknowledged as done.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task that was taken but never acknowledged (its worker vanished)
# after the visibility timeout: longer than the longest task may run, so a task still
# running is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60
    ),
    "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
}
# Sending a task from a web request with the broker down costs at most about a second:
# the change it follows is already committed, and its outbox row waits for the
# periodic drain (core/outbox.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Every periodic job is registered here, and only here.
CELERY_BEAT_SCHEDULE = {
    "drain-figure-changes": {
        # Recomputes whatever changes are still pending after a broker outage or a dead
        # worker (core/outbox.py); with nothing pending it does nothing.
        "task": "core.tasks.drain_figure_changes",
        "schedule": timedelta(seconds=env.int("FIGURES_DRAIN_SECONDS", default=30)),
    },
    "lapse-stalled-requests": {
        "task": "requests_tracker.tasks.lapse_stalled_requests",
        "schedule": crontab(hour=2, minute=15),
    },
    "request-reminder-digests": {
        "task": "requests_tracker.tasks.send_reminder_digests",
        # Weekday mornings; the task itself skips bank holidays.
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "recompute-timeliness-last-13-months": {
        "task": "dashboards.tasks.recompute_recent_months",
        "schedule": crontab(hour=3, minute=30),
    },
    "dpia-reminders": {
        "task": "dpia.tasks.send_assessment_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "dpia-pipeline-last-13-months": {
        "task": "dpia.tasks.recompute_recent_pipeline",
        "schedule": crontab(hour=3, minute=45),
    },
    "breach-deadline-alerts": {
        "task": "breaches.tasks.send_breach_deadline_alerts",
        "schedule": crontab(minute="*/15"),
    },
    "breach-analysis-snapshots": {
        "task": "breaches.tasks.recompute_breach_snapshots",
        "schedule": crontab(hour=3, minute=50),
    },
    "delete-expired-job-files": {
        # Export files and import uploads older than JOB_FILE_HOURS.
        "task": "requests_tracker.tasks.delete_expired_job_files",
        "schedule": crontab(minute=20),
    },
    "dispose-personal-data": {
        "task": "requests_tracker.tasks.dispose_personal_data",
        "schedule": crontab(hour=1, minute=30),
    },
    "dispose-decided-submissions": {
        "task": "intake.tasks.dispose_decided_submissions",
        "schedule": crontab(hour=1, minute=40),
    },
    "disable-inactive-accounts": {
        # Warns, then disables, accounts unused for ACCOUNT_INACTIVE_DAYS.
        "task": "core.tasks.disable_inactive_accounts",
        "schedule": crontab(hour=6, minute=45),
    },
    "data-request-chasers": {
        # Weekday mornings; the task skips bank holidays and never chases twice a day.
        "task": "casefile.tasks.chase_data_requests",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    "resend-requester-emails": {
        # Emails to requesters still waiting after a failed attempt (an SMTP outage).
        "task": "casefile.tasks.resend_waiting_emails",
        "schedule": timedelta(minutes=env.int("EMAIL_RETRY_MINUTES", default=10)),
    },
}

# --- REST framework ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an API client without valid credentials gets 401 with
        # "WWW-Authenticate: Token", not a bare 403.
        "core.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.JSONParser",
        "config.api.FormParser",
        "config.api.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        # The anonymous public API (open data): per client address.
        "public": env.str("PUBLIC_API_RATE", default="120/minute"),
        # Requests made online through the intake API (intake/api.py): per client address.
        "intake": env.str("INTAKE_API_RATE", default="10/hour"),
    },
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rights Desk API",
    "DESCRIPTION": "Right of access, FOI and EIR requests, breaches, DPIAs and timeliness.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from this site (no CDN) so it works offline and under the CSP.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequestKindEnum": "requests_tracker.vocabularies.RequestKind",
        "DocumentKindEnum": "casefile.models.DocumentKind",
        "DataRequestStatusEnum": "casefile.models.DataRequestStatus",
        "EmailStatusEnum": "casefile.models.EmailStatus",
        "LoggableKindEnum": "requests_tracker.api.serializers.LOGGABLE_KINDS",
        "RequestOutcomeEnum": "requests_tracker.vocabularies.Outcome",
        "ComplaintOutcomeEnum": "requests_tracker.vocabularies.ComplaintOutcome",
        "RequestStatusEnum": "requests_tracker.vocabularies.Status",
        "BreachStatusEnum": "breaches.vocabularies.Status",
        "BreachSourceEnum": "breaches.vocabularies.Source",
        "BreachNatureEnum": "breaches.vocabularies.Nature",
        "BreachRiskEnum": "breaches.vocabularies.Risk",
        "BreachActionKindEnum": "breaches.vocabularies.ActionKind",
        "BreachEventTypeEnum": "breaches.vocabularies.EventType",
        "SecurityPropertyEnum": "breaches.vocabularies.SecurityProperty",
        "AssessmentKindEnum": "dpia.vocabularies.Kind",
        "AssessmentStatusEnum": "dpia.vocabularies.Status",
        "AssessmentLevelEnum": "dpia.vocabularies.Level",
        "AssessmentDecisionEnum": "dpia.vocabularies.Decision",
        "AssessmentFinalDecisionEnum": "dpia.vocabularies.FINAL_DECISION_CHOICES",
    },
}

# --- Statutory rules (see docs/law.md) --------------------------------------------------
ROA_HOLIDAY_REGION = env.str("ROA_HOLIDAY_REGION", default="EW")
PART3_COUNT_FROM = env.str("PART3_COUNT_FROM", default="receipt")
FOI_MAX_EXTENSION_WORKING_DAYS = env.int("FOI_MAX_EXTENSION_WORKING_DAYS", default=20)
CLOCK_STOP_LAPSE_DAYS = env.int("CLOCK_STOP_LAPSE_DAYS", default=90)
# No request date (received, clock stop, extension, closure, withdrawal, decision) may be
# earlier than this: it catches mistyped years (0001, 1026) before they reach the figures.
EARLIEST_DATE = date.fromisoformat(env.str("EARLIEST_DATE", default="2000-01-01"))
# Who a new internal review is assigned to: a username (an active caseworker, team lead,
# DPO or admin; requests_tracker/checks.py checks it), or empty for whoever opens it.
INTERNAL_REVIEW_ASSIGNEE = env.str("INTERNAL_REVIEW_ASSIGNEE", default="")

# --- Timeliness figures (see docs/metrics.md) -------------------------------------------
# Target percentage per request kind, drawn on every chart and used for the Board's
# red/amber/green status (default BOARD_TARGET_PERCENT, 90%: the regulator's threshold for
# concern on FOIA). A month is green at or above its target, amber below it by less than
# BOARD_AMBER_BAND percentage points, red below that. dashboards/checks.py refuses values
# that do not make sense.
BOARD_TARGET_PERCENT = env.float("BOARD_TARGET_PERCENT", default=90.0)
BOARD_AMBER_BAND = env.float("BOARD_AMBER_BAND", default=5.0)
TIMELINESS_TARGETS = {
    "roa": env.float("TIMELINESS_TARGET_ROA", default=BOARD_TARGET_PERCENT),
    "foi": env.float("TIMELINESS_TARGET_FOI", default=BOARD_TARGET_PERCENT),
    "eir": env.float("TIMELINESS_TARGET_EIR", default=BOARD_TARGET_PERCENT),
    "internal_review": env.float("TIMELINESS_TARGET_INTERNAL_REVIEW", default=BOARD_TARGET_PERCENT),
}
# A burst of changes within this many seconds causes one recomputation (core/outbox.py).
FIGURES_COALESCE_SECONDS = env.int("FIGURES_COALESCE_SECONDS", default=5)
# How long public pages and open data may be cached by browsers and proxies (seconds).
TIMELINESS_CACHE_SECONDS = env.int("TIMELINESS_CACHE_SECONDS", default=300)
if ROA_HOLIDAY_REGION not in {"EW", "SCT", "NIR", "UK"}:
    raise ImproperlyConfigured("ROA_HOLIDAY_REGION must be one of EW, SCT, NIR, UK.")
if PART3_COUNT_FROM not in {"receipt", "day_after"}:
    raise ImproperlyConfigured("PART3_COUNT_FROM must be 'receipt' or 'day_after'.")

# --- DPIA triage (see dpia/rules.py and README "DPIA triage") ---------------------------
# Complexity x inherent risk -> tier; each tier's target review time (calendar days) and
# reviewer level. Unset: dpia.rules.DEFAULT_TRIAGE. Override with DPIA_TRIAGE as JSON in
# the same shape; a system check (dpia/checks.py) refuses a table that does not add up,
# so `migrate` and `check` stop before anything serves with it.
DPIA_TRIAGE = env.json("DPIA_TRIAGE", default=None)

# --- Retention of requesters' personal data (docs/retention.md) ------------------------
# Years after a request is finished (closed, withdrawn or lapsed) before its requester's
# personal data is disposed of, per kind. Defaults follow The National Archives' FOI
# retention guidance (3 years after the last action) and, for right of access, the
# 6-year limitation period for claims.
RETENTION_YEARS = {
    "roa": env.int("RETENTION_YEARS_ROA", default=6),
    "foi": env.int("RETENTION_YEARS_FOI", default=3),
    "eir": env.int("RETENTION_YEARS_EIR", default=3),
    "internal_review": env.int("RETENTION_YEARS_INTERNAL_REVIEW", default=3),
}

# --- Email ------------------------------------------------------------------------------
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

# --- Security ---------------------------------------------------------------------------
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

# --- Logging: no personal data in logs; requests are identified by reference only ------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Background jobs: large exports and imports (core/jobs.py, docs/import-format.md) ---
# An export of more rows than this runs as a job that writes a file the user downloads
# when it is ready (a web worker is never busy streaming it for minutes).
EXPORT_ASYNC_ROWS = env.int("EXPORT_ASYNC_ROWS", default=5000)
# Exporting more requesters' records than this asks for a reason, kept in the access log.
EXPORT_REASON_ROWS = env.int("EXPORT_REASON_ROWS", default=500)
# A legacy import file larger than this (bytes) is imported by a job, with progress.
IMPORT_ASYNC_BYTES = env.int("IMPORT_ASYNC_BYTES", default=1024 * 1024)
# Files made by jobs (exports; uploaded import files) are deleted after this many hours.
JOB_FILE_HOURS = env.int("JOB_FILE_HOURS", default=24)
# Where job files are kept: private (never served as static or media files), and shared
# by the web and worker processes (a volume in docker-compose.yml).
JOB_FILES_DIR = env.path("JOB_FILES_DIR", default=BASE_DIR / "var" / "jobs")
STORAGES["jobs"] = {"BACKEND": env.str("JOB_STORAGE", default="core.storage.JobFileStorage")}

# --- The case file (casefile app) -------------------------------------------------------
# Documents on requests: the bytes go to STORAGES["documents"], the database holds only
# their metadata. DOCUMENT_STORAGE picks where (README "Document storage"): "local" (the
# default: files under DOCUMENTS_DIR, never served by URL: every download goes through an
# access-logged view), "s3" (an S3-compatible bucket through django-storages; objects are
# private and never linked to), or the dotted path of another Django storage class.
DOCUMENTS_DIR = env.path("DOCUMENTS_DIR", default=BASE_DIR / "var" / "documents")
DOCUMENT_STORAGE = env.str("DOCUMENT_STORAGE", default="local")
if DOCUMENT_STORAGE == "s3":
    _s3_options: dict[str, Any] = {
        "bucket_name": env.str("DOCUMENT_S3_BUCKET", default=""),
        # Empty: AWS itself; for MinIO, Ceph, etc. their address.
        "endpoint_url": env.str("DOCUMENT_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("DOCUMENT_S3_REGION", default="") or None,
        # Empty: boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance
        # or task role).
        "access_key": env.str("DOCUMENT_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("DOCUMENT_S3_SECRET_ACCESS_KEY", default="") or None,
        # "path" for most S3-compatible servers; "virtual" or "auto" for AWS.
        "addressing_style": env.str("DOCUMENT_S3_ADDRESSING_STYLE", default="") or None,
        "location": env.str("DOCUMENT_S3_PREFIX", default="documents"),
        # Never a public ACL, never an existing object overwritten, no signed links.
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    if env.str("DOCUMENT_S3_SERVER_SIDE_ENCRYPTION", default=""):
        _s3_options["object_parameters"] = {
            "ServerSideEncryption": env.str("DOCUMENT_S3_SERVER_SIDE_ENCRYPTION")
        }
    STORAGES["documents"] = {
        "BACKEND": "casefile.storage.S3DocumentStorage",
        "OPTIONS": _s3_options,
    }
elif DOCUMENT_STORAGE == "local":
    STORAGES["documents"] = {"BACKEND": "casefile.storage.DocumentStorage"}
else:
    STORAGES["documents"] = {"BACKEND": DOCUMENT_STORAGE}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=25 * 1024 * 1024)
# clamd's address for the virus scan of every upload: "unix:///run/clamav/clamd.ctl" or
# "tcp://127.0.0.1:3310". Empty: no scan.
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="")
CLAMD_TIMEOUT_SECONDS = env.float("CLAMD_TIMEOUT_SECONDS", default=30.0)
# Data requests to business areas: the areas (code=label pairs), the default deadline,
# how often an unanswered one is chased, and after how many chasers it goes to the manager.
DATA_REQUEST_AREAS = env.dict(
    "DATA_REQUEST_AREAS",
    default={
        "custody": "Custody",
        "cctv": "CCTV",
        "body_worn_video": "Body-worn video",
        "professional_standards": "Professional standards",
        "crime_records": "Crime records",
    },
)
DATA_REQUEST_WORKING_DAYS = env.int("DATA_REQUEST_WORKING_DAYS", default=5)
DATA_REQUEST_CHASE_EVERY_WORKING_DAYS = env.int("DATA_REQUEST_CHASE_EVERY_WORKING_DAYS", default=2)
DATA_REQUEST_ESCALATE_AFTER_CHASES = env.int("DATA_REQUEST_ESCALATE_AFTER_CHASES", default=2)
# The named manager data requests are escalated to, unless one is given on the request.
DATA_REQUEST_MANAGER_EMAIL = env.str(
    "DATA_REQUEST_MANAGER_EMAIL", default="information.manager@example.org"
)

# --- The pages a UK public-sector service must have (core/templates/core/service/) ----
#: Who runs this installation, as the public should read it ("Example Police").
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="This organisation")
#: Where the beta banner's feedback link goes: a URL, or an email address (mailto:).
FEEDBACK_ADDRESS = env.str("FEEDBACK_ADDRESS", default="information.rights@example.org")
#: The Data Protection Officer's public contact, named in the privacy notice.
DPO_CONTACT_EMAIL = env.str("DPO_CONTACT_EMAIL", default="dpo@example.org")
#: Whom to tell about an accessibility problem, and when the statement was last reviewed.
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="information.rights@example.org"
)
ACCESSIBILITY_REVIEWED_ON = date.fromisoformat(
    env.str("ACCESSIBILITY_REVIEWED_ON", default="2026-12-01")
)

# --- Requests made online (intake app) ---------------------------------------------------
# Which unit each kind of online request is routed to (a unit's name; empty: no unit, so
# only the DPO and admins see it in the intake queue until one is configured).
INTAKE_UNITS = {
    "foi": env.str("INTAKE_FOI_UNIT", default=""),
    "eir": env.str("INTAKE_EIR_UNIT", default=""),
    "roa": env.str("INTAKE_ROA_UNIT", default=""),
}
# Spam limits: submissions per email address and per client address in a rolling day.
INTAKE_LIMIT_PER_ADDRESS = env.int("INTAKE_LIMIT_PER_ADDRESS", default=5)
INTAKE_LIMIT_PER_CLIENT = env.int("INTAKE_LIMIT_PER_CLIENT", default=20)
INTAKE_LIMIT_WINDOW_SECONDS = env.int("INTAKE_LIMIT_WINDOW_SECONDS", default=24 * 60 * 60)
# The longest request text, and the largest identity-evidence file, accepted online.
INTAKE_MAX_TEXT_CHARS = env.int("INTAKE_MAX_TEXT_CHARS", default=10_000)
INTAKE_MAX_FILE_BYTES = env.int("INTAKE_MAX_FILE_BYTES", default=10 * 1024 * 1024)
# How long the email-confirmation link and the private follow link work.
INTAKE_CONFIRM_LINK_DAYS = env.int("INTAKE_CONFIRM_LINK_DAYS", default=7)
INTAKE_FOLLOW_LINK_DAYS = env.int("INTAKE_FOLLOW_LINK_DAYS", default=2 * 365)
# The intake queue's possible duplicates: same requester or similar text this recently.
INTAKE_DUPLICATE_DAYS = env.int("INTAKE_DUPLICATE_DAYS", default=60)
#: What a rejected (spam) or merged online submission holds of its requester goes this long
#: after the decision (intake/retention.py); an accepted one's goes with its request's.
INTAKE_DECIDED_RETENTION_DAYS = env.int("INTAKE_DECIDED_RETENTION_DAYS", default=90)
INTAKE_DUPLICATE_SIMILARITY = env.float("INTAKE_DUPLICATE_SIMILARITY", default=0.6)
