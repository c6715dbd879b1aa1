"""Every write that means something to a breach.

Each service is one transaction: lock the row, check the version (optimistic lock) and
the allowed-transition table, validate, write the change and its timeline event.
Domain errors:
- `django.core.exceptions.ValidationError` for bad input (field errors, HTTP 400);
- `core.errors.ConflictError` when someone else changed the breach (HTTP 409);
- `core.errors.TransitionError` when the action is not allowed now (HTTP 409);
- `django.core.exceptions.PermissionDenied` when the user's role does not allow it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, Unit, User
from core import notifications, outbox
from core.errors import ConflictError, TransitionError

from .. import clock, selectors
from ..models import Breach, BreachAction, BreachAlert, BreachEvent, BreachReferenceCounter
from ..snapshots import STREAM
from ..vocabularies import (
    AWAITING_STATUSES,
    ActionKind,
    AlertThreshold,
    EventType,
    Likelihood,
    Nature,
    Risk,
    SecurityProperty,
    Severity,
    Source,
    Status,
)

logger = logging.getLogger(__name__)

ALL_STATUSES = frozenset(Status)
OPEN_STATUSES = frozenset(ALL_STATUSES - {Status.CLOSED})

#: The allowed-transition table: the statuses each action may start from, and what to
#: tell someone who tries it from any other.
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "update": (OPEN_STATUSES, "A closed breach cannot be changed."),
    "assess": (
        frozenset(AWAITING_STATUSES),
        "The risk can only be assessed before the regulator decision is made.",
    ),
    "decide": (
        frozenset({Status.ASSESSED}),
        "The regulator decision needs a risk assessment first, and can only be made once.",
    ),
    "report": (
        frozenset({Status.ASSESSED}),
        "Only a breach the DPO has decided to report can be recorded as reported.",
    ),
    "notify_subjects": (OPEN_STATUSES, "A closed breach cannot be changed."),
    "action": (OPEN_STATUSES, "Actions cannot be added to a closed breach."),
    "close": (
        frozenset({Status.REPORTED, Status.NOT_REPORTABLE}),
        "A breach can only be closed once it has been reported or decided not reportable.",
    ),
}


# ---------------------------------------------------------------------------------------
# Plumbing
# ---------------------------------------------------------------------------------------


def _invalid(field: str | None, message: str) -> ValidationError:
    return ValidationError({field or NON_FIELD_ERRORS: [message]})


def _lock(breach_id: int, version: int | None) -> Breach:
    try:
        breach = Breach.objects.select_for_update(of=("self",)).get(pk=breach_id)
    except Breach.DoesNotExist:
        raise _invalid(None, "That breach does not exist.") from None
    if version is not None and version != breach.version:
        raise ConflictError(
            f"{breach.reference} was changed by someone else while you were working on it "
            f"(you saw version {version}, it is now version {breach.version}). "
            "Reload the breach to see the change, then try again."
        )
    return breach


def _check_transition(breach: Breach, action: str) -> None:
    allowed, message = ALLOWED[action]
    if breach.status not in allowed:
        raise TransitionError(
            f"{message} {breach.reference} is {breach.get_status_display().lower()}."
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return clock.to_uk(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.username
    if isinstance(value, Unit):
        return value.name
    return value


def _values(breach: Breach, fields: Iterable[str]) -> dict[str, Any]:
    return {field: _jsonable(getattr(breach, field)) for field in fields}


def _event(
    breach: Breach,
    type_: EventType,
    actor: User | None,
    description: str,
    before: dict | None = None,
    after: dict | None = None,
) -> BreachEvent:
    return BreachEvent.objects.create(
        breach=breach,
        type=type_,
        actor=actor,
        description=description,
        before=before or {},
        after=after or {},
    )


def _save(breach: Breach) -> None:
    breach.version += 1
    breach.save()
    outbox.announce(STREAM, clock.to_uk(breach.aware_at).date(), reason="A breach changed")


def _require(user: User | None, allowed: bool, message: str) -> None:
    if user is None or not allowed:
        raise PermissionDenied(message)


def _check_moment(
    errors: dict[str, list[str]],
    field: str,
    value: datetime | None,
    what: str,
    *,
    now: datetime,
    not_before: datetime | None = None,
    not_before_text: str = "",
) -> None:
    if value is None:
        return
    if value.tzinfo is None:
        errors[field] = [f"{what} must include a time zone."]
    elif value < EARLIEST:
        # Nothing in the register predates the Data Protection Act 1998 coming into force.
        errors[field] = [f"{what} cannot be before 1 March 2000."]
    elif value > now:
        errors[field] = [f"{what} cannot be in the future."]
    elif not_before is not None and value < not_before:
        errors[field] = [f"{what} cannot be before {not_before_text}."]


EARLIEST = datetime(2000, 3, 1, tzinfo=UTC)


def _when(moment: datetime) -> str:
    return f"{clock.to_uk(moment):%d %B %Y at %H:%M} UK time"


def _allocate_reference(year: int) -> str:
    BreachReferenceCounter.objects.bulk_create(
        [BreachReferenceCounter(year=year)], ignore_conflicts=True
    )
    counter = BreachReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"BR-{year}-{counter.last:04d}"


def _clean_properties(values: Iterable[str], errors: dict[str, list[str]]) -> list[str]:
    properties = list(dict.fromkeys(values or []))
    if any(value not in SecurityProperty.values for value in properties):
        errors["security_properties"] = ["Choose from confidentiality, integrity and availability."]
    order = list(SecurityProperty.values)
    return sorted((p for p in properties if p in order), key=order.index)


def _check_counts(errors: dict[str, list[str]], **counts: int | None) -> None:
    for field, value in counts.items():
        if value is not None and value < 0:
            errors[field] = ["Enter a number of 0 or more."]


# ---------------------------------------------------------------------------------------
# Recording and completing the record
# ---------------------------------------------------------------------------------------


@transaction.atomic
def record_breach(
    *,
    actor: User | None,
    aware_at: datetime,
    source: str,
    nature: str,
    summary: str,
    occurred_at: datetime | None = None,
    how_discovered: str = "",
    reported_by: User | None = None,
    reported_by_name: str = "",
    unit: Unit | None = None,
    security_properties: Iterable[str] = (),
    data_categories: str = "",
    special_category_data: bool = False,
    criminal_offence_data: bool = False,
    data_subjects_count: int | None = None,
    records_count: int | None = None,
) -> Breach:
    """Record a first report of a breach and start its 72-hour clock."""
    _require(
        actor,
        actor is not None and selectors.can_record(actor),
        "Only members of the Data Office can record a breach.",
    )
    now = selectors.now()
    errors: dict[str, list[str]] = {}
    if aware_at is None:
        errors["aware_at"] = ["Enter when the force became aware of the breach."]
    else:
        _check_moment(errors, "aware_at", aware_at, "The time you became aware", now=now)
    if occurred_at is not None and "aware_at" not in errors:
        _check_moment(
            errors,
            "occurred_at",
            occurred_at,
            "The time the breach happened",
            now=now,
        )
        if "occurred_at" not in errors and occurred_at > aware_at:
            errors["occurred_at"] = [
                "The time the breach happened cannot be after the time you became aware of it."
            ]
    if source not in Source.values:
        errors["source"] = ["Choose where the breach came from: internal, external or third party."]
    if nature not in Nature.values:
        errors["nature"] = ["Choose what kind of breach it was."]
    if not (summary or "").strip():
        errors["summary"] = ["Enter a summary of what happened."]
    properties = _clean_properties(security_properties, errors)
    _check_counts(errors, data_subjects_count=data_subjects_count, records_count=records_count)
    if errors:
        raise ValidationError(errors)

    breach = Breach(
        reference=_allocate_reference(clock.to_uk(aware_at).year),
        summary=summary.strip(),
        aware_at=aware_at,
        occurred_at=occurred_at,
        how_discovered=how_discovered.strip(),
        reported_by=reported_by
        if reported_by is not None
        else (None if reported_by_name else actor),
        reported_by_name=reported_by_name.strip(),
        unit=unit or (actor.unit if actor else None),
        source=source,
        nature=nature,
        security_properties=properties,
        data_categories=data_categories.strip(),
        special_category_data=special_category_data,
        criminal_offence_data=criminal_offence_data,
        data_subjects_count=data_subjects_count,
        records_count=records_count,
        report_due_at=clock.report_due_at(aware_at),
        created_by=actor,
        version=0,
    )
    _save(breach)
    _event(
        breach,
        EventType.RECORDED,
        actor,
        f"Recorded. Became aware {_when(aware_at)}; the ICO must be told by "
        f"{_when(breach.report_due_at)} if the breach is reportable.",
        after=_values(breach, ("aware_at", "report_due_at", "source", "nature")),
    )
    logger.info("breach recorded: %s", breach.reference)
    return breach


UPDATABLE_FIELDS = (
    "occurred_at",
    "how_discovered",
    "reported_by_name",
    "unit",
    "security_properties",
    "data_categories",
    "special_category_data",
    "criminal_offence_data",
    "data_subjects_count",
    "records_count",
    "summary",
)


@transaction.atomic
def update_details(
    *, breach_id: int, actor: User, version: int | None = None, **changes: Any
) -> Breach:
    """Complete a first report later: what happened, the data and people involved."""
    _require(actor, selectors.can_record(actor), "Your role does not allow you to edit breaches.")
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise _invalid(None, f"These details cannot be changed here: {', '.join(sorted(unknown))}.")
    breach = _lock(breach_id, version)
    _check_transition(breach, "update")
    errors: dict[str, list[str]] = {}
    if "summary" in changes and not (changes["summary"] or "").strip():
        errors["summary"] = ["Enter a summary of what happened."]
    if "security_properties" in changes:
        changes["security_properties"] = _clean_properties(changes["security_properties"], errors)
    occurred_at = changes.get("occurred_at")
    if occurred_at is not None:
        _check_moment(
            errors, "occurred_at", occurred_at, "The time the breach happened", now=selectors.now()
        )
        if "occurred_at" not in errors and occurred_at > breach.aware_at:
            errors["occurred_at"] = [
                "The time the breach happened cannot be after the time you became aware of it."
            ]
    _check_counts(
        errors,
        data_subjects_count=changes.get("data_subjects_count"),
        records_count=changes.get("records_count"),
    )
    if errors:
        raise ValidationError(errors)
    for field in ("summary", "how_discovered", "reported_by_name", "data_categories"):
        if field in changes:
            changes[field] = (changes[field] or "").strip()
    changed = [field for field, value in changes.items() if getattr(breach, field) != value]
    if not changed:
        return breach
    before = _values(breach, changed)
    for field in changed:
        setattr(breach, field, changes[field])
    _save(breach)
    _event(
        breach,
        EventType.DETAILS_UPDATED,
        actor,
        "Details updated: " + ", ".join(f.replace("_", " ") for f in changed) + ".",
        before=before,
        after=_values(breach, changed),
    )
    return breach


@transaction.atomic
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
    _require(
        actor,
        selectors.can_manage(actor),
        "Only a team lead, the DPO or an administrator can assess a breach.",
    )
    breach = _lock(breach_id, version)
    _check_transition(breach, "assess")
    errors: dict[str, list[str]] = {}
    if likelihood not in Likelihood.values:
        errors["likelihood"] = ["Choose how likely it is that people will be harmed."]
    if severity not in Severity.values:
        errors["severity"] = ["Choose how severe the harm could be."]
    if not (rationale or "").strip():
        errors["rationale"] = ["Explain the reasons for this assessment of the risk."]
    if errors:
        raise ValidationError(errors)
    fields = ("likelihood", "severity", "risk", "risk_rationale")
    before = _values(breach, fields)
    breach.likelihood = likelihood
    breach.severity = severity
    breach.risk = clock.assess_risk(likelihood, severity).value
    breach.risk_rationale = rationale.strip()
    breach.assessed_at = selectors.now()
    breach.assessed_by = actor
    breach.status = Status.ASSESSED
    _save(breach)
    _event(
        breach,
        EventType.ASSESSED,
        actor,
        f"Risk assessed as {breach.get_risk_display().lower()} "
        f"(likelihood {breach.get_likelihood_display().lower()}, "
        f"severity {breach.get_severity_display().lower()}).",
        before=before,
        after=_values(breach, fields),
    )
    return breach


@transaction.atomic
def decide(
    *,
    breach_id: int,
    actor: User,
    reportable: bool,
    reasons: str,
    version: int | None = None,
) -> Breach:
    """The DPO's decision whether the ICO must be told, with the reasons either way (the
    ICO expects the reasons for a decision not to report to be kept)."""
    _require(
        actor,
        selectors.is_dpo(actor),
        "Only the Data Protection Officer or a deputy can record the regulator decision.",
    )
    breach = _lock(breach_id, version)
    _check_transition(breach, "decide")
    if breach.reportable is not None:
        raise TransitionError(
            f"The regulator decision for {breach.reference} has already been recorded."
        )
    errors: dict[str, list[str]] = {}
    if reportable not in (True, False):
        errors["reportable"] = ["Choose whether the breach must be reported to the ICO."]
    if not (reasons or "").strip():
        errors["reasons"] = [
            "Enter the reasons for the decision (the ICO expects them to be kept, "
            "including for a decision not to report)."
        ]
    if errors:
        raise ValidationError(errors)
    fields = ("reportable", "decision_reasons", "status")
    before = _values(breach, fields)
    breach.reportable = reportable
    breach.decision_reasons = reasons.strip()
    breach.dpo_consulted = True
    breach.decided_at = selectors.now()
    breach.decided_by = actor
    if not reportable:
        breach.status = Status.NOT_REPORTABLE
    _save(breach)
    verdict = "must be reported to the ICO" if reportable else "does not need to be reported"
    _event(
        breach,
        EventType.DECIDED,
        actor,
        f"Decided the breach {verdict}.",
        before=before,
        after=_values(breach, fields),
    )
    return breach


@transaction.atomic
def report_to_regulator(
    *,
    breach_id: int,
    actor: User,
    reported_at: datetime,
    regulator_reference: str = "",
    late_reason: str = "",
    version: int | None = None,
) -> Breach:
    """Record that the breach was reported to the ICO; after the 72 hours, the reasons
    for the delay are required (DPA 2018 s.67(3); UK GDPR Art. 33(1))."""
    _require(
        actor,
        selectors.is_dpo(actor),
        "Only the Data Protection Officer or a deputy can record the report to the ICO.",
    )
    breach = _lock(breach_id, version)
    _check_transition(breach, "report")
    if breach.reportable is not True:
        raise TransitionError(
            f"{breach.reference} has no decision to report it yet: record the decision first."
        )
    errors: dict[str, list[str]] = {}
    if reported_at is None:
        errors["reported_at"] = ["Enter when the breach was reported to the ICO."]
    else:
        _check_moment(
            errors,
            "reported_at",
            reported_at,
            "The time of the report",
            now=selectors.now(),
            not_before=breach.aware_at,
            not_before_text="the time the force became aware of the breach",
        )
    late = (
        "reported_at" not in errors
        and reported_at is not None
        and clock.is_late(reported_at=reported_at, due_at=breach.report_due_at)
    )
    if late and not (late_reason or "").strip():
        errors["late_reason"] = [
            f"The report was made after the 72-hour deadline ({_when(breach.report_due_at)}): "
            "enter the reasons for the delay."
        ]
    if errors:
        raise ValidationError(errors)
    fields = ("status", "reported_at", "regulator_reference", "late_report_reason")
    before = _values(breach, fields)
    breach.reported_at = reported_at
    breach.regulator_reference = (regulator_reference or "").strip()
    breach.late_report_reason = (late_reason or "").strip() if late else ""
    breach.status = Status.REPORTED
    _save(breach)
    _event(
        breach,
        EventType.REPORTED,
        actor,
        f"Reported to the ICO {_when(reported_at)}"
        + (" – after the 72-hour deadline." if late else " – within 72 hours."),
        before=before,
        after=_values(breach, fields),
    )
    return breach


@transaction.atomic
def record_subjects_notified(
    *,
    breach_id: int,
    actor: User,
    notified: bool,
    notified_at: datetime | None = None,
    reasons: str = "",
    version: int | None = None,
) -> Breach:
    """Whether the people affected were told (Art. 34; DPA 2018 s.68), and when; when not,
    why not."""
    _require(
        actor,
        selectors.can_manage(actor),
        "Only a team lead, the DPO or an administrator can record this.",
    )
    breach = _lock(breach_id, version)
    _check_transition(breach, "notify_subjects")
    errors: dict[str, list[str]] = {}
    if notified not in (True, False):
        errors["notified"] = ["Choose whether the people affected were told."]
    elif notified:
        if notified_at is None:
            errors["notified_at"] = ["Enter when the people affected were told."]
        else:
            _check_moment(
                errors,
                "notified_at",
                notified_at,
                "The time people were told",
                now=selectors.now(),
                not_before=breach.aware_at,
                not_before_text="the time the force became aware of the breach",
            )
    elif not (reasons or "").strip():
        errors["reasons"] = ["Enter the reasons the people affected were not told."]
    if errors:
        raise ValidationError(errors)
    fields = ("subjects_notified", "subjects_notified_at", "subjects_notification_reasons")
    before = _values(breach, fields)
    breach.subjects_notified = notified
    breach.subjects_notified_at = notified_at if notified else None
    breach.subjects_notification_reasons = (reasons or "").strip()
    _save(breach)
    _event(
        breach,
        EventType.SUBJECTS_NOTIFIED,
        actor,
        f"The people affected were told {_when(notified_at)}."
        if notified
        else "The people affected were not told.",
        before=before,
        after=_values(breach, fields),
    )
    return breach


@transaction.atomic
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
    _require(
        actor,
        selectors.can_manage(actor),
        "Only a team lead, the DPO or an administrator can add actions.",
    )
    breach = _lock(breach_id, version)
    _check_transition(breach, "action")
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
    action = BreachAction.objects.create(
        breach=breach,
        kind=kind,
        description=description.strip(),
        due_on=due_on,
        owner=owner,
        owner_name="" if owner else owner_name.strip(),
    )
    _save(breach)
    _event(
        breach,
        EventType.ACTION_ADDED,
        actor,
        f"{action.get_kind_display()} action added, owned by {action.owner_display}, "
        f"due {due_on:%d %B %Y}: {action.description}",
        after={"action": action.pk},
    )
    return action


@transaction.atomic
def complete_action(
    *, action_id: int, actor: User, completed_on: date, version: int | None = None
) -> BreachAction:
    _require(
        actor,
        selectors.can_manage(actor),
        "Only a team lead, the DPO or an administrator can complete actions.",
    )
    try:
        action = BreachAction.objects.select_related("breach").get(pk=action_id)
    except BreachAction.DoesNotExist:
        raise _invalid(None, "That action does not exist.") from None
    breach = _lock(action.breach_id, version)
    _check_transition(breach, "action")
    if action.completed_on is not None:
        raise TransitionError("That action is already complete.")
    if completed_on is None:
        raise _invalid("completed_on", "Enter the date the action was completed.")
    if completed_on > clock.to_uk(selectors.now()).date():
        raise _invalid("completed_on", "The completion date cannot be in the future.")
    action.completed_on = completed_on
    action.save(update_fields=["completed_on"])
    _save(breach)
    _event(
        breach,
        EventType.ACTION_COMPLETED,
        actor,
        f"Action completed on {completed_on:%d %B %Y}: {action.description}",
        after={"action": action.pk},
    )
    return action


@transaction.atomic
def close_breach(
    *, breach_id: int, actor: User, lessons_learned: str, version: int | None = None
) -> Breach:
    _require(
        actor,
        selectors.is_dpo(actor),
        "Only the Data Protection Officer or a deputy can close a breach.",
    )
    breach = _lock(breach_id, version)
    _check_transition(breach, "close")
    errors: dict[str, list[str]] = {}
    if not (lessons_learned or "").strip():
        errors["lessons_learned"] = ["Enter the lessons learned, to help prevent a repeat."]
    if breach.risk == Risk.HIGH_RISK and breach.subjects_notified is None:
        errors["subjects_notified"] = [
            "This breach is high risk: record whether the people affected were told "
            "before closing it."
        ]
    if errors:
        raise ValidationError(errors)
    before = _values(breach, ("status", "lessons_learned"))
    breach.lessons_learned = lessons_learned.strip()
    breach.status = Status.CLOSED
    breach.closed_at = selectors.now()
    _save(breach)
    _event(
        breach,
        EventType.CLOSED,
        actor,
        "Breach closed.",
        before=before,
        after=_values(breach, ("status", "lessons_learned")),
    )
    return breach


# ---------------------------------------------------------------------------------------
# Deadline alerts
# ---------------------------------------------------------------------------------------


def _thresholds(breach: Breach, at: datetime) -> list[str]:
    if breach.report_due_at <= at:
        return [AlertThreshold.OVERDUE]
    if breach.report_due_at <= at + clock.DUE_SOON_WINDOW:
        return [AlertThreshold.DUE_SOON]
    return []


def _dpo_addresses() -> list[str]:
    return sorted(
        {
            email
            for email in User.objects.filter(groups__name=Role.DPO, is_active=True).values_list(
                "email", flat=True
            )
            if email
        }
    )


def _alert_context(breach: Breach, threshold: str, at: datetime) -> dict[str, Any]:
    """What the alert says: the reference, the nature and the deadline; never the
    summary (which may name people)."""
    return {
        "breach": breach,
        "overdue": threshold == AlertThreshold.OVERDUE,
        "nature": breach.get_nature_display().lower(),
        "aware": _when(breach.aware_at),
        "due": _when(breach.report_due_at),
        "countdown": clock.countdown_text(breach.report_due_at, at),
        "link": notifications.absolute_url("breaches:detail", breach.pk),
    }


def send_deadline_alerts(*, at: datetime | None = None) -> list[str]:
    """Email the DPO group about breaches awaiting a decision with less than 24 hours
    left, and about missed deadlines: once per breach per threshold (BreachAlert rows
    record what was sent; the unique constraint makes a second run, or two overlapping
    runs, send nothing twice). Returns "REF:threshold" for each alert sent."""
    at = at or selectors.now()
    sent: list[str] = []
    candidates = selectors.due_within(Breach.objects.all(), at=at).exclude(
        alerts__threshold=AlertThreshold.OVERDUE
    )
    recipients = _dpo_addresses()
    for breach_id in candidates.values_list("pk", flat=True):
        sent.extend(_alert_breach(breach_id=breach_id, at=at, recipients=recipients))
    return sent


@transaction.atomic
def _alert_breach(*, breach_id: int, at: datetime, recipients: list[str]) -> list[str]:
    breach = Breach.objects.select_for_update().get(pk=breach_id)
    if breach.status not in AWAITING_STATUSES:
        return []
    sent = []
    for threshold in _thresholds(breach, at):
        if breach.alerts.filter(threshold=threshold).exists():
            continue  # already sent (the breach row is locked, so no other run is here)
        try:
            with transaction.atomic():
                BreachAlert.objects.create(
                    breach=breach, threshold=threshold, recipients=len(recipients)
                )
        except IntegrityError:
            continue
        if recipients:
            # Inside the transaction: if sending fails, the alert row is rolled back and
            # the next run tries again.
            notifications.send(
                "breaches/emails/deadline_alert",
                _alert_context(breach, threshold, at),
                recipients,
            )
        else:
            logger.warning(
                "breach alert %s for %s: no DPO has an email address", threshold, breach.reference
            )
        _event(
            breach,
            EventType.ALERT_SENT,
            None,
            f"{AlertThreshold(threshold).label}: alert emailed to {len(recipients)} "
            f"member(s) of the DPO group.",
            after={"threshold": threshold},
        )
        sent.append(f"{breach.reference}:{threshold}")
        logger.info("breach alert sent: %s %s", breach.reference, threshold)
    return sent
