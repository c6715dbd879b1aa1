"""Template helpers for request lists (no queries here). Form markup comes from the
shared GOV.UK form layer: core/govuk_forms.py and templates/govuk/."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def deadline_tags(deadline):
    """GOV.UK tags for a row: overdue, due soon, clock stopped, extended."""
    if deadline is None:
        return ""
    tags = []
    if deadline.overdue:
        tags.append(("govuk-tag--red", "Overdue"))
    elif deadline.due_soon:
        tags.append(("govuk-tag--orange", "Due soon"))
    if deadline.clock_stopped:
        tags.append(("govuk-tag--grey", "Clock stopped"))
    if deadline.extended:
        tags.append(("govuk-tag--purple", "Extended"))
    if not tags:
        return ""
    return format_html(
        "".join('<strong class="govuk-tag {} rq-tag">{}</strong> ' for _ in tags),
        *[item for tag in tags for item in tag],
    )


@register.filter
def uk_date(value) -> str:
    """'3 March 2025' (no leading zero)."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


@register.filter
def has_any_role(user, roles: str) -> bool:
    """``user|has_any_role:"caseworker,team_lead"``"""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles.split(","))


@register.inclusion_tag("requests_tracker/_my_work.html", takes_context=True)
def my_work_panel(context):
    """My work (counts and the open requests) for the signed-in user."""
    from ..views import my_work_context  # views import this module's siblings

    return my_work_context(context["user"])
