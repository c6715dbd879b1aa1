"""A legacy import (legacy.import_file) as a job, the same from the command line, the
DPO's page and a Celery task: recorded in core.models.Job (so anyone can see who is
importing), one at a time (a second import is told whose is running), and never a
traceback for a problem in the file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from core import jobs
from core.models import Job

from . import legacy

#: Problems kept on a refused job for its page (the command prints all of them).
REPORT_LIMIT = 500
#: Import problems that are told to the user as one sentence.
TOLD_IN_WORDS = (jobs.JobBusy, legacy.FileNotUTF8, legacy.AlreadyImporting)


def count_lines(binary) -> int:
    binary.seek(0)
    count = sum(1 for _ in binary)
    binary.seek(0)
    return count


class _Progress:
    """A progress callback that writes the job's count every PROGRESS_EVERY rows."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.done = 0
        self.written = 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.done - self.written >= jobs.PROGRESS_EVERY:
            jobs.progress(self.job, self.done)
            self.written = self.done


@contextmanager
def exclusive(*, dry_run: bool, me: Job | None = None) -> Iterator[None]:
    """Real imports hold the one-import lock (JobBusy, naming whose import runs, if
    another holds it); dry runs read only, so they never wait for or block one."""
    if dry_run:
        yield
        return
    with jobs.one_at_a_time(Job.Kind.REQUESTS_IMPORT, me=me):
        yield


def execute(job: Job, binary, *, dry_run: bool, progress=None) -> legacy.ImportResult:
    """Import the file (under `exclusive`). Raises the exceptions of legacy.import_file."""
    return legacy.import_file(binary, dry_run=dry_run, actor=job.owner, progress=progress)


def summary(result: legacy.ImportResult, *, dry_run: bool) -> str:
    verb = "The file is valid: it would import" if dry_run else "Imported"
    return (
        f"{verb} {result.imported} requests; {result.skipped_existing} were imported "
        "before and skipped."
    )


def record_failure(job: Job, error: BaseException) -> None:
    """Keep on the job what the user is told about a refused or stopped import."""
    if isinstance(error, legacy.ImportRefused):
        count = len(error.errors)
        jobs.fail(
            job,
            f"{count} problems found; nothing was imported. See the list below.",
            result={
                "errors": [[e.line, e.column, e.message] for e in error.errors[:REPORT_LIMIT]],
                "more": max(count - REPORT_LIMIT, 0),
            },
        )
    elif isinstance(error, TOLD_IN_WORDS):
        jobs.fail(job, str(error))
    else:
        jobs.fail(
            job,
            "The import stopped because of an error on the server; nothing was imported. "
            "Try again later.",
        )


def start_command_import(*, dry_run: bool, path: str) -> Job:
    job = jobs.create(
        kind=Job.Kind.REQUESTS_IMPORT,
        owner=None,
        parameters={"dry_run": dry_run, "source": path[-200:]},
    )
    return jobs.start(job.pk)  # type: ignore[return-value]


def queue_import(*, user, upload, dry_run: bool, background: bool) -> Job:
    """Save the upload to job storage first; a background import starts once this
    transaction commits, otherwise the caller runs `run_import` itself."""
    from .tasks import run_requests_import

    job = Job(
        kind=Job.Kind.REQUESTS_IMPORT,
        owner=user,
        parameters={"dry_run": dry_run, "source": upload.name[-200:]},
    )
    job.file.save(f"{upload.name[-60:]}", upload, save=False)
    job.save()
    if background:
        transaction.on_commit(lambda: run_requests_import.delay(job.pk))
    return job


def run_import(job_id: int) -> None:
    """The job's work (the Celery task, or the page for a small file). Idempotent: a job
    that was started before is left alone. The uploaded file is deleted afterwards."""
    job = jobs.start(job_id)
    if job is None:
        return
    dry_run = bool(job.parameters.get("dry_run"))
    try:
        with job.file.open("rb") as binary:
            rows = max(count_lines(binary) - 1, 0)
            jobs.progress(job, 0, total=rows * (1 if dry_run else 2))
            with exclusive(dry_run=dry_run, me=job):
                result = execute(job, binary, dry_run=dry_run, progress=_Progress(job))
    except (legacy.ImportRefused, *TOLD_IN_WORDS) as error:
        record_failure(job, error)
    except Exception as error:
        record_failure(job, error)
        raise
    else:
        jobs.finish(
            job,
            result={
                "message": summary(result, dry_run=dry_run),
                "imported": result.imported,
                "skipped_existing": result.skipped_existing,
            },
        )
    finally:
        jobs.delete_file(job)
