"""Reads that are reused: who may do what, the visible register, deadline filters."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core import policy

from . import clock
from .models import Breach, BreachMonthSnapshot
from .vocabularies import AWAITING_STATUSES

# Who reads the register's figures (least privilege; see README "Breaches"). Who may take
# each action on a breach is declared with the workflow (breaches/services/actions.py).
ANALYSTS = policy.BOARD_READERS

#: Free text of a breach record that can identify people: reading it is access-logged.
PERSONAL_FIELDS = ["summary", "reported_by_name", "how_discovered", "lessons_learned"]


def now() -> datetime:
    return timezone.now()


def can_record(user: User | None) -> bool:
    """Any member of the Data Office may record a first report of a breach."""
    return policy.holds(user, policy.STAFF)


def can_view_analysis(user: User) -> bool:
    return user.is_authenticated and user.has_role(*ANALYSTS)


def breach_queryset() -> QuerySet[Breach]:
    return Breach.objects.select_related(
        "unit", "reported_by", "decided_by", "assessed_by", "created_by"
    )


def visible_breaches(user: User) -> QuerySet[Breach]:
    """The DPO and admins see the whole register; team leads and caseworkers see their
    unit's breaches and those they recorded; everyone else none."""
    qs = breach_queryset()
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(*policy.ALL_UNITS):
        return qs
    if user.has_role(*policy.UNIT_CASEWORKERS):
        mine = Q(created_by=user) | Q(reported_by=user)
        if user.unit_id is None:
            return qs.filter(mine)
        return qs.filter(mine | Q(unit_id=user.unit_id))
    return qs.none()


def awaiting_decision(qs: QuerySet[Breach] | None = None) -> QuerySet[Breach]:
    """Breaches whose 72-hour clock is still running, soonest deadline first."""
    qs = breach_queryset() if qs is None else qs
    return qs.filter(status__in=AWAITING_STATUSES).order_by("report_due_at", "id")


def due_within(qs: QuerySet[Breach], window=clock.DUE_SOON_WINDOW, at: datetime | None = None):
    """Awaiting a decision with the deadline passed or less than ``window`` away."""
    at = at or now()
    return qs.filter(status__in=AWAITING_STATUSES, report_due_at__lte=at + window)


def hours_remaining(breach: Breach, at: datetime | None = None) -> float | None:
    """Elapsed hours to the regulator deadline; None once the clock has stopped."""
    if not breach.awaiting_regulator:
        return None
    return clock.hours_remaining(breach.report_due_at, at or now())


def snapshot_months() -> list:
    return list(
        BreachMonthSnapshot.objects.order_by("month").values_list("month", flat=True).distinct()
    )
