"""Dates and times in the GOV.UK style, for every template (a builtin: no {% load %}).

    {{ item.due_on|long_date }}       1 October 2026
    {{ event.at|long_date }}          the UK date of a timestamp
    {{ event.at|uk_time }}            9:30am (UK time)
    {{ event.at|long_datetime }}      1 October 2026 at 9:30am

A missing value prints as nothing, like Django's own `date` filter.
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
def uk_time(value: datetime | None) -> str:
    if value is None or value == "":
        return ""
    return dates.uk_time(value)


@register.filter
def long_datetime(value: datetime | None) -> str:
    if value is None or value == "":
        return ""
    return dates.long_datetime(value)
