"""Rights Desk settings: one module, configured from the environment.

Defaults suit a developer laptop (SQLite, Celery tasks run in-process, local-memory
cache). `DJANGO_ENV=production` switches on production behaviour and refuses to start
with the development secret. See `.env.example` for every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from dpia import rules as _dpia_rules

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
    "core",
    "accounts",
    "requests_tracker",
    "breaches",
    "dpia",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
                "accounts.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
    "django.contrib.auth.backends.ModelBackend",
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
STORAGES = {
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
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="rightsdesk"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every periodic job is registered here, and only here.
CELERY_BEAT_SCHEDULE = {
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
    "dispose-personal-data": {
        "task": "requests_tracker.tasks.dispose_personal_data",
        "schedule": crontab(hour=1, minute=30),
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

# --- Statutory rules (see docs: domain.md) ----------------------------------------------
ROA_HOLIDAY_REGION = env.str("ROA_HOLIDAY_REGION", default="EW")
PART3_COUNT_FROM = env.str("PART3_COUNT_FROM", default="receipt")
FOI_MAX_EXTENSION_WORKING_DAYS = env.int("FOI_MAX_EXTENSION_WORKING_DAYS", default=20)
CLOCK_STOP_LAPSE_DAYS = env.int("CLOCK_STOP_LAPSE_DAYS", default=90)

# --- Timeliness figures (see docs: metrics.md) ------------------------------------------
# Target percentage per request kind, drawn on every chart (default 90%: the regulator's
# threshold for concern on FOIA).
TIMELINESS_TARGETS = {
    "roa": env.float("TIMELINESS_TARGET_ROA", default=90.0),
    "foi": env.float("TIMELINESS_TARGET_FOI", default=90.0),
    "eir": env.float("TIMELINESS_TARGET_EIR", default=90.0),
    "internal_review": env.float("TIMELINESS_TARGET_INTERNAL_REVIEW", default=90.0),
}
# A burst of request changes within this many seconds causes one recomputation.
TIMELINESS_COALESCE_SECONDS = env.int("TIMELINESS_COALESCE_SECONDS", default=5)
# How long public pages and open data may be cached by browsers and proxies (seconds).
TIMELINESS_CACHE_SECONDS = env.int("TIMELINESS_CACHE_SECONDS", default=300)
if ROA_HOLIDAY_REGION not in {"EW", "SCT", "NIR", "UK"}:
    raise ImproperlyConfigured("ROA_HOLIDAY_REGION must be one of EW, SCT, NIR, UK.")
if PART3_COUNT_FROM not in {"receipt", "day_after"}:
    raise ImproperlyConfigured("PART3_COUNT_FROM must be 'receipt' or 'day_after'.")

# --- DPIA triage (see dpia/rules.py and README "DPIA triage") ---------------------------
# Complexity x inherent risk -> tier; each tier's target review time (calendar days) and
# reviewer level. Override with DPIA_TRIAGE as JSON in the same shape as the default.
DPIA_TRIAGE = env.json("DPIA_TRIAGE", default=_dpia_rules.DEFAULT_TRIAGE)
try:
    _dpia_rules.build_table(DPIA_TRIAGE)
except _dpia_rules.TriageConfigError as _error:
    raise ImproperlyConfigured(str(_error)) from _error

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
# Used only with the file-based backend (tests read emails a real worker wrote).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or None

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
CELERY_BEAT_SCHEDULE["delete-expired-job-files"] = {
    "task": "requests_tracker.tasks.delete_expired_job_files",
    "schedule": crontab(minute=20),
}
