"""Recording a breach: its first report starts the 72-hour clock. Not a transition (there
is no breach yet); the workflow saves it and writes its first timeline event."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Unit, User
from core.dates import to_uk
from core.kernel import values

from .. import clock, selectors
from ..models import Breach, BreachReferenceCounter
from ..vocabularies import EventType, Nature, Source
from .actions import WORKFLOW
from .checks import check_counts, check_moment, check_occurred, clean_properties, when

logger = logging.getLogger(__name__)


def _allocate_reference(year: int) -> str:
    BreachReferenceCounter.objects.bulk_create(
        [BreachReferenceCounter(year=year)], ignore_conflicts=True
    )
    counter = BreachReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"BR-{year}-{counter.last:04d}"


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
    if not selectors.can_record(actor):
        raise PermissionDenied("Only members of the Data Office can record a breach.")
    now = selectors.now()
    errors: dict[str, list[str]] = {}
    if aware_at is None:
        errors["aware_at"] = ["Enter when the force became aware of the breach."]
    else:
        check_moment(errors, "aware_at", aware_at, "The time you became aware", now=now)
    if occurred_at is not None and "aware_at" not in errors:
        check_occurred(errors, occurred_at, aware_at, now=now)
    if source not in Source.values:
        errors["source"] = ["Choose where the breach came from: internal, external or third party."]
    if nature not in Nature.values:
        errors["nature"] = ["Choose what kind of breach it was."]
    if not (summary or "").strip():
        errors["summary"] = ["Enter a summary of what happened."]
    properties = clean_properties(security_properties, errors)
    check_counts(errors, data_subjects_count=data_subjects_count, records_count=records_count)
    if errors:
        raise ValidationError(errors)

    breach = Breach(
        reference=_allocate_reference(to_uk(aware_at).year),
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
    WORKFLOW.save(breach)
    WORKFLOW.event(
        breach,
        EventType.RECORDED,
        actor,
        f"Recorded. Became aware {when(aware_at)}; the ICO must be told by "
        f"{when(breach.report_due_at)} if the breach is reportable.",
        after=values(breach, ("aware_at", "report_due_at", "source", "nature")),
    )
    logger.info("breach recorded: %s", breach.reference)
    return breach
