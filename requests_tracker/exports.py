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
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.http import QueryDict

from accounts.models import User
from core import csv_files, policy
from core.access import record_access_of_query
from core.dates import uk_today
from core.models import AccessLogEntry, Job

from . import selectors, statutory
from .api.filters import RequestFilter
from .models import InformationRequest
from .vocabularies import ACTIVE_STATUSES, Outcome, Regime, RequestKind, Status

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
    """Commit the access-log entries of an export before any of it is written: one entry
    per request whose requester details the user sees, written by the database from the
    export's own query (core.access.record_access_of_query), with the daily totals."""
    with transaction.atomic():
        return record_access_of_query(
            user=user,
            queryset=queryset.filter(selectors.personal_data_q(user))
            .select_related(None)
            .prefetch_related(None),
            record_type="request",
            fields=PERSONAL_FIELDS,
            action=AccessLogEntry.Action.EXPORT,
            path=path,
            ip_address=ip_address,
            reason=reason,
            export_rows=rows,
        )


#: What csv_rows reads of each request: plain values, not model instances (building
#: four model objects a row was most of an export's time; issue 19).
_ROW_VALUES = (
    "reference",
    "kind",
    "regime",
    "status",
    "received_on",
    "due_on",
    "extended",
    "unit_id",
    "unit__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "closed_on",
    "outcome",
    "summary",
    "requester__name",
    "requester__email",
)


def csv_rows(user: User, queryset) -> Iterator[list]:
    """The header, then one row per request; requester details and summaries only where
    the user's role allows them (core.policy.sees_personal_data, asked once per unit).
    Constant memory: a server-side cursor on PostgreSQL, 2,000 rows at a time."""
    today = uk_today()
    rules = selectors.statutory_rules()
    kinds, regimes = dict(RequestKind.choices), dict(Regime.choices)
    statuses, outcomes = dict(Status.choices), dict(Outcome.choices)
    sees: dict[int | None, bool] = {}
    #: Days left, by kind and due date: the same few thousand pairs recur.
    days_left_of: dict[tuple[str, date], int | None] = {}
    yield CSV_COLUMNS
    rows = queryset.select_related(None).values_list(*_ROW_VALUES)
    for (
        reference,
        kind,
        regime,
        status,
        received_on,
        due_on,
        extended,
        unit_id,
        unit_name,
        first_name,
        last_name,
        username,
        closed_on,
        outcome,
        summary,
        requester_name,
        requester_email,
    ) in _every_row(rows):
        if unit_id not in sees:
            sees[unit_id] = policy.sees_personal_data(user, unit_id)
        personal = sees[unit_id]
        days_left = None
        if status in ACTIVE_STATUSES and due_on is not None:
            key = (kind, due_on)
            if key not in days_left_of:
                days_left_of[key] = statutory.days_remaining(
                    kind=statutory.Kind(kind), due_on=due_on, today=today, rules=rules
                )
            days_left = days_left_of[key]
        assignee = f"{first_name} {last_name}".strip() or username or ""
        yield [
            reference,
            kinds.get(kind, kind),
            regimes.get(regime, regime) if regime else "",
            statuses.get(status, status),
            received_on.isoformat(),
            due_on.isoformat() if due_on else "",
            days_left,
            "yes" if extended else "no",
            unit_name or "",
            assignee,
            closed_on.isoformat() if closed_on else "",
            outcomes.get(outcome, outcome) if outcome else "",
            summary if personal else "",
            (requester_name or "") if personal else "",
            (requester_email or "") if personal else "",
        ]


def _every_row(rows: QuerySet) -> Iterator[tuple]:
    """The rows from a server-side cursor (2,000 at a time: constant memory), planned
    for reading every row. PostgreSQL plans a cursor for its first tenth by default
    (cursor_tuple_fraction): for an export sorted by due date that meant walking the
    due-date index over the whole table and joining row by row, seven times slower than
    sorting the unit's rows. The setting is the session's while the cursor is declared
    (at the first row), then put back."""
    iterator = rows.iterator(chunk_size=2000)
    if connection.vendor != "postgresql":
        yield from iterator
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('cursor_tuple_fraction', '1', false)")
    try:
        first = next(iterator, None)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")
    if first is None:
        return
    yield first
    yield from iterator


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
