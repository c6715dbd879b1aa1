"""Reads that are reused: who sees what, the DPO's queue, the tier table in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet

from accounts.models import User
from core import policy
from core.dates import add_months, uk_today

from . import rules
from .models import Assessment, PipelineSnapshot
from .vocabularies import WITH_DPO, Status


def triage_table() -> rules.TriageTable:
    """The tier table in force (setting `DPIA_TRIAGE`, validated)."""
    return rules.build_table(getattr(settings, "DPIA_TRIAGE", None) or rules.DEFAULT_TRIAGE)


def can_use_assessments(user: User) -> bool:
    return user.is_authenticated and user.has_role(*policy.STAFF)


def can_see_pipeline(user: User) -> bool:
    return user.is_authenticated and user.has_role(*policy.BOARD_READERS)


def assessment_queryset() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("unit", "asset_owner", "project_lead")


def visible_assessments(user: User) -> QuerySet[Assessment]:
    """Least privilege: the DPO and admins see every assessment; caseworkers and team
    leads see their unit's and those they own, lead or started."""
    qs = assessment_queryset()
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(*policy.ALL_UNITS):
        return qs
    if user.has_role(*policy.UNIT_CASEWORKERS):
        mine = Q(asset_owner=user) | Q(project_lead=user) | Q(created_by=user)
        if user.unit_id is not None:
            mine |= Q(unit_id=user.unit_id)
        return qs.filter(mine)
    return qs.none()


def dpo_queue() -> QuerySet[Assessment]:
    """Everything waiting for the DPO, most urgent first: earliest target date (the tier
    target, or the triage target before triage), then the longest waiting."""
    return (
        assessment_queryset()
        .filter(status__in=WITH_DPO)
        .order_by(F("target_on").asc(nulls_last=True), "submitted_on", "id")
    )


@dataclass
class QueueSections:
    late: list[Assessment]
    due_this_week: list[Assessment]
    later: list[Assessment]


def queue_sections(today: date | None = None) -> QueueSections:
    """The queue split for the page: late (target passed), due in the next 7 days
    (today included), later. Each keeps the queue's order."""
    today = today or uk_today()
    week_end = today + timedelta(days=6)
    sections = QueueSections([], [], [])
    for assessment in dpo_queue():
        if rules.is_late(assessment.target_on, today):
            sections.late.append(assessment)
        elif assessment.target_on <= week_end:  # type: ignore[operator]
            sections.due_this_week.append(assessment)
        else:
            sections.later.append(assessment)
    return sections


def review_calendar(user: User, today: date | None = None) -> QuerySet[Assessment]:
    """Decided assessments with a review date, soonest first."""
    return (
        visible_assessments(user)
        .filter(status__in=(Status.DECIDED, Status.REVIEW_DUE), next_review_on__isnull=False)
        .order_by("next_review_on", "id")
    )


def pipeline_rows(months: int = 12, today: date | None = None) -> list[PipelineSnapshot]:
    """The last `months` months of all-tier snapshots, oldest first."""
    today = today or uk_today()
    start = add_months(today, -(months - 1))
    return list(PipelineSnapshot.objects.filter(tier="", month__gte=start).order_by("month"))


def pipeline_by_tier(months: int = 12, today: date | None = None) -> list[PipelineSnapshot]:
    today = today or uk_today()
    start = add_months(today, -(months - 1))
    return list(
        PipelineSnapshot.objects.filter(month__gte=start).exclude(tier="").order_by("month", "tier")
    )
