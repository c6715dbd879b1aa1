"""The assessment workflow, declared once (docs/architecture.md, "The casework kernel"),
and the public service functions: each is one `WORKFLOW.perform(...)`, which locks the
assessment, checks the version (ConflictError, 409), the actor (PermissionDenied, 403),
the status and the action's guard (TransitionError, 409), then does the domain work
(`answers`, `review`, `decided`: ValidationError field errors, 400) and writes its
timeline event.

Pages and the API ask the same declaration what a user may do: `WORKFLOW.available()`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import Role, User
from core import policy
from core.kernel import Action, Workflow

from .. import forms as f
from ..api import serializers as s
from ..models import Assessment, AssessmentEvent, Condition, Risk
from ..vocabularies import EDITABLE, Consultation, Decision, EventType, Status
from . import answers, decided, review

AFTER_DECISION = frozenset({Status.DECIDED, Status.REVIEW_DUE})

# -- who may ----------------------------------------------------------------------------


def can_edit(user: User | None, assessment: Assessment) -> bool:
    """Who may change the answers and submit: the people named on it, their unit's
    caseworkers and team leads, and administrators."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if user.pk in (assessment.created_by_id, assessment.asset_owner_id, assessment.project_lead_id):
        return True
    return (
        user.unit_id is not None
        and user.unit_id == assessment.unit_id
        and user.has_role(*policy.UNIT_CASEWORKERS)
    )


def _dpo(actor: User | None, assessment: Assessment) -> bool:
    return policy.is_dpo(actor)


def _owner_lead_or_dpo(actor: User | None, assessment: Assessment) -> bool:
    return policy.is_dpo(actor) or (
        actor is not None and actor.pk in (assessment.asset_owner_id, assessment.project_lead_id)
    )


def _the_daily_job(actor: User | None, assessment: Assessment) -> bool:
    return policy.is_system(actor)


def _asset_owner(actor: User | None, assessment: Assessment) -> bool:
    return actor is not None and actor.pk == assessment.asset_owner_id


# -- refusals past the status -----------------------------------------------------------


def _not_signed_off(actor: Any, assessment: Assessment) -> str | None:
    if assessment.signed_off_on is not None:
        return f"{assessment.reference} is already signed off."
    if assessment.decision == Decision.REJECTED:
        return f"{assessment.reference} was rejected: there is nothing to sign off."
    return None


def _waiting_for_the_ico(actor: Any, assessment: Assessment) -> str | None:
    if assessment.consultation != Consultation.PENDING:
        return f"{assessment.reference} is not waiting for the ICO."
    return None


def _ready_to_close(actor: Any, assessment: Assessment) -> str | None:
    if any(condition.completed_on is None for condition in assessment.conditions.all()):
        return f"{assessment.reference} has conditions still to complete; complete them first."
    if assessment.consultation == Consultation.PENDING:
        return f"{assessment.reference} is still waiting for the ICO's answer."
    if assessment.decision != Decision.REJECTED and assessment.signed_off_on is None:
        return f"{assessment.reference} has not been signed off by the information asset owner yet."
    return None


def _triage_initial(actor: User | None, assessment: Assessment) -> dict[str, Any]:
    return {
        "initial": {"complexity": assessment.complexity, "inherent_risk": assessment.inherent_risk}
    }


EDITING_REFUSAL = "The answers can only be changed in a draft, when changes are requested or when a review is due."
EDITOR_DENIAL = "You cannot change this assessment."

