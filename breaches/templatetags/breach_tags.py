from django import template

from core.dates import to_uk, uk_time

register = template.Library()


@register.filter
def is_selected(choice, current) -> bool:
    """A choice is selected when it equals the field's value (or is in a list value)."""
    choice = "" if choice is None else str(getattr(choice, "value", choice))
    if isinstance(current, list | tuple):
        return choice in {str(v) for v in current}
    return current is not None and choice == str(current)


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


@register.filter
def field_errors(form, names: str) -> list:
    """The errors of several fields (a date-time group)."""
    errors = []
    for name in names.split(","):
        if name in form.fields:
            errors.extend(form[name].errors)
    return errors
