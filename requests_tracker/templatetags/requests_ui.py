"""Template helpers for request lists (no queries here). Form markup comes from the
shared GOV.UK form layer: core/govuk_forms.py and templates/govuk/."""

from django import template
from django.utils.html import format_html

from .. import selectors
from ..vocabularies import EXEMPTION_LABELS

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
def has_any_role(user, roles: str) -> bool:
    """``user|has_any_role:"caseworker,team_lead"``"""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles.split(","))


@register.inclusion_tag("requests_tracker/_my_work.html", takes_context=True)
def my_work_panel(context):
    """My work (counts and the open requests) for the signed-in user."""
    from ..views import my_work_context  # views import this module's siblings

    return my_work_context(context["user"])


@register.inclusion_tag("requests_tracker/_team_panel.html", takes_context=True)
def team_panel(context):
    """A team lead's home: their unit's backlog by age and who holds overdue work."""
    user = context["user"]
    today = selectors.uk_today()
    backlog = selectors.team_backlog(user.unit_id, today=today, rules=selectors.statutory_rules())
    holders = [row for row in backlog["by_assignee"] if row["overdue"]]
    return {
        "unit": user.unit,
        "bands": backlog["bands"],
        "total": sum(count for _, count in backlog["bands"]),
        "overdue": sum(row["overdue"] for row in backlog["by_assignee"]),
        "holders": holders[:5],
    }


@register.filter
def exemption_labels(codes) -> str:
    """Recorded exemptions in words ("Section 31 – Law enforcement"), never their codes."""
    return ", ".join(EXEMPTION_LABELS.get(code, code) for code in codes or ())
