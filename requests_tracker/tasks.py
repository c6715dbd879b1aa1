"""Celery tasks: thin, idempotent wrappers around services."""

from celery import shared_task
from django.db import DatabaseError

from . import retention, services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def lapse_stalled_requests() -> list[str]:
    """Daily: lapse requests whose clock has been stopped for longer than the lapse
    period. Safe to run twice: a lapsed request is no longer on hold."""
    return services.lapse_stalled_requests()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def dispose_personal_data() -> int:
    """Daily: dispose of the personal data that the retention schedule says is due.
    Safe to run twice: disposed requesters are not due again."""
    return retention.dispose().requesters
