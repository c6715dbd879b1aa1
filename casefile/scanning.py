"""The optional virus scan: clamd's INSTREAM command over a unix or TCP socket.

settings.CLAMD_ADDRESS is ``unix:///path/to/clamd.sock`` or ``tcp://host:port``; empty
means no scan. The protocol (clamd(8)): send ``zINSTREAM\\0``, then chunks each prefixed
by its length as a 4-byte big-endian integer, then a zero-length chunk; clamd answers
``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``, NUL-terminated.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

CHUNK = 64 * 1024


class ScanUnavailable(Exception):
    """clamd could not be reached or gave no verdict: the upload is refused, never let
    through unscanned."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: object = parts.path
    elif parts.scheme == "tcp" and parts.hostname and parts.port:
        sock = socket.socket(socket.AF_INET6 if ":" in parts.hostname else socket.AF_INET)
        target = (parts.hostname, parts.port)
    else:
        raise ScanUnavailable(f"CLAMD_ADDRESS {address!r} is not unix:///path or tcp://host:port")
    sock.settimeout(timeout)
    try:
        sock.connect(target)  # type: ignore[arg-type]
    except OSError as error:
        sock.close()
        raise ScanUnavailable(f"the virus scanner could not be reached ({error})") from error
    return sock


def scan(data: bytes) -> Verdict | None:
    """The scanner's verdict on `data`, or None when no scanner is configured."""
    address = settings.CLAMD_ADDRESS
    if not address:
        return None
    sock = _connect(address, settings.CLAMD_TIMEOUT_SECONDS)
    try:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            answer += part
    except OSError as error:
        raise ScanUnavailable(f"the virus scanner stopped answering ({error})") from error
    finally:
        sock.close()
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return Verdict(clean=True)
    if text.endswith(" FOUND"):
        signature = text.removeprefix("stream:").removesuffix(" FOUND").strip()
        return Verdict(clean=False, signature=signature)
    raise ScanUnavailable(f"the virus scanner gave no verdict ({text[:100] or 'no answer'})")
