"""Internal reviews and complaints to the regulator."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accounts.models import User
from core.errors import TransitionError

from ..models import (
    InformationRequest,
    RegulatorComplaint,
)
from ..selectors import statutory_rules, uk_today
from ..vocabularies import (
    ComplaintOutcome,
    EventType,
    RequestKind,
    Status,
)
from ._common import (
    DATE_FIELDS,
    _apply_deadline,
    _check_date,
    _check_transition,
    _event,
    _invalid,
    _lock,
    _timeliness_changed,
    _values,
)
from .intake import _allocate_reference


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
    if received_on < parent.closed_on:
        raise _invalid(
            "received_on",
            f"A review cannot be asked for before the response was sent ({parent.closed_on:%d %B %Y}).",
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
        f"Internal review of {parent.reference} logged, received {received_on:%d %B %Y}.",
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
        f"received {received_on:%d %B %Y}.",
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
