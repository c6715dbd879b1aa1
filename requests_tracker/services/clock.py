"""Clock stops and extensions."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accounts.models import User
from core.errors import TransitionError

from .. import statutory
from ..models import (
    ClockStop,
    InformationRequest,
)
from ..selectors import statutory_rules, uk_today
from ..vocabularies import (
    EventType,
    RequestKind,
    Status,
    StopReason,
)
from ._common import (
    DATE_FIELDS,
    _apply_deadline,
    _check_transition,
    _event,
    _from_statutory,
    _invalid,
    _lock,
    _review_of,
    _save,
    _stops,
    _timeliness_changed,
    _values,
)


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
            f"The deadline ({request.due_on:%d %B %Y}) had passed by then, so the clock "
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
        f"Clock stopped from {started_on:%d %B %Y}: {StopReason(reason).label.lower()}.",
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
        f"Clock restarted on {ended_on:%d %B %Y} ({stop.get_reason_display().lower()} "
        f"since {stop.started_on:%d %B %Y}).",
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
        f"Deadline extended to {request.due_on:%d %B %Y}: {request.extension_reason}",
        before=before,
        after=_values(request, ("extended", *DATE_FIELDS)),
    )
    return request
