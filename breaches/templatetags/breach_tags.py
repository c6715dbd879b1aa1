from django import template

from core.dates import to_uk, uk_time

from .. import clock, selectors

register = template.Library()


@register.filter
def uk_short(moment) -> str:
    """Short UK wall-clock time for tables, e.g. "27 Mar 2026, 2:30pm"."""
    if moment is None:
        return ""
    local = to_uk(moment)
    return f"{local.day} {local:%b %Y}, {uk_time(local)}"


@register.filter
def pct(value) -> str:
    """A percentage rounded to whole percent; "–" for no data."""
    return "–" if value is None else f"{value:.0f}%"


@register.filter
def hours(value) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.inclusion_tag("breaches/_home_panel.html", takes_context=True)
def dpo_breach_panel(context, limit: int = 8):
    """The DPO's home: breaches still awaiting the regulator decision, soonest deadline
    first, each with the time left on its 72-hour clock."""
    at = selectors.now()
    awaiting = selectors.awaiting_decision(selectors.visible_breaches(context["user"]))
    rows = []
    for breach in awaiting[:limit]:
        left = selectors.hours_remaining(breach, at)
        rows.append(
            {
                "breach": breach,
                "countdown": clock.countdown_text(breach.report_due_at, at),
                "overdue": left is not None and left < 0,
                "due_soon": left is not None
                and 0 <= left < clock.DUE_SOON_WINDOW.total_seconds() / 3600,
            }
        )
    return {"rows": rows, "total": awaiting.count()}
