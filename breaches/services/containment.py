"""Containment and remedial actions: the domain work of `add_action` and
`complete_action`, actions on the breach (it is locked, its version moves and its
timeline records them), with the child action's id as input."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from accounts.models import User
from core.dates import long_date, uk_today
from core.errors import TransitionError
from core.kernel import Change, invalid

from ..models import Breach, BreachAction
from ..vocabularies import ActionKind


def add_action(
    change: Change[Breach],
    *,
    kind: str,
    description: str,
    due_on: date | None,
    owner: User | None = None,
    owner_name: str = "",
) -> BreachAction:
    errors: dict[str, list[str]] = {}
    if kind not in ActionKind.values:
        errors["kind"] = ["Choose whether this is a containment or a remedial action."]
    if not (description or "").strip():
        errors["description"] = ["Describe the action."]
    if due_on is None:
        errors["due_on"] = ["Enter the date the action is due."]
    if owner is None and not (owner_name or "").strip():
        errors["owner_name"] = ["Enter who owns the action."]
    if errors:
        raise ValidationError(errors)
    assert due_on is not None  # checked above
    action = BreachAction.objects.create(
        breach=change.record,
        kind=kind,
        description=description.strip(),
        due_on=due_on,
        owner=owner,
        owner_name="" if owner else owner_name.strip(),
    )
    change.event(
        f"{action.get_kind_display()} action added, owned by {action.owner_display}, "
        f"due {long_date(due_on)}: {action.description}",
        after={"action": action.pk},
    )
    return action


def breach_of(action_id: int) -> int:
    """The breach an action belongs to (actions are done on their breach)."""
    breach_id = BreachAction.objects.filter(pk=action_id).values_list("breach_id", flat=True)
    for pk in breach_id:
        return pk
    raise invalid(None, "That action does not exist.")


def complete_action(
    change: Change[Breach], *, action: int, completed_on: date | None
) -> BreachAction:
    try:
        item = BreachAction.objects.get(pk=action, breach=change.record)
    except BreachAction.DoesNotExist:
        raise invalid(None, "That action does not exist.") from None
    if item.completed_on is not None:
        raise TransitionError("That action is already complete.")
    if completed_on is None:
        raise invalid("completed_on", "Enter the date the action was completed.")
    if completed_on > uk_today():
        raise invalid("completed_on", "The completion date cannot be in the future.")
    item.completed_on = completed_on
    item.save(update_fields=["completed_on"])
    change.event(
        f"Action completed on {long_date(completed_on)}: {item.description}",
        after={"action": item.pk},
    )
    return item
