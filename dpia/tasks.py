"""Celery tasks: thin, idempotent wrappers around services."""

from celery import shared_task
from django.db import DatabaseError

from . import pipeline, services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def send_assessment_reminders() -> dict[str, int]:
    """Daily: review-date reminders to owners, past-target reminders to the DPO, each
    once per threshold (recorded in ReminderSent), and decided assessments whose review
    date has come moved to "review due"."""
    return services.send_due_reminders()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def recompute_recent_pipeline() -> int:
    """Nightly: the last 13 months (month-end figures move as assessments are decided)."""
    return pipeline.recompute_recent()
