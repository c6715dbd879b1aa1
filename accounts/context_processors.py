from django.urls import reverse

from .models import Role


def navigation(request):
    """Service navigation items for the signed-in user's roles (least privilege: a link is
    shown only to roles that may use it)."""
    user = getattr(request, "user", None)
    items: list[dict] = []
    if user is not None and user.is_authenticated:
        works_on_requests = user.has_role(Role.CASEWORKER, Role.TEAM_LEAD)
        items.append({"text": "My work" if works_on_requests else "Home", "href": reverse("home")})
        if works_on_requests or user.has_role(Role.DPO, Role.ADMIN):
            # Logging a request is the primary button of My work and All requests.
            items.append({"text": "All requests", "href": reverse("requests:list")})
        if user.has_role(Role.TEAM_LEAD, Role.DPO, Role.ADMIN):
            items.append({"text": "Team", "href": reverse("requests:team")})
        if user.has_role(Role.TEAM_LEAD) and user.unit_id:
            items.append({"text": "Access review", "href": reverse("accounts:access-review")})
        # Breach register: any Data Office member may record a first report (the
        # regulator decision itself is for the DPO group only, enforced by the services).
        if user.has_role(Role.CASEWORKER, Role.TEAM_LEAD, Role.DPO, Role.ADMIN):
            items.append({"text": "Breaches", "href": reverse("breaches:register")})
        elif user.has_role(Role.DATA_BOARD):
            items.append({"text": "Breach analysis", "href": reverse("breaches:analysis")})
        # DPIAs and data-sharing agreements; the Data Board sees the pipeline figures only.
        if user.has_role(Role.CASEWORKER, Role.TEAM_LEAD, Role.DPO, Role.ADMIN):
            items.append({"text": "Assessments", "href": reverse("dpia:index")})
        elif user.has_role(Role.DATA_BOARD):
            items.append({"text": "DPIA pipeline", "href": reverse("dpia:pipeline")})
        if user.has_role(Role.DATA_BOARD, Role.DPO, Role.ADMIN):
            items.append({"text": "Data Board", "href": reverse("data_board:index")})
        if user.has_role(Role.ADMIN) or user.is_staff:
            items.append({"text": "Administration", "href": reverse("admin:index")})
    # The public timeliness dashboard: in the navigation for the public; signed-in staff
    # reach it from the footer ("Published figures"), so no role's menu wraps at 1280 px.
    if user is None or not user.is_authenticated:
        items.append({"text": "Make a request", "href": reverse("intake:start")})
        items.append({"text": "Performance", "href": reverse("performance:index")})
    path = request.path
    for item in items:
        item["current"] = path == item["href"]
    role_labels = []
    if user is not None and user.is_authenticated:
        role_labels = [label for value, label in Role.choices if value in user.roles]
    return {"nav_items": items, "role_labels": role_labels}
