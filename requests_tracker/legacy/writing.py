"""Writing validated legacy rows in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

from core.bulk import insert_values

from ..models import ClockStop, InformationRequest, ReferenceCounter, Requester, RequestEvent
from ..selectors import statutory_rules
from ..vocabularies import (
    REFERENCE_PREFIX,
    EventType,
    RequestKind,
)
from .format import BATCH, ImportResult, ParsedRow

# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def _reserve_references(counts: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """Reserve blocks of reference numbers; returns the first number of each block."""
    first: dict[tuple[str, int], int] = {}
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(kind=kind, year=year) for kind, year in counts], ignore_conflicts=True
    )
    for (kind, year), n in sorted(counts.items()):
        counter = ReferenceCounter.objects.select_for_update().get(kind=kind, year=year)
        first[(kind, year)] = counter.last + 1
        counter.last += n
        counter.save(update_fields=["last"])
    return first


@transaction.atomic
def write_rows(
    rows: list[ParsedRow], *, actor=None, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Insert validated rows in bulk (parents before their internal reviews)."""
    result = ImportResult()
    max_extension = statutory_rules().foi_max_extension_working_days
    # Internal reviews go after every other row, so their parents have ids by then.
    reviews = [row for row in rows if row.kind == RequestKind.INTERNAL_REVIEW]
    others = [row for row in rows if row.kind != RequestKind.INTERNAL_REVIEW]
    batches = [others[i : i + BATCH] for i in range(0, len(others), BATCH)]
    batches += [reviews[i : i + BATCH] for i in range(0, len(reviews), BATCH)]
    for batch in batches:
        _insert_batch(batch, actor=actor, max_extension=max_extension, result=result)
        if progress:
            progress(len(batch))
    return result


def request_fields(row: ParsedRow, number: int, *, max_extension: int) -> dict[str, Any]:
    """The columns of the request a validated row becomes (by attribute name), but its
    requester, parent and author: the same for the COPY path and bulk_create."""
    deadline = row.deadline
    assert deadline is not None, "only rows the rules accepted are written"
    year = row.received_on.year
    return {
        "reference": f"{REFERENCE_PREFIX[RequestKind(row.kind)]}-{year}-{number:05d}",
        "reference_year": year,
        "reference_number": number,
        "legacy_reference": row.legacy_reference,
        "kind": row.kind,
        "regime": row.regime,
        "received_on": row.received_on,
        "channel": row.channel,
        "requester_type": row.requester_type,
        "summary": row.summary,
        "unit_id": row.unit_id,
        "assigned_to_id": row.assigned_to_id,
        "assigned_on": row.received_on if row.assigned_to_id else None,
        "status": row.status,
        "clock_started_on": deadline.clock_started_on,
        "original_due_on": deadline.original_due_on,
        "due_on": deadline.due_on,
        "due_explanation": deadline.explanation,
        "extended": row.extended_on is not None,
        "extended_on": row.extended_on,
        "extension_working_days": (
            (row.extension_working_days or max_extension)
            if row.extended_on and row.kind == RequestKind.FOI
            else None
        ),
        "extension_reason": row.extension_reason,
        "complex": row.complex,
        "closed_on": row.closed_on,
        "outcome": row.outcome,
        "exemptions": row.exemptions,
        "late_reason": row.late_reason,
        "late_reason_detail": row.late_reason_detail,
        "withdrawn_on": row.withdrawn_on,
        "withdrawal_reason": row.withdrawal_reason,
        "lapsed_on": row.lapsed_on,
    }


def event_description(row: ParsedRow) -> str:
    return f"Imported from the legacy case system ({row.legacy_reference})."


def event_after(row: ParsedRow) -> dict[str, Any]:
    """The `imported` timeline event's record of what the request was on arrival."""
    due_on = row.deadline.due_on if row.deadline else None
    return {
        "status": row.status,
        "received_on": row.received_on.isoformat(),
        "due_on": due_on.isoformat() if due_on else None,
        "closed_on": row.closed_on.isoformat() if row.closed_on else None,
    }


def _insert_batch(
    batch: list[ParsedRow], *, actor, max_extension: int, result: ImportResult
) -> None:
    """One batch of validated rows: requesters, requests, clock stops and `imported`
    events, a few statements in all. The parents of internal reviews must be in the
    database already (imported before, or earlier in this transaction)."""
    if not batch:
        return
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in batch:
        counts[(row.kind, row.received_on.year)] += 1
    next_number = _reserve_references(counts)
    parents: dict[str, tuple[int, int | None]] = {
        ref: (pk, requester_id)  # type: ignore[misc]
        for ref, pk, requester_id in InformationRequest.objects.filter(
            legacy_reference__in={r.review_of for r in batch if r.review_of}
        ).values_list("legacy_reference", "id", "requester_id")
    }
    # Plain {attname: value} rows, not model instances: insert_values writes what
    # bulk_create of `Model(**row)` would (tests/core/test_bulk.py, tests/demo).
    people = iter(
        insert_values(
            Requester,
            [dict(row.requester) for row in batch if row.kind != RequestKind.INTERNAL_REVIEW],
            returning=True,
        )
    )
    actor_id = actor.pk if actor is not None else None
    requests = []
    for row in batch:
        key = (row.kind, row.received_on.year)
        number = next_number[key]
        next_number[key] += 1
        parent_id, parent_requester_id = parents.get(row.review_of, (None, None))
        requests.append(
            {
                **request_fields(row, number, max_extension=max_extension),
                "requester_id": (
                    parent_requester_id if row.kind == RequestKind.INTERNAL_REVIEW else next(people)
                ),
                "parent_id": parent_id if row.review_of else None,
                "created_by_id": actor_id,
            }
        )
    created = insert_values(InformationRequest, requests, returning=True)
    stops, events = [], []  # type: ignore[var-annotated]
    for row, request_id in zip(batch, created, strict=True):
        stops.extend(
            {
                "request_id": request_id,
                "reason": stop.reason.value,
                "started_on": stop.started_on,
                "ended_on": stop.ended_on,
            }
            for stop in row.stops
        )
        events.append(
            {
                "request_id": request_id,
                "type": EventType.IMPORTED,
                "actor_id": actor_id,
                "description": event_description(row),
                "after": event_after(row),
            }
        )
        result.by_kind[row.kind] = result.by_kind.get(row.kind, 0) + 1
    insert_values(ClockStop, stops)
    insert_values(RequestEvent, events)
    result.imported += len(batch)
