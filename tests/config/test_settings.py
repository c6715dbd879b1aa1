"""Production behaviour is switched on by the environment, in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONG_SECRET = "k3V9-pQ2_zR8mN4wX1cT6yB0uJ5hL7gF2dS9aE3rW8qZ1vC4nM6bK0jH2"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_development_secret():
    result = manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="rights.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=LONG_SECRET,
        ALLOWED_HOSTS="rights.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_ignores_a_debug_request():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_ENV="production",
        SECRET_KEY=LONG_SECRET,
        ALLOWED_HOSTS="rights.example.org",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_development_defaults(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_invalid_statutory_setting_is_refused():
    result = manage("check", ROA_HOLIDAY_REGION="WALES")
    assert result.returncode != 0
    assert "ROA_HOLIDAY_REGION" in result.stderr


def test_with_redis_url_the_cache_degrades_rather_than_fails():
    """REDIS_URL selects the resilient backend with the configured short timeouts, so a
    dead or hung Redis makes pages slower by at most one timeout, never a 500."""
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['SOCKET_TIMEOUT'], c['OPTIONS']['BREAKER_SECONDS'])"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        REDIS_URL="redis://127.0.0.1:6379/9",
        CACHE_SOCKET_TIMEOUT="0.4",
        CACHE_BREAKER_SECONDS="3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["core.cache.ResilientRedisCache", "0.4", "3.0"]
