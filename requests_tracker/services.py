"""Every write that means something to a request.

Each service is one transaction: lock the row, check the version (optimistic lock) and
the allowed-transition table, validate, write the change and its timeline event,
recompute the statutory dates. Domain errors:
- `django.core.exceptions.ValidationError` for bad input (field errors, HTTP 400);
- `core.errors.ConflictError` when someone else changed the request (HTTP 409);
- `core.errors.TransitionError` when the action is not allowed now (HTTP 409);
- `django.core.exceptions.PermissionDenied` when the user's role does not allow it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Role, Unit, User
from core import outbox
from core.dates import long_date, uk_today
from core.errors import ConflictError, TransitionError

from . import statutory
from .models import (
    ClockStop,
    InformationRequest,
    ReferenceCounter,
    RegulatorComplaint,
    Requester,
    RequestEvent,
)
from .selectors import statutory_rules
from .vocabularies import (
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_EXEMPTIONS,
    REFERENCE_PREFIX,
    TIMELINESS_STREAM,
    Channel,
    ComplaintOutcome,
    EventType,
    LateReason,
    Outcome,
    Regime,
    RequesterType,
    RequestKind,
    Status,
    StopReason,
    exemptions_for,
)

logger = logging.getLogger(__name__)

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
        return f"{what} cannot be before {long_date(earliest)}: check the year."
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
    return statutory.Kind(request.parent.kind)  # type: ignore[union-attr]


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


# ---------------------------------------------------------------------------------------
# Logging a request
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequesterDetails:
    name: str
    email: str = ""
    address: str = ""
    phone: str = ""


def _validate_requester(details: RequesterDetails | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if details is None:
        return {"requester": ["Enter the requester's name and an email or postal address."]}
    if not details.name.strip():
        errors["requester.name"] = ["Enter the requester's name."]
    if not details.email.strip() and not details.address.strip():
        # FOIA s.8(1)(b): a request must state an address for correspondence.
        errors["requester.email"] = [
            "Enter an email address or a postal address, so the response can be sent."
        ]
    if details.email.strip():
        try:
            validate_email(details.email.strip())
        except ValidationError:
            errors["requester.email"] = [
                "Enter an email address in the correct format, like name@example.com."
            ]
    return errors


def _allocate_reference(kind: str, year: int) -> tuple[str, int]:
    """Next reference for the kind and year, e.g. FOI-2026-00042 (row-locked counter)."""
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(kind=kind, year=year)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REFERENCE_PREFIX[RequestKind(kind)]}-{year}-{counter.last:05d}", counter.last


@transaction.atomic
def log_request(
    *,
    actor: User | None,
    kind: str,
    received_on: date,
    channel: str,
    requester_type: str,
    summary: str,
    requester: RequesterDetails | None,
    regime: str = "",
    unit: Unit | None = None,
    assigned_to: User | None = None,
) -> InformationRequest:
    """Log a new right-of-access, FOI or EIR request and compute its due date."""
    today = uk_today()
    errors: dict[str, list[str]] = {}
    if kind == RequestKind.INTERNAL_REVIEW:
        errors["kind"] = [
            "Open an internal review from the closed request it reviews, not as a new request."
        ]
    elif kind not in RequestKind.values:
        errors["kind"] = ["Choose the kind of request."]
    if kind == RequestKind.ROA and regime not in Regime.values:
        errors["regime"] = [
            "Choose whether the request is under UK GDPR or DPA 2018 Part 3 (law enforcement)."
        ]
    if kind != RequestKind.ROA and regime:
        errors["regime"] = ["A regime applies only to right-of-access requests."]
    problem = date_problem(received_on, "The date received", today)
    if problem:
        errors["received_on"] = [problem]
    if not summary.strip():
        errors["summary"] = ["Enter a summary of what was asked for."]
    if channel not in Channel.values:
        errors["channel"] = ["Choose how the request arrived."]
    if requester_type not in RequesterType.values:
        errors["requester_type"] = ["Choose the type of requester."]
    errors.update(_validate_requester(requester))
    if errors:
        raise ValidationError(errors)

    reference, number = _allocate_reference(kind, received_on.year)
    person = Requester.objects.create(
        name=requester.name.strip(),  # type: ignore[union-attr]
        email=requester.email.strip(),  # type: ignore[union-attr]
        address=requester.address.strip(),  # type: ignore[union-attr]
        phone=requester.phone.strip(),  # type: ignore[union-attr]
    )
    request = InformationRequest(
        reference=reference,
        reference_year=received_on.year,
        reference_number=number,
        kind=kind,
        regime=regime if kind == RequestKind.ROA else "",
        received_on=received_on,
        channel=channel,
        requester_type=requester_type,
        summary=summary.strip(),
        unit=unit or (actor.unit if actor else None),
        requester=person,
        created_by=actor,
    )
    if assigned_to is not None:
        _check_assignee(request, assigned_to)
        request.assigned_to = assigned_to
        request.assigned_on = today
    _apply_deadline(request, statutory_rules())
    request.save()
    _event(
        request,
        EventType.LOGGED,
        actor,
        f"{request.get_kind_display()} request logged, received {long_date(received_on)}.",
        after=_values(request, ("status", "received_on", *DATE_FIELDS)),
    )
    _timeliness_changed(request, request.received_on)
    logger.info("request logged: %s", request.reference)
    return request


# ---------------------------------------------------------------------------------------
# Clock stops and extensions
# ---------------------------------------------------------------------------------------


@transaction.atomic
def stop_clock(
    *,
    request_id: int,
    actor: User | None,
    reason: str,
    started_on: date,
    version: int | None = None,
) -> InformationRequest:
    request = _lock(request_id, version)
    _check_transition(request, "stop_clock")
    if reason not in StopReason.values:
        raise _invalid("reason", "Choose why the clock is being stopped.")
    try:
        statutory.check_new_stop(
            kind=statutory.Kind(request.kind),
            reason=statutory.StopReason(reason),
            started_on=started_on,
            received_on=request.received_on,
            stops=_stops(request),
            today=uk_today(),
        )
    except statutory.StatutoryError as error:
        raise _from_statutory(error) from None
    if request.due_on is not None and started_on > request.due_on:
        # A stop cannot revive a deadline that has already been missed.
        raise _invalid(
            "started_on",
            f"The deadline ({long_date(request.due_on)}) had passed by then, so the clock "
            "can no longer be stopped. Record the reply as late instead.",
        )
    before = _values(request, ("status", *DATE_FIELDS))
    ClockStop.objects.create(
        request=request, reason=reason, started_on=started_on, created_by=actor
    )
    request.status = Status.ON_HOLD
    _apply_deadline(request, statutory_rules())
    _save(request)
    _timeliness_changed(request, before["due_on"], request.due_on)
    _event(
        request,
        EventType.CLOCK_STOPPED,
        actor,
        f"Clock stopped from {long_date(started_on)}: {StopReason(reason).label.lower()}.",
        before=before,
        after={**_values(request, ("status", *DATE_FIELDS)), "reason": reason},
    )
    return request


@transaction.atomic
def restart_clock(
    *, request_id: int, actor: User | None, ended_on: date, version: int | None = None
) -> InformationRequest:
    request = _lock(request_id, version)
    _check_transition(request, "restart_clock")
    stop = request.clock_stops.select_for_update().filter(ended_on__isnull=True).first()
    if stop is None:  # on hold without an open stop cannot happen through services
        raise TransitionError(f"{request.reference} has no stopped clock to restart.")
    try:
        statutory.check_restart(
            stop=statutory.Stop(
                reason=statutory.StopReason(stop.reason), started_on=stop.started_on
            ),
            ended_on=ended_on,
            today=uk_today(),
        )
    except statutory.StatutoryError as error:
        raise _from_statutory(error) from None
    before = _values(request, ("status", *DATE_FIELDS))
    stop.ended_on = ended_on
    stop.save(update_fields=["ended_on"])
    request.status = Status.OPEN
    _apply_deadline(request, statutory_rules())
    _save(request)
    _timeliness_changed(request, before["due_on"], request.due_on)
    _event(
        request,
        EventType.CLOCK_RESTARTED,
        actor,
        f"Clock restarted on {long_date(ended_on)} ({stop.get_reason_display().lower()} "
        f"since {long_date(stop.started_on)}).",
        before=before,
        after=_values(request, ("status", *DATE_FIELDS)),
    )
    return request


@transaction.atomic
def extend(
    *,
    request_id: int,
    actor: User | None,
    extended_on: date,
    reason: str,
    working_days: int | None = None,
    version: int | None = None,
) -> InformationRequest:
    """A lawful extension: two further months for right of access, a public interest
    extension for FOI, 40 working days in total for EIR and internal reviews."""
    request = _lock(request_id, version)
    _check_transition(request, "extend")
    if not reason.strip():
        raise _invalid("reason", "Enter the reason for the extension.")
    rules = statutory_rules()
    try:
        statutory.check_extension(
            kind=statutory.Kind(request.kind),
            regime=statutory.Regime(request.regime) if request.regime else None,
            received_on=request.received_on,
            extended_on=extended_on,
            original_due_on=request.original_due_on,
            already_extended=request.extended or request.complex,
            working_days=working_days,
            review_of=_review_of(request),
            today=uk_today(),
            rules=rules,
        )
    except statutory.StatutoryError as error:
        raise _from_statutory(error) from None
    before = _values(request, ("extended", *DATE_FIELDS))
    request.extended = True
    request.extended_on = extended_on
    request.extension_reason = reason.strip()
    if request.kind == RequestKind.FOI:
        request.extension_working_days = working_days or rules.foi_max_extension_working_days
    _apply_deadline(request, rules)
    _save(request)
    _timeliness_changed(request, before["due_on"], request.due_on)
    _event(
        request,
        EventType.EXTENDED,
        actor,
        f"Deadline extended to {long_date(request.due_on)}: {request.extension_reason}",  # type: ignore[arg-type]
        before=before,
        after=_values(request, ("extended", *DATE_FIELDS)),
    )
    return request


# ---------------------------------------------------------------------------------------
# Assignment and notes
# ---------------------------------------------------------------------------------------


def _check_assignee(request: InformationRequest, assignee: User) -> None:
    if not assignee.is_active or not assignee.has_role(Role.CASEWORKER, Role.TEAM_LEAD):
        raise _invalid("user", f"{assignee.display_name} is not an active caseworker or team lead.")
    if request.unit_id is not None and assignee.unit_id != request.unit_id:
        raise _invalid(
            "user", f"{assignee.display_name} does not work in {request.unit}, the request's unit."
        )


@transaction.atomic
def assign(
    *, request_id: int, actor: User, assignee: User, version: int | None = None
) -> InformationRequest:
    request = _lock(request_id, version)
    _check_transition(request, "assign")
    may_assign_others = actor.has_role(Role.TEAM_LEAD, Role.DPO, Role.ADMIN)
    if assignee.pk != actor.pk and not may_assign_others:
        raise PermissionDenied("Only a team lead can assign a request to someone else.")
    _check_assignee(request, assignee)
    before = _values(request, ("assigned_to", "assigned_on"))
    request.assigned_to = assignee
    request.assigned_on = uk_today()
    _save(request)
    _event(
        request,
        EventType.ASSIGNED,
        actor,
        f"Assigned to {assignee.display_name}.",
        before=before,
        after=_values(request, ("assigned_to", "assigned_on")),
    )
    return request


@transaction.atomic
def add_note(
    *, request_id: int, actor: User | None, text: str, version: int | None = None
) -> RequestEvent:
    """A note joins the timeline; it does not change the request, so its version stays."""
    request = _lock(request_id, version)
    if not text.strip():
        raise _invalid("text", "Enter the note.")
    return _event(request, EventType.NOTE, actor, text.strip())


# ---------------------------------------------------------------------------------------
# Closing, withdrawing, reopening, lapsing
# ---------------------------------------------------------------------------------------


def closure_errors(
    *,
    kind: str,
    regime: str,
    received_on: date,
    due_on: date | None,
    last_restart: date | None,
    closed_on: date,
    outcome: str,
    exemptions: list[str],
    late_reason: str,
    late_reason_detail: str,
    today: date,
) -> dict[str, list[str]]:
    """What is wrong with closing a request this way (empty when nothing is). Shared by
    close_request and the legacy importer, so both apply the same rules."""
    errors: dict[str, list[str]] = {}
    allowed = OUTCOMES_BY_KIND[RequestKind(kind)]
    if outcome not in allowed:
        labels = ", ".join(Outcome(code).label.lower() for code in allowed)
        errors["outcome"] = [f"Choose an outcome for this kind of request: {labels}."]
    if closed_on > today:
        errors["closed_on"] = ["The date the response was sent cannot be in the future."]
    elif closed_on < received_on:
        errors["closed_on"] = [
            f"The response cannot be sent before the request was received ({long_date(received_on)})."
        ]
    elif last_restart and closed_on < last_restart:
        errors["closed_on"] = [
            f"The response cannot be dated before the clock restarted ({long_date(last_restart)})."
        ]
    needing = OUTCOMES_NEEDING_EXEMPTIONS[RequestKind(kind)]
    valid_codes = {code for code, _ in exemptions_for(kind, regime)}
    unknown = [code for code in exemptions if code not in valid_codes]
    if unknown:
        errors["exemptions"] = [
            f"Not an exemption that applies to this kind of request: {', '.join(unknown)}."
        ]
    elif outcome in needing and not exemptions:
        errors["exemptions"] = [
            f"Choose the exemptions relied on for '{Outcome(outcome).label.lower()}'."
        ]
    elif exemptions and outcome not in needing:
        errors["exemptions"] = ["Exemptions apply only when information is withheld."]
    late = due_on is not None and closed_on > due_on
    if late and not late_reason:
        errors["late_reason"] = [
            f"The response is late (it was due by {long_date(due_on)}): choose why."  # type: ignore[arg-type]
        ]
    elif late_reason and late_reason not in LateReason.values:
        errors["late_reason"] = ["Choose a reason from the list."]
    elif late_reason and not late:
        errors["late_reason"] = ["The response is on time, so no late reason is needed."]
    elif late_reason == LateReason.OTHER and not late_reason_detail.strip():
        errors["late_reason_detail"] = ["Describe why the response is late."]
    return errors


@transaction.atomic
def close_request(
    *,
    request_id: int,
    actor: User | None,
    closed_on: date,
    outcome: str,
    exemptions: list[str] | None = None,
    late_reason: str = "",
    late_reason_detail: str = "",
    pages_disclosed: int | None = None,
    pages_withheld: int | None = None,
    version: int | None = None,
) -> InformationRequest:
    request = _lock(request_id, version)
    _check_transition(request, "close")
    exemptions = list(dict.fromkeys(exemptions or []))
    errors = closure_errors(
        kind=request.kind,
        regime=request.regime,
        received_on=request.received_on,
        due_on=request.due_on,
        last_restart=max(
            (stop.ended_on for stop in request.clock_stops.all() if stop.ended_on), default=None
        ),
        closed_on=closed_on,
        outcome=outcome,
        exemptions=exemptions,
        late_reason=late_reason,
        late_reason_detail=late_reason_detail,
        today=uk_today(),
    )
    if errors:
        raise ValidationError(errors)
    if request.kind != RequestKind.ROA and (pages_disclosed or pages_withheld):
        raise _invalid(
            "pages_disclosed", "Pages disclosed and withheld apply to right of access only."
        )
    before = _values(request, ("status",))
    request.status = Status.CLOSED
    request.closed_on = closed_on
    request.outcome = outcome
    request.exemptions = exemptions
    request.late_reason = late_reason
    request.late_reason_detail = late_reason_detail.strip()
    request.pages_disclosed = pages_disclosed
    request.pages_withheld = pages_withheld
    _save(request)
    _timeliness_changed(request, closed_on, request.due_on)
    timing = "on time" if request.on_time else "late"
    _event(
        request,
        EventType.CLOSED,
        actor,
        f"Closed {timing} on {long_date(closed_on)}: {Outcome(outcome).label.lower()}"
        + (f" ({', '.join(exemptions)})" if exemptions else "")
        + (f". Late because: {LateReason(late_reason).label.lower()}" if late_reason else "")
        + ".",
        before=before,
        after=_values(
            request, ("status", "closed_on", "outcome", "exemptions", "late_reason", "due_on")
        ),
    )
    return request


@transaction.atomic
def withdraw(
    *,
    request_id: int,
    actor: User | None,
    withdrawn_on: date,
    reason: str,
    version: int | None = None,
) -> InformationRequest:
    request = _lock(request_id, version)
    _check_transition(request, "withdraw")
    _check_date(withdrawn_on, "withdrawn_on", "The date of withdrawal", uk_today())
    if withdrawn_on < request.received_on:
        raise _invalid("withdrawn_on", "A request cannot be withdrawn before it was received.")
    if not reason.strip():
        raise _invalid("reason", "Enter why the request was withdrawn.")
    before = _values(request, ("status",))
    request.status = Status.WITHDRAWN
    request.withdrawn_on = withdrawn_on
    request.withdrawal_reason = reason.strip()
    _save(request)
    _timeliness_changed(request, request.received_on)
    _event(
        request,
        EventType.WITHDRAWN,
        actor,
        f"Withdrawn on {long_date(withdrawn_on)}: {request.withdrawal_reason}",
        before=before,
        after=_values(request, ("status", "withdrawn_on")),
    )
    return request


@transaction.atomic
def reopen(
    *, request_id: int, actor: User | None, reason: str, version: int | None = None
) -> InformationRequest:
    """Reopen a closed, withdrawn or lapsed request. Its response date, outcome and
    withdrawal are cleared and its statutory dates recomputed."""
    request = _lock(request_id, version)
    _check_transition(request, "reopen")
    if not reason.strip():
        raise _invalid("reason", "Enter why the request is being reopened.")
    before = _values(request, ("status", "closed_on", "outcome", "withdrawn_on", "lapsed_on"))
    has_open_stop = request.clock_stops.filter(ended_on__isnull=True).exists()
    request.status = Status.ON_HOLD if has_open_stop else Status.OPEN
    request.closed_on = None
    request.outcome = ""
    request.exemptions = []
    request.late_reason = ""
    request.late_reason_detail = ""
    request.pages_disclosed = None
    request.pages_withheld = None
    request.withdrawn_on = None
    request.withdrawal_reason = ""
    request.lapsed_on = None
    _apply_deadline(request, statutory_rules())
    _save(request)
    _timeliness_changed(request, request.received_on)
    _event(
        request,
        EventType.REOPENED,
        actor,
        f"Reopened: {reason.strip()}",
        before=before,
        after=_values(request, ("status", *DATE_FIELDS)),
    )
    return request


@transaction.atomic
def lapse_stalled_requests(*, today: date | None = None) -> list[str]:
    """Lapse every request whose clock has been stopped, waiting for identity,
    clarification or a fee, for longer than CLOCK_STOP_LAPSE_DAYS. Idempotent."""
    today = today or uk_today()
    cutoff = today - timedelta(days=settings.CLOCK_STOP_LAPSE_DAYS)
    stalled_stops = ClockStop.objects.filter(
        ended_on__isnull=True, reason__in=LAPSING_STOP_REASONS, started_on__lt=cutoff
    ).values("request_id")
    stalled = (
        InformationRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=Status.ON_HOLD, pk__in=stalled_stops)
        .order_by("id")
    )
    lapsed: list[str] = []
    for request in stalled:
        request.status = Status.LAPSED
        request.lapsed_on = today
        _save(request)
        _timeliness_changed(request, request.received_on)
        _event(
            request,
            EventType.LAPSED,
            None,
            f"Lapsed: no reply for more than {settings.CLOCK_STOP_LAPSE_DAYS} days "
            "while the clock was stopped.",
            before={"status": Status.ON_HOLD.value},
            after=_values(request, ("status", "lapsed_on")),
        )
        lapsed.append(request.reference)
    if lapsed:
        logger.info("lapsed %d requests", len(lapsed))
    return lapsed


@transaction.atomic
def recompute_open_due_dates(*, progress: Callable[[int], None] | None = None) -> int:
    """Recompute the due dates of open requests (after a holiday is added). The stored
    due date of a closed request never changes. Returns how many due dates moved."""
    rules = statutory_rules()
    moved = 0
    queryset = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("parent")
        .prefetch_related("clock_stops")
        .filter(status__in=(Status.OPEN, Status.ON_HOLD))
        .order_by("id")
    )
    for request in queryset:
        before = _values(request, DATE_FIELDS)
        _apply_deadline(request, rules)
        if _values(request, DATE_FIELDS) != before:
            _save(request)
            _timeliness_changed(request, before["due_on"], request.due_on)
            _event(
                request,
                EventType.DUE_DATE_RECALCULATED,
                None,
                "Due date recalculated after a change to the calendar of non-working days.",
                before=before,
                after=_values(request, DATE_FIELDS),
            )
            moved += 1
        if progress:
            progress(1)
    return moved


# ---------------------------------------------------------------------------------------
# Internal reviews and complaints to the regulator
# ---------------------------------------------------------------------------------------


@transaction.atomic
def open_internal_review(
    *,
    request_id: int,
    actor: User | None,
    received_on: date,
    complex: bool = False,
    version: int | None = None,
) -> InformationRequest:
    """Open the internal review of a closed FOI or EIR response; returns the review."""
    parent = _lock(request_id, version)
    _check_transition(parent, "internal_review")
    if parent.kind not in (RequestKind.FOI, RequestKind.EIR):
        raise TransitionError(
            "Internal reviews are for FOI and EIR responses; "
            f"{parent.reference} is a {parent.get_kind_display().lower()} request."
        )
    _check_date(received_on, "received_on", "The date the review was asked for", uk_today())
    if received_on < parent.closed_on:  # type: ignore[operator]
        raise _invalid(
            "received_on",
            f"A review cannot be asked for before the response was sent ({long_date(parent.closed_on)}).",  # type: ignore[arg-type]
        )
    existing = parent.reviews.exclude(status__in=(Status.WITHDRAWN, Status.LAPSED)).first()
    if existing is not None:
        raise TransitionError(
            f"{parent.reference} already has an internal review: {existing.reference}."
        )
    reference, number = _allocate_reference(RequestKind.INTERNAL_REVIEW, received_on.year)
    review = InformationRequest(
        reference=reference,
        reference_year=received_on.year,
        reference_number=number,
        kind=RequestKind.INTERNAL_REVIEW,
        received_on=received_on,
        channel=parent.channel,
        requester_type=parent.requester_type,
        summary=f"Internal review of {parent.reference}",
        unit=parent.unit,
        requester=parent.requester,
        assigned_to=None,
        parent=parent,
        complex=complex,
        created_by=actor,
    )
    _apply_deadline(review, statutory_rules())
    review.save()
    _timeliness_changed(review, review.received_on)
    _event(
        review,
        EventType.LOGGED,
        actor,
        f"Internal review of {parent.reference} logged, received {long_date(received_on)}.",
        after=_values(review, ("status", "received_on", *DATE_FIELDS)),
    )
    _event(
        parent,
        EventType.REVIEW_OPENED,
        actor,
        f"Internal review {review.reference} opened.",
        after={"review": review.reference},
    )
    return review


@transaction.atomic
def record_complaint(
    *,
    request_id: int,
    actor: User | None,
    received_on: date,
    regulator_reference: str,
    regulator_deadline: date | None = None,
) -> RegulatorComplaint:
    request = _lock(request_id, None)
    _check_date(received_on, "received_on", "The date of the complaint", uk_today())
    if received_on < request.received_on:
        raise _invalid("received_on", "A complaint cannot come before the request was received.")
    if not regulator_reference.strip():
        raise _invalid("regulator_reference", "Enter the regulator's case reference.")
    if regulator_deadline is not None and regulator_deadline < received_on:
        raise _invalid(
            "regulator_deadline", "The regulator's deadline cannot be before the complaint."
        )
    complaint = RegulatorComplaint.objects.create(
        request=request,
        received_on=received_on,
        regulator_reference=regulator_reference.strip(),
        regulator_deadline=regulator_deadline,
    )
    _event(
        request,
        EventType.COMPLAINT_RECORDED,
        actor,
        f"Complaint to the regulator recorded ({complaint.regulator_reference}), "
        f"received {long_date(received_on)}.",
        after={"regulator_reference": complaint.regulator_reference},
    )
    return complaint


@transaction.atomic
def record_complaint_decision(
    *,
    complaint_id: int,
    actor: User | None,
    outcome: str,
    decided_on: date,
    decision_notice_reference: str = "",
) -> RegulatorComplaint:
    try:
        complaint = RegulatorComplaint.objects.select_for_update().get(pk=complaint_id)
    except RegulatorComplaint.DoesNotExist:
        raise _invalid("complaint", "That complaint does not exist.") from None
    if complaint.outcome:
        raise TransitionError("The regulator's decision on this complaint is already recorded.")
    if outcome not in ComplaintOutcome.values:
        raise _invalid("outcome", "Choose upheld, partly upheld or not upheld.")
    _check_date(decided_on, "decided_on", "The date of the decision", uk_today())
    if decided_on < complaint.received_on:
        raise _invalid("decided_on", "The decision cannot come before the complaint.")
    complaint.outcome = outcome
    complaint.decided_on = decided_on
    complaint.decision_notice_reference = decision_notice_reference.strip()
    complaint.save()
    _event(
        complaint.request,
        EventType.COMPLAINT_DECIDED,
        actor,
        f"Regulator's decision on {complaint.regulator_reference}: "
        f"{ComplaintOutcome(outcome).label.lower()}"
        + (
            f" (decision notice {complaint.decision_notice_reference})"
            if complaint.decision_notice_reference
            else ""
        )
        + ".",
        after={"outcome": outcome, "decided_on": decided_on.isoformat()},
    )
    return complaint


# ---------------------------------------------------------------------------------------
# Bulk assignment (team leads, from the request list)
# ---------------------------------------------------------------------------------------


@transaction.atomic
def assign_many(*, request_ids: list[int], actor: User, assignee: User) -> list[InformationRequest]:
    """Assign several requests to one person: all or nothing. Each gets its own
    timeline event through `assign`; any refusal names the request and changes none."""
    assigned = []
    for request_id in sorted(set(request_ids)):
        try:
            assigned.append(assign(request_id=request_id, actor=actor, assignee=assignee))
        except (ValidationError, TransitionError) as error:
            reference = (
                InformationRequest.objects.filter(pk=request_id)
                .values_list("reference", flat=True)
                .first()
            )
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise _invalid(None, f"{reference}: {' '.join(messages)}") from None
    return assigned
