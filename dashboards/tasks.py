"""Celery tasks: thin, idempotent wrappers around the snapshot services. They take month
strings (YYYY-MM), never model instances, and retry on database errors."""

from celery import shared_task
from django.db import DatabaseError

from . import services
from .months import format_month, parse_month


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def recompute_from_month(first: str, reason: str = "A request changed") -> dict:
    """Recompute the months from `first` to the current month after requests changed.
    Safe to run twice at once: recomputations take turns and yield the same rows."""
    month = parse_month(first)
    services.claim_pending(month)
    result = services.recompute_months(first=month, reason=reason, incremental=True)
    return {"first": format_month(result.first), "last": format_month(result.last)}


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def recompute_recent_months() -> dict:
    """Nightly: recompute the last 13 months (registered in CELERY_BEAT_SCHEDULE)."""
    result = services.recompute_recent(months=13)
    return {"first": format_month(result.first), "last": format_month(result.last)}
