"""The kinds of request, the regimes, the time limits and what goes in and comes out of
the arithmetic (docs/law.md, "Time limits" and "Clock stops")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from requests_tracker.statutory.working_days import Calendar, Region


class Kind(StrEnum):
    ROA = "roa"
    FOI = "foi"
    EIR = "eir"
    INTERNAL_REVIEW = "internal_review"


class Regime(StrEnum):
    UK_GDPR = "uk_gdpr"
    DPA_PART3 = "dpa_part3"


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
