"""The casework kernel: one way to change a case (docs/architecture.md, "The casework kernel").

Requests, breaches and DPIAs are cases with the same life: named actions move a record
between statuses. Each app *declares* its actions once, in a `Workflow`:

    WORKFLOW = Workflow(
        model=Breach,
        noun="breach",
        event_model=BreachEvent,
        event_field="breach",
        actions=[
            Action(
                name="close",
                label="Close the breach",
                from_statuses={Status.REPORTED, Status.NOT_REPORTABLE},
                refusal="A breach can only be closed once it has been reported or decided not reportable.",
                target=Status.CLOSED,
                may=policy.is_dpo,
                denial="Only the Data Protection Officer can close a breach.",
                run=_close,
                event=EventType.CLOSED,
            ),
        ],
    )

and every change goes through `WORKFLOW.perform("close", pk=..., actor=..., version=..., **data)`,
which, in one transaction:

1. locks the row (`SELECT … FOR UPDATE`) — a missing record is a ValidationError;
2. checks the version the caller saw (`ConflictError`, HTTP 409, when stale);
3. checks the actor may do it (`PermissionDenied`, HTTP 403);
4. checks the action is allowed from the record's status and by its guard
   (`TransitionError`, HTTP 409);
5. runs the app's domain work, `run(change, **data)`, which validates (raising
   ValidationError with field errors), writes what the action means and records its
   timeline event(s) on the `Change`;
6. moves the record to the declared target status, bumps the version, saves it and calls
   the workflow's `saved` hook (where an app announces figure changes to the outbox);
7. writes the timeline events, and schedules the after-commit work.

Pages and the API ask the same declaration what a user may do now: `available(user, record)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.errors import ConflictError, TransitionError

Record = TypeVar("Record", bound=models.Model)

#: `may(actor, record)`: whether `actor` (None for the system: beat jobs, imports) may act.
Permission = Callable[[Any, Any], bool]


def anyone(actor: Any, record: Any) -> bool:
    """No role check beyond what the caller's view already enforced (seeing the record)."""
    return True


def invalid(field_name: str | None, message: str) -> ValidationError:
    """A ValidationError on one field (or the form as a whole when `field_name` is None)."""
    return ValidationError({field_name or NON_FIELD_ERRORS: [message]})


def jsonable(value: Any) -> Any:
    """A model field's value as it is kept in a timeline event's before/after."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()  # UK time: settings.TIME_ZONE
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        label = getattr(value, "username", None) or getattr(value, "name", None)
        return label if label is not None else value.pk
    return value


def values(record: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `record`, JSON-ready, for a timeline event's before/after."""
    return {name: jsonable(getattr(record, name)) for name in fields}


@dataclass(frozen=True)
class Action:
    """One thing that can be done to a case, declared once."""

    name: str
    label: str
    from_statuses: AbstractSet[str]
    run: Callable[..., Any]
    #: What to tell someone who tries it from any other status.
    refusal: str = ""
    #: The status the record moves to; None when the action leaves the status alone (or
    #: the domain work decides it, e.g. reopening to where the record was).
    target: str | None = None
    may: Permission = anyone
    denial: str = "Your role does not allow you to do that."
    #: The timeline event type written when the domain work records none itself.
    event: str | None = None
    #: Input shapes: the page form and the API serializer (either may be None).
    form: type | None = None
    serializer: type | None = None
    #: Extra keyword arguments for the page form, `form_kwargs(actor, record)` (choices
    #: that depend on the record or the user, such as whom a request can be assigned to).
    form_kwargs: Callable[[Any, Any], dict[str, Any]] | None = None
    #: A condition beyond the status and the role, `guard(actor, record)`: why this
    #: record cannot take this action now (e.g. "already signed off", "already extended"),
    #: or None. The one question pages and the API ask: `available` leaves the action out
    #: while it refuses, and `perform` refuses it (a TransitionError, HTTP 409: a state
    #: conflict) right after the role check and the status.
    guard: Callable[[Any, Any], str | None] | None = None
    #: The action's URL segment and form prefix on pages; the name with hyphens unless given.
    slug: str = ""
    #: What a page tells the user once it is done ("Risk assessment recorded."); the
    #: label with a full stop unless given.
    done: str = ""
    #: False for actions that only add to the timeline (a note): no version bump.
    changes_record: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "from_statuses", frozenset(self.from_statuses))
        if not self.slug:
            object.__setattr__(self, "slug", self.name.replace("_", "-"))
        if not self.done:
            object.__setattr__(self, "done", f"{self.label}.")

    def build_form(self, actor: Any, record: Any, data: Any = None, **options: Any) -> Any:
        """The page form for this action on `record`: prefixed with the slug (each form on
        a detail page posts to its own action), with the page's `options` and the declared
        `form_kwargs(actor, record)`."""
        if self.form is None:
            raise ValueError(f"Action {self.name!r} declares no page form")
        kwargs: dict[str, Any] = {"prefix": self.slug, **options}
        if self.form_kwargs is not None:
            kwargs.update(self.form_kwargs(actor, record))
        return self.form(data, **kwargs)


