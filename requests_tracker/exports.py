"""The requests CSV (/requests/export.csv): its rows, its access-log entries, and the
background job that makes a large one as a file.

An export cannot escape the access log: the entries (one per request whose requester
details are in the file, each with the filter, the number of rows and the reason) are
committed before the first row is written, whether the rows then go to the browser or
to a file. A file made by a job is logged again when its owner downloads it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.http import QueryDict

from accounts.models import User
from core import csv_files
from core.access import record_access
from core.dates import uk_today
from core.models import AccessLogEntry, Job

from . import selectors
from .api.filters import RequestFilter
from .models import InformationRequest
from .vocabularies import Status

CSV_COLUMNS = [
    "reference",
    "kind",
    "regime",
    "status",
    "received_on",
    "due_on",
    "days_remaining",
    "extended",
    "unit",
    "assigned_to",
    "closed_on",
    "outcome",
    "summary",
    "requester_name",
    "requester_email",
]
PERSONAL_FIELDS = ["summary", "requester.name", "requester.email"]

#: sort key → (label, order_by arguments)
SORTS: dict[str, tuple[str, tuple[str | OrderBy, ...]]] = {
    "due": ("Due date (soonest first)", (F("due_on").asc(nulls_last=True), "id")),
    "-due": ("Due date (latest first)", (F("due_on").desc(nulls_last=True), "-id")),
    "received": ("Date received (oldest first)", ("received_on", "id")),
    "-received": ("Date received (newest first)", ("-received_on", "-id")),
    "reference": ("Reference", ("reference",)),
}


def sort_key(data: QueryDict) -> str:
    sort = data.get("sort", "due")
    return sort if sort in SORTS else "due"


def with_default_filter(data: QueryDict) -> QueryDict:
    """All requests opens on the open requests: no `status` in the query means open; an
    empty one (the "Any status" choice) means every status."""
    if "status" in data:
        return data
    data = data.copy()
    data["status"] = Status.OPEN
    return data


def filtered_requests(
    user: User, data: QueryDict
) -> tuple[RequestFilter, QuerySet[InformationRequest]]:
    """The requests the user sees, narrowed and sorted by the query string (the list
    page's filters: the API's filter set), open requests unless the query says otherwise."""
    data = with_default_filter(data)
    base = selectors.visible_requests(user).order_by(*SORTS[sort_key(data)][1])
    filterset = RequestFilter(data, queryset=base)
    return filterset, (filterset.qs if filterset.is_valid() else base.none())


@dataclass(frozen=True)
class Size:
    rows: int
    personal: int  # rows carrying requester details

    @property
    def needs_reason(self) -> bool:
        return self.personal > settings.EXPORT_REASON_ROWS

    @property
    def in_background(self) -> bool:
        return self.rows > settings.EXPORT_ASYNC_ROWS


def size(user: User, queryset) -> Size:
    return Size(
        rows=queryset.count(),
        personal=queryset.filter(selectors.personal_data_q(user)).count(),
    )


def log_export(
    user: User, queryset, *, rows: int, reason: str, path: str, ip_address: str | None
) -> int:
    """Commit the access-log entries of an export before any of it is written."""
    records = (
        queryset.filter(selectors.personal_data_q(user))
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .only("pk", "reference", "unit_id")
        .iterator(chunk_size=2000)
    )
    with transaction.atomic():
        return record_access(
            user=user,
            records=records,
            record_type="request",
            fields=PERSONAL_FIELDS,
            action=AccessLogEntry.Action.EXPORT,
            path=path,
            ip_address=ip_address,
            reason=reason,
            export_rows=rows,
        )


def csv_rows(user: User, queryset) -> Iterator[list]:
    """The header, then one row per request; requester details and summaries only where
    the user's role allows them. Constant memory."""
    today = uk_today()
    rules = selectors.statutory_rules()
    soon = selectors.due_soon_limit(today, rules)  # once, not once a row
    yield CSV_COLUMNS
    # A server-side cursor on PostgreSQL: 2,000 rows in memory at a time.
    for item in queryset.iterator(chunk_size=2000):
        state = selectors.deadline_state(item, today=today, rules=rules, soon=soon)
        personal = selectors.may_see_personal_data(user, item)
        yield [
            item.reference,
            item.get_kind_display(),
            item.get_regime_display() if item.regime else "",
            item.get_status_display(),
            item.received_on.isoformat(),
            item.due_on.isoformat() if item.due_on else "",
            state.days_left,
            "yes" if item.extended else "no",
            item.unit.name if item.unit else "",
            item.assigned_to.display_name if item.assigned_to else "",
            item.closed_on.isoformat() if item.closed_on else "",
            item.get_outcome_display() if item.outcome else "",
            item.summary if personal else "",
            item.requester.name if personal and item.requester else "",
            item.requester.email if personal and item.requester else "",
        ]


def filename() -> str:
    return f"requests-{uk_today().isoformat()}.csv"


# --- The background job -------------------------------------------------------------------


def queue_export(*, user: User, query: str, path: str, ip_address: str | None, reason: str) -> Job:
    """Record an export job; the task starts once this transaction commits."""
    from core import jobs

    from .tasks import run_requests_export

    job = jobs.create(
        kind=Job.Kind.REQUESTS_EXPORT,
        owner=user,
        parameters={
            "query": query,
            "path": path[:500],
            "ip_address": ip_address,
            "reason": reason,
            "fields": PERSONAL_FIELDS,
        },
    )
    transaction.on_commit(lambda: run_requests_export.delay(job.pk))
    return job


def _counted(rows: Iterator[list], job: Job) -> Iterator[list]:
    from core import jobs

    for done, row in enumerate(rows):
        if done and done % jobs.PROGRESS_EVERY == 0:
            jobs.progress(job, done)
        yield row


def run_export(job_id: int) -> None:
    """The job's work: log, then write the file to job storage. Idempotent: a job that
    was started before is left alone."""
    from core import jobs

    job = jobs.start(job_id)
    if job is None:
        return
    params = job.parameters
    try:
        _, queryset = filtered_requests(job.owner, QueryDict(params["query"]))  # type: ignore[arg-type]
        total = queryset.count()
        jobs.progress(job, 0, total=total)
        log_export(
            job.owner,  # type: ignore[arg-type]
            queryset,
            rows=total,
            reason=params.get("reason", ""),
            path=params.get("path", ""),
            ip_address=params.get("ip_address"),
        )
        storage = Job._meta.get_field("file").storage
        name = csv_files.save(
            _counted(csv_rows(job.owner, queryset), job),  # type: ignore[arg-type]
            storage=storage,
            name=f"exports/{job.pk}-{uuid.uuid4().hex}.csv",
        )
    except OSError as error:
        jobs.fail(job, _disk_message(error))
        if not _disk_full(error):
            raise
        return
    except Exception:
        jobs.fail(
            job, "The file could not be made because of an error on the server. Try again later."
        )
        raise
    jobs.finish(job, file_name=name, filename=filename(), result={"rows": total})


def _disk_full(error: OSError) -> bool:
    import errno

    return error.errno in (errno.ENOSPC, errno.EDQUOT)


def _disk_message(error: OSError) -> str:
    if _disk_full(error):
        return (
            "The server ran out of disk space while making the file, so no file was kept. "
            "Try again later; if it happens again, tell the system administrator."
        )
    return "The file could not be saved on the server. Try again later."
