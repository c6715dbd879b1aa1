"""Working days and bank holidays (docs/law.md, "Counting days" and "Working days (FOI,
EIR, internal reviews)"; ICO LTT47: a bank holiday in any part of the UK).

Bank holidays come from the ``holidays`` package (``country_holidays("GB", subdiv=...)``
with its default ``observed=True``, so substitute days are included); nothing here keeps a
holiday table by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

import holidays

from requests_tracker.statutory.wording import join


class Region(StrEnum):
    """Setting ``ROA_HOLIDAY_REGION``: whose public holidays roll a right-of-access
    deadline (docs/law.md, "Right-of-access working days": the law gives no definition;
    default England and Wales)."""

    EW = "EW"
    SCT = "SCT"
    NIR = "NIR"
    UK = "UK"


# ---------------------------------------------------------------------------
# Bank holidays (docs/law.md, "Working days (FOI, EIR, internal reviews)")
# ---------------------------------------------------------------------------

_ALL_SUBDIVISIONS: tuple[str, ...] = ("ENG", "WLS", "SCT", "NIR")
_REGION_SUBDIVISIONS: Mapping[Region, tuple[str, ...]] = MappingProxyType(
    {
        Region.EW: ("ENG", "WLS"),
        Region.SCT: ("SCT",),
        Region.NIR: ("NIR",),
        Region.UK: _ALL_SUBDIVISIONS,
    }
)
_NATION_NAMES: Mapping[str, str] = MappingProxyType(
    {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
)
_OBSERVED_SUFFIX = " (observed)"
_EXTRA_DAY_NAME = "additional non-working day"


@lru_cache(maxsize=512)
def _subdivision_holidays(subdivision: str, year: int) -> Mapping[date, str]:
    """The library's holidays of one part of the UK in one year (cached).

    Default ``observed=True``: substitute days are included (with ``observed=False``
    they vanish). The nominal weekend date of a substituted holiday is listed as well;
    harmless for working-day arithmetic, filtered out when holidays are named.
    """
    table = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    return MappingProxyType(dict(table.items()))


@lru_cache(maxsize=512)
def _holiday_dates(subdivisions: tuple[str, ...], year: int) -> frozenset[date]:
    """Union of the holiday dates of the given parts of the UK in one year (cached)."""
    found: set[date] = set()
    for subdivision in subdivisions:
        found.update(_subdivision_holidays(subdivision, year))
    return frozenset(found)


def _region_subdivisions(region: Region | None) -> tuple[str, ...]:
    if region is None:
        return _ALL_SUBDIVISIONS
    return _REGION_SUBDIVISIONS[Region(region)]


def _holiday_name(d: date, subdivisions: tuple[str, ...]) -> str | None:
    """A readable name for a holiday date, merged across the parts of the UK asked for.

    "X (observed)" becomes "X (substitute day)" (the GOV.UK wording); a holiday that is
    not held in England or Wales and not in every part asked for says where it is held,
    e.g. "Saint Andrew's Day (Scotland)". Several holidays on one date are joined with
    " / ".
    """
    held: dict[str, list[str]] = {}
    for subdivision in subdivisions:
        raw = _subdivision_holidays(subdivision, d.year).get(d)
        if raw:
            for part in raw.split("; "):
                held.setdefault(part.strip(), []).append(subdivision)
    if not held:
        return None
    labels: list[str] = []
    for raw_name, where in held.items():
        notes: list[str] = []
        name = raw_name
        if raw_name.endswith(_OBSERVED_SUFFIX):
            name = raw_name.removesuffix(_OBSERVED_SUFFIX)
            notes.append("substitute day")
        local = len(where) < len(subdivisions) and not {"ENG", "WLS"} & set(where)
        if local:
            notes.append(join([_NATION_NAMES[s] for s in where]))
        labels.append(f"{name} ({', '.join(notes)})" if notes else name)
    return " / ".join(labels)


def _weekdays_after(start: date, end: date) -> int:
    """Number of Monday-Friday dates d with start < d <= end (0 if end <= start)."""
    span = (end - start).days
    if span <= 0:
        return 0
    full_weeks, rest = divmod(span, 7)
    count = full_weeks * 5
    first = start.weekday()
    for offset in range(1, rest + 1):
        if (first + offset) % 7 < 5:
            count += 1
    return count


# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """Working-day calendars (docs/law.md, "Counting days").

    ``extra_non_working_days`` is the admin-editable table of days proclaimed before the
    ``holidays`` library knows them; they are non-working in every calendar.
    """

    extra_non_working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        # Accept any iterable (e.g. a set from a queryset) but keep the object hashable.
        if not isinstance(self.extra_non_working_days, frozenset):
            object.__setattr__(
                self, "extra_non_working_days", frozenset(self.extra_non_working_days)
            )

    def _is_open(self, d: date, subdivisions: tuple[str, ...]) -> bool:
        return (
            d.weekday() < 5
            and d not in self.extra_non_working_days
            and d not in _holiday_dates(subdivisions, d.year)
        )

    def is_working_day(self, d: date) -> bool:
        """FOIA s.10(6) / EIR reg 2(1) working day: not a Saturday or Sunday, not
        Christmas Day or Good Friday, not a bank holiday in ANY part of the UK (ICO
        LTT47), and not an extra non-working day."""
        return self._is_open(d, _ALL_SUBDIVISIONS)

    def is_roa_working_day(self, d: date, region: Region) -> bool:
        """Right-of-access working day (the next-working-day roll, ICO right of access
        guidance): not a weekend, not a public holiday of ``region`` (setting
        ROA_HOLIDAY_REGION: EW = England and Wales, SCT, NIR, UK = all four), not extra."""
        return self._is_open(d, _region_subdivisions(region))

    def add_working_days(
        self, start: date, n: int, *, skip: Sequence[tuple[date, date]] = ()
    ) -> date:
        """The n-th FOIA working day AFTER ``start`` (FOIA s.10(1): "the twentieth
        working day following the date of receipt"), not counting working days inside
        any inclusive ``(from, to)`` range of ``skip`` (s.10(2): days awaiting a fee)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, not {n}")
        ranges = [(lo, hi) for lo, hi in skip if lo <= hi]
        d = start
        counted = 0
        while True:
            d += timedelta(days=1)
            if not self.is_working_day(d):
                continue
            if any(lo <= d <= hi for lo, hi in ranges):
                continue
            counted += 1
            if counted == n:
                return d

    def _count_working_after(self, start: date, end: date) -> int:
        """FOIA working days d with start < d <= end (0 if end <= start)."""
        if end <= start:
            return 0
        closed: set[date] = {d for d in self.extra_non_working_days if start < d <= end}
        for year in range(start.year, end.year + 1):
            closed.update(d for d in _holiday_dates(_ALL_SUBDIVISIONS, year) if start < d <= end)
        closed_weekdays = sum(1 for d in closed if d.weekday() < 5)
        return _weekdays_after(start, end) - closed_weekdays

    def working_days_after(self, start: date, end: date) -> int:
        """Number of FOIA working days d with start < d <= end; if end < start, minus
        the number of working days d with end < d <= start."""
        if end >= start:
            return self._count_working_after(start, end)
        return -self._count_working_after(end, start)

    def holidays_between(
        self, start: date, end: date, region: Region | None = None
    ) -> list[tuple[date, str]]:
        """Named non-working weekdays in [start, end], for explanations.

        ``region`` None means the FOIA all-UK union. One entry per date. Weekend dates
        are left out: they are non-working anyway, and the library's nominal weekend
        date of a substituted holiday must not be counted as a second holiday.
        """
        subdivisions = _region_subdivisions(region)
        candidates: set[date] = {d for d in self.extra_non_working_days if start <= d <= end}
        for year in range(start.year, end.year + 1):
            candidates.update(d for d in _holiday_dates(subdivisions, year) if start <= d <= end)
        named: list[tuple[date, str]] = []
        for d in sorted(candidates):
            if d.weekday() >= 5:
                continue
            name = _holiday_name(d, subdivisions)
            named.append((d, name if name is not None else _EXTRA_DAY_NAME))
        return named
