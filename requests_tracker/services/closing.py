"""Closing, withdrawing, reopening and lapsing a request; recomputing due dates after the
calendar of non-working days changes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.dates import long_date
from core.kernel import Change, invalid, values

from ..models import ClockStop, InformationRequest
from ..selectors import statutory_rules, uk_today
from ..vocabularies import (
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_EXEMPTIONS,
    EventType,
    LateReason,
    Outcome,
    RequestKind,
    Status,
    StopReason,
    exemptions_for,
)
from . import actions
from ._common import DATE_FIELDS, apply_deadline, check_date, timeliness_changed

logger = logging.getLogger("requests_tracker.services")

#: Stops that lapse the request when nobody answers for longer than the lapse period.
LAPSING_STOP_REASONS = (StopReason.IDENTITY, StopReason.CLARIFICATION, StopReason.FEE)


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
    return actions.WORKFLOW.perform(
        "close",
        pk=request_id,
        actor=actor,
        version=version,
        closed_on=closed_on,
        outcome=outcome,
        exemptions=exemptions,
        late_reason=late_reason,
        late_reason_detail=late_reason_detail,
        pages_disclosed=pages_disclosed,
        pages_withheld=pages_withheld,
    )


def close_work(
    change: Change[InformationRequest],
    *,
    closed_on: date,
    outcome: str,
    exemptions: list[str] | None = None,
    late_reason: str = "",
    late_reason_detail: str = "",
    pages_disclosed: int | None = None,
    pages_withheld: int | None = None,
) -> None:
    request = change.record
    exemptions = list(dict.fromkeys(exemptions or []))
    late_reason = late_reason or ""
    late_reason_detail = late_reason_detail or ""
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
        raise invalid(
            "pages_disclosed", "Pages disclosed and withheld apply to right of access only."
        )
    before = change.values(("status",))
    request.status = Status.CLOSED
    request.closed_on = closed_on
    request.outcome = outcome
    request.exemptions = exemptions
    request.late_reason = late_reason
    request.late_reason_detail = late_reason_detail.strip()
    request.pages_disclosed = pages_disclosed
    request.pages_withheld = pages_withheld
    timeliness_changed(closed_on, request.due_on)
    timing = "on time" if request.on_time else "late"
    change.event(
        f"Closed {timing} on {long_date(closed_on)}: {Outcome(outcome).label.lower()}"
        + (f" ({', '.join(exemptions)})" if exemptions else "")
        + (f". Late because: {LateReason(late_reason).label.lower()}" if late_reason else "")
        + ".",
        before=before,
        after=change.values(
            ("status", "closed_on", "outcome", "exemptions", "late_reason", "due_on")
        ),
    )


def withdraw(
    *,
    request_id: int,
    actor: User | None,
    withdrawn_on: date,
    reason: str,
    version: int | None = None,
) -> InformationRequest:
    return actions.WORKFLOW.perform(
        "withdraw",
        pk=request_id,
        actor=actor,
        version=version,
        withdrawn_on=withdrawn_on,
        reason=reason,
    )


def withdraw_work(change: Change[InformationRequest], *, withdrawn_on: date, reason: str) -> None:
    request = change.record
    check_date(withdrawn_on, "withdrawn_on", "The date of withdrawal", uk_today())
    if withdrawn_on < request.received_on:
        raise invalid("withdrawn_on", "A request cannot be withdrawn before it was received.")
    if not reason.strip():
        raise invalid("reason", "Enter why the request was withdrawn.")
    before = change.values(("status",))
    request.status = Status.WITHDRAWN
    request.withdrawn_on = withdrawn_on
    request.withdrawal_reason = reason.strip()
    timeliness_changed(request.received_on)
    change.event(
        f"Withdrawn on {long_date(withdrawn_on)}: {request.withdrawal_reason}",
        before=before,
        after=change.values(("status", "withdrawn_on")),
    )


def reopen(
    *, request_id: int, actor: User | None, reason: str, version: int | None = None
) -> InformationRequest:
    """Reopen a closed, withdrawn or lapsed request. Its response date, outcome and
    withdrawal are cleared and its statutory dates recomputed."""
    return actions.WORKFLOW.perform(
        "reopen", pk=request_id, actor=actor, version=version, reason=reason
    )


def reopen_work(change: Change[InformationRequest], *, reason: str) -> None:
    request = change.record
    if not reason.strip():
        raise invalid("reason", "Enter why the request is being reopened.")
    before = change.values(("status", "closed_on", "outcome", "withdrawn_on", "lapsed_on"))
    has_open_stop = request.clock_stops.filter(ended_on__isnull=True).exists()
    # Back to where it was: on hold if a stop is still open (a lapsed request), else open.
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
    apply_deadline(request, statutory_rules())
    timeliness_changed(request.received_on)
    change.event(
        f"Reopened: {reason.strip()}",
        before=before,
        after=change.values(("status", *DATE_FIELDS)),
    )


@transaction.atomic
def lapse_stalled_requests(*, today: date | None = None) -> list[str]:
    """Lapse every request whose clock has been stopped, waiting for identity,
    clarification or a fee, for longer than CLOCK_STOP_LAPSE_DAYS. Idempotent."""
    today = today or uk_today()
    cutoff = today - timedelta(days=settings.CLOCK_STOP_LAPSE_DAYS)
    stalled_stops = ClockStop.objects.filter(
        ended_on__isnull=True, reason__in=LAPSING_STOP_REASONS, started_on__lt=cutoff
    ).values("request_id")
    # Rows another transaction holds are left for the next run (skip_locked); the ones
    # taken here stay locked, so each lapse below re-locks them without waiting.
    stalled = list(
        InformationRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=Status.ON_HOLD, pk__in=stalled_stops)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    lapsed = [
        actions.WORKFLOW.perform("lapse", pk=pk, actor=None, today=today).reference
        for pk in stalled
    ]
    if lapsed:
        logger.info("lapsed %d requests", len(lapsed))
    return lapsed


def lapse_work(change: Change[InformationRequest], *, today: date) -> None:
    request = change.record
    request.status = Status.LAPSED
    request.lapsed_on = today
    timeliness_changed(request.received_on)
    change.event(
        f"Lapsed: no reply for more than {settings.CLOCK_STOP_LAPSE_DAYS} days "
        "while the clock was stopped.",
        before={"status": Status.ON_HOLD.value},
        after=change.values(("status", "lapsed_on")),
    )


@transaction.atomic
def recompute_open_due_dates(*, progress: Callable[[int], None] | None = None) -> int:
    """Recompute the due dates of open requests (after a holiday is added). The stored
    due date of a closed request never changes. Returns how many due dates moved. A
    system job over many requests, not an action: it saves and records through the
    workflow without a lock per row (the rows are locked together here)."""
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
        before = values(request, DATE_FIELDS)
        apply_deadline(request, rules)
        if values(request, DATE_FIELDS) != before:
            actions.WORKFLOW.save(request)
            timeliness_changed(before["due_on"], request.due_on)
            actions.WORKFLOW.event(
                request,
                EventType.DUE_DATE_RECALCULATED,
                None,
                "Due date recalculated after a change to the calendar of non-working days.",
                before=before,
                after=values(request, DATE_FIELDS),
            )
            moved += 1
        if progress:
            progress(1)
    return moved
