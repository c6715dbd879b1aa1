"""Every UPPERCASE setting's repr under a set of environments, for comparing two versions
of config/settings (used when the one module became a package; not part of the suite).

    python -m tests.config.dump_settings OUTDIR [ROOT]   # one file per environment
    diff -r BEFORE AFTER                                 # identical: the same settings

ROOT (default: this checkout) is the project whose config.settings is imported, e.g. an
older commit unpacked with `git archive`; its path is written as <ROOT> in the dump.

Each environment is imported in a fresh interpreter with only PATH and the variables
listed below, so nothing from the caller's shell (or a .env) leaks in. An environment the
settings refuse is recorded as the exception's type and message.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONG_SECRET = "k3V9-pQ2_zR8mN4wX1cT6yB0uJ5hL7gF2dS9aE3rW8qZ1vC4nM6bK0jH2"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": LONG_SECRET,
    "ALLOWED_HOSTS": "rights.example.org,www.rights.example.org",
}

ENVIRONMENTS: dict[str, dict[str, str]] = {
    "default": {},
    "debug": {"DEBUG": "true"},
    "production": PRODUCTION,
    "production-no-hosts": {"DJANGO_ENV": "production", "SECRET_KEY": LONG_SECRET},
    "production-dev-secret": {"DJANGO_ENV": "production"},
    "production-short-secret": {"DJANGO_ENV": "production", "SECRET_KEY": "short"},
    "production-demo-two-factor": {**PRODUCTION, "TWO_FACTOR_RELAXED_FOR_DEMO_USERS": "true"},
    "production-debug-no-redirect": {
        **PRODUCTION,
        "DEBUG": "true",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "60",
    },
    "postgres": {
        "DATABASE_URL": "postgres://rd:secret@db.example.org:5433/rightsdesk",
        "CONN_MAX_AGE": "120",
    },
    "redis": {
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/8",
        "CACHE_SOCKET_TIMEOUT": "0.4",
        "CACHE_BREAKER_SECONDS": "3",
        "CACHE_KEY_PREFIX": "rd-test",
        "CELERY_VISIBILITY_TIMEOUT": "999",
        "FIGURES_DRAIN_SECONDS": "45",
        "EMAIL_RETRY_MINUTES": "7",
    },
    "notify": {
        "EMAIL_BACKEND": "core.notify.NotifyEmailBackend",
        "NOTIFY_API_KEY": "key-00000000-0000-0000-0000-000000000000",
        "NOTIFY_EMAIL_TEMPLATE_ID": "11111111-1111-1111-1111-111111111111",
        "NOTIFY_REPLY_TO_ID": "22222222-2222-2222-2222-222222222222",
        "NOTIFY_BASE_URL": "http://127.0.0.1:9999",
        "NOTIFY_CALLBACK_TOKEN": "callback",
        "EMAIL_MAX_ATTEMPTS": "3",
        "SITE_URL": "https://rd.example.org/",
    },
    "oidc-s3": {
        "OIDC_OP_ISSUER": "https://login.example.org/tenant/v2.0/",
        "OIDC_OP_LOGOUT_ENDPOINT": "https://logout.example.org/end",
        "OIDC_RP_CLIENT_ID": "client",
        "OIDC_ROLE_MAP": '{"g1": "caseworker"}',
        "OIDC_UNIT_MAP": '{"g2": "Disclosure Unit"}',
        "TWO_FACTOR_REQUIRED_ROLES": "all",
        "DOCUMENT_STORAGE": "s3",
        "DOCUMENT_S3_BUCKET": "bucket",
        "DOCUMENT_S3_ENDPOINT_URL": "http://minio:9000",
        "DOCUMENT_S3_SERVER_SIDE_ENCRYPTION": "aws:kms",
    },
    "custom-storage-and-rules": {
        "DOCUMENT_STORAGE": "myapp.storage.Other",
        "JOB_STORAGE": "myapp.storage.Jobs",
        "JOB_FILES_DIR": "/srv/jobs",
        "DOCUMENTS_DIR": "/srv/docs",
        "ROA_HOLIDAY_REGION": "SCT",
        "PART3_COUNT_FROM": "day_after",
        "BOARD_TARGET_PERCENT": "85",
        "TIMELINESS_TARGET_FOI": "95",
        "RETENTION_YEARS_ROA": "7",
        "DPIA_TRIAGE": '{"a": 1}',
        "DATA_REQUEST_AREAS": "a=Area A,b=Area B",
        "INTAKE_FOI_UNIT": "FOI Unit",
        "EARLIEST_DATE": "1990-01-01",
        "LOG_LEVEL": "DEBUG",
    },
    "bad-region": {"ROA_HOLIDAY_REGION": "WALES"},
    "bad-part3": {"PART3_COUNT_FROM": "tomorrow"},
    # Which refusal comes first when there are several.
    "production-dev-secret-bad-region": {"DJANGO_ENV": "production", "ROA_HOLIDAY_REGION": "X"},
    "production-demo-two-factor-bad-part3": {
        **PRODUCTION,
        "TWO_FACTOR_RELAXED_FOR_DEMO_USERS": "true",
        "PART3_COUNT_FROM": "x",
    },
}

DUMP = """
import importlib, sys
try:
    module = importlib.import_module("config.settings")
except Exception as error:
    print(f"REFUSED {type(error).__module__}.{type(error).__qualname__}: {error}")
    sys.exit(0)
for name in sorted(dir(module)):
    if name.isupper():
        print(f"{name} = {getattr(module, name)!r}")
"""


def dump(variables: dict[str, str], root: Path = ROOT) -> str:
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **variables}
    result = subprocess.run(
        [sys.executable, "-c", DUMP],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.replace(str(root), "<ROOT>")


def main(outdir: str, root: str = str(ROOT)) -> None:
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    for name, variables in ENVIRONMENTS.items():
        text = dump(variables, Path(root).resolve())
        header = f"# environment: {json.dumps(variables, sort_keys=True)}\n"
        (target / f"{name}.txt").write_text(header + text)
        print(f"{name}: {text.count(chr(10))} lines")


if __name__ == "__main__":
    main(*sys.argv[1:3])
