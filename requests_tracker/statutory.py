"""Statutory calendar arithmetic for information-rights requests.

Pure Python on ``datetime.date``; no Django. Every rule below implements
``docs/law.md`` ("Counting days" to "Clock stops"), which records the readings of the
law we chose.
Sources:

* FOIA 2000 s.1(3), s.9, s.10(1), (2), (3) and (6) (working day);
* Environmental Information Regulations 2004 reg 2(1), reg 5(2), reg 7(1), reg 11(4);
* UK GDPR Art. 12(3) and Art. 12A; DPA 2018 Part 3 s.45 and s.54 (as amended by the
  Data (Use and Access) Act 2025 s.76, in force 5 February 2026, SI 2026/82);
* ICO guidance: right of access, "What should we consider when responding to a
  request?" (updated December 2025); the ICO Part 3 (law enforcement) right of access
  guidance; ICO FOIA line to take LTT47 (bank holidays in any part of the UK);
  the FOIA s.45 Code of Practice (internal reviews).

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
from dateutil.relativedelta import relativedelta

from core.dates import WEEKDAY_NAMES, long_date

__all__ = [
    "EIR_EXTENDED_WORKING_DAYS",
    "FOI_WORKING_DAYS",
    "PART3_EXTENSION_COMMENCEMENT",
    "REVIEW_MAX_WORKING_DAYS",
    "REVIEW_WORKING_DAYS",
    "Calendar",
    "Deadline",
    "Kind",
    "Part3CountFrom",
    "Regime",
    "Region",
    "Rules",
    "StatutoryError",
    "Stop",
    "StopReason",
    "check_extension",
    "check_new_stop",
    "check_restart",
    "compute_deadline",
    "days_remaining",
    "stop_reasons",
]


# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


class Kind(StrEnum):
    ROA = "roa"
    FOI = "foi"
    EIR = "eir"
    INTERNAL_REVIEW = "internal_review"


class Regime(StrEnum):
    UK_GDPR = "uk_gdpr"
    DPA_PART3 = "dpa_part3"


class Region(StrEnum):
    """Setting ``ROA_HOLIDAY_REGION``: whose public holidays roll a right-of-access
    deadline (docs/law.md, "Right-of-access working days": the law gives no definition;
    default England and Wales)."""

    EW = "EW"
    SCT = "SCT"
    NIR = "NIR"
    UK = "UK"


class Part3CountFrom(StrEnum):
    """Setting ``PART3_COUNT_FROM`` (docs/law.md, "Part 3 start day")."""

    RECEIPT = "receipt"
    DAY_AFTER = "day_after"


class StopReason(StrEnum):
    IDENTITY = "identity"
    CLARIFICATION = "clarification"
    FEE = "fee"
    OTHER = "other"


def stop_reasons(kind: Kind) -> tuple[StopReason, ...]:
    """The reasons the clock may be stopped for on a request of `kind` (docs/law.md,
    "Clock stops"): identity only for right of access (FOIA and the EIR are
    applicant-blind); no fee for an internal review. `check_new_stop` refuses the rest."""
    kind = Kind(kind)
    return tuple(
        reason
        for reason in StopReason
        if not (reason == StopReason.IDENTITY and kind != Kind.ROA)
        and not (reason == StopReason.FEE and kind == Kind.INTERNAL_REVIEW)
    )


# DPA 2018 s.54(3A) (extension of a Part 3 right-of-access deadline) was inserted by the
# Data (Use and Access) Act 2025 s.76 and commenced on 5 February 2026 (SI 2026/82).
PART3_EXTENSION_COMMENCEMENT = date(2026, 2, 5)
# FOIA s.10(1); EIR reg 5(2).
FOI_WORKING_DAYS = 20
# EIR reg 7(1): 40 working days in total for a complex and voluminous request.
EIR_EXTENDED_WORKING_DAYS = 40
# FOIA s.45 Code of Practice / ICO: internal review in 20 working days, at most 40.
REVIEW_WORKING_DAYS = 20
REVIEW_MAX_WORKING_DAYS = 40
# EIR reg 11(4): the review decision within 40 working days.
_EIR_REVIEW_WORKING_DAYS = 40


class StatutoryError(ValueError):
    """A rule of law refuses the action; str(err) is a sentence a caseworker can act on."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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


