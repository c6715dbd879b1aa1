"""Internal reviews and complaints to the regulator."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction

from accounts.models import User
from core.dates import long_date
from core.errors import TransitionError
from core.kernel import Change, invalid, values

from ..models import InformationRequest, RegulatorComplaint
from ..selectors import statutory_rules, uk_today
from ..vocabularies import ComplaintOutcome, EventType, RequestKind, Status
from . import actions
from ._common import DATE_FIELDS, apply_deadline, check_date, timeliness_changed
from .intake import allocate_reference

#: The kinds of request whose response can be reviewed internally.
REVIEWABLE_KINDS = (RequestKind.FOI, RequestKind.EIR)


def existing_review(request: InformationRequest) -> InformationRequest | None:
    """The request's internal review that stands (one not withdrawn or lapsed), if any.
    Reads prefetched reviews where the caller prefetched them (the request page)."""
    for review in request.reviews.all():
        if review.status not in (Status.WITHDRAWN, Status.LAPSED):
            return review
    return None


def review_assignee(actor: User | None) -> User | None:
    """Who a new internal review is assigned to: settings.INTERNAL_REVIEW_ASSIGNEE (a
    username, checked by requests_tracker/checks.py) when it names an active user, or
    else the person who opens the review (nobody when the system opens it)."""
    username = settings.INTERNAL_REVIEW_ASSIGNEE
    if username:
        reviewer = User.objects.filter(username=username, is_active=True).first()
        if reviewer is not None:
            return reviewer
    return actor


def open_internal_review(
    *,
    request_id: int,
    actor: User | None,
    received_on: date,
    complex: bool = False,
    version: int | None = None,
) -> InformationRequest:
    """Open the internal review of a closed FOI or EIR response; returns the review."""
    return actions.WORKFLOW.perform(
        "internal_review",
        pk=request_id,
        actor=actor,
        version=version,
        received_on=received_on,
        complex=complex,
    )


def internal_review_work(
    change: Change[InformationRequest], *, received_on: date, complex: bool = False
) -> InformationRequest:
    # The kind and a review already standing are the action's guard (services/actions.py),
    # asked under the row lock before this runs.
    parent, actor = change.record, change.actor
    check_date(received_on, "received_on", "The date the review was asked for", uk_today())
    if received_on < parent.closed_on:  # type: ignore[operator]
        raise invalid(
            "received_on",
            f"A review cannot be asked for before the response was sent ({long_date(parent.closed_on)}).",  # type: ignore[arg-type]
        )
    reference, number = allocate_reference(RequestKind.INTERNAL_REVIEW, received_on.year)
    assignee = review_assignee(actor)
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
        # Someone owns a review from the start, so it is in their My work.
        assigned_to=assignee,
        assigned_on=uk_today() if assignee is not None else None,
        parent=parent,
        complex=complex,
        created_by=actor,
    )
    apply_deadline(review, statutory_rules())
    review.save()
    timeliness_changed(review.received_on)
    change.workflow.event(
        review,
        EventType.LOGGED,
        actor,
        f"Internal review of {parent.reference} logged, received {long_date(received_on)}."
        + (f" Assigned to {assignee.display_name}." if assignee is not None else ""),
        after=values(review, ("status", "received_on", *DATE_FIELDS, "assigned_to")),
    )
    change.event(f"Internal review {review.reference} opened.", after={"review": review.reference})
    return review


def record_complaint(
    *,
    request_id: int,
    actor: User | None,
    received_on: date,
    regulator_reference: str,
    regulator_deadline: date | None = None,
) -> RegulatorComplaint:
    return actions.WORKFLOW.perform(
        "complaint",
        pk=request_id,
        actor=actor,
        received_on=received_on,
        regulator_reference=regulator_reference,
        regulator_deadline=regulator_deadline,
    )


def complaint_work(
    change: Change[InformationRequest],
    *,
    received_on: date,
    regulator_reference: str,
    regulator_deadline: date | None = None,
) -> RegulatorComplaint:
    request = change.record
    check_date(received_on, "received_on", "The date of the complaint", uk_today())
    if received_on < request.received_on:
        raise invalid("received_on", "A complaint cannot come before the request was received.")
    if not regulator_reference.strip():
        raise invalid("regulator_reference", "Enter the regulator's case reference.")
    if regulator_deadline is not None and regulator_deadline < received_on:
        raise invalid(
            "regulator_deadline", "The regulator's deadline cannot be before the complaint."
        )
    complaint = RegulatorComplaint.objects.create(
        request=request,
        received_on=received_on,
        regulator_reference=regulator_reference.strip(),
        regulator_deadline=regulator_deadline,
    )
    change.event(
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
    request_id = (
        RegulatorComplaint.objects.filter(pk=complaint_id).values_list("request_id", flat=True)
    ).first()
    if request_id is None:
        raise invalid("complaint", "That complaint does not exist.")
    return actions.WORKFLOW.perform(
        "complaint_decision",
        pk=request_id,
        actor=actor,
        complaint=complaint_id,
        outcome=outcome,
        decided_on=decided_on,
        decision_notice_reference=decision_notice_reference,
    )


def complaint_decision_work(
    change: Change[InformationRequest],
    *,
    complaint: int,
    outcome: str,
    decided_on: date,
    decision_notice_reference: str = "",
) -> RegulatorComplaint:
    found = change.record.complaints.select_for_update().filter(pk=complaint).first()
    if found is None:
        raise invalid("complaint", "No such complaint on this request.")
    if found.outcome:
        raise TransitionError("The regulator's decision on this complaint is already recorded.")
    if outcome not in ComplaintOutcome.values:
        raise invalid("outcome", "Choose upheld, partly upheld or not upheld.")
    check_date(decided_on, "decided_on", "The date of the decision", uk_today())
    if decided_on < found.received_on:
        raise invalid("decided_on", "The decision cannot come before the complaint.")
    found.outcome = outcome
    found.decided_on = decided_on
    found.decision_notice_reference = decision_notice_reference.strip()
    found.save()
    change.event(
        f"Regulator's decision on {found.regulator_reference}: "
        f"{ComplaintOutcome(outcome).label.lower()}"
        + (
            f" (decision notice {found.decision_notice_reference})"
            if found.decision_notice_reference
            else ""
        )
        + ".",
        after={"outcome": outcome, "decided_on": decided_on.isoformat()},
    )
    return found