@dataclass
class Change(Generic[Record]):
    """What the domain work of one action sees and records."""

    workflow: Workflow[Record]
    action: Action
    record: Record
    actor: Any
    events: list[dict[str, Any]] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    #: Set by the domain work when it decides the action changed nothing worth a version.
    unchanged: bool = False

    def values(self, fields: Iterable[str]) -> dict[str, Any]:
        return values(self.record, fields)

    def event(
        self,
        description: str,
        *,
        type: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record a timeline event, written with the change."""
        event_type = type or self.action.event
        if event_type is None:
            raise ValueError(f"Action {self.action.name!r} declares no event type; pass type=")
        self.events.append(
            {
                "type": event_type,
                "description": description,
                "before": before or {},
                "after": after or {},
            }
        )

    def on_commit(self, work: Callable[[], None]) -> None:
        """Run `work` once the change is committed (emails, tasks); never on rollback."""
        self.after_commit.append(work)


class Workflow(Generic[Record]):
    """An app's declared actions on one kind of case, and the one way to perform them."""

    def __init__(
        self,
        *,
        model: type[Record],
        noun: str,
        event_model: type[models.Model],
        event_field: str,
        actions: Iterable[Action],
        select_related: tuple[str, ...] = (),
        saved: Callable[[Record], None] | None = None,
        reference: Callable[[Record], str] = lambda record: str(record),
    ) -> None:
        self.model = model
        self.noun = noun
        self.event_model = event_model
        self.event_field = event_field
        self.actions: dict[str, Action] = {}
        for action in actions:
            if action.name in self.actions:
                raise ValueError(f"Action {action.name!r} is declared twice")
            self.actions[action.name] = action
        self.select_related = select_related
        self.saved = saved
        self.reference = reference

    def __getitem__(self, name: str) -> Action:
        return self.actions[name]

    def by_slug(self, slug: str) -> Action | None:
        """The action a page URL names (its `slug`), or None."""
        return next((action for action in self.actions.values() if action.slug == slug), None)

    # -- asking -----------------------------------------------------------------------

    def refusal(self, record: Record, name: str, actor: Any = None) -> str | None:
        """Why `name` cannot be done from the record's status now (or, past the status,
        what its guard says for `actor`; None for the system), or None."""
        action = self.actions[name]
        status = getattr(record, "status")  # noqa: B009 - every case has a status
        if status in action.from_statuses:
            return None if action.guard is None else action.guard(actor, record)
        shown = record.get_status_display().lower()  # type: ignore[attr-defined]
        return f"{action.refusal} {self.reference(record)} is {shown}.".strip()

    def may(self, actor: Any, record: Record, name: str) -> bool:
        return bool(self.actions[name].may(actor, record))

    def available(self, actor: Any, record: Record) -> list[Action]:
        """The actions `actor` may take on `record` now, in declared order: exactly those
        `perform` would not refuse for the role, the status or the guard."""
        return [
            action
            for action in self.actions.values()
            if action.may(actor, record) and self.refusal(record, action.name, actor) is None
        ]

    # -- doing ------------------------------------------------------------------------

    def lock(self, pk: int, version: int | None) -> Record:
        """The record, row-locked, after checking the caller saw its latest version."""
        queryset = self.model._default_manager.select_for_update(of=("self",))
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        try:
            record = queryset.get(pk=pk)
        except self.model.DoesNotExist:  # type: ignore[attr-defined]
            raise invalid(None, f"That {self.noun} does not exist.") from None
        current = getattr(record, "version")  # noqa: B009
        if version is not None and version != current:
            raise ConflictError(
                f"{self.reference(record)} was changed by someone else while you were working "
                f"on it (you saw version {version}, it is now version {current}). "
                f"Reload the {self.noun} to see the change, then try again."
            )
        return record

    def perform(
        self, name: str, *, pk: int, actor: Any, version: int | None = None, **data: Any
    ) -> Any:
        """Do action `name` on record `pk` (see the module docstring); returns what the
        domain work returned, or the record."""
        action = self.actions[name]
        with transaction.atomic():
            record = self.lock(pk, version)
            if not action.may(actor, record):
                raise PermissionDenied(action.denial)
            problem = self.refusal(record, name, actor)
            if problem is not None:
                raise TransitionError(problem)
            change = Change(workflow=self, action=action, record=record, actor=actor)
            result = action.run(change, **data)
            if action.target is not None:
                record.status = action.target  # type: ignore[attr-defined]
            if action.changes_record and not change.unchanged:
                self.save(record)
            events = change.events
            if not events and not change.unchanged:
                events = self._default_event(change)
            self.write_events(record, actor, events)
            for work in change.after_commit:
                transaction.on_commit(work)
        return record if result is None else result

    def save(self, record: Record) -> None:
        """Bump the version and save; then the workflow's `saved` hook (outbox)."""
        record.version += 1  # type: ignore[attr-defined]
        record.save()
        if self.saved is not None:
            self.saved(record)

    def write_events(self, record: Record, actor: Any, events: list[dict[str, Any]]) -> None:
        for event in events:
            self.event_model._default_manager.create(
                **{self.event_field: record}, actor=actor, **event
            )

    def event(
        self,
        record: Record,
        type_: str,
        actor: Any,
        description: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> models.Model:
        """One timeline event outside an action (recording a new case, a system job)."""
        return self.event_model._default_manager.create(
            **{self.event_field: record},
            type=type_,
            actor=actor,
            description=description,
            before=before or {},
            after=after or {},
        )

    @staticmethod
    def _default_event(change: Change[Any]) -> list[dict[str, Any]]:
        if change.action.event is None:
            return []
        return [
            {
                "type": change.action.event,
                "description": change.action.label + ".",
                "before": {},
                "after": {},
            }
        ]
