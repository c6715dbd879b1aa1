"""Celery tasks of the shared kernel: draining the outbox of figure changes, and the
daily account-inactivity job."""

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError

from . import inactivity, outbox


@shared_task(
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def drain_figure_changes(stream: str | None = None) -> dict[str, int]:
    """Recompute the figures every pending change asks for (after a commit, every
    FIGURES_DRAIN_SECONDS from beat, and when a worker starts). Idempotent: with nothing
    pending it does nothing; two at once take turns."""
    return outbox.drain(stream)


@worker_ready.connect
def _drain_when_a_worker_starts(sender=None, **kwargs) -> None:
    """After an outage or a killed worker, whatever was left is drained at start-up."""
    drain_figure_changes.delay()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def disable_inactive_accounts() -> dict[str, int]:
    """Daily: warn, then disable, accounts unused for ACCOUNT_INACTIVE_DAYS. Safe to run
    twice: a warning is sent once per period of inactivity, a disabled account is done."""
    result = inactivity.run()
    return {"warned": result.warned, "disabled": result.disabled}
