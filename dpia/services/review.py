"""Every write that means something to an assessment.

Each service is one transaction: lock the row, check the version (optimistic lock), the
actor's role and the allowed-transition table, validate, write the change and its
timeline event. Domain errors:
- `django.core.exceptions.ValidationError` for bad input (field errors, HTTP 400);
- `core.errors.ConflictError` when someone else changed the assessment (HTTP 409);
- `core.errors.TransitionError` when the action is not allowed now (HTTP 409);
- `django.core.exceptions.PermissionDenied` when the user's role does not allow it (403).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role, Unit, User
from core import notifications, outbox
from core.errors import ConflictError, TransitionError

from .. import rules
from ..models import (
    AnswerVersion,
    Assessment,
    AssessmentEvent,
    Condition,
    ReminderSent,
    Risk,
)
from ..pipeline import STREAM
from ..selectors import can_edit, is_dpo, triage_table, uk_today
from ..vocabularies import (
    EDITABLE,
    FINAL_DECISIONS,
    REFERENCE_PREFIX,
    WITH_DPO,
    Consultation,
    Decision,
    EventType,
    Kind,
    Level,
    Likelihood,
    ReminderKind,
    Severity,
    Status,
)

logger = logging.getLogger(__name__)

#: The allowed-transition table: the statuses each action may start from, and what to
#: tell someone who tries it from any other.
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "edit": (
        frozenset(EDITABLE),
        "The answers can only be changed in a draft, when changes are requested or when a review is due.",
    ),
    "submit": (
        frozenset({Status.DRAFT, Status.CHANGES_REQUESTED, Status.REVIEW_DUE}),
        "Only a draft, an assessment with changes requested, or one due for review can be submitted.",
    ),
    "triage": (frozenset({Status.SUBMITTED}), "Only a submitted assessment can be triaged."),
    "start_review": (
        frozenset({Status.TRIAGED}),
        "Only a triaged assessment can be taken into review.",
    ),
    "request_changes": (
        frozenset({Status.IN_REVIEW}),
        "Changes can only be requested on an assessment in review.",
    ),
    "decide": (frozenset({Status.IN_REVIEW}), "Only an assessment in review can be decided."),
    "complete_condition": (
        frozenset({Status.DECIDED, Status.REVIEW_DUE}),
        "Conditions can only be completed on a decided assessment.",
    ),
    "sign_off": (
        frozenset({Status.DECIDED, Status.REVIEW_DUE}),
        "Only a decided assessment can be signed off.",
    ),
    "record_consultation": (
        frozenset({Status.DECIDED, Status.REVIEW_DUE}),
        "The ICO's answer can only be recorded on a decided assessment.",
    ),
    "mark_review_due": (
        frozenset({Status.DECIDED}),
        "Only a decided assessment can fall due for review.",
    ),
    "close": (
        frozenset({Status.DECIDED, Status.REVIEW_DUE}),
        "Only a decided assessment can be closed.",
    ),
}

#: Every (from, to) status move the services can make: the state machine in one place.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (ALLOWED["submit"][0], Status.SUBMITTED),
    "triage": (ALLOWED["triage"][0], Status.TRIAGED),
    "start_review": (ALLOWED["start_review"][0], Status.IN_REVIEW),
    "request_changes": (ALLOWED["request_changes"][0], Status.CHANGES_REQUESTED),
    "decide": (ALLOWED["decide"][0], Status.DECIDED),
    "mark_review_due": (ALLOWED["mark_review_due"][0], Status.REVIEW_DUE),
    "close": (ALLOWED["close"][0], Status.CLOSED),
}

ANSWER_FIELDS = (
    "title",
    "description",
    "partner_organisations",
    "lawful_basis",
    "data_flows",
    "equality_impact",
    "next_review_on",
)


# ---------------------------------------------------------------------------------------
# Plumbing
# ---------------------------------------------------------------------------------------


def _invalid(field: str | None, message: str) -> ValidationError:
    return ValidationError({field or NON_FIELD_ERRORS: [message]})


def _lock(assessment_id: int, version: int | None) -> Assessment:
    try:
        assessment = Assessment.objects.select_for_update(of=("self",)).get(pk=assessment_id)
    except Assessment.DoesNotExist:
        raise _invalid(None, "That assessment does not exist.") from None
    if version is not None and version != assessment.version:
        raise ConflictError(
            f"{assessment.reference} was changed by someone else while you were working on it "
            f"(you saw version {version}, it is now version {assessment.version}). "
            "Reload the assessment to see the change, then try again."
        )
    return assessment


def _check_transition(assessment: Assessment, action: str) -> None:
    allowed, message = ALLOWED[action]
    if assessment.status not in allowed:
        raise TransitionError(
            f"{message} {assessment.reference} is {assessment.get_status_display().lower()}."
        )


def _require_dpo(actor: User | None, what: str) -> None:
    if actor is None or not is_dpo(actor):
        raise PermissionDenied(f"Only the Data Protection Officer can {what}.")


def _require_editor(actor: User | None, assessment: Assessment) -> None:
    if actor is None or not can_edit(actor, assessment):
        raise PermissionDenied("You cannot change this assessment.")


def _save(assessment: Assessment) -> None:
    assessment.version += 1
    assessment.save()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.username
    if isinstance(value, Unit):
        return value.name
    return value


def _values(assessment: Assessment, fields: Iterable[str]) -> dict[str, Any]:
    return {field: _jsonable(getattr(assessment, field)) for field in fields}


def _event(
    assessment: Assessment,
    type_: EventType,
    actor: User | None,
    description: str,
    before: dict | None = None,
    after: dict | None = None,
) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        assessment=assessment,
        type=type_,
        actor=actor,
        description=description,
        before=before or {},
        after=after or {},
    )


def _recompute_month_after_commit(day: date | None) -> None:
    outbox.announce(STREAM, day, reason="An assessment changed")


def _clean_screening(screening: dict[str, Any] | None) -> dict[str, bool]:
    screening = screening or {}
    unknown = sorted(set(screening) - set(rules.SCREENING_CODES))
    if unknown:
        raise _invalid("screening", f"Unknown screening question: {', '.join(unknown)}.")
    return {code: bool(screening.get(code)) for code in rules.SCREENING_CODES}


def _validate_answers(
    *,
    kind: str,
    title: str,
    unit: Unit | None,
    asset_owner: User | None,
    project_lead: User | None,
    next_review_on: date | None,
    today: date,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = ["Choose a DPIA or a data sharing agreement."]
    if not title.strip():
        errors["title"] = ["Enter a title for the assessment."]
    if unit is None:
        errors["unit"] = ["Choose the unit that owns the processing."]
    if asset_owner is None:
        errors["asset_owner"] = ["Choose the information asset owner."]
    if project_lead is None:
        errors["project_lead"] = ["Choose the project lead."]
    if next_review_on is not None and next_review_on <= today:
        errors["next_review_on"] = ["The next review date must be in the future."]
    if errors:
        raise ValidationError(errors)


def answers_snapshot(assessment: Assessment) -> dict[str, str]:
    """The answers as a reviewer reads them: label → text, for the version history."""
    snapshot: dict[str, str] = {
        "Title": assessment.title,
        "Description": assessment.description,
    }
    if assessment.kind == Kind.DSA:
        snapshot["Partner organisations"] = assessment.partner_organisations
        snapshot["Lawful basis"] = assessment.lawful_basis
        snapshot["Data flows"] = assessment.data_flows
    for code, question in rules.SCREENING_QUESTIONS:
        snapshot[f"Screening: {question}"] = "Yes" if assessment.screening.get(code) else "No"
    snapshot["Equality impact"] = assessment.equality_impact
    for risk in assessment.risks.all():
        snapshot[f"Risk {risk.pk}"] = (
            f"{risk.description} (likelihood {risk.get_likelihood_display().lower()}, severity "
            f"{risk.get_severity_display().lower()}; mitigation: {risk.mitigation or 'none'}; "
            f"residual {risk.get_residual_risk_display().lower()}; owner {risk.owner})"
        )
    return snapshot


# ---------------------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------------------


@transaction.atomic
def create_assessment(
    *,
    actor: User,
    kind: str,
    title: str,
    unit: Unit | None,
    asset_owner: User | None,
    project_lead: User | None,
    description: str = "",
    partner_organisations: str = "",
    lawful_basis: str = "",
    data_flows: str = "",
    screening: dict[str, Any] | None = None,
    equality_impact: str = "",
    next_review_on: date | None = None,
) -> Assessment:
    if not (actor.has_role(Role.CASEWORKER, Role.TEAM_LEAD, Role.DPO, Role.ADMIN)):
        raise PermissionDenied("Your role does not allow you to start an assessment.")
    today = uk_today()
    _validate_answers(
        kind=kind,
        title=title,
        unit=unit,
        asset_owner=asset_owner,
        project_lead=project_lead,
        next_review_on=next_review_on,
        today=today,
    )
    answers = _clean_screening(screening)
    assessment = Assessment.objects.create(
        reference=f"new-{uuid.uuid4().hex[:24]}",
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        unit=unit,
        asset_owner=asset_owner,
        project_lead=project_lead,
        partner_organisations=partner_organisations.strip(),
        lawful_basis=lawful_basis.strip(),
        data_flows=data_flows.strip(),
        screening=answers,
        full_dpia_required=rules.full_dpia_required(answers),
        equality_impact=equality_impact.strip(),
        next_review_on=next_review_on,
        created_by=actor,
    )
    assessment.reference = f"{REFERENCE_PREFIX[Kind(kind)]}-{today.year}-{assessment.pk:04d}"
    assessment.save(update_fields=["reference"])
    _event(assessment, EventType.CREATED, actor, f"Draft {assessment.reference} started.")
    return assessment


@transaction.atomic
def update_answers(
    *,
    assessment_id: int,
    actor: User,
    version: int | None = None,
    screening: dict[str, Any] | None = None,
    unit: Unit | None = None,
    asset_owner: User | None = None,
    project_lead: User | None = None,
    **fields: Any,
) -> Assessment:
    unknown = set(fields) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown answer fields: {sorted(unknown)}")
    assessment = _lock(assessment_id, version)
    _require_editor(actor, assessment)
    _check_transition(assessment, "edit")
    before = _values(assessment, (*fields, "screening", "unit", "asset_owner", "project_lead"))
    for name, value in fields.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    if unit is not None:
        assessment.unit = unit
    if asset_owner is not None:
        assessment.asset_owner = asset_owner
    if project_lead is not None:
        assessment.project_lead = project_lead
    if screening is not None:
        assessment.screening = _clean_screening(screening)
        assessment.full_dpia_required = rules.full_dpia_required(assessment.screening)
    _validate_answers(
        kind=assessment.kind,
        title=assessment.title,
        unit=assessment.unit,
        asset_owner=assessment.asset_owner,
        project_lead=assessment.project_lead,
        next_review_on=assessment.next_review_on if "next_review_on" in fields else None,
        today=uk_today(),
    )
    _save(assessment)
    after = _values(assessment, before)
    changed = sorted(k for k in after if after[k] != before[k])
    _event(
        assessment,
        EventType.EDITED,
        actor,
        "Answers changed: " + (", ".join(changed) if changed else "nothing") + ".",
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return assessment


@transaction.atomic
def add_risk(
    *,
    assessment_id: int,
    actor: User,
    description: str,
    likelihood: str,
    severity: str,
    residual_risk: str,
    owner: str,
    mitigation: str = "",
    version: int | None = None,
) -> Risk:
    assessment = _lock(assessment_id, version)
    _require_editor(actor, assessment)
    _check_transition(assessment, "edit")
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = ["Describe the risk."]
    if likelihood not in Likelihood.values:
        errors["likelihood"] = ["Choose how likely the harm is."]
    if severity not in Severity.values:
        errors["severity"] = ["Choose how severe the harm would be."]
    if residual_risk not in Level.values:
        errors["residual_risk"] = ["Choose the residual risk after mitigation."]
    if not owner.strip():
        errors["owner"] = ["Enter the post that owns the risk."]
    if errors:
        raise ValidationError(errors)
    risk = Risk.objects.create(
        assessment=assessment,
        description=description.strip(),
        likelihood=likelihood,
        severity=severity,
        mitigation=mitigation.strip(),
        residual_risk=residual_risk,
        owner=owner.strip(),
    )
    _save(assessment)
    _event(
        assessment,
        EventType.RISK_ADDED,
        actor,
        f"Risk added (residual {risk.get_residual_risk_display().lower()}).",
        after={"risk": risk.pk, "residual_risk": residual_risk},
    )
    return risk


@transaction.atomic
def remove_risk(
    *, assessment_id: int, risk_id: int, actor: User, version: int | None = None
) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_editor(actor, assessment)
    _check_transition(assessment, "edit")
    deleted, _ = Risk.objects.filter(assessment=assessment, pk=risk_id).delete()
    if not deleted:
        raise _invalid("risk", "That risk is not on this assessment.")
    _save(assessment)
    _event(assessment, EventType.RISK_REMOVED, actor, "Risk removed.", before={"risk": risk_id})
    return assessment


# ---------------------------------------------------------------------------------------
# The workflow
# ---------------------------------------------------------------------------------------


@transaction.atomic
def submit(*, assessment_id: int, actor: User, version: int | None = None) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_editor(actor, assessment)
    _check_transition(assessment, "submit")
    if not assessment.description.strip():
        raise _invalid("description", "Describe the processing before submitting.")
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
            raise _invalid(
                "partner_organisations",
                f"A data sharing agreement needs its {', '.join(missing)} before it is submitted.",
            )
    if assessment.full_dpia_required and not assessment.risks.exists():
        raise _invalid(
            "risks",
            "The screening says a full DPIA is required: record at least one risk before submitting.",
        )
    today = uk_today()
    table = triage_table()
    before = _values(assessment, ("status", "target_on"))
    assessment.status = Status.SUBMITTED
    assessment.submitted_on = today
    if assessment.first_submitted_on is None:
        assessment.first_submitted_on = today
    assessment.target_on = rules.provisional_target(today, table)
    # A resubmission is triaged again: the answers (and so the risk) may have changed.
    assessment.tier = ""
    assessment.reviewer_level = ""
    assessment.triaged_on = None
    _save(assessment)
    number = assessment.versions.count() + 1
    AnswerVersion.objects.create(
        assessment=assessment, number=number, answers=answers_snapshot(assessment), taken_by=actor
    )
    _event(
        assessment,
        EventType.SUBMITTED,
        actor,
        f"Submitted to the DPO (version {number} of the answers); "
        f"triage due by {assessment.target_on:%d %B %Y}.",
        before=before,
        after=_values(assessment, ("status", "target_on")),
    )
    _recompute_month_after_commit(assessment.first_submitted_on)
    return assessment


@transaction.atomic
def triage(
    *,
    assessment_id: int,
    actor: User,
    complexity: str,
    inherent_risk: str,
    version: int | None = None,
) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_dpo(actor, "triage an assessment")
    _check_transition(assessment, "triage")
    errors = {}
    if complexity not in Level.values:
        errors["complexity"] = ["Choose the complexity: low, medium or high."]
    if inherent_risk not in Level.values:
        errors["inherent_risk"] = ["Choose the inherent risk: low, medium or high."]
    if errors:
        raise ValidationError(errors)
    tier = triage_table().tier_for(complexity=complexity, risk=inherent_risk)
    before = _values(assessment, ("status", "tier", "target_on"))
    assessment.complexity = complexity
    assessment.inherent_risk = inherent_risk
    assessment.tier = tier.code
    assessment.reviewer_level = tier.reviewer.value
    assessment.triaged_on = uk_today()
    assessment.target_on = rules.target_date(assessment.submitted_on, tier)
    assessment.status = Status.TRIAGED
    _save(assessment)
    _event(
        assessment,
        EventType.TRIAGED,
        actor,
        f"Triaged as {tier.label}: complexity {complexity}, inherent risk {inherent_risk}; "
        f"review by the {assessment.get_reviewer_level_display()} "
        f"by {assessment.target_on:%d %B %Y}.",
        before=before,
        after=_values(assessment, ("status", "tier", "target_on")),
    )
    return assessment


@transaction.atomic
def start_review(*, assessment_id: int, actor: User, version: int | None = None) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_dpo(actor, "take an assessment into review")
    _check_transition(assessment, "start_review")
    assessment.status = Status.IN_REVIEW
    _save(assessment)
    _event(
        assessment,
        EventType.REVIEW_STARTED,
        actor,
        "Review started.",
        before={"status": Status.TRIAGED},
        after={"status": Status.IN_REVIEW},
    )
    return assessment


@transaction.atomic
def request_changes(
    *, assessment_id: int, actor: User, advice: str, version: int | None = None
) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_dpo(actor, "request changes")
    _check_transition(assessment, "request_changes")
    if not advice.strip():
        raise _invalid("advice", "Say what needs to change.")
    assessment.status = Status.CHANGES_REQUESTED
    assessment.dpo_advice = advice.strip()
    _save(assessment)
    _event(
        assessment,
        EventType.CHANGES_REQUESTED,
        actor,
        f"Changes requested: {assessment.dpo_advice}",
        before={"status": Status.IN_REVIEW},
        after={"status": Status.CHANGES_REQUESTED},
    )
    return assessment


@transaction.atomic
def decide(
    *,
    assessment_id: int,
    actor: User,
    decision: str,
    advice: str,
    conditions: list[str] | None = None,
    next_review_on: date | None = None,
    version: int | None = None,
) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_dpo(actor, "decide an assessment")
    _check_transition(assessment, "decide")
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
    before = _values(assessment, ("status", "decision", "next_review_on"))
    assessment.status = Status.DECIDED
    assessment.decision = decision
    assessment.dpo_advice = advice.strip()
    assessment.decided_on = today
    assessment.decided_by = actor
    assessment.next_review_on = next_review_on if decision != Decision.REJECTED else None
    _save(assessment)
    Condition.objects.bulk_create(
        [Condition(assessment=assessment, text=text) for text in conditions]
    )
    _event(
        assessment,
        EventType.DECIDED,
        actor,
        f"{Decision(decision).label} on {today:%d %B %Y}"
        + (f" with {len(conditions)} condition(s)" if conditions else "")
        + ".",
        before=before,
        after=_values(assessment, ("status", "decision", "next_review_on", "decided_on")),
    )
    _recompute_month_after_commit(today)
    return assessment


@transaction.atomic
def complete_condition(
    *,
    assessment_id: int,
    condition_id: int,
    actor: User,
    note: str = "",
    version: int | None = None,
) -> Condition:
    assessment = _lock(assessment_id, version)
    if not (is_dpo(actor) or actor.pk in (assessment.asset_owner_id, assessment.project_lead_id)):
        raise PermissionDenied(
            "Only the information asset owner, the project lead or the DPO can complete a condition."
        )
    _check_transition(assessment, "complete_condition")
    try:
        condition = Condition.objects.select_for_update().get(
            pk=condition_id, assessment=assessment
        )
    except Condition.DoesNotExist:
        raise _invalid("condition", "That condition is not on this assessment.") from None
    if condition.completed_on is not None:
        raise TransitionError(
            f"That condition was already completed on {condition.completed_on:%d %B %Y}."
        )
    condition.completed_on = uk_today()
    condition.completed_by = actor
    condition.completion_note = note.strip()
    condition.save()
    _save(assessment)
    _event(
        assessment,
        EventType.CONDITION_COMPLETED,
        actor,
        f"Condition completed: {condition.text}",
        after={"condition": condition.pk},
    )
    return condition


@transaction.atomic
def sign_off(
    *,
    assessment_id: int,
    actor: User,
    advice_followed: bool,
    reasons: str = "",
    version: int | None = None,
) -> Assessment:
    """The information asset owner signs off. Signing off with a high residual risk
    accepts it, which flags the assessment for prior consultation with the ICO."""
    assessment = _lock(assessment_id, version)
    if actor.pk != assessment.asset_owner_id:
        raise PermissionDenied("Only the information asset owner can sign off the assessment.")
    _check_transition(assessment, "sign_off")
    if assessment.signed_off_on is not None:
        raise TransitionError(f"{assessment.reference} is already signed off.")
    if assessment.decision == Decision.REJECTED:
        raise TransitionError(f"{assessment.reference} was rejected: there is nothing to sign off.")
    if not advice_followed and not reasons.strip():
        raise _invalid("reasons", "Record why the DPO's advice is not being followed.")
    high = assessment.risks.filter(residual_risk=Level.HIGH).exists()
    assessment.signed_off_on = uk_today()
    assessment.signed_off_by = actor
    assessment.advice_followed = advice_followed
    assessment.advice_not_followed_reasons = "" if advice_followed else reasons.strip()
    assessment.high_residual_risk_accepted = high
    if high:
        assessment.consultation = Consultation.PENDING
    _save(assessment)
    _event(
        assessment,
        EventType.SIGNED_OFF,
        actor,
        "Signed off by the information asset owner"
        + ("" if advice_followed else f", not following the DPO's advice: {reasons.strip()}")
        + (
            ". A high residual risk was accepted: prior consultation with the ICO is required"
            if high
            else ""
        )
        + ".",
        after=_values(assessment, ("advice_followed", "consultation")),
    )
    return assessment


@transaction.atomic
def record_consultation_answer(
    *,
    assessment_id: int,
    actor: User,
    answered_on: date,
    outcome: str,
    version: int | None = None,
) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_dpo(actor, "record the ICO's answer")
    _check_transition(assessment, "record_consultation")
    if assessment.consultation != Consultation.PENDING:
        raise TransitionError(f"{assessment.reference} is not waiting for the ICO.")
    if answered_on > uk_today():
        raise _invalid("answered_on", "The date of the ICO's answer cannot be in the future.")
    if assessment.signed_off_on and answered_on < assessment.signed_off_on:
        raise _invalid("answered_on", "The ICO cannot have answered before the sign-off.")
    if not outcome.strip():
        raise _invalid("outcome", "Summarise the ICO's answer.")
    assessment.consultation = Consultation.ANSWERED
    assessment.consultation_answered_on = answered_on
    assessment.consultation_outcome = outcome.strip()
    _save(assessment)
    _event(
        assessment,
        EventType.CONSULTATION_ANSWERED,
        actor,
        f"The ICO answered on {answered_on:%d %B %Y}: {outcome.strip()}",
        after={"consultation": Consultation.ANSWERED},
    )
    return assessment


@transaction.atomic
def mark_review_due(*, assessment_id: int, actor: User | None = None) -> Assessment:
    assessment = _lock(assessment_id, None)
    _check_transition(assessment, "mark_review_due")
    assessment.status = Status.REVIEW_DUE
    _save(assessment)
    _event(
        assessment,
        EventType.REVIEW_DUE,
        actor,
        f"The review date ({assessment.next_review_on:%d %B %Y}) has come: "
        "resubmit the assessment for review, or close it.",
        before={"status": Status.DECIDED},
        after={"status": Status.REVIEW_DUE},
    )
    return assessment


@transaction.atomic
def close(*, assessment_id: int, actor: User, version: int | None = None) -> Assessment:
    assessment = _lock(assessment_id, version)
    _require_dpo(actor, "close an assessment")
    _check_transition(assessment, "close")
    if assessment.conditions.filter(completed_on__isnull=True).exists():
        raise TransitionError(
            f"{assessment.reference} has conditions still to complete; complete them first."
        )
    if assessment.consultation == Consultation.PENDING:
        raise TransitionError(f"{assessment.reference} is still waiting for the ICO's answer.")
    if assessment.decision != Decision.REJECTED and assessment.signed_off_on is None:
        raise TransitionError(
            f"{assessment.reference} has not been signed off by the information asset owner yet."
        )
    before = _values(assessment, ("status",))
    assessment.status = Status.CLOSED
    assessment.closed_on = uk_today()
    _save(assessment)
    _event(
        assessment, EventType.CLOSED, actor, "Closed.", before=before, after={"status": "closed"}
    )
    return assessment


# ---------------------------------------------------------------------------------------
# Reminders (the daily job)
# ---------------------------------------------------------------------------------------


def _send_reminder(
    *,
    assessment: Assessment,
    kind: ReminderKind,
    threshold_on: date,
    recipients: list[str],
    template: str,
    context: dict[str, Any],
) -> bool:
    """Send one reminder unless it was sent before. The record and the email are in one
    transaction: if sending fails, the record is rolled back and the job retries."""
    with transaction.atomic():
        _, created = ReminderSent.objects.get_or_create(
            assessment=assessment,
            kind=kind,
            threshold_on=threshold_on,
            defaults={"recipients": len(recipients)},
        )
        if not created:
            return False
        if recipients:
            notifications.send(template, context, recipients)
        _event(
            assessment,
            EventType.REMINDER_SENT,
            None,
            f"Reminder sent ({ReminderKind(kind).label.lower()}) to {len(recipients)} recipient(s).",
            after={"kind": kind, "threshold_on": threshold_on.isoformat()},
        )
        logger.info("dpia reminder %s sent for %s", kind, assessment.reference)
        return True


def _link(assessment: Assessment) -> str:
    return notifications.absolute_url("dpia:detail", assessment.pk)


def send_due_reminders(*, today: date | None = None) -> dict[str, int]:
    """Daily: remind owners 30 days before a review date, the DPO about assessments past
    their tier's target date (each once per threshold), and move decided assessments
    whose review date has come to "review due". Safe to run any number of times."""
    today = today or uk_today()
    counts = {"review_date": 0, "tier_overdue": 0, "review_due": 0}
    reminder_window_end = today + timedelta(days=rules.REVIEW_REMINDER_DAYS)
    review_candidates = Assessment.objects.filter(
        status=Status.DECIDED, next_review_on__isnull=False, next_review_on__lte=reminder_window_end
    ).select_related("asset_owner", "project_lead")
    for assessment in review_candidates:
        if not rules.review_reminder_due(assessment.next_review_on, today):
            continue
        recipients = sorted(
            {
                person.email
                for person in (assessment.asset_owner, assessment.project_lead)
                if person.email
            }
        )
        if _send_reminder(
            assessment=assessment,
            kind=ReminderKind.REVIEW_DATE,
            threshold_on=assessment.next_review_on,
            recipients=recipients,
            template="dpia/emails/review_date",
            context={"assessment": assessment, "link": _link(assessment)},
        ):
            counts["review_date"] += 1
    dpo_emails = sorted(
        User.objects.filter(groups__name=Role.DPO, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    for assessment in Assessment.objects.filter(status__in=WITH_DPO, target_on__lt=today):
        if _send_reminder(
            assessment=assessment,
            kind=ReminderKind.TIER_OVERDUE,
            threshold_on=assessment.target_on,
            recipients=dpo_emails,
            template="dpia/emails/tier_overdue",
            context={
                "assessment": assessment,
                "status": assessment.get_status_display().lower(),
                "link": _link(assessment),
            },
        ):
            counts["tier_overdue"] += 1
    due_ids = Assessment.objects.filter(
        status=Status.DECIDED, next_review_on__isnull=False, next_review_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(due_ids):
        try:
            mark_review_due(assessment_id=pk)
        except TransitionError:  # someone closed it meanwhile
            continue
        counts["review_due"] += 1
    return counts


def is_late_now(assessment: Assessment, today: date | None = None) -> bool:
    return assessment.status in WITH_DPO and rules.is_late(
        assessment.target_on, today or uk_today()
    )
