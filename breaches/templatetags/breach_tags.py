from django import template

from .. import clock

register = template.Library()


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
