from django import template

from .. import clock, selectors

register = template.Library()


@register.filter
def is_selected(choice, current) -> bool:
    """A choice is selected when it equals the field's value (or is in a list value)."""
    choice = "" if choice is None else str(getattr(choice, "value", choice))
    if isinstance(current, list | tuple):
        return choice in {str(v) for v in current}
    return current is not None and choice == str(current)


@register.filter
def uk_time(moment) -> str:
    """An aware datetime as UK wall-clock time, e.g. "27 March 2026 at 14:30"."""
    if moment is None:
        return ""
    return f"{clock.to_uk(moment):%-d %B %Y at %H:%M}"


@register.filter
def uk_short(moment) -> str:
    """Short UK wall-clock time for tables, e.g. "27 Mar 2026, 14:30"."""
    if moment is None:
        return ""
    return f"{clock.to_uk(moment):%-d %b %Y, %H:%M}"


@register.filter
def pct(value) -> str:
    """A percentage rounded to whole percent; "–" for no data."""
    return "–" if value is None else f"{value:.0f}%"


@register.filter
def hours(value) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def field_errors(form, names: str) -> list:
    """The errors of several fields (a date-time group)."""
    errors = []
    for name in names.split(","):
        if name in form.fields:
            errors.extend(form[name].errors)
    return errors


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
