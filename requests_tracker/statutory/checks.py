"""Validation of clock stops, restarts and extensions: each refusal is a
``StatutoryError`` a caseworker can act on (docs/law.md, "Clock stops" and "Extensions")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from requests_tracker.statutory.regimes import (
    PART3_EXTENSION_COMMENCEMENT,
    Kind,
    Regime,
    Rules,
    StatutoryError,
    Stop,
    StopReason,
    _review_target,
)
from requests_tracker.statutory.wording import _fmt


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
