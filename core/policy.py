"""Who may do what (docs/permissions.md): the role sets, and the rules views, the API and
selectors share."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from accounts.models import Role, User

View = Callable[..., HttpResponseBase]

#: Who may read the access log and its unusual-access report.
ACCESS_LOG_READERS = (Role.DPO, Role.ADMIN)
#: Who works cases within a unit (their unit's records, and records assigned to them).
UNIT_CASEWORKERS = (Role.CASEWORKER, Role.TEAM_LEAD)
#: Who sees and acts on every unit's records.
ALL_UNITS = (Role.DPO, Role.ADMIN)
#: The Data Office: everyone who works on cases (not the Data Board, not the public).
STAFF = (*UNIT_CASEWORKERS, *ALL_UNITS)
#: Who reads the Data Board pack (aggregates only), its PDF and the statutory returns.
BOARD_READERS = (Role.DATA_BOARD, *ALL_UNITS)
#: Who writes the Data Office's monthly commentary on the Board pack.
BOARD_COMMENTATORS = ALL_UNITS
#: Who edits the letter templates (the case file's letters to requesters).
LETTER_TEMPLATE_EDITORS = ALL_UNITS
#: Who may hand a case to someone else (a caseworker may only take one themselves).
LEADS = (Role.TEAM_LEAD, *ALL_UNITS)
#: Who sees every disclosure-log item, withdrawn ones with their reasons (publishing
#: and withdrawing are for those who act on the case: `acts_on_case`).
DISCLOSURE_LOG_MANAGERS = ALL_UNITS


def sees_personal_data(user: User | AnonymousUser, record_unit_id: int | None) -> bool:
    """Whether `user` may see the requester's details (and what they asked) on a record of
    the unit `record_unit_id`: the DPO and admins on every record; caseworkers and team
    leads on their own unit's only, even where another unit's record is assigned to
    them. Pages and the API both ask this."""
    if not user.is_authenticated:
        return False
    if user.has_role(*ALL_UNITS):
        return True
    if not user.has_role(*UNIT_CASEWORKERS):
        return False
    return record_unit_id is not None and record_unit_id == user.unit_id


def works_cases(user: Any) -> bool:
    """Whether `user` is Data Office staff, who work on cases at all."""
    return bool(user is not None and user.is_authenticated and user.has_role(*STAFF))


def acts_on_case(user: Any, *, unit_id: int | None, assigned_to_id: int | None) -> bool:
    """Whether `user` may act on a case of the unit `unit_id` assigned to `assigned_to_id`:
    the system (None: beat jobs, imports) and the DPO and admins on every case; caseworkers
    and team leads on their own unit's and on those assigned to them (the cases they see)."""
    if user is None:
        return True
    if not works_cases(user):
        return False
    if user.has_role(*ALL_UNITS):
        return True
    if assigned_to_id is not None and assigned_to_id == user.pk:
        return True
    return user.unit_id is not None and unit_id == user.unit_id


def leads(user: Any) -> bool:
    """Whether `user` may hand cases to others (team leads, the DPO, admins)."""
    return bool(user is not None and user.is_authenticated and user.has_role(*LEADS))


def roles_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users holding one of `roles`; others get the designed 403 page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # login_required has sent anonymous visitors to sign in already.
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def holds(user: Any, roles: Iterable[str]) -> bool:
    """Whether `user` is signed in and holds one of `roles` (None, the system, holds none)."""
    return user is not None and user.is_authenticated and user.has_role(*roles)


def is_dpo(user: Any) -> bool:
    """The Data Protection Officer's group (deputies are in it): not administrators, not
    superusers. The regulator decisions on breaches and the DPIA reviews are theirs."""
    return user is not None and user.is_authenticated and Role.DPO in user.roles


def is_system(user: Any) -> bool:
    """No user: a scheduled job (a DPIA falling due for review)."""
    return user is None
