"""Celery tasks: thin, idempotent wrappers around services."""

from celery import shared_task
from django.db import DatabaseError

from core import jobs

from . import exports, imports, reminders, retention, services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def lapse_stalled_requests() -> list[str]:
    """Daily: lapse requests whose clock has been stopped for longer than the lapse
    period. Safe to run twice: a lapsed request is no longer on hold."""
    return services.lapse_stalled_requests()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def send_reminder_digests() -> dict[str, int]:
    """Each working morning: email caseworkers what is due soon and overdue, and team
    leads their unit's overdue list. Safe to run twice: nobody gets two in one day."""
    return reminders.send_daily_digests()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def dispose_personal_data() -> int:
    """Daily: dispose of the personal data that the retention schedule says is due.
    Safe to run twice: disposed requesters are not due again."""
    return retention.dispose().requesters


# Jobs are claimed once (core.jobs.start), so a repeated delivery does nothing; they are
# not retried automatically: a failed job says why on its page and the user starts again.
@shared_task(acks_late=True)
def run_requests_export(job_id: int) -> None:
    """Make the CSV file of a large export (its access-log entries first)."""
    exports.run_export(job_id)


@shared_task(acks_late=True)
def run_requests_import(job_id: int) -> None:
    """Import an uploaded legacy file, one import at a time."""
    imports.run_import(job_id)


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, acks_late=True)
def delete_expired_job_files() -> int:
    """Hourly: delete export files and uploads past JOB_FILE_HOURS (core.jobs). Safe to
    run twice: a deleted file is not deleted again."""
    return jobs.delete_expired_files()
