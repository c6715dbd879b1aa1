from django import template

from .. import selectors
from ..vocabularies import Status

register = template.Library()

STATUS_COLOURS: dict[str, str] = {
    Status.DRAFT: "govuk-tag--grey",
    Status.SUBMITTED: "govuk-tag--light-blue",
    Status.TRIAGED: "govuk-tag--blue",
    Status.IN_REVIEW: "govuk-tag--purple",
    Status.CHANGES_REQUESTED: "govuk-tag--orange",
    Status.DECIDED: "govuk-tag--green",
    Status.REVIEW_DUE: "govuk-tag--yellow",
    Status.CLOSED: "govuk-tag--grey",
}


@register.filter
def status_tag_class(status: str) -> str:
    return STATUS_COLOURS.get(status, "govuk-tag--grey")


@register.filter
def dash(value):
    """'–' for a missing figure (never 0)."""
    return "–" if value is None or value == "" else value


@register.filter
def days(value):
    if value is None:
        return "–"
    return f"{value:g}"


@register.inclusion_tag("dpia/_home_panel.html")
def dpo_dpia_panel(limit: int = 5):
    """The DPO's home: the review queue by urgency (late, due this week, later)."""
    sections = selectors.queue_sections()
    groups = [
        {
            "label": label,
            "tag": tag,
            "count": len(items),
            "shown": items[:limit],
            "more": len(items) - limit,
        }
        for label, tag, items in (
            ("Late", "govuk-tag--red", sections.late),
            ("Due this week", "govuk-tag--orange", sections.due_this_week),
            ("Later", "govuk-tag--grey", sections.later),
        )
    ]
    return {"groups": groups, "total": sum(group["count"] for group in groups)}
