"""Writes to a user's own settings."""

from django.db import transaction

from .models import User


@transaction.atomic
def set_digest_preference(*, user: User, wants_digest: bool) -> User:
    """Turn the working-morning reminder digest on or off for ``user``."""
    user.wants_digest = wants_digest
    user.save(update_fields=["wants_digest"])
    return user
