"""Pure calendar-month arithmetic and small statistics used by the timeliness figures.

No Django here: plain functions on `date`s, tested on their own.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> Iterator[date]:
    """Every month from first to last inclusive (both taken as their month)."""
    current, last = month_start(first), month_start(last)
    while current <= last:
        yield current
        current = add_months(current, 1)


def parse_month(text: str) -> date:
    """'2020-01' → date(2020, 1, 1); ValueError with a readable message otherwise."""
    match = MONTH_PATTERN.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise ValueError(f"'{text}' is not a month: use the form YYYY-MM, like 2020-01.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_month(month: date) -> str:
    return f"{month:%Y-%m}"


def quarter_months(year: int, quarter: int) -> list[date]:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    return [add_months(first, offset) for offset in range(3)]


def parse_quarter(text: str) -> tuple[int, int]:
    """'2020-Q1' → (2020, 1)."""
    match = re.match(r"^(\d{4})-?Q([1-4])$", text.strip(), flags=re.IGNORECASE)
    if not match:
        raise ValueError(f"'{text}' is not a quarter: use the form YYYY-QN, like 2020-Q1.")
    return int(match.group(1)), int(match.group(2))


def median_from_counts(counts: Mapping[int, int]) -> float | None:
    """The median of a multiset given as {value: how many}; .5 when the count is even."""
    total = sum(counts.values())
    if total == 0:
        return None
    lower_index, upper_index = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > lower_index:
            lower = value
        if seen > upper_index:
            upper = value
            break
    return (lower + upper) / 2


def running_totals(monthly: Mapping[date, int], months: Iterable[date], before: int = 0) -> dict:
    """Cumulative totals at each month of `months` (sorted), starting from `before`
    (everything earlier). `monthly` maps a month to the count falling in it."""
    result: dict[date, int] = {}
    total = before
    for month in months:
        total += monthly.get(month, 0)
        result[month] = total
    return result


def round_pct(value: float | None, places: int = 1) -> float | None:
    """Half-up rounding for published percentages (76.25 → 76.3, never banker's)."""
    if value is None:
        return None
    scale = 10**places
    return int(value * scale + 0.5 + 1e-9) / scale


def mean(values: Iterable[float | None]) -> float | None:
    """Average of the values that are not "no data"; None when there are none."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    return sum(present) / len(present)
