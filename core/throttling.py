"""Rate limits that hold: an atomic counter per client address, scope and fixed window.

With Redis, one MULTI/EXEC of INCR and EXPIRE per request, so concurrent requests (across
threads, processes and servers) each get a distinct count and exactly the limit gets
through. Without Redis (a laptop's local-memory cache), or while Redis is unavailable,
requests are counted in this process under a lock: still exact within one process, but
each process then counts separately (a limit of N allows up to N per process).
"""

from __future__ import annotations

import math
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import ScopedRateThrottle

from .network import client_ip

_lock = threading.Lock()
#: key -> (hits, when the window ends on the monotonic clock): used when the cache
#: cannot count for us.
_local: dict[str, tuple[int, float]] = {}
_PRUNE_AT = 10_000


def _count_locally(key: str, seconds: int) -> int:
    now = time.monotonic()
    with _lock:
        if len(_local) >= _PRUNE_AT:
            for stale in [k for k, (_, expires) in _local.items() if expires <= now]:
                del _local[stale]
        hits, expires = _local.get(key, (0, now + seconds))
        if expires <= now:
            hits, expires = 0, now + seconds
        _local[key] = (hits + 1, expires)
        return hits + 1


def reset_local_counts() -> None:
    """Forget the in-process counts (tests)."""
    with _lock:
        _local.clear()


def hit(key: str, seconds: int) -> int:
    """Count one request against `key` (a fixed window of `seconds`); returns the count
    so far in this window, this request included."""
    backend = caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]
    if hasattr(backend, "incr_window"):
        hits = backend.incr_window(key, seconds)
        if hits is not None:
            return hits
        return _count_locally(key, seconds)
    if isinstance(backend, LocMemCache):
        # The local-memory cache is this process anyway; counting here keeps cache.clear()
        # resetting the limits, as it does with Redis.
        with _lock:
            if backend.add(key, 1, timeout=seconds):
                return 1
            try:
                return backend.incr(key)
            except ValueError:  # expired between add and incr
                backend.set(key, 1, timeout=seconds)
                return 1
    return _count_locally(key, seconds)


class ClientRateThrottle(ScopedRateThrottle):
    """DRF's ScopedRateThrottle (the rate comes from DEFAULT_THROTTLE_RATES[view's
    throttle_scope]) with the client address from `core.network.client_ip` and an atomic
    fixed-window counter instead of a read-modify-write list of timestamps."""

    def allow_request(self, request, view):
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.num_requests is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        ident = client_ip(request) or "unknown"
        key = f"throttle:{self.scope}:{self.duration}:{window}:{ident}"
        if hit(key, self.duration) <= self.num_requests:
            return True
        self._wait = max((window + 1) * self.duration - now, 1)
        return False

    def wait(self):
        return math.ceil(getattr(self, "_wait", self.duration))
