"""System checks: settings the request services rely on must name something real."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from accounts.models import User
from core import policy


@checks.register(checks.Tags.compatibility)
def internal_review_assignee_is_a_user(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """INTERNAL_REVIEW_ASSIGNEE, when set, is the username of an active member of the Data
    Office (a new internal review is assigned to them and shows in their My work)."""
    username = getattr(settings, "INTERNAL_REVIEW_ASSIGNEE", "")
    if not username:
        return []
    try:
        user = User.objects.filter(username=username).first()
    except DatabaseError:  # not migrated yet (first deploy): checked again once it is
        return []
    if user is None or not user.is_active or not policy.works_cases(user):
        if user is None:
            problem = "there is no user with that username"
        elif not user.is_active:
            problem = "that user is not active"
        else:
            problem = "that user is not a caseworker, team lead, DPO or admin"
        return [
            checks.Error(
                f"INTERNAL_REVIEW_ASSIGNEE is '{username}': {problem}.",
                hint="Set it to the username of the person who does internal reviews, or "
                "leave it empty to assign each review to whoever opens it.",
                id="requests_tracker.E001",
            )
        ]
    return []
