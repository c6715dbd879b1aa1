"""The breach workflow, declared once (docs/architecture.md, "The casework kernel"), and
the public service functions: each is one `WORKFLOW.perform(...)`, which locks the breach,
checks the version (ConflictError, 409), the actor (PermissionDenied, 403) and the status
(TransitionError, 409), then does the action's domain work (`details`, `regulator`,
`containment`: ValidationError field errors, 400) and writes its timeline event.

Pages and the API ask the same declaration what a user may do: `WORKFLOW.available()`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from core import outbox, policy
from core.dates import to_uk, uk_date
from core.kernel import Action, Workflow

from .. import forms
from ..api import serializers as s
from ..models import Breach, BreachAction, BreachEvent
from ..snapshots import STREAM
from ..vocabularies import AWAITING_STATUSES, EventType, Status
from . import containment, details, regulator

OPEN_STATUSES = frozenset(set(Status) - {Status.CLOSED})


def _records(actor: User | None, breach: Breach | None = None) -> bool:
    """Any member of the Data Office records and completes a breach's details."""
    return policy.holds(actor, policy.STAFF)


def _manages(actor: User | None, breach: Breach | None = None) -> bool:
    """The risk, the actions and the answer on telling people: team leads, DPO, admins."""
    return policy.holds(actor, policy.LEADS)


def _dpo(actor: User | None, breach: Breach | None = None) -> bool:
    """The regulator decision, the report and closing: the DPO group only."""
    return policy.is_dpo(actor)


def _undecided(actor: Any, breach: Breach) -> str | None:
    if breach.reportable is not None:
        return f"The regulator decision for {breach.reference} has already been recorded."
    return None


def _decided_to_report(actor: Any, breach: Breach) -> str | None:
    if breach.reportable is not True:
        return f"{breach.reference} has no decision to report it yet: record the decision first."
    return None


def _announce(breach: Breach) -> None:
    """Every saved change may move the Data Board's figures for the month it belongs to."""
    outbox.announce(STREAM, uk_date(breach.aware_at), reason="A breach changed")


class CompleteActionForm(forms.CompleteActionForm):
    """The page's "Mark complete" button: the action it names, completed today (UK date)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unknown = "That action does not exist."
        self.fields["action"].error_messages.update(required=unknown, invalid=unknown)

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "action": self.cleaned_data["action"],
            "completed_on": to_uk(timezone.now()).date(),
        }


def _no_prefix(actor: User | None, breach: Breach) -> dict[str, Any]:
    """The page's "Mark complete" buttons post `action` and `version` as they are."""
    return {"prefix": None}


WORKFLOW: Workflow[Breach] = Workflow(
    model=Breach,
    noun="breach",
    event_model=BreachEvent,
    event_field="breach",
    reference=lambda breach: breach.reference,
    saved=_announce,
    actions=[
        Action(
            name="update",
            label="Complete or correct the details",
            slug="edit",
            from_statuses=OPEN_STATUSES,
            refusal="A closed breach cannot be changed.",
            may=_records,
            denial="Your role does not allow you to edit breaches.",
            event=EventType.DETAILS_UPDATED,
            form=forms.BreachDetailsForm,
            run=details.update,
            done="Details saved.",
        ),
        Action(
            name="assess",
            label="Assess the risk",
            from_statuses=AWAITING_STATUSES,  # type: ignore[arg-type]
            refusal="The risk can only be assessed before the regulator decision is made.",
            target=Status.ASSESSED,
            may=_manages,
            denial="Only a team lead, the DPO or an administrator can assess a breach.",
            event=EventType.ASSESSED,
            form=forms.AssessForm,
            serializer=s.BreachAssessSerializer,
            run=regulator.assess,
            done="Risk assessment recorded.",
        ),
        Action(
            name="decide",
            label="Record the regulator decision",
            from_statuses={Status.ASSESSED},
            refusal="The regulator decision needs a risk assessment first, and can only be made once.",
            guard=_undecided,
            # The status follows the decision: not reportable, or still assessed (to report).
            may=_dpo,
            denial="Only the Data Protection Officer or a deputy can record the regulator decision.",
            event=EventType.DECIDED,
            form=forms.DecideForm,
            serializer=s.BreachDecideSerializer,
            run=regulator.decide,
            done="Regulator decision recorded.",
        ),
        Action(
            name="report",
            label="Record the report to the ICO",
            from_statuses={Status.ASSESSED},
            refusal="Only a breach the DPO has decided to report can be recorded as reported.",
            guard=_decided_to_report,
            target=Status.REPORTED,
            may=_dpo,
            denial="Only the Data Protection Officer or a deputy can record the report to the ICO.",
            event=EventType.REPORTED,
            form=forms.ReportForm,
            serializer=s.BreachReportSerializer,
            run=regulator.report,
            done="Report to the ICO recorded.",
        ),
        Action(
            name="notify_subjects",
            label="Record whether the people affected were told",
            slug="notify",
            from_statuses=OPEN_STATUSES,
            refusal="A closed breach cannot be changed.",
            may=_manages,
            denial="Only a team lead, the DPO or an administrator can record this.",
            event=EventType.SUBJECTS_NOTIFIED,
            form=forms.NotifySubjectsForm,
            serializer=s.BreachNotifySubjectsSerializer,
            run=regulator.notify_subjects,
            done="Answer on telling the people affected recorded.",
        ),
        Action(
            name="add_action",
            label="Add an action",
            slug="action",
            from_statuses=OPEN_STATUSES,
            refusal="Actions cannot be added to a closed breach.",
            may=_manages,
            denial="Only a team lead, the DPO or an administrator can add actions.",
            event=EventType.ACTION_ADDED,
            form=forms.ActionForm,
            serializer=s.BreachAddActionSerializer,
            run=containment.add_action,
            done="Action added.",
        ),
        Action(
            name="complete_action",
            label="Mark an action complete",
            from_statuses=OPEN_STATUSES,
            refusal="Actions cannot be added to a closed breach.",
            may=_manages,
            denial="Only a team lead, the DPO or an administrator can complete actions.",
            event=EventType.ACTION_COMPLETED,
            form=CompleteActionForm,
            form_kwargs=_no_prefix,
            run=containment.complete_action,
            done="Action marked as complete.",
        ),
        Action(
            name="close",
            label="Close the breach",
            from_statuses={Status.REPORTED, Status.NOT_REPORTABLE},
            refusal="A breach can only be closed once it has been reported or decided not reportable.",
            target=Status.CLOSED,
            may=_dpo,
            denial="Only the Data Protection Officer or a deputy can close a breach.",
            event=EventType.CLOSED,
            form=forms.CloseForm,
            serializer=s.BreachCloseSerializer,
            run=regulator.close,
            done="Breach closed.",
        ),
    ],
)


