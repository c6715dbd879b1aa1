"""Quarters and the small statistics used by the timeliness figures.

No Django here: plain functions, tested on their own. Month arithmetic itself (a month is
a `date` on its first day) lives in core/dates.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from core.dates import add_months


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
    lower: int | None = None
    upper = 0
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > lower_index:
            lower = value
        if seen > upper_index:
            upper = value
            break
    assert lower is not None  # total > 0, so the walk passes both middles
    return (lower + upper) / 2


def running_totals(
    monthly: Mapping[date, int], months: Iterable[date], before: int = 0
) -> dict[date, int]:
    """Cumulative totals at each month of `months` (sorted), starting from `before`
    (everything earlier). `monthly` maps a month to the count falling in it."""
    result: dict[date, int] = {}
    total = before
    for month in months:
        total += monthly.get(month, 0)
        result[month] = total
    return result


def mean(values: Iterable[float | None]) -> float | None:
    """Average of the values that are not "no data"; None when there are none."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    return sum(present) / len(present)
