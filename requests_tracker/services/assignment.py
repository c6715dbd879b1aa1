"""Assignment and notes; bulk assignment (team leads, from the request list)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role, User
from core.errors import TransitionError

from ..models import (
    InformationRequest,
    RequestEvent,
)
from ..selectors import uk_today
from ..vocabularies import (
    EventType,
)
from ._common import _check_transition, _event, _invalid, _lock, _save, _values


def _check_assignee(request: InformationRequest, assignee: User) -> None:
    if not assignee.is_active or not assignee.has_role(Role.CASEWORKER, Role.TEAM_LEAD):
        raise _invalid("user", f"{assignee.display_name} is not an active caseworker or team lead.")
    if request.unit_id is not None and assignee.unit_id != request.unit_id:
        raise _invalid(
            "user", f"{assignee.display_name} does not work in {request.unit}, the request's unit."
        )


@transaction.atomic
def assign(
    *, request_id: int, actor: User, assignee: User, version: int | None = None
) -> InformationRequest:
    request = _lock(request_id, version)
    _check_transition(request, "assign")
    may_assign_others = actor.has_role(Role.TEAM_LEAD, Role.DPO, Role.ADMIN)
    if assignee.pk != actor.pk and not may_assign_others:
        raise PermissionDenied("Only a team lead can assign a request to someone else.")
    _check_assignee(request, assignee)
    before = _values(request, ("assigned_to", "assigned_on"))
    request.assigned_to = assignee
    request.assigned_on = uk_today()
    _save(request)
    _event(
        request,
        EventType.ASSIGNED,
        actor,
        f"Assigned to {assignee.display_name}.",
        before=before,
        after=_values(request, ("assigned_to", "assigned_on")),
    )
    return request


@transaction.atomic
def add_note(
    *, request_id: int, actor: User | None, text: str, version: int | None = None
) -> RequestEvent:
    """A note joins the timeline; it does not change the request, so its version stays."""
    request = _lock(request_id, version)
    if not text.strip():
        raise _invalid("text", "Enter the note.")
    return _event(request, EventType.NOTE, actor, text.strip())


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
            raise _invalid(None, f"{reference}: {' '.join(messages)}") from None
    return assigned
