"""Writes to users: their own settings, their roles and unit (each grant and removal
written to the append-only role-change log in the same transaction), single sign-on
accounts, disabling accounts, and the team leads' access reviews."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .models import AccessReview, Role, RoleChange, Unit, User

Source = RoleChange.Source


@transaction.atomic
def set_digest_preference(*, user: User, wants_digest: bool) -> User:
    """Turn the working-morning reminder digest on or off for ``user``."""
    user.wants_digest = wants_digest
    user.save(update_fields=["wants_digest"])
    return user


# --- Roles and units ---------------------------------------------------------------------


def _log(
    *,
    user: User,
    actor: User | None,
    kind: str,
    change: str,
    value: str,
    source: str,
    unit: Unit | None = None,
    note: str = "",
) -> RoleChange:
    return RoleChange.objects.create(
        user=user,
        actor=actor,
        kind=kind,
        change=change,
        value=value[:200],
        unit=unit,
        source=source,
        note=note[:300],
    )


def _forget_roles(user: User) -> None:
    user.__dict__.pop("_roles_cache", None)


@transaction.atomic
def set_roles(
    *, user: User, roles: Iterable[str], actor: User | None, source: str, note: str = ""
) -> tuple[set[str], set[str]]:
    """Give ``user`` exactly ``roles``; returns (granted, removed), each logged."""
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(f"Not a role: {', '.join(sorted(unknown))}.")
    User.objects.select_for_update().filter(pk=user.pk).first()
    current = set(user.groups.values_list("name", flat=True))
    granted, removed = wanted - current, (current & set(Role.values)) - wanted
    for name in sorted(granted):
        user.groups.add(Group.objects.get_or_create(name=name)[0])
        _log(
            user=user,
            actor=actor,
            kind="role",
            change="granted",
            value=name,
            source=source,
            note=note,
        )
    for name in sorted(removed):
        user.groups.remove(Group.objects.get(name=name))
        _log(
            user=user,
            actor=actor,
            kind="role",
            change="removed",
            value=name,
            source=source,
            note=note,
        )
    _forget_roles(user)
    return granted, removed


def grant_role(*, user: User, role: str, actor: User | None, source: str, note: str = "") -> bool:
    current = set(user.groups.values_list("name", flat=True)) & set(Role.values)
    granted, _ = set_roles(user=user, roles=current | {role}, actor=actor, source=source, note=note)
    return bool(granted)


def remove_role(*, user: User, role: str, actor: User | None, source: str, note: str = "") -> bool:
    current = set(user.groups.values_list("name", flat=True)) & set(Role.values)
    _, removed = set_roles(user=user, roles=current - {role}, actor=actor, source=source, note=note)
    return bool(removed)


@transaction.atomic
def set_unit(
    *, user: User, unit: Unit | None, actor: User | None, source: str, note: str = ""
) -> bool:
    """Move ``user`` to ``unit`` (None: no unit); the removal and the grant are logged."""
    before = User.objects.select_for_update().get(pk=user.pk).unit
    if (before.pk if before else None) == (unit.pk if unit else None):
        return False
    user.unit = unit
    user.save(update_fields=["unit"])
    if before is not None:
        _log(
            user=user,
            actor=actor,
            kind="unit",
            change="removed",
            value=before.name,
            unit=before,
            source=source,
            note=note,
        )
    if unit is not None:
        _log(
            user=user,
            actor=actor,
            kind="unit",
            change="granted",
            value=unit.name,
            unit=unit,
            source=source,
            note=note,
        )
    return True


def record_changes(
    *,
    user: User,
    roles_before: set[str],
    unit_before: Unit | None,
    active_before: bool | None,
    actor: User | None,
    source: str,
) -> None:
    """Log what an edit made elsewhere (the admin site's user form, which saves groups
    itself) changed: call inside the edit's transaction, after it saved."""
    roles_after = set(user.groups.values_list("name", flat=True)) & set(Role.values)
    for name in sorted(roles_after - roles_before):
        _log(user=user, actor=actor, kind="role", change="granted", value=name, source=source)
    for name in sorted((roles_before & set(Role.values)) - roles_after):
        _log(user=user, actor=actor, kind="role", change="removed", value=name, source=source)
    unit_after = user.unit
    if (unit_before.pk if unit_before else None) != (unit_after.pk if unit_after else None):
        if unit_before is not None:
            _log(
                user=user,
                actor=actor,
                kind="unit",
                change="removed",
                value=unit_before.name,
                unit=unit_before,
                source=source,
            )
        if unit_after is not None:
            _log(
                user=user,
                actor=actor,
                kind="unit",
                change="granted",
                value=unit_after.name,
                unit=unit_after,
                source=source,
            )
    if active_before is not None and active_before != user.is_active:
        if user.is_active:
            enable_account(user=user, actor=actor, source=source)
        else:
            disable_account(
                user=user, actor=actor, source=source, reason="Disabled on the admin site"
            )
    _forget_roles(user)


