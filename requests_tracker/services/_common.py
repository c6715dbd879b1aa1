"""What the request services share: dates in a request's history, the statutory dates,
and the announcement that the timeliness figures changed. The machinery of a change
(lock, version, permission, status, events) is the casework kernel's (core/kernel.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from core import outbox, policy
from core.dates import long_date
from core.kernel import invalid

from .. import statutory
from ..models import InformationRequest
from ..vocabularies import TIMELINESS_STREAM, RequestKind

#: The statutory dates a request stores (a timeline event's before/after).
DATE_FIELDS = ("clock_started_on", "original_due_on", "due_on")


def from_statutory(error: statutory.StatutoryError) -> ValidationError:
    return invalid(getattr(error, "field", None), str(error))


def date_problem(value: date | None, what: str, today: date) -> str | None:
    """Why `value` cannot be a date in a request's history, or None: not in the future,
    and not before settings.EARLIEST_DATE (a mistyped year)."""
    if value is None:
        return None
    if value > today:
        return f"{what} cannot be in the future."
    earliest = settings.EARLIEST_DATE
    if value < earliest:
        return f"{what} cannot be before {long_date(earliest)}: check the year."
    return None


def check_date(value: date | None, field: str, what: str, today: date) -> None:
    problem = date_problem(value, what, today)
    if problem:
        raise invalid(field, problem)


def may_work_on(actor: Any, request: InformationRequest) -> bool:
    """Who may act on a request: the system, and staff on the requests they see."""
    return policy.acts_on_case(
        actor, unit_id=request.unit_id, assigned_to_id=request.assigned_to_id
    )


def stops_of(request: InformationRequest) -> list[statutory.Stop]:
    """The request's clock stops, as the statutory module takes them."""
    if request.pk is None:
        return []
    return [
        statutory.Stop(
            reason=statutory.StopReason(stop.reason),
            started_on=stop.started_on,
            ended_on=stop.ended_on,
        )
        for stop in request.clock_stops.order_by("started_on", "id")
    ]


def review_of(request: InformationRequest) -> statutory.Kind | None:
    if request.kind != RequestKind.INTERNAL_REVIEW:
        return None
    return statutory.Kind(request.parent.kind)  # type: ignore[union-attr]


def _deadline(
    request: InformationRequest, rules: statutory.Rules, **overrides: Any
) -> statutory.Deadline:
    arguments: dict[str, Any] = {
        "kind": statutory.Kind(request.kind),
        "received_on": request.received_on,
        "regime": statutory.Regime(request.regime) if request.regime else None,
        "stops": stops_of(request),
        "extended": request.extended or request.complex,
        "extension_working_days": request.extension_working_days,
        "review_of": review_of(request),
        "rules": rules,
    }
    arguments.update(overrides)
    return statutory.compute_deadline(**arguments)


def apply_deadline(request: InformationRequest, rules: statutory.Rules) -> None:
    """Recompute the stored statutory dates from receipt, stops and extension."""
    deadline = _deadline(request, rules)
    request.clock_started_on = deadline.clock_started_on
    request.original_due_on = deadline.original_due_on
    request.due_on = deadline.due_on
    request.due_explanation = deadline.explanation


def timeliness_changed(*dates: date | str | None) -> None:
    """Announce, in this transaction, that the monthly timeliness figures change from the
    earliest of `dates` onwards (core/outbox.py: durable, drained after commit)."""
    days = [date.fromisoformat(d) if isinstance(d, str) else d for d in dates]
    outbox.announce(TIMELINESS_STREAM, *days, reason="Requests changed")
