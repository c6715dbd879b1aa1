"""The cache (REDIS_URL; default: local memory), its timeouts, and what counts rate limits."""

from .environment import env

# The cache holds only copies (pages, API answers, rate-limit counts): when Redis is down
# or hung the site answers from the database instead (core/cache.py). Each cache call
# waits at most CACHE_SOCKET_TIMEOUT seconds; after a failure Redis is skipped for
# CACHE_BREAKER_SECONDS, so a hung Redis costs one timeout, not one per call.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_CONNECT_TIMEOUT = env.float("CACHE_CONNECT_TIMEOUT", default=CACHE_SOCKET_TIMEOUT)
CACHE_BREAKER_SECONDS = env.float("CACHE_BREAKER_SECONDS", default=5.0)
# /healthz waits at most this long for each of the cache and the broker.
HEALTHZ_CHECK_TIMEOUT = env.float("HEALTHZ_CHECK_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="rightsdesk"),
            "OPTIONS": {
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "CONNECT_TIMEOUT": CACHE_CONNECT_TIMEOUT,
                "BREAKER_SECONDS": CACHE_BREAKER_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Which cache counts requests for the rate limits (core/throttling.py).
RATE_LIMIT_CACHE = "default"
