"""Submission and the DPO's review: the domain work of `submit`, `triage`, `start_review`,
`request_changes` and `decide` (declared in `actions.py`, which checks the actor, the
version and the status first)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from core import outbox
from core.dates import long_date, uk_today
from core.kernel import Change, invalid

from .. import rules
from ..models import AnswerVersion, Assessment, Condition
from ..pipeline import STREAM
from ..selectors import triage_table
from ..vocabularies import FINAL_DECISIONS, Decision, Kind, Level, Status
from .answers import answers_snapshot


def _announce(day: date | None) -> None:
    """The pipeline's figures for that month may have moved (the dashboards listen)."""
    outbox.announce(STREAM, day, reason="An assessment changed")


def submit(change: Change[Assessment]) -> None:
    assessment = change.record
    if not assessment.description.strip():
        raise invalid("description", "Describe the processing before submitting.")
    if assessment.kind == Kind.DSA:
        missing = [
            label
            for name, label in (
                ("partner_organisations", "partner organisations"),
                ("lawful_basis", "lawful basis"),
                ("data_flows", "data flows"),
            )
            if not getattr(assessment, name).strip()
        ]
        if missing:
            raise invalid(
                "partner_organisations",
                f"A data sharing agreement needs its {', '.join(missing)} before it is submitted.",
            )
    if assessment.full_dpia_required and not assessment.risks.exists():
        raise invalid(
            "risks",
            "The screening says a full DPIA is required: record at least one risk before submitting.",
        )
    today = uk_today()
    table = triage_table()
    before = change.values(("status", "target_on"))
    assessment.status = change.action.target  # type: ignore[assignment]  # now, so the event's after-values show it
    assessment.submitted_on = today
    if assessment.first_submitted_on is None:
        assessment.first_submitted_on = today
    assessment.target_on = rules.provisional_target(today, table)
    # A resubmission is triaged again: the answers (and so the risk) may have changed.
    assessment.tier = ""
    assessment.reviewer_level = ""
    assessment.triaged_on = None
    number = assessment.versions.count() + 1
    AnswerVersion.objects.create(
        assessment=assessment,
        number=number,
        answers=answers_snapshot(assessment),
        taken_by=change.actor,
    )
    change.event(
        f"Submitted to the DPO (version {number} of the answers); "
        f"triage due by {long_date(assessment.target_on)}.",
        before=before,
        after=change.values(("status", "target_on")),
    )
    _announce(assessment.first_submitted_on)


def triage(change: Change[Assessment], *, complexity: str, inherent_risk: str) -> None:
    assessment = change.record
    errors = {}
    if complexity not in Level.values:
        errors["complexity"] = ["Choose the complexity: low, medium or high."]
    if inherent_risk not in Level.values:
        errors["inherent_risk"] = ["Choose the inherent risk: low, medium or high."]
    if errors:
        raise ValidationError(errors)
    tier = triage_table().tier_for(complexity=complexity, risk=inherent_risk)
    before = change.values(("status", "tier", "target_on"))
    assessment.complexity = complexity
    assessment.inherent_risk = inherent_risk
    assessment.tier = tier.code
    assessment.reviewer_level = tier.reviewer.value
    assessment.triaged_on = uk_today()
    assessment.target_on = rules.target_date(assessment.submitted_on, tier)  # type: ignore[arg-type]
    assessment.status = change.action.target  # type: ignore[assignment]  # now, so the event's after-values show it
    change.event(
        f"Triaged as {tier.label}: complexity {complexity}, inherent risk {inherent_risk}; "
        f"review by the {assessment.get_reviewer_level_display()} "
        f"by {long_date(assessment.target_on)}.",
        before=before,
        after=change.values(("status", "tier", "target_on")),
    )


def start_review(change: Change[Assessment]) -> None:
    change.event(
        "Review started.",
        before={"status": Status.TRIAGED},
        after={"status": Status.IN_REVIEW},
    )


def request_changes(change: Change[Assessment], *, advice: str) -> None:
    if not advice.strip():
        raise invalid("advice", "Say what needs to change.")
    change.record.dpo_advice = advice.strip()
    change.event(
        f"Changes requested: {change.record.dpo_advice}",
        before={"status": Status.IN_REVIEW},
        after={"status": Status.CHANGES_REQUESTED},
    )


def decide(
    change: Change[Assessment],
    *,
    decision: str,
    advice: str,
    conditions: list[str] | None = None,
    next_review_on: date | None = None,
) -> None:
    assessment = change.record
    today = uk_today()
    conditions = [text.strip() for text in (conditions or []) if text.strip()]
    errors: dict[str, list[str]] = {}
    if decision == Decision.CHANGES_REQUESTED:
        errors["decision"] = ["To ask for changes, use “Request changes”."]
    elif decision not in FINAL_DECISIONS:
        errors["decision"] = ["Choose approved, approved with conditions, or rejected."]
    if not advice.strip():
        errors["advice"] = ["Enter the DPO's advice."]
    if decision == Decision.APPROVED_WITH_CONDITIONS and not conditions:
        errors["conditions"] = ["Enter at least one condition, one per line."]
    if decision in (Decision.APPROVED, Decision.REJECTED) and conditions:
        errors["conditions"] = ["Conditions go with “approved with conditions” only."]
    if decision != Decision.REJECTED:
        if next_review_on is None:
            errors["next_review_on"] = ["Enter the date of the next review."]
        elif next_review_on <= today:
            errors["next_review_on"] = ["The next review date must be in the future."]
    if errors:
        raise ValidationError(errors)
    before = change.values(("status", "decision", "next_review_on"))
    assessment.status = change.action.target  # type: ignore[assignment]  # now, so the event's after-values show it
    assessment.decision = decision
    assessment.dpo_advice = advice.strip()
    assessment.decided_on = today
    assessment.decided_by = change.actor
    assessment.next_review_on = next_review_on if decision != Decision.REJECTED else None
    Condition.objects.bulk_create(
        [Condition(assessment=assessment, text=text) for text in conditions]
    )
    change.event(
        f"{Decision(decision).label} on {long_date(today)}"
        + (f" with {len(conditions)} condition(s)" if conditions else "")
        + ".",
        before=before,
        after=change.values(("status", "decision", "next_review_on", "decided_on")),
    )
    _announce(today)
