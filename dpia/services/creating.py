"""Starting an assessment: a draft. Not a transition (there is no assessment yet); the
workflow writes its first timeline event."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import Unit, User

from .. import rules
from ..models import Assessment
from ..selectors import can_use_assessments, uk_today
from ..vocabularies import REFERENCE_PREFIX, EventType, Kind
from .actions import WORKFLOW
from .answers import clean_screening, validate_answers


@transaction.atomic
def create_assessment(
    *,
    actor: User,
    kind: str,
    title: str,
    unit: Unit | None,
    asset_owner: User | None,
    project_lead: User | None,
    description: str = "",
    partner_organisations: str = "",
    lawful_basis: str = "",
    data_flows: str = "",
    screening: dict[str, Any] | None = None,
    equality_impact: str = "",
    next_review_on: date | None = None,
) -> Assessment:
    if not can_use_assessments(actor):
        raise PermissionDenied("Your role does not allow you to start an assessment.")
    today = uk_today()
    validate_answers(
        kind=kind,
        title=title,
        unit=unit,
        asset_owner=asset_owner,
        project_lead=project_lead,
        next_review_on=next_review_on,
        today=today,
    )
    answers = clean_screening(screening)
    assessment = Assessment.objects.create(  # type: ignore[misc]
        reference=f"new-{uuid.uuid4().hex[:24]}",
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        unit=unit,
        asset_owner=asset_owner,
        project_lead=project_lead,
        partner_organisations=partner_organisations.strip(),
        lawful_basis=lawful_basis.strip(),
        data_flows=data_flows.strip(),
        screening=answers,
        full_dpia_required=rules.full_dpia_required(answers),
        equality_impact=equality_impact.strip(),
        next_review_on=next_review_on,
        created_by=actor,
    )
    assessment.reference = f"{REFERENCE_PREFIX[Kind(kind)]}-{today.year}-{assessment.pk:04d}"
    assessment.save(update_fields=["reference"])
    WORKFLOW.event(assessment, EventType.CREATED, actor, f"Draft {assessment.reference} started.")
    return assessment
