"""Celery tasks: thin, idempotent wrappers around the snapshot services; they retry on
database errors. Changes are recomputed through the outbox (core.tasks.drain_figure_changes)."""

from celery import shared_task
from django.db import DatabaseError

from core.dates import format_month

from . import services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def recompute_recent_months() -> dict:
    """Nightly: recompute the last 13 months (registered in CELERY_BEAT_SCHEDULE)."""
    result = services.recompute_recent(months=13)
    return {"first": format_month(result.first), "last": format_month(result.last)}