def _join(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


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
            notes.append(_join([_NATION_NAMES[s] for s in where]))
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


# ---------------------------------------------------------------------------
# Inputs and outputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    """One stop-clock / restart-clock pair (docs/law.md, "Clock stops")."""

    reason: StopReason
    started_on: date
    ended_on: date | None = None  # None = still open


@dataclass(frozen=True)
class Rules:
    """The settings that change the arithmetic."""

    roa_region: Region = Region.EW
    part3_count_from: Part3CountFrom = Part3CountFrom.RECEIPT
    foi_max_extension_working_days: int = 20
    calendar: Calendar = Calendar()


@dataclass(frozen=True)
class Deadline:
    # ROA: the relevant time (None while identity/fee awaited);
    # FOI/EIR/IR: the (effective) date of receipt.
    clock_started_on: date | None
    # The deadline ignoring any extension (stops do count).
    original_due_on: date | None
    # The final deadline; None while the clock has not started or a stop that moves
    # the deadline is open.
    due_on: date | None
    # Plain English for caseworkers.
    explanation: str


def _fmt(d: date) -> str:
    """'3 March 2025' (GOV.UK style, core/dates.py)."""
    return long_date(d)


def _fmt_range(lo: date, hi: date) -> str:
    return _fmt(lo) if lo == hi else f"{_fmt(lo)} to {_fmt(hi)}"


def _named_day(name: str, d: date) -> str:
    """'Good Friday (18 April 2025)'; 'Saint Andrew's Day (Scotland, 30 November 2026)'."""
    if name.endswith(")") and " (" in name:
        return f"{name[:-1]}, {_fmt(d)})"
    return f"{name} ({_fmt(d)})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _review_target(kind: Kind, review_of: Kind | None) -> Kind | None:
    """What an internal review reviews (FOI by default); None for other kinds."""
    if kind != Kind.INTERNAL_REVIEW:
        return None
    target = Kind.FOI if review_of is None else Kind(review_of)
    if target not in (Kind.FOI, Kind.EIR):
        raise StatutoryError(
            "An internal review can only be of an FOI or EIR request.",
            field="review_of",
        )
    return target


# ---------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------


def compute_deadline(
    *,
    kind: Kind,
    received_on: date,
    regime: Regime | None = None,
    stops: Sequence[Stop] = (),
    extended: bool = False,
    extension_working_days: int | None = None,
    review_of: Kind | None = None,
    rules: Rules = Rules(),
) -> Deadline:
    """The statutory deadline of a request, with a plain-English explanation."""
    kind = Kind(kind)
    if kind == Kind.ROA:
        return _roa_deadline(
            received_on=received_on,
            regime=Regime(regime) if regime is not None else Regime.UK_GDPR,
            stops=stops,
            extended=extended,
            rules=rules,
        )
    return _information_deadline(
        kind=kind,
        received_on=received_on,
        stops=stops,
        extended=extended,
        extension_working_days=extension_working_days,
        review_of=_review_target(kind, review_of),
        rules=rules,
    )


def _roa_deadline(
    *,
    received_on: date,
    regime: Regime,
    stops: Sequence[Stop],
    extended: bool,
    rules: Rules,
) -> Deadline:
    """Right of access: UK GDPR Art. 12(3) and 12A; DPA 2018 s.45 and s.54."""
    calendar = rules.calendar
    region = Region(rules.roa_region)

    # Relevant time (Art. 12A; s.54(3)): the latest of receipt of the request, of the
    # information asked for to confirm identity, and of any fee. No deadline until then.
    starters = [s for s in stops if s.reason in (StopReason.IDENTITY, StopReason.FEE)]
    waiting = [s for s in starters if s.ended_on is None]
    if waiting:
        what = "proof of identity" if waiting[0].reason == StopReason.IDENTITY else "the fee"
        return Deadline(None, None, None, f"The clock has not started: waiting for {what}.")
    relevant = received_on
    started_by: Stop | None = None
    for s in starters:
        if s.ended_on is not None and s.ended_on > relevant:
            relevant = s.ended_on
            started_by = s
    lead = ""
    if started_by is not None:
        what = (
            "proof of identity was" if started_by.reason == StopReason.IDENTITY else "the fee was"
        )
        lead = f"The clock started on {_fmt(relevant)}, when {what} received. "

    # Stop the clock (Art. 12A; s.54(3C)): while waiting for clarification the
    # controller reasonably needs, the days from asking to receiving, both included,
    # do not count. No deadline while the clarification is awaited.
    clarifications = [s for s in stops if s.reason == StopReason.CLARIFICATION]
    open_clarification = next((s for s in clarifications if s.ended_on is None), None)
    if open_clarification is not None:
        return Deadline(
            relevant,
            None,
            None,
            f"{lead}The clock is stopped: waiting for clarification since "
            f"{_fmt(open_clarification.started_on)}.",
        )
    # Reading we chose (docs/law.md, "Clarification pause"): the paused calendar days on
    # or after the relevant time (a day shared by two stops counts once) are added to the
    # unrolled deadline.
    paused_days: set[date] = set()
    paused_ranges: list[tuple[date, date]] = []
    closed = sorted((s.started_on, s.ended_on) for s in clarifications if s.ended_on is not None)
    for started_on, ended_on in closed:
        lo = max(started_on, relevant)
        if lo > ended_on:
            continue
        paused_ranges.append((lo, ended_on))
        paused_days.update(lo + timedelta(days=i) for i in range((ended_on - lo).days + 1))
    paused = len(paused_days)

    # Start day: the relevant time; the ICO Part 3 guidance counts from the day after
    # (setting PART3_COUNT_FROM, default the stricter UK GDPR reading).
    if (
        regime == Regime.DPA_PART3
        and Part3CountFrom(rules.part3_count_from) == Part3CountFrom.DAY_AFTER
    ):
        base = relevant + timedelta(days=1)
        from_text = f"{_fmt(base)} (the day after the relevant time, {_fmt(relevant)})"
    else:
        base = relevant
        from_text = f"{_fmt(base)} (the relevant time)"

    def due_after(months: int) -> tuple[date, date, date]:
        # Same date in the month `months` later; relativedelta clamps a missing date to
        # the last day of that month (31 January -> 28/29 February).
        unrolled = base + relativedelta(months=months)
        paused_to = unrolled + timedelta(days=paused)
        # If that falls on a weekend or public holiday: the next working day.
        rolled = paused_to
        while not calendar.is_roa_working_day(rolled, region):
            rolled += timedelta(days=1)
        return unrolled, paused_to, rolled

    def describe(months: int) -> tuple[date, str]:
        unrolled, paused_to, rolled = due_after(months)
        count = (
            "One calendar month"
            if months == 1
            else "Three calendar months (one month extended by two further months)"
        )
        text = f"{count} from {from_text} is {_fmt(unrolled)}"
        if unrolled.day != base.day:
            text += " (the last day of that month)"
        if paused:
            spans = "; ".join(_fmt_range(lo, hi) for lo, hi in paused_ranges)
            text += (
                f"; adding {_plural(paused, 'day')} paused while clarification was "
                f"awaited ({spans}) gives {_fmt(paused_to)}"
            )
        if rolled != paused_to:
            text += (
                f", {_roa_closed_day_name(calendar, paused_to, region)}; "
                f"the next working day is {_fmt(rolled)}"
            )
        return rolled, text + "."

    original, original_text = describe(1)
    if not extended:
        return Deadline(relevant, original, original, lead + original_text)
    # Extension (Art. 12(3); s.54(3A) since 5 February 2026): two further months; the
    # extended deadline is three months from the relevant time, plus paused days, then
    # rolled (not two months added to the one-month result).
    due, due_text = describe(3)
    return Deadline(
        relevant,
        original,
        due,
        f"{lead}{due_text} Without the extension it would be {_fmt(original)}.",
    )


def _roa_closed_day_name(calendar: Calendar, d: date, region: Region) -> str:
    if d.weekday() >= 5:
        return f"a {WEEKDAY_NAMES[d.weekday()]}"
    named = calendar.holidays_between(d, d, region)
    return named[0][1] if named else _EXTRA_DAY_NAME


def _information_deadline(
    *,
    kind: Kind,
    received_on: date,
    stops: Sequence[Stop],
    extended: bool,
    extension_working_days: int | None,
    review_of: Kind | None,
    rules: Rules,
) -> Deadline:
    """FOIA s.10, EIR reg 5 and 7, internal reviews (s.45 Code; EIR reg 11(4))."""
    calendar = rules.calendar
    is_review = kind == Kind.INTERNAL_REVIEW
    # Identity stops have no effect (applicant-blind); fees do not apply to reviews.
    relevant_reasons = (
        (StopReason.CLARIFICATION,) if is_review else (StopReason.CLARIFICATION, StopReason.FEE)
    )
    effective = [s for s in stops if s.reason in relevant_reasons]

    # Clarification (FOIA s.1(3), s.10(6) "date of receipt"; EIR reg 9(4)): the request
    # is treated as received on the day the clarification arrives.
    receipt = received_on
    clarified = False
    for s in effective:
        if (
            s.reason == StopReason.CLARIFICATION
            and s.ended_on is not None
            and s.ended_on >= receipt
        ):
            receipt = s.ended_on
            clarified = True
    if clarified:
        receipt_text = "when the clarification was received"
    elif is_review:
        receipt_text = "when the review request was received"
    else:
        receipt_text = "the date of receipt"

    waiting = next((s for s in effective if s.ended_on is None), None)
    if waiting is not None:
        since = _fmt(waiting.started_on)
        if waiting.reason == StopReason.CLARIFICATION:
            text = (
                f"The clock is stopped: waiting for clarification since {since}; "
                "the working days start again from the day it arrives."
            )
        else:
            text = (
                f"The clock is stopped: waiting for the fee since {since}; "
                "working days until it is received are not counted."
            )
        return Deadline(receipt, None, None, text)

    # Fees (FOIA s.10(2); EIR reg 8): the working days from the fees notice to the
    # receipt of the fee, both included, are not counted.
    skip = tuple(
        (s.started_on, s.ended_on)
        for s in effective
        if s.reason == StopReason.FEE and s.ended_on is not None
    )

    if is_review and review_of == Kind.EIR:
        # EIR reg 11(4): 40 working days; no further extension.
        base_days = _EIR_REVIEW_WORKING_DAYS
        extended_days = base_days
        base_note = " (the EIR limit for an internal review)"
        extended_note = base_note
    elif is_review:
        # FOIA s.45 Code of Practice / ICO: 20 working days, 40 in exceptional cases.
        base_days = REVIEW_WORKING_DAYS
        extended_days = REVIEW_MAX_WORKING_DAYS
        base_note = ""
        extended_note = (
            f" ({REVIEW_WORKING_DAYS}, extended to {REVIEW_MAX_WORKING_DAYS} "
            "because the review is exceptionally complex)"
        )
    elif kind == Kind.EIR:
        # EIR reg 5(2): 20 working days; reg 7(1): 40 in total if complex and voluminous.
        base_days = FOI_WORKING_DAYS
        extended_days = EIR_EXTENDED_WORKING_DAYS
        base_note = ""
        extended_note = (
            f" ({FOI_WORKING_DAYS}, extended to {EIR_EXTENDED_WORKING_DAYS} because "
            "the request is complex and voluminous)"
        )
    else:
        # FOIA s.10(1): 20 working days; s.10(3) public interest extension of a
        # "reasonable" time, which the ICO expects to be no more than 20 further days.
        base_days = FOI_WORKING_DAYS
        extra = (
            rules.foi_max_extension_working_days
            if extension_working_days is None
            else extension_working_days
        )
        if extended and extra < 1:
            raise StatutoryError(
                "A public interest extension must be at least 1 working day.",
                field="extension_working_days",
            )
        extended_days = base_days + extra
        base_note = ""
        extended_note = (
            f" ({FOI_WORKING_DAYS}, plus a public interest extension of "
            f"{_plural(extra, 'working day')})"
        )

    original = calendar.add_working_days(receipt, base_days, skip=skip)
    days, note = (extended_days, extended_note) if extended else (base_days, base_note)
    due = calendar.add_working_days(receipt, days, skip=skip) if extended else original

    text = f"{days} working days{note} after {_fmt(receipt)}, {receipt_text}"
    fee_spans: list[str] = []
    fee_total = 0
    for lo, hi in sorted(skip):
        lo_in, hi_in = max(lo, receipt + timedelta(days=1)), min(hi, due)
        if lo_in > hi_in:
            continue
        counted = calendar.working_days_after(lo_in - timedelta(days=1), hi_in)
        if counted:
            fee_total += counted
            fee_spans.append(_fmt_range(lo, hi))
    if fee_total:
        text += (
            f", not counting {_plural(fee_total, 'working day')} "
            f"({'; '.join(fee_spans)}) while a fee was awaited"
        )
    skipped = calendar.holidays_between(receipt + timedelta(days=1), due)
    if skipped:
        text += ", skipping " + _join([_named_day(name, d) for d, name in skipped])
    text += "."
    if due != original:
        text += f" Without the extension it would be {_fmt(original)}."
    return Deadline(receipt, original, due, text)


# ---------------------------------------------------------------------------
# Validation of actions
# ---------------------------------------------------------------------------


def check_new_stop(
    *,
    kind: Kind,
    reason: StopReason,
    started_on: date,
    received_on: date,
    stops: Sequence[Stop],
    today: date,
) -> None:
    """Refuse a stop-clock action the law does not allow (docs/law.md, "Clock stops")."""
    kind = Kind(kind)
    reason = StopReason(reason)
    # Dates after today are refused everywhere.
    if started_on > today:
        raise StatutoryError(
            "The date the clock was stopped cannot be in the future.",
            field="started_on",
        )
    if started_on < received_on:
        raise StatutoryError(
            f"The clock cannot be stopped before the request was received ({_fmt(received_on)}).",
            field="started_on",
        )
    if reason == StopReason.IDENTITY and kind != Kind.ROA:
        # FOIA and the EIR are applicant-blind: identity is never a condition.
        raise StatutoryError(
            "Information requests are applicant-blind: the clock cannot be stopped "
            "to check the requester's identity.",
            field="reason",
        )
    if reason == StopReason.FEE and kind == Kind.INTERNAL_REVIEW:
        raise StatutoryError(
            "No fee can be charged for an internal review, so the clock cannot be stopped for one.",
            field="reason",
        )
    still_open = next((s for s in stops if s.ended_on is None), None)
    if still_open is not None:
        raise StatutoryError(
            f"The clock is already stopped (since {_fmt(still_open.started_on)}); "
            "restart it before stopping it again.",
            field="started_on",
        )
    ended = [s.ended_on for s in stops if s.ended_on is not None]
    if ended and started_on < max(ended):
        raise StatutoryError(
            f"Stops cannot overlap: a new stop must start on or after "
            f"{_fmt(max(ended))}, the day the previous stop ended.",
            field="started_on",
        )


def check_restart(*, stop: Stop, ended_on: date, today: date) -> None:
    """Refuse a restart-clock action that cannot be right."""
    if stop.ended_on is not None:
        raise StatutoryError(f"This stop already ended on {_fmt(stop.ended_on)}.", field="ended_on")
    if ended_on > today:
        raise StatutoryError(
            "The date the clock restarted cannot be in the future.", field="ended_on"
        )
    if ended_on < stop.started_on:
        raise StatutoryError(
            f"The clock cannot restart before it was stopped ({_fmt(stop.started_on)}).",
            field="ended_on",
        )


def check_extension(
    *,
    kind: Kind,
    regime: Regime | None,
    received_on: date,
    extended_on: date,
    original_due_on: date | None,
    already_extended: bool,
    working_days: int | None,
    review_of: Kind | None,
    today: date,
    rules: Rules = Rules(),
) -> None:
    """Refuse an extension the law does not allow."""
    kind = Kind(kind)
    if extended_on > today:
        raise StatutoryError(
            "The date of the extension cannot be in the future.", field="extended_on"
        )
    if extended_on < received_on:
        raise StatutoryError(
            f"The extension cannot be dated before the request was received ({_fmt(received_on)}).",
            field="extended_on",
        )
    if already_extended:
        raise StatutoryError("This request has already been extended.")

    if kind == Kind.ROA:
        regime = Regime(regime) if regime is not None else Regime.UK_GDPR
        # DPA 2018 s.54(3A) only exists from 5 February 2026 (DUAA 2025 s.76).
        if regime == Regime.DPA_PART3 and received_on < PART3_EXTENSION_COMMENCEMENT:
            raise StatutoryError(
                "A Part 3 (law enforcement) request received before "
                f"{_fmt(PART3_EXTENSION_COMMENCEMENT)} cannot be extended: the power "
                "to extend (DPA 2018 s.54(3A)) came into force on "
                f"{_fmt(PART3_EXTENSION_COMMENCEMENT)}.",
                field="extended_on",
            )
    target = _review_target(kind, review_of)
    if target == Kind.EIR:
        # EIR reg 11(4) fixes 40 working days for the review; nothing extends it.
        raise StatutoryError(
            "An internal review of an EIR request cannot be extended: the regulations "
            "already allow 40 working days (EIR reg 11(4)).",
            field="extended_on",
        )

    if original_due_on is None:
        raise StatutoryError(
            "There is no deadline to extend yet: the clock has not started or is stopped.",
            field="extended_on",
        )

    if kind == Kind.FOI:
        maximum = rules.foi_max_extension_working_days
        days = maximum if working_days is None else working_days
        if not 1 <= days <= maximum:
            raise StatutoryError(
                f"A public interest extension must be between 1 and {maximum} working days.",
                field="working_days",
            )
    elif working_days not in (None, 20) and kind != Kind.ROA:
        # EIR reg 7(1) and the s.45 Code: 40 working days in total, i.e. 20 more.
        raise StatutoryError(
            "This extension is fixed at 20 further working days (40 in total).",
            field="working_days",
        )

    if extended_on > original_due_on:
        if kind == Kind.ROA:
            # Art. 12(3) / s.54(3A): notice within the first month, i.e. by the
            # original deadline.
            raise StatutoryError(
                "The extension notice must be given within the first month, on or "
                f"before {_fmt(original_due_on)}.",
                field="extended_on",
            )
        raise StatutoryError(
            "The extension must be recorded before the original deadline has passed "
            f"(on or before {_fmt(original_due_on)}).",
            field="extended_on",
        )


# ---------------------------------------------------------------------------
# Display helpers
# ---------------------------------------------------------------------------


def days_remaining(
    *,
    kind: Kind,
    due_on: date | None,
    today: date,
    rules: Rules = Rules(),
) -> int | None:
    """Days left until the deadline; negative once it has passed.

    ROA: calendar days. FOI/EIR/IR: working days: 0 on the due date, +k if the due date
    is the k-th working day after today, -k if today is the k-th working day after the
    due date. On a non-working day after the due date, at least -1: a passed deadline
    is never shown as 0.
    """
    if due_on is None:
        return None
    if Kind(kind) == Kind.ROA:
        return (due_on - today).days
    if today <= due_on:
        return rules.calendar.working_days_after(today, due_on)
    return min(-1, rules.calendar.working_days_after(today, due_on))
