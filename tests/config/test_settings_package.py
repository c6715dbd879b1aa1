"""config.settings is a package: each environment below is imported in a fresh interpreter
(only PATH and the variables given) and the settings it decides are what that
environment says. tests/config/dump_settings.py compares every setting between two
versions; these tests pin the ones a deployment depends on."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "config" / "settings"
LONG_SECRET = "k3V9-pQ2_zR8mN4wX1cT6yB0uJ5hL7gF2dS9aE3rW8qZ1vC4nM6bK0jH2"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": LONG_SECRET,
    "ALLOWED_HOSTS": "rights.example.org,www.rights.example.org",
}

READ = """
import json, sys
import config.settings as s
print(json.dumps({n: getattr(s, n, "<unset>") for n in sys.argv[1:]}, default=str))
"""


def settings_under(variables: dict[str, str], *names: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", READ, *names],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **variables},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal_under(variables: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **variables},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_laptop_defaults():
    s = settings_under(
        {},
        "BASE_DIR",
        "DEBUG",
        "DATABASES",
        "CACHES",
        "CELERY_TASK_ALWAYS_EAGER",
        "EMAIL_BACKEND",
        "SITE_URL",
        "STORAGES",
        "TEMPLATES",
        "SESSION_COOKIE_SECURE",
    )
    # The package sits a level deeper than the module did: BASE_DIR is still the root.
    assert s["BASE_DIR"] == str(ROOT)
    assert s["TEMPLATES"][0]["DIRS"] == [str(ROOT / "templates")]
    assert s["DEBUG"] is False
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DATABASES"]["default"]["NAME"] == str(ROOT / "db.sqlite3")
    assert s["DATABASES"]["default"]["OPTIONS"] == {"timeout": 20}
    assert s["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert s["CELERY_TASK_ALWAYS_EAGER"] is True
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert s["SITE_URL"] == "http://127.0.0.1:8000"
    assert list(s["STORAGES"]) == ["default", "staticfiles", "jobs", "documents"]
    assert s["STORAGES"]["documents"] == {"BACKEND": "casefile.storage.DocumentStorage"}
    assert s["SESSION_COOKIE_SECURE"] == "<unset>"


def test_production_switches_on_https_and_refuses_debug():
    s = settings_under(
        {**PRODUCTION, "DEBUG": "true", "SECURE_HSTS_SECONDS": "600"},
        "DEBUG",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "EMAIL_BACKEND",
        "SITE_URL",
        "STORAGES",
    )
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == ["rights.example.org", "www.rights.example.org"]
    assert s["SESSION_COOKIE_SECURE"] is s["CSRF_COOKIE_SECURE"] is s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 600
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["SITE_URL"] == "https://rights.example.org"
    assert s["STORAGES"]["staticfiles"]["BACKEND"].endswith("CompressedManifestStaticFilesStorage")


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_ENV": "production"}, "needs SECRET_KEY set to a long random value"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": "short"}, "needs SECRET_KEY"),
        (
            {**PRODUCTION, "TWO_FACTOR_RELAXED_FOR_DEMO_USERS": "true"},
            "TWO_FACTOR_RELAXED_FOR_DEMO_USERS is for `make run` only",
        ),
        # The production refusals come before the statutory ones, as in the one module.
        ({"DJANGO_ENV": "production", "ROA_HOLIDAY_REGION": "X"}, "needs SECRET_KEY"),
        ({"PART3_COUNT_FROM": "tomorrow"}, "PART3_COUNT_FROM must be"),
    ],
)
def test_refusals(variables, message):
    last_line = refusal_under(variables)
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert message in last_line


def test_postgres_database_url():
    s = settings_under(
        {"DATABASE_URL": "postgres://rd:pw@db.example.org:5433/rightsdesk", "CONN_MAX_AGE": "7"},
        "DATABASES",
    )
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.example.org",
        5433,
        "rightsdesk",
        "rd",
    )
    assert db["CONN_MAX_AGE"] == 7
    assert db["CONN_HEALTH_CHECKS"] is True
    assert "timeout" not in db.get("OPTIONS", {})


def test_notify_email_backend():
    s = settings_under(
        {
            "EMAIL_BACKEND": "core.notify.NotifyEmailBackend",
            "NOTIFY_API_KEY": "the-key",
            "NOTIFY_EMAIL_TEMPLATE_ID": "the-template",
            "NOTIFY_BASE_URL": "http://127.0.0.1:9999",
            "EMAIL_MAX_ATTEMPTS": "3",
            "SITE_URL": "https://rd.example.org/",
        },
        "EMAIL_BACKEND",
        "NOTIFY_API_KEY",
        "NOTIFY_EMAIL_TEMPLATE_ID",
        "NOTIFY_BASE_URL",
        "EMAIL_MAX_ATTEMPTS",
        "SITE_URL",
    )
    assert s == {
        "EMAIL_BACKEND": "core.notify.NotifyEmailBackend",
        "NOTIFY_API_KEY": "the-key",
        "NOTIFY_EMAIL_TEMPLATE_ID": "the-template",
        "NOTIFY_BASE_URL": "http://127.0.0.1:9999",
        "EMAIL_MAX_ATTEMPTS": 3,
        "SITE_URL": "https://rd.example.org",
    }


def test_broker_and_beat_schedule():
    s = settings_under(
        {
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/8",
            "CELERY_VISIBILITY_TIMEOUT": "999",
            "FIGURES_DRAIN_SECONDS": "45",
            "EMAIL_RETRY_MINUTES": "7",
        },
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_TIMEZONE",
        "CELERY_BROKER_TRANSPORT_OPTIONS",
        "CELERY_BEAT_SCHEDULE",
    )
    assert s["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/8"
    assert s["CELERY_TASK_ALWAYS_EAGER"] is False
    assert s["CELERY_TIMEZONE"] == "Europe/London"
    assert s["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] == 999
    beat = s["CELERY_BEAT_SCHEDULE"]
    assert beat["drain-figure-changes"]["schedule"] == "0:00:45"
    assert beat["resend-requester-emails"]["schedule"] == "0:07:00"
    assert beat["dispose-personal-data"]["task"] == "requests_tracker.tasks.dispose_personal_data"


def test_single_sign_on_widens_the_form_action_and_s3_documents():
    s = settings_under(
        {
            "OIDC_OP_ISSUER": "https://login.example.org/tenant/v2.0/",
            "OIDC_OP_LOGOUT_ENDPOINT": "https://logout.example.org/end",
            "OIDC_ROLE_MAP": '{"g1": "caseworker"}',
            "DOCUMENT_STORAGE": "s3",
            "DOCUMENT_S3_BUCKET": "bucket",
            "DOCUMENT_S3_SERVER_SIDE_ENCRYPTION": "aws:kms",
        },
        "OIDC_OP_ISSUER",
        "OIDC_ROLE_MAP",
        "CONTENT_SECURITY_POLICY",
        "STORAGES",
    )
    assert s["OIDC_OP_ISSUER"] == "https://login.example.org/tenant/v2.0"
    assert s["OIDC_ROLE_MAP"] == {"g1": "caseworker"}
    assert s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["form-action"] == [
        "'self'",
        "https://login.example.org",
        "https://logout.example.org",
    ]
    documents = s["STORAGES"]["documents"]
    assert documents["BACKEND"] == "casefile.storage.S3DocumentStorage"
    assert documents["OPTIONS"]["bucket_name"] == "bucket"
    assert documents["OPTIONS"]["object_parameters"] == {"ServerSideEncryption": "aws:kms"}
    assert documents["OPTIONS"]["default_acl"] is None


def test_statutory_values_and_targets_follow_the_environment():
    s = settings_under(
        {
            "ROA_HOLIDAY_REGION": "SCT",
            "BOARD_TARGET_PERCENT": "85",
            "TIMELINESS_TARGET_FOI": "95",
            "RETENTION_YEARS_ROA": "7",
        },
        "ROA_HOLIDAY_REGION",
        "TIMELINESS_TARGETS",
        "RETENTION_YEARS",
    )
    assert s["ROA_HOLIDAY_REGION"] == "SCT"
    assert s["TIMELINESS_TARGETS"] == {
        "roa": 85.0,
        "foi": 95.0,
        "eir": 85.0,
        "internal_review": 85.0,
    }
    assert s["RETENTION_YEARS"]["roa"] == 7


def test_every_module_is_imported_documented_and_reads_the_environment_through_env():
    """A module forgotten in __init__ would silently configure nothing; a module reading
    os.environ would bypass .env and the one reader."""
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, config.settings; "
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
            "if m.startswith('config.settings.')))",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert ast.literal_eval(imported) == modules
    init = (PACKAGE / "__init__.py").read_text()
    for name in modules:
        source = (PACKAGE / f"{name}.py").read_text()
        assert ast.get_docstring(ast.parse(source)), f"{name}.py has no docstring"
        assert f"`{name}`" in init, f"the package docstring does not say what {name} holds"
        if name != "environment":
            assert "os.environ" not in source
            assert "environ.Env" not in source
