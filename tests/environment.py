"""What the test run has to work with: PostgreSQL, a Redis broker, headless Chromium.

Shared by the pre-flight banner (`python -m tests.preflight`) and conftest.py, so the
banner and the skips always agree.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def uses_postgres() -> bool:
    return database_url().startswith(("postgres://", "postgresql://", "pgsql://"))


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "")


def broker_reachable() -> bool:
    url = broker_url()
    if not url.startswith("redis://"):
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 2):
            return True
    except OSError:
        return False


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def require_all() -> bool:
    """CI sets REQUIRE_ALL_TESTS=1: a missing service is then an error, never a skip."""
    return os.environ.get("REQUIRE_ALL_TESTS") == "1"


def missing() -> dict[str, str]:
    """Marker name → why tests with that marker cannot run here."""
    reasons: dict[str, str] = {}
    if not uses_postgres():
        reasons["postgres"] = "DATABASE_URL does not point at PostgreSQL (running on SQLite)"
    if not uses_postgres():
        reasons["celery_worker"] = "a real worker needs PostgreSQL (DATABASE_URL) and Redis"
    elif not broker_reachable():
        reasons["celery_worker"] = "CELERY_BROKER_URL does not point at a reachable Redis"
    if shutil.which("redis-server") is None:
        reasons["redis_server"] = "redis-server is not installed (apt-get install redis-server)"
    if chromium_path() is None:
        reasons["e2e"] = "Chromium is not installed (apt-get install chromium)"
    return reasons
