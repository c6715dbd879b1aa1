"""Assignment and notes; bulk assignment (team leads, from the request list)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from core import policy
from core.errors import TransitionError
from core.kernel import Change, invalid

from ..models import InformationRequest, RequestEvent
from ..selectors import uk_today
from ..vocabularies import EventType
from . import actions


def check_assignee(request: InformationRequest, assignee: User) -> None:
    if not assignee.is_active or not assignee.has_role(*policy.UNIT_CASEWORKERS):
        raise invalid("user", f"{assignee.display_name} is not an active caseworker or team lead.")
    if request.unit_id is not None and assignee.unit_id != request.unit_id:
        raise invalid(
            "user", f"{assignee.display_name} does not work in {request.unit}, the request's unit."
        )


def assign(
    *, request_id: int, actor: User, assignee: User, version: int | None = None
) -> InformationRequest:
    return actions.WORKFLOW.perform(
        "assign", pk=request_id, actor=actor, version=version, assignee=assignee
    )


def assign_work(change: Change[InformationRequest], *, assignee: User) -> None:
    request, actor = change.record, change.actor
    if actor is not None and assignee.pk != actor.pk and not policy.leads(actor):
        raise PermissionDenied("Only a team lead can assign a request to someone else.")
    check_assignee(request, assignee)
    before = change.values(("assigned_to", "assigned_on"))
    request.assigned_to = assignee
    request.assigned_on = uk_today()
    change.event(
        f"Assigned to {assignee.display_name}.",
        before=before,
        after=change.values(("assigned_to", "assigned_on")),
    )


def add_note(
    *, request_id: int, actor: User | None, text: str, version: int | None = None
) -> RequestEvent:
    """A note joins the timeline; it does not change the request, so its version stays."""
    return actions.WORKFLOW.perform("note", pk=request_id, actor=actor, version=version, text=text)


def note_work(change: Change[InformationRequest], *, text: str) -> RequestEvent:
    if not text.strip():
        raise invalid("text", "Enter the note.")
    # Written here, not through change.event, so the service can answer with the note.
    return change.workflow.event(change.record, EventType.NOTE, change.actor, text.strip())  # type: ignore[return-value]


@transaction.atomic
def assign_many(*, request_ids: list[int], actor: User, assignee: User) -> list[InformationRequest]:
    """Assign several requests to one person: all or nothing. Each gets its own
    timeline event through `assign`; any refusal names the request and changes none."""
    assigned = []
    for request_id in sorted(set(request_ids)):
        try:
            assigned.append(assign(request_id=request_id, actor=actor, assignee=assignee))
        except (ValidationError, TransitionError) as error:
            reference = (
                InformationRequest.objects.filter(pk=request_id)
                .values_list("reference", flat=True)
                .first()
            )
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise invalid(None, f"{reference}: {' '.join(messages)}") from None
    return assigned
