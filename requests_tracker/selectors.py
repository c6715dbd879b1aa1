"""Reads that are reused: the statutory rules in force, visible requests, work lists."""

from datetime import date

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User

from . import statutory
from .models import ExtraNonWorkingDay, InformationRequest
from .vocabularies import ACTIVE_STATUSES


def uk_today() -> date:
    """Today's date in the UK (Europe/London), whatever the server's clock zone."""
    return timezone.localdate()


def statutory_rules() -> statutory.Rules:
    """The rules in force: settings plus the admin's extra non-working days.

    One small query; callers that handle many requests call it once and pass it on.
    """
    extra = frozenset(ExtraNonWorkingDay.objects.values_list("date", flat=True))
    return statutory.Rules(
        roa_region=statutory.Region(settings.ROA_HOLIDAY_REGION),
        part3_count_from=statutory.Part3CountFrom(settings.PART3_COUNT_FROM),
        foi_max_extension_working_days=settings.FOI_MAX_EXTENSION_WORKING_DAYS,
        calendar=statutory.Calendar(extra_non_working_days=extra),
    )


def request_queryset() -> QuerySet[InformationRequest]:
    """Requests with what every list and detail shows, in one query."""
    return InformationRequest.objects.select_related("unit", "assigned_to", "requester", "parent")


def visible_requests(user: User) -> QuerySet[InformationRequest]:
    """Least privilege: the DPO and admins see every request; caseworkers and team leads
    see their own unit's (and requests assigned to them); everyone else sees none."""
    qs = request_queryset()
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(Role.DPO, Role.ADMIN):
        return qs
    if user.has_role(Role.CASEWORKER, Role.TEAM_LEAD):
        if user.unit_id is None:
            return qs.filter(assigned_to=user)
        return qs.filter(Q(unit_id=user.unit_id) | Q(assigned_to=user))
    return qs.none()


def work_list(user: User) -> QuerySet[InformationRequest]:
    """A caseworker's open requests, soonest deadline first (no due date last)."""
    return (
        request_queryset()
        .filter(assigned_to=user, status__in=ACTIVE_STATUSES)
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def can_work_on_requests(user: User) -> bool:
    return user.is_authenticated and user.has_role(
        Role.CASEWORKER, Role.TEAM_LEAD, Role.DPO, Role.ADMIN
    )
