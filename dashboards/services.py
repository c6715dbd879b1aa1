"""Writes to the timeliness snapshots: recomputing a range of months, recording
revisions of published months, and scheduling recomputation after a request changes.

Recomputing is idempotent (the same requests give the same rows) and serialised: two
recomputations at once take turns on a database lock, so running a task twice is safe.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from core.dates import add_months, format_month, month_end, month_start, uk_today
from core.policy import BOARD_COMMENTATORS

from .figures import ALL_UNITS, BacklogBase, Row, compute_figures, earliest_received
from .models import (
    COUNT_FIELDS,
    BoardCommentary,
    MonthlySnapshot,
    SnapshotRevision,
    SnapshotVersion,
)

logger = logging.getLogger(__name__)

#: Any fixed 64-bit number: the PostgreSQL advisory lock taken while recomputing.
ADVISORY_LOCK_ID = 0x7469_6D65_6C69_6E65 & 0x7FFF_FFFF_FFFF_FFFF


@dataclass(frozen=True)
class RecomputeResult:
    first: date
    last: date
    created: int
    updated: int
    unchanged: int
    revised: int


#: (monotonic time read, version): each process asks the database at most once a second.
_version_memo: tuple[float, str] = (-1.0, "")
VERSION_MEMO_SECONDS = 1.0


def snapshot_version() -> str:
    """A token that changes whenever the snapshots do (SnapshotVersion, read from the
    database, never from the cache), so pages keyed on it change within a second of
    the snapshots whatever the cache went through."""
    global _version_memo
    read_at, version = _version_memo
    now = time.monotonic()
    if now - read_at < VERSION_MEMO_SECONDS and version:
        return version
    row = SnapshotVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    version = row or "none"
    _version_memo = (now, version)
    return version


def _new_version() -> None:
    """In the recomputation's transaction: a new token, visible when it commits."""
    SnapshotVersion.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4().hex})
    _forget_version()


def _forget_version() -> None:
    """After this process changed the snapshots, read the version afresh."""
    global _version_memo
    _version_memo = (-1.0, "")