# --- Single sign-on ----------------------------------------------------------------------


class SSORefused(Exception):
    """A single sign-on that must not sign anyone in (the message is for the log)."""


@transaction.atomic
def sign_in_from_sso(
    *,
    subject: str,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    roles: Iterable[str],
    unit_name: str | None,
) -> User:
    """The account of the provider's ``subject``, created at the first sign-in, its name
    and email refreshed, and its roles and unit set to what the claims map to (every
    change logged, source "sso"). Raises SSORefused for a clash with a local account."""
    if not subject:
        raise SSORefused("the provider sent no subject claim")
    user = User.objects.select_for_update().filter(oidc_subject=subject).first()
    if user is None:
        username = (username or email or subject)[:150]
        existing = User.objects.select_for_update().filter(username=username).first()
        if existing is not None:
            if not settings.OIDC_LINK_EXISTING_USERS or existing.oidc_subject:
                raise SSORefused(f"username {username!r} belongs to another account")
            user = existing
            user.oidc_subject = subject
        else:
            user = User(username=username, oidc_subject=subject)
            user.set_unusable_password()
    user.email = email or user.email
    user.first_name = first_name[:150] or user.first_name
    user.last_name = last_name[:150] or user.last_name
    user.save()
    unit = None
    if unit_name:
        unit = Unit.objects.filter(name=unit_name).first()
    set_roles(user=user, roles=roles, actor=None, source=Source.SSO)
    set_unit(user=user, unit=unit, actor=None, source=Source.SSO)
    return user


# --- Being seen, and disabling unused accounts -------------------------------------------

#: The last-seen time is written at most this often (not on every API call).
SEEN_EVERY = timedelta(hours=1)


def touch_last_seen(*, user: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if user.last_seen_at is None or now - user.last_seen_at >= SEEN_EVERY:
        User.objects.filter(pk=user.pk).update(last_seen_at=now)
        user.last_seen_at = now


def end_sessions(*, user: User) -> int:
    """Delete every unexpired session of ``user`` (database sessions)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def revoke_api_tokens(*, users: Iterable[User], actor: User, source: str = "admin_site") -> int:
    """Delete the API tokens of ``users`` (they stop working at once); each revocation is
    logged with the role changes. Returns how many were revoked."""
    revoked = 0
    for token in Token.objects.filter(user__in=list(users)).select_related("user"):
        token.delete()
        _log(
            user=token.user,
            actor=actor,
            kind=RoleChange.Kind.ACCOUNT,
            change=RoleChange.Change.REMOVED,
            value="API token",
            source=source,
        )
        revoked += 1
    return revoked


@transaction.atomic
def disable_account(*, user: User, actor: User | None, source: str, reason: str) -> User:
    """Disable ``user``: no sign-in, their API tokens deleted and their sessions ended at
    once; logged. Idempotent."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active and user.disabled_at is not None:
        return user
    user.is_active = False
    user.disabled_at = timezone.now()
    user.disabled_reason = reason[:200]
    user.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    Token.objects.filter(user=user).delete()
    end_sessions(user=user)
    _log(
        user=user,
        actor=actor,
        kind="account",
        change="removed",
        value="active",
        source=source,
        note=reason,
    )
    return user


@transaction.atomic
def enable_account(*, user: User, actor: User | None, source: str) -> User:
    user.is_active = True
    user.disabled_at = None
    user.disabled_reason = ""
    # A fresh start for the inactivity clock.
    user.last_seen_at = timezone.now()
    user.save(update_fields=["is_active", "disabled_at", "disabled_reason", "last_seen_at"])
    _log(user=user, actor=actor, kind="account", change="granted", value="active", source=source)
    return user


# --- Access reviews ----------------------------------------------------------------------


@transaction.atomic
def confirm_access_review(
    *, reviewer: User, unit: Unit, month: date, members: list[dict], note: str = ""
) -> AccessReview:
    """Record that ``reviewer`` (a team lead of ``unit``) confirmed who holds which role
    for ``month``; once a month per unit."""
    if not reviewer.has_role(Role.TEAM_LEAD) or reviewer.unit_id != unit.pk:
        raise ValidationError("Only a team lead of the unit may confirm its access review.")
    month = month.replace(day=1)
    if AccessReview.objects.filter(unit=unit, month=month).exists():
        raise ValidationError(f"The access review for {month:%B %Y} is already confirmed.")
    return AccessReview.objects.create(
        unit=unit, month=month, reviewer=reviewer, members=members, note=note
    )
