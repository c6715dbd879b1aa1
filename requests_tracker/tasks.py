"""Celery tasks: thin, idempotent wrappers around services."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def lapse_stalled_requests() -> list[str]:
    """Daily: lapse requests whose clock has been stopped for longer than the lapse
    period. Safe to run twice: a lapsed request is no longer on hold."""
    return services.lapse_stalled_requests()
