"""Background jobs (core.models.Job): starting, progress, finishing, files, and one-at-a-
time locks. The work itself is each app's (requests_tracker/jobs.py); Celery tasks are
thin wrappers that call it with a job id.

A job moves queued -> running -> done | failed, once: `start` claims a queued job under a
row lock, so a task delivered twice (acks_late, a worker restart) does the work once.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .dates import long_date, uk_date, uk_time
from .models import Job

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

#: How often (rows) a job writes its progress.
PROGRESS_EVERY = 1000


class JobBusy(Exception):
    """Another job of the same kind is running; the message says whose and since when."""


def create(
    *,
    kind: str,
    owner: User | None,
    parameters: dict[str, Any] | None = None,
    total: int | None = None,
) -> Job:
    return Job.objects.create(kind=kind, owner=owner, parameters=parameters or {}, total=total)


def start(job_id: int, *, total: int | None = None) -> Job | None:
    """Claim a queued job; None if it was claimed before (a repeated delivery)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        if total is not None:
            job.total = total
        job.save(update_fields=["status", "started_at", "total", "updated_at"])
    return job


def progress(job: Job, done: int, *, total: int | None = None) -> None:
    """Record how far the job has got, visible to its page at once: inside a long
    transaction (an import writing its rows) on PostgreSQL the update goes through a
    second, autocommitting connection. The job row itself is never written inside that
    transaction, so the two connections never wait for each other."""
    job.done = done
    if total is not None:
        job.total = total
    now = timezone.now()
    if connection.in_atomic_block and connection.vendor == "postgresql":
        try:
            with _progress_connection().cursor() as cursor:
                cursor.execute(
                    "UPDATE core_job SET done = %s, total = COALESCE(%s, total), "
                    "updated_at = %s WHERE id = %s",
                    [done, total, now, job.pk],
                )
                if cursor.rowcount:
                    return
        except DatabaseError:  # progress is a courtesy: never stop the job for it
            logger.warning("job %s: progress not recorded", job.pk, exc_info=True)
            return
        # Not visible to another connection: the job row is not committed yet (it was
        # created in this same transaction), so record it here; nobody else can see it.
        close_progress_connection()
    elif connection.in_atomic_block:
        # SQLite: one writer at a time, and nobody could see it before the commit; writing
        # the job row here would only make other jobs wait for this transaction.
        return
    fields = {"done": done, "updated_at": now}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


_local = threading.local()


def close_progress_connection() -> None:
    side = getattr(_local, "connection", None)
    if side is not None:
        side.close()
        _local.connection = None


def _progress_connection() -> BaseDatabaseWrapper:
    side = getattr(_local, "connection", None)
    if side is None:
        side = connections.create_connection(DEFAULT_DB_ALIAS)
        _local.connection = side
    side.close_if_unusable_or_obsolete()  # reconnects after CONN_MAX_AGE or a failure
    if side.connection is None:
        side.ensure_connection()
        with side.cursor() as cursor:  # never queue behind a lock on the job row
            cursor.execute("SET lock_timeout = '2s'")
    return side


def finish(
    job: Job, *, result: dict | None = None, file_name: str = "", filename: str = ""
) -> None:
    close_progress_connection()
    now = timezone.now()
    job.status = Job.Status.DONE
    job.finished_at = now
    job.result = result or {}
    if job.total is not None:
        job.done = job.total
    if file_name:
        job.file.name = file_name
        job.filename = filename
    job.expires_at = now + timedelta(hours=settings.JOB_FILE_HOURS)
    job.save()


def fail(job: Job, message: str, *, result: dict | None = None) -> None:
    """The job stopped; `message` is a sentence the user can act on."""
    close_progress_connection()
    now = timezone.now()
    job.status = Job.Status.FAILED
    job.finished_at = now
    job.error = message
    if result is not None:
        job.result = result
    job.expires_at = now + timedelta(hours=settings.JOB_FILE_HOURS)
    job.save()


def delete_file(job: Job) -> None:
    if job.file.name:
        job.file.storage.delete(job.file.name)
        Job.objects.filter(pk=job.pk).update(file="")
        job.file.name = ""


def delete_expired_files(*, now: datetime | None = None) -> int:
    """Delete the files of jobs past their expiry time (the rows stay as a record)."""
    now = now or timezone.now()
    expired = Job.objects.filter(expires_at__lte=now).exclude(file="")
    count = 0
    for job in expired.iterator():
        delete_file(job)
        count += 1
    return count


def describe(job: Job | None) -> str:
    """'started by Dana Smith (dana) at 2:02pm on 1 December 2026'"""
    if job is None:
        return ""
    who = (
        f"{job.owner.get_full_name() or job.owner.username} ({job.owner.username})"
        if job.owner
        else "the import_requests command"
    )
    when = job.started_at or job.created_at
    return f"started by {who} at {uk_time(when)} on {long_date(uk_date(when))}"


# --- One at a time ------------------------------------------------------------------------


def _busy_message(kind: str, me: Job | None) -> str:
    others = Job.objects.filter(kind=kind, status=Job.Status.RUNNING).select_related("owner")
    if me is not None:
        others = others.exclude(pk=me.pk)
    running = others.order_by("started_at", "id").first()
    label = Job.Kind(kind).label.lower()
    if running is None:
        return f"Another {label} is running. Try again when it has finished."
    return f"Another {label} is running ({describe(running)}). Try again when it has finished."


@contextmanager
def one_at_a_time(kind: str, me: Job | None = None) -> Iterator[None]:
    """Run the block only if no other job of `kind` holds the lock anywhere; otherwise
    raise JobBusy at once (never wait, never fail half-way).

    PostgreSQL: a session advisory lock (released by the `finally`, or by the server if
    the process dies). Other databases (SQLite on a laptop, one machine): an exclusive
    lock on a file next to the job files, released by the OS if the process dies."""
    key = zlib.crc32(f"rights-desk-job:{kind}".encode())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (acquired,) = cursor.fetchone()
        if not acquired:
            raise JobBusy(_busy_message(kind, me))
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    os.makedirs(settings.JOB_FILES_DIR, exist_ok=True)
    with open(os.path.join(settings.JOB_FILES_DIR, f".{kind}.lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JobBusy(_busy_message(kind, me)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