WORKFLOW: Workflow[Assessment] = Workflow(
    model=Assessment,
    noun="assessment",
    event_model=AssessmentEvent,
    event_field="assessment",
    reference=lambda assessment: assessment.reference,
    actions=[
        Action(
            name="edit",
            label="Change the answers",
            from_statuses=EDITABLE,  # type: ignore[arg-type]
            refusal=EDITING_REFUSAL,
            may=can_edit,
            denial=EDITOR_DENIAL,
            event=EventType.EDITED,
            form=f.AnswersForm,
            serializer=s.AssessmentAnswersUpdateSerializer,
            run=answers.edit,
        ),
        Action(
            name="add_risk",
            label="Add a risk",
            from_statuses=EDITABLE,  # type: ignore[arg-type]
            refusal=EDITING_REFUSAL,
            may=can_edit,
            denial=EDITOR_DENIAL,
            event=EventType.RISK_ADDED,
            form=f.RiskForm,
            serializer=s.AssessmentRiskCreateSerializer,
            run=answers.add_risk,
            done="Risk added.",
        ),
        Action(
            name="remove_risk",
            label="Remove a risk",
            from_statuses=EDITABLE,  # type: ignore[arg-type]
            refusal=EDITING_REFUSAL,
            may=can_edit,
            denial=EDITOR_DENIAL,
            event=EventType.RISK_REMOVED,
            form=f.RemoveRiskForm,
            serializer=s.AssessmentRemoveRiskSerializer,
            run=answers.remove_risk,
            done="Risk removed.",
        ),
        Action(
            name="submit",
            label="Submit to the DPO",
            from_statuses={Status.DRAFT, Status.CHANGES_REQUESTED, Status.REVIEW_DUE},
            refusal="Only a draft, an assessment with changes requested, or one due for review can be submitted.",
            target=Status.SUBMITTED,
            may=can_edit,
            denial=EDITOR_DENIAL,
            event=EventType.SUBMITTED,
            form=f.EmptyForm,
            serializer=s.AssessmentVersionedSerializer,
            run=review.submit,
            done="Submitted to the DPO.",
        ),
        Action(
            name="triage",
            label="Triage it",
            from_statuses={Status.SUBMITTED},
            refusal="Only a submitted assessment can be triaged.",
            target=Status.TRIAGED,
            may=_dpo,
            denial="Only the Data Protection Officer can triage an assessment.",
            event=EventType.TRIAGED,
            form=f.TriageForm,
            form_kwargs=_triage_initial,
            serializer=s.AssessmentTriageSerializer,
            run=review.triage,
            done="Triaged.",
        ),
        Action(
            name="start_review",
            label="Start the review",
            from_statuses={Status.TRIAGED},
            refusal="Only a triaged assessment can be taken into review.",
            target=Status.IN_REVIEW,
            may=_dpo,
            denial="Only the Data Protection Officer can take an assessment into review.",
            event=EventType.REVIEW_STARTED,
            form=f.EmptyForm,
            serializer=s.AssessmentVersionedSerializer,
            run=review.start_review,
            done="Review started.",
        ),
        Action(
            name="decide",
            label="Record the advice and decision",
            from_statuses={Status.IN_REVIEW},
            refusal="Only an assessment in review can be decided.",
            target=Status.DECIDED,
            may=_dpo,
            denial="Only the Data Protection Officer can decide an assessment.",
            event=EventType.DECIDED,
            form=f.DecideForm,
            serializer=s.AssessmentDecideSerializer,
            run=review.decide,
            done="Decision recorded.",
        ),
        Action(
            name="request_changes",
            label="Request changes",
            from_statuses={Status.IN_REVIEW},
            refusal="Changes can only be requested on an assessment in review.",
            target=Status.CHANGES_REQUESTED,
            may=_dpo,
            denial="Only the Data Protection Officer can request changes.",
            event=EventType.CHANGES_REQUESTED,
            form=f.RequestChangesForm,
            serializer=s.AssessmentRequestChangesSerializer,
            run=review.request_changes,
            done="Changes requested.",
        ),
        Action(
            name="sign_off",
            label="Sign off",
            from_statuses=AFTER_DECISION,
            refusal="Only a decided assessment can be signed off.",
            guard=_not_signed_off,
            may=_asset_owner,
            denial="Only the information asset owner can sign off the assessment.",
            event=EventType.SIGNED_OFF,
            form=f.SignOffForm,
            serializer=s.AssessmentSignOffSerializer,
            run=decided.sign_off,
            done="Signed off.",
        ),
        Action(
            name="complete_condition",
            label="Complete a condition",
            from_statuses=AFTER_DECISION,
            refusal="Conditions can only be completed on a decided assessment.",
            may=_owner_lead_or_dpo,
            denial="Only the information asset owner, the project lead or the DPO can complete a condition.",
            event=EventType.CONDITION_COMPLETED,
            form=f.CompleteConditionForm,
            serializer=s.AssessmentCompleteConditionSerializer,
            run=decided.complete_condition,
            done="Condition completed.",
        ),
        Action(
            name="consultation_answer",
            label="Record the ICO's answer",
            from_statuses=AFTER_DECISION,
            refusal="The ICO's answer can only be recorded on a decided assessment.",
            guard=_waiting_for_the_ico,
            may=_dpo,
            denial="Only the Data Protection Officer can record the ICO's answer.",
            event=EventType.CONSULTATION_ANSWERED,
            form=f.ConsultationForm,
            serializer=s.AssessmentConsultationSerializer,
            run=decided.consultation_answer,
            done="The ICO's answer was recorded.",
        ),
        Action(
            name="mark_review_due",
            label="Mark as due for review",
            from_statuses={Status.DECIDED},
            refusal="Only a decided assessment can fall due for review.",
            target=Status.REVIEW_DUE,
            may=_the_daily_job,
            denial="Only the daily job marks an assessment due for review.",
            event=EventType.REVIEW_DUE,
            run=decided.mark_review_due,
        ),
        Action(
            name="close",
            label="Close the assessment",
            from_statuses=AFTER_DECISION,
            refusal="Only a decided assessment can be closed.",
            guard=_ready_to_close,
            target=Status.CLOSED,
            may=_dpo,
            denial="Only the Data Protection Officer can close an assessment.",
            event=EventType.CLOSED,
            form=f.EmptyForm,
            serializer=s.AssessmentVersionedSerializer,
            run=decided.close,
            done="Closed.",
        ),
    ],
)


