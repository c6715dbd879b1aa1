"""The daily account-inactivity job: warn, then disable, accounts nobody has used for
ACCOUNT_INACTIVE_DAYS (no sign-in, no API call). The user and their unit's team leads are
emailed ACCOUNT_INACTIVE_WARNING_DAYS before; an account is disabled only after its
warning went out that long ago, so nobody loses access without notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import services as account_services
from accounts.models import InactivityNotice, Role, User

from . import notifications


@dataclass(frozen=True)
class InactivityRun:
    warned: int
    disabled: int


def _team_leads(user: User) -> list[User]:
    if user.unit_id is None:
        return []
    return list(
        User.objects.filter(unit_id=user.unit_id, groups__name=Role.TEAM_LEAD, is_active=True)
        .exclude(pk=user.pk)
        .exclude(email="")
        .distinct()
    )


def run(*, now=None) -> InactivityRun:
    days = settings.ACCOUNT_INACTIVE_DAYS
    if not days:
        return InactivityRun(0, 0)
    now = now or timezone.now()
    warn_days = settings.ACCOUNT_INACTIVE_WARNING_DAYS
    warn_before = now - timedelta(days=days - warn_days)
    candidates = (
        User.objects.filter(is_active=True)
        .annotate(seen=Coalesce("last_seen_at", "last_login", "date_joined"))
        .filter(seen__lte=warn_before)
        .order_by("pk")
    )
    warned = disabled = 0
    for user in candidates:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            seen = locked.last_seen_at or locked.last_login or locked.date_joined
            if not locked.is_active or seen > warn_before:
                continue  # used since the query, or disabled meanwhile
            notice = InactivityNotice.objects.filter(user=locked, last_seen_at=seen).first()
            if notice is None:
                disable_on = max(seen + timedelta(days=days), now + timedelta(days=warn_days))
                InactivityNotice.objects.create(
                    user=locked, last_seen_at=seen, disable_on=timezone.localdate(disable_on)
                )
                _warn(locked, seen=seen, disable_on=disable_on)
                warned += 1
            elif timezone.localdate(now) >= notice.disable_on and seen <= now - timedelta(
                days=days
            ):
                account_services.disable_account(
                    user=locked,
                    actor=None,
                    source=account_services.Source.INACTIVITY,
                    reason=f"Not used for {days} days",
                )
                _tell_disabled(locked, seen=seen)
                disabled += 1
    return InactivityRun(warned, disabled)


def _recipients(user: User) -> list[str]:
    return [
        address for address in [user.email, *(lead.email for lead in _team_leads(user))] if address
    ]


def _warn(user: User, *, seen, disable_on) -> None:
    recipients = _recipients(user)
    if recipients:
        notifications.send(
            "accounts/email/inactivity_warning",
            {
                "user": user,
                "seen": seen,
                "disable_on": disable_on,
                "contact": settings.ACCESS_REQUEST_CONTACT,
                "sign_in_url": notifications.absolute_url("login"),
            },
            recipients,
        )


def _tell_disabled(user: User, *, seen) -> None:
    recipients = _recipients(user)
    if recipients:
        notifications.send(
            "accounts/email/account_disabled",
            {"user": user, "seen": seen, "contact": settings.ACCESS_REQUEST_CONTACT},
            recipients,
        )
