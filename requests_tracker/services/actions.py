"""The request workflow, declared once: every action on a request, the statuses it starts
from and moves to, who may take it, the words for a refusal, the page form and API
serializer that take its input, and the domain work that does it (core/kernel.py).

Pages (requests_tracker/views/detail.py) and the API (requests_tracker/api/views.py) both ask
`WORKFLOW.available(user, request)` what a user may do now; every service performs its
action through `WORKFLOW.perform`.
"""

from __future__ import annotations

from typing import Any

from core import policy
from core.kernel import Action, Workflow

from .. import forms, selectors
from ..api import serializers as s
from ..models import InformationRequest, RequestEvent
from ..vocabularies import EventType, Status
from . import assignment, clock, closing, holds, reviews
from ._common import may_work_on

ALL_STATUSES = frozenset(Status)
ACTIVE = frozenset({Status.OPEN, Status.ON_HOLD})

#: What a user is told when their role, or the request's unit, keeps them from acting.
DENIAL = "Your role does not allow you to work on this request."


def _system_only(actor: Any, request: InformationRequest) -> bool:
    return actor is None


def _not_extended(actor: Any, request: InformationRequest) -> str | None:
    if request.extended or request.complex:
        return f"{request.reference} has already been extended: a deadline is extended once."
    return None


def _may_assign(actor: Any, request: InformationRequest) -> bool:
    """A team lead assigns anyone; a caseworker only takes a request not already theirs
    (assigning it to anyone else is a lead's: a question of role, so HTTP 403)."""
    if not may_work_on(actor, request):
        return False
    return actor is None or policy.leads(actor) or request.assigned_to_id != actor.pk


def _reviewable(actor: Any, request: InformationRequest) -> str | None:
    """An FOI or EIR response with no internal review standing (one may be opened again
    once the last was withdrawn or lapsed)."""
    if request.kind not in reviews.REVIEWABLE_KINDS:
        return (
            "Internal reviews are for FOI and EIR responses; "
            f"{request.reference} is a {request.get_kind_display().lower()} request."
        )
    existing = reviews.existing_review(request)
    if existing is not None:
        return f"{request.reference} already has an internal review: {existing.reference}."
    return None


def _awaits_decision(actor: Any, request: InformationRequest) -> str | None:
    """A complaint to the regulator whose decision is not recorded yet."""
    if any(not complaint.outcome for complaint in request.complaints.all()):
        return None
    return f"No complaint on {request.reference} is waiting for the regulator's decision."


def _assign_form(actor: Any, request: InformationRequest) -> dict[str, Any]:
    users = selectors.assignable_users(request.unit_id)
    return {"users": users if policy.leads(actor) else users.filter(pk=actor.pk)}


def _close_form(actor: Any, request: InformationRequest) -> dict[str, Any]:
    late = request.due_on is not None and selectors.uk_today() > request.due_on
    return {"kind": request.kind, "regime": request.regime, "late": late}


def _kind(actor: Any, request: InformationRequest) -> dict[str, Any]:
    return {"kind": request.kind}


