"""Logging a request."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Unit, User

from ..models import (
    InformationRequest,
    ReferenceCounter,
    Requester,
)
from ..selectors import statutory_rules, uk_today
from ..vocabularies import (
    REFERENCE_PREFIX,
    Channel,
    EventType,
    Regime,
    RequesterType,
    RequestKind,
)
from ._common import (
    DATE_FIELDS,
    _apply_deadline,
    _event,
    _timeliness_changed,
    _values,
    date_problem,
)
from .assignment import _check_assignee

logger = logging.getLogger("requests_tracker.services")


@dataclass(frozen=True)
class RequesterDetails:
    name: str
    email: str = ""
    address: str = ""
    phone: str = ""


def _validate_requester(details: RequesterDetails | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if details is None:
        return {"requester": ["Enter the requester's name and an email or postal address."]}
    if not details.name.strip():
        errors["requester.name"] = ["Enter the requester's name."]
    if not details.email.strip() and not details.address.strip():
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


def _allocate_reference(kind: str, year: int) -> tuple[str, int]:
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
    today = uk_today()
    errors: dict[str, list[str]] = {}
    if kind == RequestKind.INTERNAL_REVIEW:
        errors["kind"] = [
            "Open an internal review from the closed request it reviews, not as a new request."
        ]
    elif kind not in RequestKind.values:
        errors["kind"] = ["Choose the kind of request."]
    if kind == RequestKind.ROA and regime not in Regime.values:
        errors["regime"] = [
            "Choose whether the request is under UK GDPR or DPA 2018 Part 3 (law enforcement)."
        ]
    if kind != RequestKind.ROA and regime:
        errors["regime"] = ["A regime applies only to right-of-access requests."]
    problem = date_problem(received_on, "The date received", today)
    if problem:
        errors["received_on"] = [problem]
    if not summary.strip():
        errors["summary"] = ["Enter a summary of what was asked for."]
    if channel not in Channel.values:
        errors["channel"] = ["Choose how the request arrived."]
    if requester_type not in RequesterType.values:
        errors["requester_type"] = ["Choose the type of requester."]
    errors.update(_validate_requester(requester))
    if errors:
        raise ValidationError(errors)

    reference, number = _allocate_reference(kind, received_on.year)
    person = Requester.objects.create(
        name=requester.name.strip(),
        email=requester.email.strip(),
        address=requester.address.strip(),
        phone=requester.phone.strip(),
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
        _check_assignee(request, assigned_to)
        request.assigned_to = assigned_to
        request.assigned_on = today
    _apply_deadline(request, statutory_rules())
    request.save()
    _event(
        request,
        EventType.LOGGED,
        actor,
        f"{request.get_kind_display()} request logged, received {received_on:%d %B %Y}.",
        after=_values(request, ("status", "received_on", *DATE_FIELDS)),
    )
    _timeliness_changed(request, request.received_on)
    logger.info("request logged: %s", request.reference)
    return request
