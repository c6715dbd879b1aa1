"""The client's address, the same way everywhere: the API rate limit, the access log and
sign-in lock-outs (django-axes) all call `client_ip`.

`X-Forwarded-For` is written by clients too, so it is only believed as far as proxies we
run have vouched for it. With `TRUSTED_PROXY_COUNT = 0` (the default: the site is reached
directly) the address is the socket's, REMOTE_ADDR. With N trusted proxies in front, each
appending the address it received the connection from, the client is the Nth address from
the right of `X-Forwarded-For`; anything to the left of it was written by the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's IP address as text, or None when the request has none (a test
    request factory, a Unix socket). Never an address a client chose for itself, unless
    TRUSTED_PROXY_COUNT says more proxies stand in front of the site than really do."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops:
        # No proxy of ours added the header: the request reached the site directly.
        return remote
    # Fewer hops than proxies: the leftmost was still appended by a trusted proxy.
    chosen = hops[-proxies] if len(hops) >= proxies else hops[0]
    return _valid(chosen) or remote
