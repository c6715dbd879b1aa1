"""Clock stops and extensions (docs/law.md, "Clock stops" and "Extensions")."""

from __future__ import annotations

from datetime import date

from accounts.models import User
from core.dates import long_date
from core.errors import TransitionError
from core.kernel import Change, invalid

from .. import statutory
from ..models import ClockStop, InformationRequest
from ..selectors import statutory_rules, uk_today
from ..vocabularies import RequestKind, Status, StopReason
from . import actions
from ._common import (
    DATE_FIELDS,
    apply_deadline,
    from_statutory,
    review_of,
    stops_of,
    timeliness_changed,
)


def stop_clock(
    *,
    request_id: int,
    actor: User | None,
    reason: str,
    started_on: date,
    version: int | None = None,
) -> InformationRequest:
    return actions.WORKFLOW.perform(
        "stop_clock",
        pk=request_id,
        actor=actor,
        version=version,
        reason=reason,
        started_on=started_on,
    )


def stop_clock_work(change: Change[InformationRequest], *, reason: str, started_on: date) -> None:
    request = change.record
    if reason not in StopReason.values:
        raise invalid("reason", "Choose why the clock is being stopped.")
    try:
        statutory.check_new_stop(
            kind=statutory.Kind(request.kind),
            reason=statutory.StopReason(reason),
            started_on=started_on,
            received_on=request.received_on,
            stops=stops_of(request),
            today=uk_today(),
        )
    except statutory.StatutoryError as error:
        raise from_statutory(error) from None
    if request.due_on is not None and started_on > request.due_on:
        # A stop cannot revive a deadline that has already been missed.
        raise invalid(
            "started_on",
            f"The deadline ({long_date(request.due_on)}) had passed by then, so the clock "
            "can no longer be stopped. Record the reply as late instead.",
        )
    before = change.values(("status", *DATE_FIELDS))
    ClockStop.objects.create(
        request=request, reason=reason, started_on=started_on, created_by=change.actor
    )
    request.status = Status.ON_HOLD
    apply_deadline(request, statutory_rules())
    timeliness_changed(before["due_on"], request.due_on)
    change.event(
        f"Clock stopped from {long_date(started_on)}: {StopReason(reason).label.lower()}.",
        before=before,
        after={**change.values(("status", *DATE_FIELDS)), "reason": reason},
    )


def restart_clock(
    *, request_id: int, actor: User | None, ended_on: date, version: int | None = None
) -> InformationRequest:
    return actions.WORKFLOW.perform(
        "restart_clock", pk=request_id, actor=actor, version=version, ended_on=ended_on
    )


def restart_clock_work(change: Change[InformationRequest], *, ended_on: date) -> None:
    request = change.record
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
        raise from_statutory(error) from None
    before = change.values(("status", *DATE_FIELDS))
    stop.ended_on = ended_on
    stop.save(update_fields=["ended_on"])
    request.status = Status.OPEN
    request.requester_replied_at = None  # the caseworker has dealt with the reply
    apply_deadline(request, statutory_rules())
    timeliness_changed(before["due_on"], request.due_on)
    change.event(
        f"Clock restarted on {long_date(ended_on)} ({stop.get_reason_display().lower()} "
        f"since {long_date(stop.started_on)}).",
        before=before,
        after=change.values(("status", *DATE_FIELDS)),
    )


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
    return actions.WORKFLOW.perform(
        "extend",
        pk=request_id,
        actor=actor,
        version=version,
        extended_on=extended_on,
        reason=reason,
        working_days=working_days,
    )


def extend_work(
    change: Change[InformationRequest],
    *,
    extended_on: date,
    reason: str,
    working_days: int | None = None,
) -> None:
    request = change.record
    if not reason.strip():
        raise invalid("reason", "Enter the reason for the extension.")
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
            review_of=review_of(request),
            today=uk_today(),
            rules=rules,
        )
    except statutory.StatutoryError as error:
        raise from_statutory(error) from None
    before = change.values(("extended", *DATE_FIELDS))
    request.extended = True
    request.extended_on = extended_on
    request.extension_reason = reason.strip()
    if request.kind == RequestKind.FOI:
        request.extension_working_days = working_days or rules.foi_max_extension_working_days
    apply_deadline(request, rules)
    timeliness_changed(before["due_on"], request.due_on)
    change.event(
        f"Deadline extended to {long_date(request.due_on)}: {request.extension_reason}",  # type: ignore[arg-type]
        before=before,
        after=change.values(("extended", *DATE_FIELDS)),
    )
