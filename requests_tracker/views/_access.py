"""Who may open the request pages, shared by every page family."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import User
from core import policy

from .. import exports, selectors

PAGE_SIZE = 25

SORTS = exports.SORTS


def _require_worker(user: User) -> None:
    if not selectors.can_work_on_requests(user):
        raise PermissionDenied("Your role does not allow you to work on requests.")


def _is_lead(user: User) -> bool:
    return policy.leads(user)


may_see_personal_data = selectors.may_see_personal_data
