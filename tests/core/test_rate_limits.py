"""Rate limits that hold: one client address (core.network.client_ip), counted
atomically (core.throttling), whatever X-Forwarded-For says and however many requests
arrive at once."""

import random
import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import Client

from core.network import client_ip
from core.throttling import ClientRateThrottle

API = "/api/v1/performance/monthly/"


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


@pytest.fixture
def rate(monkeypatch):
    def set_rate(value: str):
        rates = {**ClientRateThrottle.THROTTLE_RATES, "public": value}
        monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", rates)

    return set_rate


# --- The client address ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "198.51.100.1"),
        (0, "203.0.113.7", "198.51.100.1"),  # the header is ignored: anyone can send it
        (1, "", "198.51.100.1"),  # reached directly, no proxy added the header
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote 6.6.6.6
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer hops: the leftmost a proxy vouched for
        (1, "not-an-address", "198.51.100.1"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_x_forwarded_for_only_through_the_configured_proxies(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = rf.get("/", REMOTE_ADDR="198.51.100.1", **headers)
    assert client_ip(request) == expected


# --- The public API limit ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_x_forwarded_for_on_each_call_does_not_escape_the_limit(rate):
    rate("3/minute")
    client = Client()
    answers = [client.get(API, HTTP_X_FORWARDED_FOR=random_address()).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_one_proxy_each_client_has_its_own_limit(rate, settings):
    rate("3/minute")
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    def call(client_address: str) -> int:
        # What the client wrote, then what our proxy appended.
        forwarded = f"{random_address()}, {client_address}"
        return proxy.get(API, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [call("203.0.113.7") for _ in range(4)] == [200, 200, 200, 429]
    assert call("203.0.113.8") == 200  # another client behind the same proxy


def fire(total: int, threads: int) -> list:
    """`total` GETs from one client address, `threads` at a time, released together."""
    per_thread = total // threads
    start = threading.Barrier(threads)
    responses, lock = [], threading.Lock()

    def worker():
        client = Client(REMOTE_ADDR="203.0.113.50")
        start.wait()
        try:
            for _ in range(per_thread):
                response = client.get(API)
                with lock:
                    responses.append(response)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    return responses


@pytest.fixture
def counting(request):
    """Where the counts live: the configured cache (local memory on a laptop, Redis in
    CI), a Redis of the test's own, or that Redis killed (counted in-process)."""
    if request.param == "configured cache":
        return
    server = request.getfixturevalue("resilient_cache")
    if request.param.endswith("killed"):
        server.kill()


@pytest.mark.parametrize(
    "counting",
    [
        "configured cache",
        pytest.param("own redis", marks=pytest.mark.redis_server),
        pytest.param("own redis, killed", marks=pytest.mark.redis_server),
    ],
    indirect=True,
)
@pytest.mark.timeout(180)
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_requests_at_120_a_minute_get_exactly_120_through(rate, counting, on_day):
    on_day("2026-06-15")  # the clock stands still: all 200 fall in one window
    rate("120/minute")
    responses = fire(total=200, threads=40)
    assert Counter(r.status_code for r in responses) == {200: 120, 429: 80}
    waits = [int(r["Retry-After"]) for r in responses if r.status_code == 429]
    assert len(waits) == 80
    assert all(1 <= wait <= 60 for wait in waits)


# --- Sign-in lock-outs (django-axes) use the same address ---------------------------------


def failed_sign_in(client, forwarded: str):
    return client.post(
        "/sign-in/",
        {"username": "casey", "password": "wrong"},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_a_new_x_forwarded_for_on_each_attempt_does_not_escape_the_lock_out(make_user, settings):
    make_user("casey")
    client = Client(REMOTE_ADDR="198.51.100.1")
    answers = [
        failed_sign_in(client, random_address()).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers[-1] == 429
    assert failed_sign_in(client, random_address()).status_code == 429


@pytest.mark.django_db
def test_behind_one_proxy_lock_outs_are_per_client_not_per_proxy(make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("casey")
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        last = failed_sign_in(proxy, f"{random_address()}, 203.0.113.7")
    assert last.status_code == 429
    # Someone else behind the same proxy is not locked out by that client's attempts.
    other = proxy.post(
        "/sign-in/",
        {"username": "casey", "password": "pw-for-tests-1"},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302
