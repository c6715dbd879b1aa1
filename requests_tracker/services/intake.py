"""Logging a request: a new case, not a transition, so it records its first timeline event
through the workflow (services/actions.py) rather than performing an action."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.models import Unit, User
from core import policy
from core.dates import long_date
from core.kernel import values

from ..models import InformationRequest, ReferenceCounter, Requester
from ..selectors import statutory_rules, uk_today
from ..vocabularies import (
    REFERENCE_PREFIX,
    Channel,
    EventType,
    Regime,
    RequesterType,
    RequestKind,
)
from . import actions
from ._common import DATE_FIELDS, apply_deadline, date_problem, timeliness_changed
from .assignment import check_assignee

logger = logging.getLogger("requests_tracker.services")


@dataclass(frozen=True)
class RequesterDetails:
    name: str
    email: str = ""
    address: str = ""
    phone: str = ""


def requester_errors(
    details: RequesterDetails | None, *, required: bool = True
) -> dict[str, list[str]]:
    """What is wrong with the requester's details (empty when nothing is). `required` is
    False where the requester is someone already known (an imported internal review's is
    its request's): then only an email address given must be well formed. Shared by
    log_request and the legacy importer, so both say the same."""
    errors: dict[str, list[str]] = {}
    if details is None:
        return {"requester": ["Enter the requester's name and an email or postal address."]}
    if required and not details.name.strip():
        errors["requester.name"] = ["Enter the requester's name."]
    if required and not details.email.strip() and not details.address.strip():
        # FOIA s.8(1)(b): a request must state an address for correspondence.
        errors["requester.email"] = [
            "Enter an email address or a postal address, so the response can be sent."
        ]
    if details.email.strip():
        try:
            validate_email(details.email.strip())
        except ValidationError:
            errors["requester.email"] = [
                "Enter an email address in the correct format, like name@example.com."
            ]
    return errors


#: Built once (Django's Choices.values makes a new list at each call; imports call this
#: once a row).
_REGIME_CODES = tuple(Regime.values)


def regime_errors(kind: str, regime: str) -> dict[str, list[str]]:
    """Whether the regime fits the kind: right of access needs one (UK GDPR or DPA 2018
    Part 3), other kinds have none. Shared by log_request and the legacy importer."""
    if kind == RequestKind.ROA and regime not in _REGIME_CODES:
        return {
            "regime": [
                "Choose whether the request is under UK GDPR or DPA 2018 Part 3 (law enforcement)."
            ]
        }
    if kind != RequestKind.ROA and regime:
        return {"regime": ["A regime applies only to right-of-access requests."]}
    return {}


def allocate_reference(kind: str, year: int) -> tuple[str, int]:
    """Next reference for the kind and year, e.g. FOI-2026-00042 (row-locked counter)."""
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(kind=kind, year=year)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REFERENCE_PREFIX[RequestKind(kind)]}-{year}-{counter.last:05d}", counter.last


@transaction.atomic
def log_request(
    *,
    actor: User | None,
    kind: str,
    received_on: date,
    channel: str,
    requester_type: str,
    summary: str,
    requester: RequesterDetails | None,
    regime: str = "",
    unit: Unit | None = None,
    assigned_to: User | None = None,
) -> InformationRequest:
    """Log a new right-of-access, FOI or EIR request and compute its due date."""
    if actor is not None and not policy.works_cases(actor):
        raise PermissionDenied("Your role does not allow you to work on requests.")
    today = uk_today()
    errors: dict[str, list[str]] = {}
    if kind == RequestKind.INTERNAL_REVIEW:
        errors["kind"] = [
            "Open an internal review from the closed request it reviews, not as a new request."
        ]
    elif kind not in RequestKind.values:
        errors["kind"] = ["Choose the kind of request."]
    errors.update(regime_errors(kind, regime))
    problem = date_problem(received_on, "The date received", today)
    if problem:
        errors["received_on"] = [problem]
    if not summary.strip():
        errors["summary"] = ["Enter a summary of what was asked for."]
    if channel not in Channel.values:
        errors["channel"] = ["Choose how the request arrived."]
    if requester_type not in RequesterType.values:
        errors["requester_type"] = ["Choose the type of requester."]
    errors.update(requester_errors(requester))
    if errors:
        raise ValidationError(errors)

    reference, number = allocate_reference(kind, received_on.year)
    person = Requester.objects.create(
        name=requester.name.strip(),  # type: ignore[union-attr]
        email=requester.email.strip(),  # type: ignore[union-attr]
        address=requester.address.strip(),  # type: ignore[union-attr]
        phone=requester.phone.strip(),  # type: ignore[union-attr]
    )
    request = InformationRequest(
        reference=reference,
        reference_year=received_on.year,
        reference_number=number,
        kind=kind,
        regime=regime if kind == RequestKind.ROA else "",
        received_on=received_on,
        channel=channel,
        requester_type=requester_type,
        summary=summary.strip(),
        unit=unit or (actor.unit if actor else None),
        requester=person,
        created_by=actor,
    )
    if assigned_to is not None:
        check_assignee(request, assigned_to)
        request.assigned_to = assigned_to
        request.assigned_on = today
    apply_deadline(request, statutory_rules())
    request.save()
    actions.WORKFLOW.event(
        request,
        EventType.LOGGED,
        actor,
        f"{request.get_kind_display()} request logged, received {long_date(received_on)}.",
        after=values(request, ("status", "received_on", *DATE_FIELDS)),
    )
    timeliness_changed(request.received_on)
    logger.info("request logged: %s", request.reference)
    return request


@transaction.atomic
def record_requester_reply(*, request_id: int, description: str) -> InformationRequest:
    """The requester replied through their follow link (no actor: a member of the
    public): flag the request for its caseworker and put the reply on the timeline.
    The caseworker restarts the clock, if the reply is what was awaited."""
    request = actions.WORKFLOW.lock(request_id, None)
    request.requester_replied_at = timezone.now()
    request.save(update_fields=["requester_replied_at", "updated_at"])
    actions.WORKFLOW.event(request, EventType.REQUESTER_REPLIED, None, description)
    return request