WORKFLOW: Workflow[InformationRequest] = Workflow(
    model=InformationRequest,
    noun="request",
    event_model=RequestEvent,
    event_field="request",
    select_related=("parent",),
    reference=lambda request: request.reference,
    actions=[
        Action(
            name="stop_clock",
            label="Stop the clock",
            from_statuses={Status.OPEN},
            refusal="The clock can only be stopped on an open request.",
            target=Status.ON_HOLD,
            may=may_work_on,
            denial=DENIAL,
            event=EventType.CLOCK_STOPPED,
            form=forms.StopClockForm,
            form_kwargs=_kind,
            serializer=s.StopClockSerializer,
            run=clock.stop_clock_work,
        ),
        Action(
            name="restart_clock",
            label="Restart the clock",
            from_statuses={Status.ON_HOLD},
            refusal="The clock is not stopped.",
            target=Status.OPEN,
            may=may_work_on,
            denial=DENIAL,
            event=EventType.CLOCK_RESTARTED,
            form=forms.RestartClockForm,
            serializer=s.RestartClockSerializer,
            run=clock.restart_clock_work,
        ),
        Action(
            name="extend",
            label="Extend the deadline",
            from_statuses={Status.OPEN},
            refusal="Only an open request with its clock running can be extended.",
            may=may_work_on,
            denial=DENIAL,
            guard=_not_extended,
            event=EventType.EXTENDED,
            form=forms.ExtendForm,
            form_kwargs=_kind,
            serializer=s.ExtendSerializer,
            run=clock.extend_work,
        ),
        Action(
            name="assign",
            label="Assign",
            from_statuses=ACTIVE,
            refusal="Only an open request can be assigned.",
            may=_may_assign,
            denial="Only a team lead can assign a request to someone else.",
            event=EventType.ASSIGNED,
            form=forms.AssignForm,
            form_kwargs=_assign_form,
            serializer=s.AssignSerializer,
            run=assignment.assign_work,
        ),
        Action(
            name="close",
            label="Close with an outcome",
            from_statuses={Status.OPEN},
            refusal="Only an open request with its clock running can be closed; restart the clock first if it is stopped.",
            target=Status.CLOSED,
            may=may_work_on,
            denial=DENIAL,
            event=EventType.CLOSED,
            form=forms.CloseForm,
            form_kwargs=_close_form,
            serializer=s.CloseSerializer,
            run=closing.close_work,
        ),
        Action(
            name="internal_review",
            label="Open an internal review",
            from_statuses={Status.CLOSED},
            refusal="An internal review can only be opened on a closed request.",
            may=may_work_on,
            denial=DENIAL,
            guard=_reviewable,
            event=EventType.REVIEW_OPENED,
            # The request reviewed does not change: the review is a new request.
            changes_record=False,
            form=forms.InternalReviewForm,
            serializer=s.InternalReviewSerializer,
            run=reviews.internal_review_work,
        ),
        Action(
            name="reopen",
            label="Reopen the request",
            from_statuses={Status.CLOSED, Status.WITHDRAWN, Status.LAPSED},
            refusal="Only a closed, withdrawn or lapsed request can be reopened.",
            # The domain work decides: on hold while a stop is open (a lapsed request).
            target=None,
            may=may_work_on,
            denial=DENIAL,
            event=EventType.REOPENED,
            form=forms.ReopenForm,
            serializer=s.ReopenSerializer,
            run=closing.reopen_work,
        ),
        Action(
            name="withdraw",
            label="Withdraw the request",
            from_statuses=ACTIVE,
            refusal="Only an open request can be withdrawn.",
            target=Status.WITHDRAWN,
            may=may_work_on,
            denial=DENIAL,
            event=EventType.WITHDRAWN,
            form=forms.WithdrawForm,
            serializer=s.WithdrawSerializer,
            run=closing.withdraw_work,
        ),
        Action(
            name="note",
            label="Add a note",
            from_statuses=ALL_STATUSES,
            may=may_work_on,
            denial=DENIAL,
            # The domain work writes the note itself, so the service can answer with it.
            event=None,
            changes_record=False,
            form=forms.NoteForm,
            serializer=s.NoteSerializer,
            run=assignment.note_work,
        ),
        Action(
            name="complaint",
            label="Record a complaint to the regulator",
            from_statuses=ALL_STATUSES,
            may=may_work_on,
            denial=DENIAL,
            event=EventType.COMPLAINT_RECORDED,
            changes_record=False,
            serializer=s.ComplaintCreateSerializer,
            run=reviews.complaint_work,
        ),
        Action(
            name="complaint_decision",
            label="Record the regulator's decision",
            from_statuses=ALL_STATUSES,
            may=may_work_on,
            denial=DENIAL,
            guard=_awaits_decision,
            event=EventType.COMPLAINT_DECIDED,
            changes_record=False,
            serializer=s.ComplaintDecisionSerializer,
            run=reviews.complaint_decision_work,
        ),
        Action(
            name="legal_hold",
            label="Set or release a legal hold",
            from_statuses=ALL_STATUSES,
            may=may_work_on,
            denial=DENIAL,
            run=holds.legal_hold_work,
        ),
        Action(
            name="lapse",
            label="Lapse the request",
            from_statuses={Status.ON_HOLD},
            refusal="Only a request with its clock stopped can lapse.",
            target=Status.LAPSED,
            may=_system_only,
            denial="Only the daily lapse job lapses a request.",
            event=EventType.LAPSED,
            run=closing.lapse_work,
        ),
    ],
)
