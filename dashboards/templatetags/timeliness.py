"""Display rules of docs/metrics.md ("Percentages, rounding and no data"): percentages
rounded to whole percent on pages, "–" for no data."""

from django import template

from core.numbers import round_pct

register = template.Library()

NO_DATA = "–"


@register.filter
def pct(value):
    """76.25 → '76%'; None → '–'."""
    if value is None or value == "":
        return NO_DATA
    return f"{round_pct(value, 0):.0f}%"


@register.filter
def pct1(value):
    """One decimal, as in the open data: 76.25 → '76.3%'."""
    if value is None or value == "":
        return NO_DATA
    return f"{round_pct(value, 1):.1f}%"


@register.filter
def number(value):
    if value is None or value == "":
        return NO_DATA
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


@register.filter
def lookup(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)
