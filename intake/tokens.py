"""The signed links a requester gets by email: one confirms their address, one follows
their request. Both are `django.core.signing` values with their own salt and expiry, so
a link of one kind never works as the other, and a changed character breaks it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "intake.confirm-email"
FOLLOW_SALT = "intake.follow-request"


def confirm_token(submission_id: int) -> str:
    return signing.dumps(submission_id, salt=CONFIRM_SALT, compress=False)


def follow_token(request_id: int) -> str:
    return signing.dumps(request_id, salt=FOLLOW_SALT, compress=False)


def _read(token: str, salt: str, days: int) -> int | None:
    try:
        value = signing.loads(token, salt=salt, max_age=timedelta(days=days))
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def confirmed_submission_id(token: str) -> int | None:
    """The submission a confirmation link names, or None (wrong, tampered or expired)."""
    return _read(token, CONFIRM_SALT, settings.INTAKE_CONFIRM_LINK_DAYS)


def followed_request_id(token: str) -> int | None:
    """The request a follow link names, or None (wrong, tampered or expired)."""
    return _read(token, FOLLOW_SALT, settings.INTAKE_FOLLOW_LINK_DAYS)
