import pytest
from django.db.backends.signals import connection_created
from hypothesis import HealthCheck, settings

from tests import environment

# Property tests judge answers, not speed: hypothesis's per-example deadline (200 ms) and
# its "too slow" health check fail on a busy machine with nothing wrong in the code.
# Performance is measured in `make bench`.
settings.register_profile(
    "rights-desk", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("rights-desk")


def _allow_the_test_flush(sender, connection, **kwargs):
    """The access log refuses TRUNCATE (core migration 0004) except on a test database
    whose session asks: Django's flush between transactional tests truncates every table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET rightsdesk.allow_truncate = 'on'")


connection_created.connect(_allow_the_test_flush, weak=False)


def pytest_collection_modifyitems(config, items):
    """Skip tests whose services are missing, saying why (shown by -ra); in CI
    (REQUIRE_ALL_TESTS=1) a missing service stops the run instead."""
    missing = environment.missing()
    if missing and environment.require_all():
        pytest.exit(f"REQUIRE_ALL_TESTS=1 but {missing}", returncode=1)
    for item in items:
        for marker, reason in missing.items():
            if marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (with Redis, marks such as "a recomputation
    is pending" would otherwise leak from one test into the next)."""
    from django.core.cache import cache

    from dashboards.caching import forget_local

    cache.clear()
    forget_local()  # the public responses each process keeps in front of the cache


@pytest.fixture
def redis_server():
    """A private redis-server (tests/redis_server.py) the test may kill, hang or restart;
    stopped by its process id afterwards. Mark the test `redis_server`."""
    from tests.redis_server import RedisServer

    server = RedisServer().start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def resilient_cache(redis_server, settings):
    """Django's default cache pointed at `redis_server`, through the project's resilient
    backend, with a one-second circuit breaker so recovery is quick to observe."""
    from core.cache import reset_breakers
    from core.throttling import reset_local_counts

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url(0),
            "KEY_PREFIX": "faults",
            "OPTIONS": {"SOCKET_TIMEOUT": 0.25, "BREAKER_SECONDS": 1.0},
        }
    }
    reset_breakers()
    reset_local_counts()
    yield redis_server
    reset_breakers()
    reset_local_counts()


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    """Export and import files of each test go to its own folder."""
    settings.JOB_FILES_DIR = tmp_path / "job-files"
    settings.DOCUMENTS_DIR = tmp_path / "documents"  # the case file's (casefile app)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(request, monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: password and, where the
    role needs it, the second factor (a real django-otp device of the user, marked as the
    one that verified the session). Tests of two-factor itself opt out with the
    `two_factor_unverified` mark and go through the real pages."""
    if "two_factor_unverified" in request.keywords:
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="test suite", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def make_user(db):
    from django.contrib.auth.models import Group

    from accounts.models import Unit, User

    def make(username: str = "casey", role: str | None = "caseworker", unit=None, **extra):
        if unit is None:
            unit, _ = Unit.objects.get_or_create(name="Disclosure Unit")
        user = User.objects.create_user(
            username=username, password="pw-for-tests-1", unit=unit, **extra
        )
        if role:
            # get_or_create: transactional tests flush the groups the data migration made.
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


@pytest.fixture
def on_day():
    """Travel to a fixed moment (UK time) so date rules do not depend on the run date."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    travellers = []

    def travel(day: str, hour: int = 12):
        moment = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZoneInfo("Europe/London"))
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def caseworker(make_user):
    return make_user("casey", role="caseworker")


@pytest.fixture
def api(caseworker):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(caseworker)
    return client


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process even when a broker is configured."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before
