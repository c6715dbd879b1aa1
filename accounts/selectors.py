"""Reads about users: the role-change log, a team's members for the access review."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from .models import SYSTEM_USERNAMES, AccessReview, Role, RoleChange, Unit, User


def people(users: QuerySet[User] | None = None) -> QuerySet[User]:
    """`users` (default: every account) without the system's own accounts
    (accounts.models.SYSTEM_USERNAMES): what a list of staff shows."""
    return (User.objects.all() if users is None else users).exclude(username__in=SYSTEM_USERNAMES)


def role_changes(
    *, username: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[RoleChange]:
    changes = RoleChange.objects.select_related("user", "actor", "unit")
    if username:
        changes = changes.filter(user__username__iexact=username.strip())
    if since:
        changes = changes.filter(at__date__gte=since)
    if until:
        changes = changes.filter(at__date__lte=until)
    return changes


def team_members(unit: Unit) -> list[User]:
    from django.contrib.auth.models import Group

    return list(
        people(User.objects.filter(unit=unit))
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        .order_by("username")
    )


def member_rows(unit: Unit) -> list[dict]:
    """One row per member of ``unit``: what the team lead reviews (and what is kept)."""
    labels = dict(Role.choices)
    rows = []
    for user in team_members(unit):
        roles = [labels[g.name] for g in user.groups.all() if g.name in labels]
        seen = user.last_seen_at or user.last_login
        rows.append(
            {
                "username": user.username,
                "name": user.display_name,
                "roles": roles,
                "active": user.is_active,
                "last_seen": seen.isoformat() if seen else None,
                "sso": bool(user.oidc_subject),
            }
        )
    return rows


def review_for(unit: Unit, month: date) -> AccessReview | None:
    return AccessReview.objects.filter(unit=unit, month=month.replace(day=1)).first()


def recent_reviews(unit: Unit, count: int = 12) -> list[AccessReview]:
    return list(AccessReview.objects.filter(unit=unit).select_related("reviewer")[:count])
