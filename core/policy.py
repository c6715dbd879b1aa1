"""Who may do what: the one place page views check roles (see docs/permissions.md)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Role

#: Who may read the access log and its unusual-access report.
ACCESS_LOG_READERS = (Role.DPO, Role.ADMIN)


def roles_required(*roles: str):
    """Signed-in users holding one of `roles`; others get the designed 403 page."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