def _serialisation_lock() -> None:
    """Take turns: on PostgreSQL a transaction-scoped advisory lock; SQLite already
    allows one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_ID])


def _median(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def _values(row: Row) -> dict:
    values = {name: getattr(row, name) for name in COUNT_FIELDS}
    values["median_days_to_close"] = _median(row.median_days_to_close)
    values["breakdown"] = row.breakdown
    return values


def _published(values: dict) -> dict:
    result = {name: values[name] for name in COUNT_FIELDS}
    median = values["median_days_to_close"]
    result["median_days_to_close"] = None if median is None else float(median)
    return result


def first_month_with_requests() -> date | None:
    earliest = earliest_received()
    return month_start(earliest) if earliest else None


def _stored_backlog(month: date) -> BacklogBase | None:
    """(open, overdue) at the end of `month` per (kind, unit key), from the stored
    snapshots; None when that month was never computed (then use all history)."""
    rows = MonthlySnapshot.objects.filter(month=month).values_list(
        "kind", "unit_id", "open_at_month_end", "overdue_at_month_end"
    )
    base: BacklogBase = {
        (kind, ALL_UNITS if unit_id is None else unit_id): (open_count, overdue)
        for kind, unit_id, open_count, overdue in rows
    }
    if not any(unit == ALL_UNITS for _, unit in base):
        return None
    return base


@transaction.atomic
def recompute_months(
    *,
    first: date,
    last: date | None = None,
    reason: str = "Recomputed",
    today: date | None = None,
    incremental: bool = False,
) -> RecomputeResult:
    """Recompute every snapshot row for the months first..last (default: the current
    month) and upsert them. A change to a month that has already ended is recorded as a
    revision (old and new values, when and why) and marks the month revised.

    `incremental` (after a request changed): continue the backlog running totals from
    the stored month before `first`, which that change cannot have moved, instead of
    rescanning all history. The nightly job and the command recompute from scratch."""
    today = today or uk_today()
    first = month_start(first)
    last = month_start(last or today)
    if last < first:
        raise ValueError("The last month of a recomputation cannot be before the first.")
    _serialisation_lock()
    base = _stored_backlog(add_months(first, -1)) if incremental else None
    computed = compute_figures(first, last, today=today, backlog_base=base)
    existing = {
        (s.kind, s.unit_id if s.unit_id is not None else ALL_UNITS, s.month): s
        for s in MonthlySnapshot.objects.select_for_update().filter(
            month__gte=first, month__lte=last
        )
    }
    created: list[MonthlySnapshot] = []
    updated: list[MonthlySnapshot] = []
    revisions: list[SnapshotRevision] = []
    unchanged = 0
    now = timezone.now()
    for key in set(computed) | set(existing):
        kind, unit_key, month = key
        values = _values(computed.get(key) or Row())
        snapshot = existing.get(key)
        if snapshot is None:
            created.append(
                MonthlySnapshot(
                    kind=kind,
                    unit_id=None if unit_key == ALL_UNITS else unit_key,
                    month=month,
                    **values,
                )
            )
            continue
        before = snapshot.published_values()
        after = _published(values)
        if before == after and snapshot.breakdown == values["breakdown"]:
            unchanged += 1
            continue
        if before != after and month_end(month) < today:
            # The month had ended, so its figures were published: record the revision.
            revisions.append(
                SnapshotRevision(snapshot=snapshot, reason=reason[:200], before=before, after=after)
            )
            snapshot.revised_at = now
        for name, value in values.items():
            setattr(snapshot, name, value)
        snapshot.computed_at = now
        updated.append(snapshot)
    MonthlySnapshot.objects.bulk_create(created, batch_size=500)
    MonthlySnapshot.objects.bulk_update(
        updated,
        [*COUNT_FIELDS, "median_days_to_close", "breakdown", "computed_at", "revised_at"],
        batch_size=500,
    )
    SnapshotRevision.objects.bulk_create(revisions, batch_size=500)
    if created or updated:
        _new_version()
        transaction.on_commit(_forget_version)
    logger.info(
        "timeliness recomputed %s..%s: %d created, %d updated, %d unchanged, %d revised",
        format_month(first),
        format_month(last),
        len(created),
        len(updated),
        unchanged,
        len(revisions),
    )
    return RecomputeResult(first, last, len(created), len(updated), unchanged, len(revisions))


def recompute_recent(*, months: int = 13, reason: str = "Nightly recomputation") -> RecomputeResult:
    """The nightly job: the last `months` months, the current one included."""
    today = uk_today()
    return recompute_months(
        first=add_months(month_start(today), -(months - 1)), last=today, reason=reason
    )


# ---------------------------------------------------------------------------------------
# After requests change (announced through the outbox, core/outbox.py)
# ---------------------------------------------------------------------------------------


def recompute_announced(months: list[date], reason: str) -> RecomputeResult:
    """Outbox handler: recompute from the earliest announced month to now (later months'
    backlog moves too), continuing the backlog from the month before, which those changes
    cannot have moved."""
    return recompute_months(first=months[0], reason=reason, incremental=True)


# ---------------------------------------------------------------------------------------
# The Board pack's commentary
# ---------------------------------------------------------------------------------------

COMMENTARY_MAX_LENGTH = 5000


@transaction.atomic
def save_commentary(*, month: date, text: str, actor) -> BoardCommentary:  # type: ignore[no-untyped-def]
    """A new version of the Data Office's commentary on `month` (never an edit of the old
    one). Only the DPO and administrators write it."""
    if not actor.has_role(*BOARD_COMMENTATORS):
        raise PermissionDenied("Only the DPO and administrators write the Board commentary.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the commentary"})
    if len(text) > COMMENTARY_MAX_LENGTH:
        raise ValidationError(
            {"text": f"The commentary must be {COMMENTARY_MAX_LENGTH:,} characters or fewer"}
        )
    commentary = BoardCommentary.objects.create(month=month_start(month), text=text, author=actor)
    logger.info("board commentary for %s saved by user %s", format_month(month), actor.pk)
    return commentary
