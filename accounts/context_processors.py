from django.urls import reverse

from .models import Role


def navigation(request):
    """Service navigation items for the signed-in user's roles (least privilege: a link is
    shown only to roles that may use it)."""
    user = getattr(request, "user", None)
    items: list[dict] = []
    if user is not None and user.is_authenticated:
        items.append({"text": "Home", "href": reverse("home")})
        if user.has_role(Role.ADMIN) or user.is_staff:
            items.append({"text": "Administration", "href": reverse("admin:index")})
    path = request.path
    for item in items:
        item["current"] = path == item["href"]
    role_labels = []
    if user is not None and user.is_authenticated:
        role_labels = [label for value, label in Role.choices if value in user.roles]
    return {"nav_items": items, "role_labels": role_labels}
