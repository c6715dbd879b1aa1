"""Plumbing shared by every request service: the transition table, locking, events, statutory dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from accounts.models import Unit, User
from core import outbox
from core.errors import ConflictError, TransitionError

from .. import statutory
from ..models import (
    InformationRequest,
    RequestEvent,
)
from ..vocabularies import (
    TIMELINESS_STREAM,
    EventType,
    RequestKind,
    Status,
    StopReason,
)

ALL_STATUSES = frozenset(Status)

#: The allowed-transition table: the statuses each action may start from, and what to
#: tell a caseworker who tries it from any other.
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "stop_clock": (frozenset({Status.OPEN}), "The clock can only be stopped on an open request."),
    "restart_clock": (frozenset({Status.ON_HOLD}), "The clock is not stopped."),
    "extend": (
        frozenset({Status.OPEN}),
        "Only an open request with its clock running can be extended.",
    ),
    "assign": (frozenset({Status.OPEN, Status.ON_HOLD}), "Only an open request can be assigned."),
    "note": (ALL_STATUSES, ""),
    "close": (
        frozenset({Status.OPEN}),
        "Only an open request with its clock running can be closed; restart the clock first if it is stopped.",
    ),
    "withdraw": (
        frozenset({Status.OPEN, Status.ON_HOLD}),
        "Only an open request can be withdrawn.",
    ),
    "reopen": (
        frozenset({Status.CLOSED, Status.WITHDRAWN, Status.LAPSED}),
        "Only a closed, withdrawn or lapsed request can be reopened.",
    ),
    "internal_review": (
        frozenset({Status.CLOSED}),
        "An internal review can only be opened on a closed request.",
    ),
    "complaint": (ALL_STATUSES, ""),
    "lapse": (frozenset({Status.ON_HOLD}), "Only a request with its clock stopped can lapse."),
}

#: Stops that lapse the request when nobody answers for longer than the lapse period.
LAPSING_STOP_REASONS = (StopReason.IDENTITY, StopReason.CLARIFICATION, StopReason.FEE)


# ---------------------------------------------------------------------------------------
# Plumbing shared by every service
# ---------------------------------------------------------------------------------------


def _invalid(field: str | None, message: str) -> ValidationError:
    return ValidationError({field or NON_FIELD_ERRORS: [message]})


def _from_statutory(error: statutory.StatutoryError) -> ValidationError:
    return _invalid(getattr(error, "field", None), str(error))


def date_problem(value: date | None, what: str, today: date) -> str | None:
    """Why `value` cannot be a date in a request's history, or None: not in the future,
    and not before settings.EARLIEST_DATE (a mistyped year)."""
    if value is None:
        return None
    if value > today:
        return f"{what} cannot be in the future."
    earliest = settings.EARLIEST_DATE
    if value < earliest:
        return f"{what} cannot be before {earliest.day} {earliest:%B %Y}: check the year."
    return None


def _check_date(value: date | None, field: str, what: str, today: date) -> None:
    problem = date_problem(value, what, today)
    if problem:
        raise _invalid(field, problem)


def _lock(request_id: int, version: int | None) -> InformationRequest:
    """Fetch the request with a row lock and check the caller saw the latest version."""
    try:
        request = (
            InformationRequest.objects.select_for_update(of=("self",))
            .select_related("parent")
            .get(pk=request_id)
        )
    except InformationRequest.DoesNotExist:
        raise _invalid(None, "That request does not exist.") from None
    if version is not None and version != request.version:
        raise ConflictError(
            f"{request.reference} was changed by someone else while you were working on it "
            f"(you saw version {version}, it is now version {request.version}). "
            "Reload the request to see the change, then try again."
        )
    return request


def _check_transition(request: InformationRequest, action: str) -> None:
    allowed, message = ALLOWED[action]
    if request.status not in allowed:
        raise TransitionError(
            f"{message} {request.reference} is {request.get_status_display().lower()}."
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.username
    if isinstance(value, Unit):
        return value.name
    return value


def _values(request: InformationRequest, fields: Iterable[str]) -> dict[str, Any]:
    return {field: _jsonable(getattr(request, field)) for field in fields}


def _event(
    request: InformationRequest,
    type_: EventType,
    actor: User | None,
    description: str,
    before: dict | None = None,
    after: dict | None = None,
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        type=type_,
        actor=actor,
        description=description,
        before=before or {},
        after=after or {},
    )


DATE_FIELDS = ("clock_started_on", "original_due_on", "due_on")


def _stops(request: InformationRequest) -> list[statutory.Stop]:
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


def _review_of(request: InformationRequest) -> statutory.Kind | None:
    if request.kind != RequestKind.INTERNAL_REVIEW:
        return None
    return statutory.Kind(request.parent.kind)


def _deadline(
    request: InformationRequest, rules: statutory.Rules, **overrides: Any
) -> statutory.Deadline:
    arguments: dict[str, Any] = {
        "kind": statutory.Kind(request.kind),
        "received_on": request.received_on,
        "regime": statutory.Regime(request.regime) if request.regime else None,
        "stops": _stops(request),
        "extended": request.extended or request.complex,
        "extension_working_days": request.extension_working_days,
        "review_of": _review_of(request),
        "rules": rules,
    }
    arguments.update(overrides)
    return statutory.compute_deadline(**arguments)


def _apply_deadline(request: InformationRequest, rules: statutory.Rules) -> None:
    """Recompute the stored statutory dates from receipt, stops and extension."""
    deadline = _deadline(request, rules)
    request.clock_started_on = deadline.clock_started_on
    request.original_due_on = deadline.original_due_on
    request.due_on = deadline.due_on
    request.due_explanation = deadline.explanation


def _save(request: InformationRequest) -> None:
    request.version += 1
    request.save()


def _timeliness_changed(request: InformationRequest, *dates: date | str | None) -> None:
    """Announce, in this transaction, that the monthly timeliness figures change from the
    earliest of `dates` onwards (core/outbox.py: durable, drained after commit)."""
    days = [date.fromisoformat(d) if isinstance(d, str) else d for d in dates]
    outbox.announce(TIMELINESS_STREAM, *days, reason="Requests changed")
