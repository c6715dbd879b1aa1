"""The resilient Redis cache backend (core/cache.py) against a real redis-server that the
test kills or hangs: every operation answers like a miss, quickly, and logs sparingly."""

import logging
import time

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.timeout(60)

CLIENT_KEY = "throttle:public:203.0.113.9"


def every_operation() -> dict:
    return {
        "get": cache.get(CLIENT_KEY, "default"),
        "get_many": cache.get_many([CLIENT_KEY, "other"]),
        "set": cache.set(CLIENT_KEY, "value"),
        "add": cache.add(CLIENT_KEY, "value"),
        "delete": cache.delete(CLIENT_KEY),
        "touch": cache.touch(CLIENT_KEY),
        "has_key": cache.has_key(CLIENT_KEY),
        "set_many": cache.set_many({CLIENT_KEY: 1}),
        "delete_many": cache.delete_many([CLIENT_KEY]),
        "get_or_set": cache.get_or_set(CLIENT_KEY, "computed"),
        "clear": cache.clear(),
    }


MISSES = {
    "get": "default",
    "get_many": {},
    "set": None,
    "add": False,  # not stored: a caller using add() as a lock does not get it
    "delete": False,
    "touch": False,
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "get_or_set": "computed",
    "clear": False,
}


@pytest.mark.redis_server
def test_with_redis_up_it_is_an_ordinary_cache(resilient_cache):
    assert cache.add("k", 1) is True
    assert cache.add("k", 2) is False
    assert cache.incr("k") == 2
    assert cache.get("k") == 2
    assert cache.incr_window("w", 60) == 1
    assert cache.incr_window("w", 60) == 2


@pytest.mark.redis_server
def test_with_redis_killed_every_operation_is_a_miss_and_one_warning_is_logged(
    resilient_cache, caplog
):
    resilient_cache.kill()
    with caplog.at_level(logging.INFO, logger="core.cache"):
        for _ in range(50):
            assert every_operation() == MISSES
            with pytest.raises(ValueError, match="not found"):
                cache.incr(CLIENT_KEY)
            assert cache.incr_window(CLIENT_KEY, 60) is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "127.0.0.1:" in warnings[0].getMessage()
    assert "203.0.113.9" not in caplog.text  # keys (client addresses) are never logged


@pytest.mark.redis_server
def test_with_redis_hung_one_timeout_then_redis_is_skipped(resilient_cache):
    cache.set("k", "v")
    resilient_cache.hang()
    started = time.monotonic()
    answers = [cache.get("k") for _ in range(200)]
    elapsed = time.monotonic() - started
    resilient_cache.resume()
    assert answers == [None] * 200
    # One read timeout (0.25 s in these tests), not 200 of them.
    assert elapsed < 0.75, f"200 reads on a hung Redis took {elapsed:.2f}s"


@pytest.mark.redis_server
def test_after_the_breaker_window_one_probe_and_the_cache_is_back(resilient_cache, caplog):
    cache.set("k", "v")
    resilient_cache.hang()
    assert cache.get("k") is None
    resilient_cache.resume()
    assert cache.get("k") is None  # still within the breaker window: not asked
    time.sleep(1.1)
    with caplog.at_level(logging.INFO, logger="core.cache"):
        assert cache.get("k") == "v"
    assert "reachable again" in caplog.text
    assert cache.available


def test_the_backend_sets_short_timeouts_and_no_retries():
    from core.cache import ResilientRedisCache

    backend = ResilientRedisCache(
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"SOCKET_TIMEOUT": 0.3, "CONNECT_TIMEOUT": 0.2, "BREAKER_SECONDS": 7}},
    )
    options = backend._cache._pool_options
    assert options["socket_timeout"] == 0.3
    assert options["socket_connect_timeout"] == 0.2
    assert options["retry"].get_retries() == 0
    assert backend.breaker.seconds == 7
    started = time.monotonic()
    assert backend.get("anything", "miss") == "miss"  # nothing listens on port 1
    assert time.monotonic() - started < 0.5
