"""A Redis cache that degrades instead of failing.

The cache only ever holds copies (rendered public pages, API answers, the snapshot
version token, rate-limit counters), so when Redis is unreachable or hung the site should
answer from PostgreSQL, a little slower, rather than with a 500. `ResilientRedisCache` is
Django's `RedisCache` with three changes:

- short socket timeouts (connect and read, `CACHE_CONNECT_TIMEOUT`/`CACHE_SOCKET_TIMEOUT`)
  and no client-side retries, so a hung Redis costs one short timeout, not 30 seconds;
- every operation catches Redis errors and behaves like a miss: `get` returns the
  default, `get_many` returns {}, `set`/`set_many`/`delete_many`/`clear` do nothing,
  `add`/`delete`/`touch`/`has_key` return False (nothing was stored, deleted or found),
  `incr`/`decr` raise ValueError as for a missing key;
- a circuit breaker shared by every thread of the process: after a connection error or
  timeout, Redis is not contacted for `CACHE_BREAKER_SECONDS`; then one caller probes it
  and either closes the breaker or opens it again.

A warning is logged when an outage starts (at most one line a minute per server, with how
many operations failed since the last line) and an info line when Redis answers again.
Log lines name the server (host:port) and the error class only, never a key: keys can
hold client addresses.

`add` returning False while Redis is down means "not stored"; code that uses `add` as a
lock therefore sees "someone else holds it" and skips its work. See docs/operations.md.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

DEFAULT_SOCKET_TIMEOUT = 0.25
DEFAULT_BREAKER_SECONDS = 5.0
#: At most one warning per server in this many seconds while it stays down.
LOG_INTERVAL_SECONDS = 60.0

#: Errors that mean "Redis is not there": they open the breaker. Other Redis errors (a
#: full server refusing writes, a wrong type) are caught and logged, but Redis answered.
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


@dataclass
class Breaker:
    """Whether to try a server, shared by every backend instance (one per thread) that
    talks to it. All fields are read and written under `lock`."""

    name: str
    seconds: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    open_until: float = 0.0
    down_since: float | None = None
    failures: int = 0
    last_logged: float | None = None

    def allow(self) -> bool:
        """True when the caller may contact Redis. While open, False; when the open
        period is over, True for exactly one caller (the probe), which pushes the
        window on so that the others keep skipping until the probe has answered."""
        now = time.monotonic()
        if self.down_since is None and now >= self.open_until:
            return True  # the common case, without taking the lock
        with self.lock:
            if now < self.open_until:
                return False
            if self.down_since is not None:
                self.open_until = now + self.seconds
            return True

    def failed(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        with self.lock:
            self.open_until = now + self.seconds
            self.failures += 1
            if self.down_since is None:
                self.down_since = now
            if self.last_logged is not None and now - self.last_logged < LOG_INTERVAL_SECONDS:
                return
            failures, self.failures = self.failures, 0
            self.last_logged = now
        logger.warning(
            "cache %s unavailable (%s during %s; %d failed operation(s) since the last "
            "message): serving without the cache, next try in %.1fs",
            self.name,
            type(error).__name__,
            operation,
            failures,
            self.seconds,
        )

    def succeeded(self) -> None:
        if self.down_since is None:  # the common case: no lock, nothing to do
            return
        with self.lock:
            if self.down_since is None:
                return
            outage = time.monotonic() - self.down_since
            self.down_since = None
            self.open_until = 0.0
            self.failures = 0
            self.last_logged = None
        logger.info("cache %s reachable again after %.1fs", self.name, outage)

    @property
    def is_open(self) -> bool:
        return self.down_since is not None


_breakers: dict[tuple[str, ...], Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(servers: list[str], seconds: float) -> Breaker:
    key = tuple(servers)
    with _breakers_lock:
        if key not in _breakers:
            names = []
            for server in servers:
                parsed = urlparse(server)  # host:port only: a URL can carry a password
                names.append(f"{parsed.hostname or 'localhost'}:{parsed.port or 6379}")
            _breakers[key] = Breaker(name=",".join(names), seconds=seconds)
        return _breakers[key]


def reset_breakers() -> None:
    """Forget every outage (tests)."""
    with _breakers_lock:
        _breakers.clear()


class _Miss(Exception):
    """Raised inside the backend when Redis was skipped or failed."""


def _guarded(miss):
    """Run the operation unless the breaker is open; on a Redis error, record it and
    return `miss(*args, **kwargs)` (what the operation answers for a miss)."""

    def decorate(method):
        name = method.__name__

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                result = self._call(name, method, *args, **kwargs)
            except _Miss:
                return miss(*args, **kwargs)
            return result

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _no_failed_keys(*args, **kwargs):
    return []


def _default(key, default=None, version=None):
    return default


def _missing_key(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found (the cache is unavailable).")


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that answers as a miss when Redis is down or hung.

    OPTIONS, besides redis-py's own connection options:
    - SOCKET_TIMEOUT (seconds, default 0.25): read/write timeout;
    - CONNECT_TIMEOUT (seconds, default SOCKET_TIMEOUT);
    - BREAKER_SECONDS (default 5): how long to skip Redis after a failure.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        socket_timeout = float(options.pop("SOCKET_TIMEOUT", DEFAULT_SOCKET_TIMEOUT))
        connect_timeout = float(options.pop("CONNECT_TIMEOUT", socket_timeout))
        breaker_seconds = float(options.pop("BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS))
        options.setdefault("socket_timeout", socket_timeout)
        options.setdefault("socket_connect_timeout", connect_timeout)
        # Fail fast: the breaker, not the client, decides when to try again.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.breaker = _breaker_for(self._servers, breaker_seconds)

    def _call(self, operation, method, *args, **kwargs):
        if not self.breaker.allow():
            raise _Miss
        try:
            result = method(self, *args, **kwargs)
        except _UNREACHABLE as error:
            self.breaker.failed(operation, error)
            raise _Miss from error
        except RedisError as error:
            # Redis answered, with an error: not an outage, but still not a 500.
            logger.warning(
                "cache %s: %s during %s", self.breaker.name, type(error).__name__, operation
            )
            raise _Miss from error
        self.breaker.succeeded()
        return result

    @property
    def available(self) -> bool:
        """False while the breaker is open (Redis failed recently)."""
        return not self.breaker.is_open

    # --- Django's cache API, each answering as a miss when Redis is unavailable -------

    @_guarded(_false)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_guarded(_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_guarded(_nothing)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_guarded(_false)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_guarded(_false)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_guarded(_empty)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_guarded(_false)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_guarded(_missing_key)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_guarded(_no_failed_keys)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_guarded(_nothing)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_guarded(_false)
    def clear(self):
        return super().clear()

    # --- Beyond Django's API ----------------------------------------------------------

    def incr_window(self, key: str, seconds: int) -> int | None:
        """Count one hit on `key` and make it expire `seconds` from now: INCR and EXPIRE
        in one MULTI/EXEC, so concurrent callers each get a distinct count. None when
        Redis is unavailable (the caller falls back to counting in-process)."""

        def count(self, key, seconds):
            client = self._cache.get_client(key, write=True)
            pipeline = client.pipeline(transaction=True)
            pipeline.incr(key)
            pipeline.expire(key, seconds)
            hits, _ = pipeline.execute()
            return int(hits)

        try:
            return self._call("incr_window", count, self.make_and_validate_key(key), seconds)
        except _Miss:
            return None

    def ping(self) -> bool:
        """Ask Redis directly, whatever the breaker says (for /healthz). A success closes
        the breaker; a failure opens it."""
        try:
            self._cache.get_client(write=True).ping()  # type: ignore[attr-defined]
        except _UNREACHABLE as error:
            self.breaker.failed("ping", error)
            return False
        except RedisError:
            return False
        self.breaker.succeeded()
        return True
