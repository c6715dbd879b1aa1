"""Deadlines with their plain-English explanation: right of access (UK GDPR Art. 12(3)
and 12A; DPA 2018 s.45 and s.54), FOIA s.10, EIR reg 5 and 7, internal reviews (s.45 Code;
EIR reg 11(4)); and the days left (docs/law.md, "Counting days" to "Clock stops")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.dates import WEEKDAY_NAMES
from requests_tracker.statutory.regimes import (
    _EIR_REVIEW_WORKING_DAYS,
    EIR_EXTENDED_WORKING_DAYS,
    FOI_WORKING_DAYS,
    REVIEW_MAX_WORKING_DAYS,
    REVIEW_WORKING_DAYS,
    Deadline,
    Kind,
    Part3CountFrom,
    Regime,
    Rules,
    StatutoryError,
    Stop,
    StopReason,
    _review_target,
)
from requests_tracker.statutory.wording import _fmt, _fmt_range, _named_day, _plural, join
from requests_tracker.statutory.working_days import _EXTRA_DAY_NAME, Calendar, Region


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
        text += ", skipping " + join([_named_day(name, d) for d, name in skipped])
    text += "."
    if due != original:
        text += f" Without the extension it would be {_fmt(original)}."
    return Deadline(receipt, original, due, text)


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