# ---------------------------------------------------------------------------------------
# The public services: one perform() each
# ---------------------------------------------------------------------------------------


def update_details(
    *, breach_id: int, actor: User, version: int | None = None, **changes: Any
) -> Breach:
    """Complete a first report later: what happened, the data and people involved."""
    return WORKFLOW.perform("update", pk=breach_id, actor=actor, version=version, **changes)


def assess_risk(
    *,
    breach_id: int,
    actor: User,
    likelihood: str,
    severity: str,
    rationale: str,
    version: int | None = None,
) -> Breach:
    """Record the likelihood and severity of harm; the risk follows from the matrix."""
    return WORKFLOW.perform(
        "assess",
        pk=breach_id,
        actor=actor,
        version=version,
        likelihood=likelihood,
        severity=severity,
        rationale=rationale,
    )


def decide(
    *,
    breach_id: int,
    actor: User,
    reportable: bool,
    reasons: str,
    version: int | None = None,
) -> Breach:
    """The DPO's decision whether the ICO must be told, with the reasons either way."""
    return WORKFLOW.perform(
        "decide", pk=breach_id, actor=actor, version=version, reportable=reportable, reasons=reasons
    )


def report_to_regulator(
    *,
    breach_id: int,
    actor: User,
    reported_at: datetime,
    regulator_reference: str = "",
    late_reason: str = "",
    version: int | None = None,
) -> Breach:
    """Record that the breach was reported to the ICO (with the reasons for any delay)."""
    return WORKFLOW.perform(
        "report",
        pk=breach_id,
        actor=actor,
        version=version,
        reported_at=reported_at,
        regulator_reference=regulator_reference,
        late_reason=late_reason,
    )


def record_subjects_notified(
    *,
    breach_id: int,
    actor: User,
    notified: bool,
    notified_at: datetime | None = None,
    reasons: str = "",
    version: int | None = None,
) -> Breach:
    """Whether the people affected were told, and when; when not, why not."""
    return WORKFLOW.perform(
        "notify_subjects",
        pk=breach_id,
        actor=actor,
        version=version,
        notified=notified,
        notified_at=notified_at,
        reasons=reasons,
    )


def add_action(
    *,
    breach_id: int,
    actor: User,
    kind: str,
    description: str,
    due_on: date,
    owner: User | None = None,
    owner_name: str = "",
    version: int | None = None,
) -> BreachAction:
    return WORKFLOW.perform(
        "add_action",
        pk=breach_id,
        actor=actor,
        version=version,
        kind=kind,
        description=description,
        due_on=due_on,
        owner=owner,
        owner_name=owner_name,
    )


def complete_action(
    *, action_id: int, actor: User, completed_on: date, version: int | None = None
) -> BreachAction:
    return WORKFLOW.perform(
        "complete_action",
        pk=containment.breach_of(action_id),
        actor=actor,
        version=version,
        action=action_id,
        completed_on=completed_on,
    )


def close_breach(
    *, breach_id: int, actor: User, lessons_learned: str, version: int | None = None
) -> Breach:
    return WORKFLOW.perform(
        "close", pk=breach_id, actor=actor, version=version, lessons_learned=lessons_learned
    )
