"""Django itself: debug, hosts, apps, middleware, URLs, templates, language and time."""

from .environment import BASE_DIR, PRODUCTION, env

DEBUG = env.bool("DEBUG", default=False) and not PRODUCTION
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])

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

# --- Language and time -------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
