"""Dates and times in the GOV.UK style, for every template (a builtin: no {% load %}).

    {{ item.due_on|long_date }}       1 October 2026
    {{ event.at|long_date }}          the UK date of a timestamp
    {{ event.at|time_of_day }}        9:30am (UK time)
    {{ event.at|long_datetime }}      1 October 2026 at 9:30am

A missing value prints as nothing, like Django's own `date` filter. (The time filter is
not called `uk_time`: the breach templates' old `uk_time` printed a date and a time, and
a template still using it should fail loudly, not print the time alone.)
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from core import dates

register = template.Library()


@register.filter
def long_date(value: date | datetime | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = dates.uk_date(value)
    return dates.long_date(value)


@register.filter
def time_of_day(value: datetime | None) -> str:
    if value is None or value == "":
        return ""
    return dates.uk_time(value)


@register.filter
def long_datetime(value: datetime | None) -> str:
    if value is None or value == "":
        return ""
    return dates.long_datetime(value)
