"""After the decision: the domain work of `complete_condition`, `sign_off`,
`consultation_answer`, `mark_review_due` and `close` (declared in `actions.py`; the
refusals that depend on more than the status are the actions' guards there)."""

from __future__ import annotations

from datetime import date

from core.dates import long_date, uk_today
from core.errors import TransitionError
from core.kernel import Change, invalid

from ..models import Assessment, Condition
from ..vocabularies import Consultation, Level, Status


def complete_condition(change: Change[Assessment], *, condition: int, note: str = "") -> Condition:
    """A condition is completed on its assessment: the assessment is locked, its version
    moves and its timeline records it."""
    try:
        item = Condition.objects.select_for_update().get(pk=condition, assessment=change.record)
    except Condition.DoesNotExist:
        raise invalid("condition", "That condition is not on this assessment.") from None
    if item.completed_on is not None:
        raise TransitionError(
            f"That condition was already completed on {long_date(item.completed_on)}."
        )
    item.completed_on = uk_today()
    item.completed_by = change.actor
    item.completion_note = note.strip()
    item.save()
    change.event(f"Condition completed: {item.text}", after={"condition": item.pk})
    return item


def sign_off(change: Change[Assessment], *, advice_followed: bool, reasons: str = "") -> None:
    """The information asset owner signs off. Signing off with a high residual risk
    accepts it, which flags the assessment for prior consultation with the ICO."""
    assessment = change.record
    if not advice_followed and not reasons.strip():
        raise invalid("reasons", "Record why the DPO's advice is not being followed.")
    high = assessment.risks.filter(residual_risk=Level.HIGH).exists()
    assessment.signed_off_on = uk_today()
    assessment.signed_off_by = change.actor
    assessment.advice_followed = advice_followed
    assessment.advice_not_followed_reasons = "" if advice_followed else reasons.strip()
    assessment.high_residual_risk_accepted = high
    if high:
        assessment.consultation = Consultation.PENDING
    change.event(
        "Signed off by the information asset owner"
        + ("" if advice_followed else f", not following the DPO's advice: {reasons.strip()}")
        + (
            ". A high residual risk was accepted: prior consultation with the ICO is required"
            if high
            else ""
        )
        + ".",
        after=change.values(("advice_followed", "consultation")),
    )


def consultation_answer(change: Change[Assessment], *, answered_on: date, outcome: str) -> None:
    assessment = change.record
    if answered_on > uk_today():
        raise invalid("answered_on", "The date of the ICO's answer cannot be in the future.")
    if assessment.signed_off_on and answered_on < assessment.signed_off_on:
        raise invalid("answered_on", "The ICO cannot have answered before the sign-off.")
    if not outcome.strip():
        raise invalid("outcome", "Summarise the ICO's answer.")
    assessment.consultation = Consultation.ANSWERED
    assessment.consultation_answered_on = answered_on
    assessment.consultation_outcome = outcome.strip()
    change.event(
        f"The ICO answered on {long_date(answered_on)}: {outcome.strip()}",
        after={"consultation": Consultation.ANSWERED},
    )


def mark_review_due(change: Change[Assessment]) -> None:
    change.event(
        f"The review date ({long_date(change.record.next_review_on)}) has come: "  # type: ignore[arg-type]
        "resubmit the assessment for review, or close it.",
        before={"status": Status.DECIDED},
        after={"status": Status.REVIEW_DUE},
    )


def close(change: Change[Assessment]) -> None:
    before = change.values(("status",))
    change.record.closed_on = uk_today()
    change.event("Closed.", before=before, after={"status": "closed"})
