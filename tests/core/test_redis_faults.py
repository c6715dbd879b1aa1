"""Redis gone, hung, and back: the site degrades instead of failing.

Each test starts its own redis-server (never the machine's), points Django's cache at it
through the project's backend, breaks it, and checks what a user would notice: every page
answers normally (no 500) and quickly, /healthz says what is down, and caching resumes
when Redis is back.
"""

import json
import time
from datetime import date

import pytest
import redis
from django.test import Client

from accounts.models import User
from dashboards import services
from dashboards.caching import forget_local
from tests.dashboards.builders import close, log

pytestmark = [pytest.mark.redis_server, pytest.mark.django_db, pytest.mark.timeout(120)]

#: Each page must answer within this, whatever Redis does (the brief: < 2 s).
BOUND_SECONDS = 2.0
#: What a broken Redis may add to a page's healthy time, measured in the same test: on a
#: busy machine a healthy page can itself take a second, which is not Redis's doing.
ALLOWANCE_SECONDS = BOUND_SECONDS - 0.5


@pytest.fixture
def site(resilient_cache, make_user, on_day):
    """Published figures for January–March 2021 and a caseworker who can sign in."""
    on_day("2021-04-15")
    casey = make_user("casey")
    first = log(casey, "2021-01-04")
    log(casey, "2021-02-08", kind="foi")
    close(casey, first, "2021-01-29")
    services.recompute_months(first=date(2021, 1, 1), last=date(2021, 4, 1))
    return resilient_cache


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def visit_everything(healthy: dict[str, float] | None = None) -> dict[str, float]:
    """What an anonymous visitor and a caseworker do; each answer checked and timed, and,
    given the `healthy` timings of the same visit, none slower than those by more than
    ALLOWANCE_SECONDS."""
    timings = {}
    anonymous = Client()
    for path, marker in [
        ("/performance/", "right of access"),
        ("/performance/data.csv", "month"),
        ("/api/v1/performance/monthly/?kind=roa", '"month"'),
        ("/sign-in/", "Sign in"),
    ]:
        response, seconds = timed(anonymous.get, path)
        assert response.status_code == 200, (path, response.status_code)
        assert marker in response.content.decode(), path
        timings[path] = seconds
    caseworker = Client()
    response, seconds = timed(
        caseworker.post, "/sign-in/", {"username": "casey", "password": "pw-for-tests-1"}
    )
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/home/"
    timings["POST /sign-in/"] = seconds
    response, seconds = timed(caseworker.get, "/home/")
    assert response.status_code == 200
    assert "casey" in response.content.decode() or "My work" in response.content.decode()
    timings["/home/ (My work)"] = seconds
    if healthy is not None:
        slow = {
            path: f"{s:.3f}s (healthy: {healthy[path]:.3f}s)"
            for path, s in timings.items()
            if s >= healthy[path] + ALLOWANCE_SECONDS
        }
        assert not slow, f"more than {ALLOWANCE_SECONDS}s slower than with Redis up: {slow}"
    print(json.dumps({path: round(s, 3) for path, s in timings.items()}))
    return timings


def page_keys(server) -> list[bytes]:
    return redis.Redis.from_url(server.url(0)).keys("faults:*dashboards:page:*")


def healthz(client=None):
    response, seconds = timed((client or Client()).get, "/healthz")
    assert seconds < BOUND_SECONDS, f"/healthz took {seconds:.2f}s"
    return response


def test_with_redis_killed_every_page_answers_and_caching_resumes_on_restart(site, settings):
    settings.CELERY_BROKER_URL = site.url(1)
    healthy = visit_everything()
    assert page_keys(site), "the public page should be cached while Redis is up"

    site.kill()
    visit_everything(healthy)
    response = healthz()
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "broker": "error",
    }

    site.start()  # the same port, empty: as after a restart
    time.sleep(1.1)  # the breaker's window in these tests
    forget_local()  # as a worker that has not served the pages yet
    visit_everything(healthy)
    assert page_keys(site), "caching should resume once Redis is back"
    assert healthz().json()["status"] == "ok"


def test_with_redis_hung_every_page_answers_quickly_and_healthz_says_so(
    site, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = site.url(1)
    healthy = visit_everything()
    casey = User.objects.get(username="casey")
    with django_capture_on_commit_callbacks(execute=True):
        _, healthy_log = timed(log, casey, "2021-04-12")
    site.hang()
    try:
        first = visit_everything(healthy)
        again = visit_everything(healthy)
        # A caseworker's change is saved, after-commit work included, without waiting.
        with django_capture_on_commit_callbacks(execute=True):
            _, seconds = timed(log, casey, "2021-04-13")
        assert seconds < healthy_log + ALLOWANCE_SECONDS
        response = healthz()
        assert response.status_code == 200
        assert response.json() == {
            "status": "degraded",
            "database": "ok",
            "cache": "error",
            "broker": "error",
        }
    finally:
        site.resume()
    # Hung Redis costs one short timeout, then is skipped: a second round is not slower.
    assert sum(again.values()) < sum(first.values()) + 1.0

    time.sleep(1.1)
    before = set(page_keys(site))
    response = Client().get("/performance/?kind=foi")
    assert response.status_code == 200
    assert set(page_keys(site)) - before, "caching should resume once Redis answers again"
    assert healthz().json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }


def test_healthz_answers_quickly_when_the_broker_is_hung(redis_server, settings, db):
    """A broker that accepts connections and never answers used to hold /healthz for
    about 30 s (kombu's retries); now its check waits HEALTHZ_CHECK_TIMEOUT."""
    settings.CELERY_BROKER_URL = redis_server.url(1)
    assert Client().get("/healthz").json()["broker"] == "ok"
    redis_server.hang()
    try:
        response = healthz()
    finally:
        redis_server.resume()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == "error"


def test_figures_changed_while_redis_was_hung_are_not_hidden_by_its_old_pages(site):
    """Redis comes back with the pages it cached before the outage: they are keyed on the
    snapshot version, which lives in the database, so the changed figures show."""
    anonymous = Client()
    url = "/api/v1/performance/monthly/?kind=roa&from=2021-04&to=2021-04"
    before = anonymous.get(url).json()[0]["received"]
    site.hang()
    try:
        log(User.objects.get(username="casey"), "2021-04-12")
        services.recompute_months(first=date(2021, 4, 1), last=date(2021, 4, 1))
    finally:
        site.resume()
    time.sleep(1.1)  # the breaker's window in these tests
    after = anonymous.get(url).json()[0]["received"]
    assert after == before + 1
    assert Client().get("/performance/").status_code == 200


def test_with_redis_killed_the_public_answers_still_change_at_once_with_the_figures(site):
    """The process's own copies of the public answers (dashboards.caching) serve while
    Redis is down, and, keyed on the snapshot version, never hide a recomputation."""
    anonymous = Client()
    url = "/api/v1/performance/monthly/?kind=roa&from=2021-04&to=2021-04"
    before = anonymous.get(url).json()[0]["received"]
    page = anonymous.get("/performance/")
    site.kill()
    again, seconds = timed(anonymous.get, url)
    assert again.status_code == 200
    assert again.json()[0]["received"] == before
    assert seconds < BOUND_SECONDS
    assert anonymous.get("/performance/").content == page.content
    log(User.objects.get(username="casey"), "2021-04-12")
    services.recompute_months(first=date(2021, 4, 1), last=date(2021, 4, 1))
    assert anonymous.get(url).json()[0]["received"] == before + 1
    changed = anonymous.get("/performance/")
    assert changed.status_code == 200
    assert changed["ETag"] != page["ETag"]
