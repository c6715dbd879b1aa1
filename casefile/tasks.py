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


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_email(self, email_id: int) -> str:
    """Send one email from the outbox (a letter to a requester, or a data request, chaser
    or escalation to a business area). A failed attempt leaves it queued: the worker
    tries again with a growing wait, and the beat job resend_waiting_emails catches
    whatever a lost worker or broker left."""
    from django.conf import settings

    from . import outbox

    status = outbox.deliver(email_id)
    retries = self.request.retries or 0
    if status == "queued" and not self.request.is_eager and retries < settings.EMAIL_MAX_ATTEMPTS:
        raise self.retry(countdown=min(60 * 2**retries, 3600))
    return status


@shared_task(acks_late=True)
def resend_waiting_emails() -> int:
    """The beat job "resend-requester-emails" (every email in the outbox, to requesters
    and business areas alike)."""
    from . import outbox

    return outbox.resend_waiting()
