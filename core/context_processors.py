"""What every page's layout needs: the service itself (no personal data) and the
signed-in user's navigation, drawn from the role sets of core.policy."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from core import policy


def feedback_href(address: str) -> str:
    """A link for the feedback address: a URL as it is, an email address as mailto:."""
    if address.startswith(("https://", "http://", "mailto:")):
        return address
    return f"mailto:{address}"


def service(request) -> dict[str, str]:
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "feedback_href": feedback_href(settings.FEEDBACK_ADDRESS),
    }


def navigation(request) -> dict[str, Any]:
    """Service navigation items for the signed-in user's roles (least privilege: a link is
    shown only to roles that may use it; the role sets are core.policy's)."""
    user = getattr(request, "user", None)
    items: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        works_on_requests = policy.holds(user, policy.UNIT_CASEWORKERS)
        items.append({"text": "My work" if works_on_requests else "Home", "href": reverse("home")})
        staff = policy.works_cases(user)
        if staff:
            # Logging a request is the primary button of My work and All requests.
            items.append({"text": "All requests", "href": reverse("requests:list")})
        if policy.leads(user):
            items.append({"text": "Team", "href": reverse("requests:team")})
        if user.has_role(Role.TEAM_LEAD) and user.unit_id:
            items.append({"text": "Access review", "href": reverse("accounts:access-review")})
        # Breach register: any Data Office member may record a first report (the
        # regulator decision itself is for the DPO group only, enforced by the services).
        if staff:
            items.append({"text": "Breaches", "href": reverse("breaches:register")})
        elif user.has_role(Role.DATA_BOARD):
            items.append({"text": "Breach analysis", "href": reverse("breaches:analysis")})
        # DPIAs and data-sharing agreements; the Data Board sees the pipeline figures only.
        if staff:
            items.append({"text": "Assessments", "href": reverse("dpia:index")})
        elif user.has_role(Role.DATA_BOARD):
            items.append({"text": "DPIA pipeline", "href": reverse("dpia:pipeline")})
        if policy.holds(user, policy.BOARD_READERS):
            items.append({"text": "Data Board", "href": reverse("data_board:index")})
        if user.has_role(Role.ADMIN) or user.is_staff:
            items.append({"text": "Administration", "href": reverse("admin:index")})
    # The public timeliness dashboard: in the navigation for the public; signed-in staff
    # reach it from the footer ("Published figures"), so no role's menu wraps at 1280 px.
    if user is None or not user.is_authenticated:
        items.append({"text": "Make a request", "href": reverse("intake:start")})
        items.append({"text": "Disclosure log", "href": reverse("disclosure:log")})
        items.append({"text": "Performance", "href": reverse("performance:index")})
    path = request.path
    for item in items:
        item["current"] = path == item["href"]
    role_labels = []
    if user is not None and user.is_authenticated:
        role_labels = [label for value, label in Role.choices if value in user.roles]
    return {"nav_items": items, "role_labels": role_labels}
