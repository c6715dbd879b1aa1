"""Celery tasks: thin, idempotent wrappers around the breach services."""

from celery import shared_task
from django.db import DatabaseError

from . import services, snapshots


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def send_breach_deadline_alerts() -> list[str]:
    """Every 15 minutes: email the DPO group about undecided breaches with less than 24
    hours left and about missed deadlines. Safe to run twice: each breach gets at most
    one alert per threshold."""
    return services.send_deadline_alerts()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def recompute_breach_snapshots() -> int:
    """Nightly: recompute every month's breach figures (idempotent)."""
    return snapshots.recompute()
