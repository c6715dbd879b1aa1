"""UK dates and times, and calendar months: the one module for both.

Pure: no Django, no locale. Timestamps are stored in UTC; a date rule is applied to the
UK date (Europe/London, GMT or BST) of a timestamp, never to its UTC date (docs/law.md,
"UK dates"). A month is always a `date` on the first day of the month; its "YYYY-MM"
text exists only at the edges (URLs, API parameters, CSV, command-line options), through
`parse_month` and `format_month`.

Dates are written for people in the GOV.UK style: "1 October 2026", no leading zero
(`long_date`); times as "9:30am", "midday", "midnight" (`uk_time`).
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

__all__ = [
    "MONTH_NAMES",
    "UK",
    "WEEKDAY_NAMES",
    "NaiveDatetimeError",
    "add_months",
    "format_month",
    "long_date",
    "long_datetime",
    "month_bounds",
    "month_end",
    "month_start",
    "months_back",
    "months_between",
    "parse_month",
    "require_aware",
    "to_uk",
    "uk_date",
    "uk_midnight",
    "uk_now",
    "uk_time",
    "uk_today",
    "wall_time",
]

#: The UK's civil time zone: GMT in winter, BST (UTC+1) in summer.
UK = ZoneInfo("Europe/London")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
#: Months before this are refused as typing mistakes ("0202-01"), not history.
_EARLIEST_YEAR = 1900


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone reached code that must know which instant it is."""


# --- UK time -----------------------------------------------------------------------------


def require_aware(moment: datetime, name: str = "moment") -> None:
    """Refuse a naive datetime (one whose instant is unknown)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(f"{name} must carry a time zone (naive datetimes are refused).")


def uk_now() -> datetime:
    """This instant on the UK wall clock (aware), whatever the server's zone."""
    return datetime.now(UTC).astimezone(UK)


def uk_today() -> date:
    """Today's date in the UK, whatever the server's zone."""
    return uk_now().date()


def to_uk(moment: datetime) -> datetime:
    """The same instant on the UK wall clock (GMT or BST)."""
    require_aware(moment)
    return moment.astimezone(UK)


def uk_date(moment: datetime) -> date:
    """The UK date of an aware datetime: 23:30 UTC on 30 June is 1 July in the UK."""
    require_aware(moment)
    return moment.astimezone(UK).date()


def uk_midnight(day: date) -> datetime:
    """The instant a UK day begins (UK clocks change at 1am or 2am, never at midnight)."""
    return datetime.combine(day, time(), tzinfo=UK)


# --- Months --------------------------------------------------------------------------------


def month_start(day: date) -> date:
    """The month `day` falls in, as the first day of that month."""
    return date(day.year, day.month, 1)


def month_end(month: date) -> date:
    """The last day of the month `month` falls in."""
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, count: int) -> date:
    """The month `count` months after (or, negative, before) the month of `month`."""
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from the month of `first` to the month of `last`, inclusive; empty
    when `last` is in an earlier month than `first`."""
    start, stop = month_start(first), month_start(last)
    count = (stop.year - start.year) * 12 + stop.month - start.month + 1
    return [add_months(start, offset) for offset in range(max(count, 0))]


def months_back(last: date, count: int) -> list[date]:
    """The `count` months ending with the month of `last`, oldest first."""
    if count < 1:
        return []
    return months_between(add_months(last, -(count - 1)), last)


def month_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants from the start of the UK month of `first` (inclusive) to the start of
    the UK month after `last` (exclusive), for filtering timestamps by UK month."""
    return uk_midnight(month_start(first)), uk_midnight(add_months(last, 1))


def parse_month(text: str) -> date:
    """'2020-01' → date(2020, 1, 1); ValueError with a readable message otherwise."""
    match = _MONTH_PATTERN.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < _EARLIEST_YEAR:
        raise ValueError(f"'{text}' is not a month: use the form YYYY-MM, like 2020-01.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_month(month: date) -> str:
    """date(2020, 1, 1) → '2020-01' (the month's key at the edges)."""
    return f"{month.year:04d}-{month.month:02d}"


# --- Words -----------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """'1 October 2026': GOV.UK style, no leading zero, no locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def wall_time(clock: time) -> str:
    """A wall-clock time in GOV.UK style: '9:30am', '5pm', 'midday', 'midnight'."""
    if (clock.hour, clock.minute) == (0, 0):
        return "midnight"
    if (clock.hour, clock.minute) == (12, 0):
        return "midday"
    hour = clock.hour % 12 or 12
    suffix = "am" if clock.hour < 12 else "pm"
    return f"{hour}{suffix}" if clock.minute == 0 else f"{hour}:{clock.minute:02d}{suffix}"


def uk_time(moment: datetime) -> str:
    """The UK wall-clock time of an aware datetime in GOV.UK style ('9:30am')."""
    return wall_time(to_uk(moment).time())


def long_datetime(moment: datetime) -> str:
    """'1 October 2026 at 9:30am' in UK time."""
    return f"{long_date(to_uk(moment).date())} at {uk_time(moment)}"
