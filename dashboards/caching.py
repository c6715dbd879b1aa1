"""Caching of the public pages and open data. Cached entries are keyed on the snapshot
version, so they change exactly when the snapshots do; responses carry Cache-Control and
an ETag so browsers and proxies can revalidate cheaply.

Two levels: the shared cache (Redis) and, in front of it, the last few responses this
process served (`remembered`/`remember`). Because every key holds the snapshot version,
an entry can never be stale: a recomputation makes a new version and so new keys, and the
old entries simply stop being asked for. Only anonymous responses (no personal data, no
one's name in the header) are ever stored, at either level. With Redis down the process's
own copies still serve (issue 19: the public pages at the floor of a trivial view)."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

from .selectors import latest_complete_month
from .services import snapshot_version


def _code_version() -> str:
    """Changes when this app's code or templates change, so a deploy never serves pages
    cached by the previous release (the same value in every worker of one release)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), *root.glob("templates/**/*.html")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = _code_version()

#: How many responses each process keeps (a few pages and API queries per version; the
#: public page's 60 KB makes this at most a few megabytes).
LOCAL_ENTRIES = 64
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


def remembered(key: str) -> Any:
    """The response stored under `key`: this process's copy, else the shared cache's
    (then kept here too); None when neither has it."""
    with _local_lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
            return value
    value = cache.get(key)
    if value is not None:
        _keep(key, value)
    return value


def remembered_here(key: str) -> Any:
    """This process's copy only (None when it has none)."""
    with _local_lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
        return value


def remember_here(key: str, value: Any) -> None:
    """Keep `value` in this process only (something derived from a shared entry)."""
    _keep(key, value)


def remember(key: str, value: Any) -> None:
    """Store `value` under `key` in the shared cache and in this process."""
    cache.set(key, value, timeout=24 * 3600)
    _keep(key, value)


def _keep(key: str, value: Any) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def forget_local() -> None:
    """Drop this process's copies (tests)."""
    with _local_lock:
        _local.clear()


def etag_for(request: HttpRequest, version: str) -> str:
    digest = hashlib.sha256(f"{version}|{request.get_full_path()}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return etag in [value.strip() for value in header.split(",")] if header else False


def public_headers(response: HttpResponse, etag: str, *, shared: bool = True) -> HttpResponse:
    response["ETag"] = etag
    if shared:
        patch_cache_control(response, public=True, max_age=settings.TIMELINESS_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def cached_public_page(view):
    """For anonymous GETs, serve the stored response for this URL and snapshot version,
    rendering it once per version; 304 when the client already has it. Signed-in users
    (whose header shows their name) get a fresh render, marked private."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        # The month published last is part of the key: on the 1st the month that has just
        # ended joins the pages and stops being provisional in the open data.
        version = f"{CODE_VERSION}-{snapshot_version()}-{latest_complete_month():%Y-%m}"
        etag = etag_for(request, version)
        anonymous = not request.user.is_authenticated
        if not anonymous:
            return public_headers(view(request, *args, **kwargs), etag, shared=False)
        if _matches(request, etag):
            return public_headers(HttpResponseNotModified(), etag)
        key = f"dashboards:page:{version}:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"
        stored = remembered(key)
        if stored is not None:
            content, content_type, status = stored
            response = HttpResponse(content, content_type=content_type, status=status)
            for header, value in stored_headers(content_type, request):
                response[header] = value
            return public_headers(response, etag)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            remember(key, (response.content, response["Content-Type"], response.status_code))
        return public_headers(response, etag)

    return wrapper


def stored_headers(content_type: str, request: HttpRequest) -> list[tuple[str, str]]:
    if content_type.startswith("text/csv"):
        return [("Content-Disposition", 'attachment; filename="timeliness.csv"')]
    return []