# ---------------------------------------------------------------------------------------
# The public services: one perform() each
# ---------------------------------------------------------------------------------------


def update_answers(
    *, assessment_id: int, actor: User, version: int | None = None, **answers_: Any
) -> Assessment:
    return WORKFLOW.perform("edit", pk=assessment_id, actor=actor, version=version, **answers_)


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
    return WORKFLOW.perform(
        "add_risk",
        pk=assessment_id,
        actor=actor,
        version=version,
        description=description,
        likelihood=likelihood,
        severity=severity,
        residual_risk=residual_risk,
        owner=owner,
        mitigation=mitigation,
    )


def remove_risk(
    *, assessment_id: int, risk_id: int, actor: User, version: int | None = None
) -> Assessment:
    return WORKFLOW.perform(
        "remove_risk", pk=assessment_id, actor=actor, version=version, risk=risk_id
    )


def submit(*, assessment_id: int, actor: User, version: int | None = None) -> Assessment:
    return WORKFLOW.perform("submit", pk=assessment_id, actor=actor, version=version)


def triage(
    *,
    assessment_id: int,
    actor: User,
    complexity: str,
    inherent_risk: str,
    version: int | None = None,
) -> Assessment:
    return WORKFLOW.perform(
        "triage",
        pk=assessment_id,
        actor=actor,
        version=version,
        complexity=complexity,
        inherent_risk=inherent_risk,
    )


def start_review(*, assessment_id: int, actor: User, version: int | None = None) -> Assessment:
    return WORKFLOW.perform("start_review", pk=assessment_id, actor=actor, version=version)


def request_changes(
    *, assessment_id: int, actor: User, advice: str, version: int | None = None
) -> Assessment:
    return WORKFLOW.perform(
        "request_changes", pk=assessment_id, actor=actor, version=version, advice=advice
    )


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
    return WORKFLOW.perform(
        "decide",
        pk=assessment_id,
        actor=actor,
        version=version,
        decision=decision,
        advice=advice,
        conditions=conditions,
        next_review_on=next_review_on,
    )


def complete_condition(
    *,
    assessment_id: int,
    condition_id: int,
    actor: User,
    note: str = "",
    version: int | None = None,
) -> Condition:
    return WORKFLOW.perform(
        "complete_condition",
        pk=assessment_id,
        actor=actor,
        version=version,
        condition=condition_id,
        note=note,
    )


def sign_off(
    *,
    assessment_id: int,
    actor: User,
    advice_followed: bool,
    reasons: str = "",
    version: int | None = None,
) -> Assessment:
    """The information asset owner signs off (a high residual risk accepted flags the
    assessment for prior consultation with the ICO)."""
    return WORKFLOW.perform(
        "sign_off",
        pk=assessment_id,
        actor=actor,
        version=version,
        advice_followed=advice_followed,
        reasons=reasons,
    )


def record_consultation_answer(
    *,
    assessment_id: int,
    actor: User,
    answered_on: date,
    outcome: str,
    version: int | None = None,
) -> Assessment:
    return WORKFLOW.perform(
        "consultation_answer",
        pk=assessment_id,
        actor=actor,
        version=version,
        answered_on=answered_on,
        outcome=outcome,
    )


def mark_review_due(*, assessment_id: int, actor: User | None = None) -> Assessment:
    """The daily job (actor None): a decided assessment whose review date has come."""
    return WORKFLOW.perform("mark_review_due", pk=assessment_id, actor=actor)


def close(*, assessment_id: int, actor: User, version: int | None = None) -> Assessment:
    return WORKFLOW.perform("close", pk=assessment_id, actor=actor, version=version)
