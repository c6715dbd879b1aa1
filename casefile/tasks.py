"""Celery tasks: thin wrappers over the services (idempotent, safe to retry)."""

from datetime import date

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=60, max_retries=3)
def chase_data_requests(today: str | None = None) -> dict:
    """The daily chaser run (beat schedule "data-request-chasers"). `today` (ISO date)
    is for tests and reruns; the job never chases a data request twice on one day."""
    result = services.chase_due(today=date.fromisoformat(today) if today else None)
    return {"chased": result.chased, "escalated": result.escalated}
