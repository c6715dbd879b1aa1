"""The 72-hour clock and the risk matrix: pure rules, no Django
(docs/law.md, "Breaches: the 72-hour clock").

UK GDPR Art. 33(1) and DPA 2018 s.67(1): report a notifiable breach to the ICO without
undue delay and, where feasible, within 72 hours of becoming aware of it. The 72 hours
are *elapsed* hours, nights, weekends and bank holidays included, so the deadline is
computed in UTC. Adding ``timedelta(hours=72)`` to a Europe/London-aware datetime does
wall-clock arithmetic and is an hour out across the March and October clock changes.
"""

from __future__ import annotations

import enum
import math
from datetime import UTC, datetime, timedelta

from core.dates import UK, NaiveDatetimeError, long_date, require_aware, wall_time

REPORTING_WINDOW = timedelta(hours=72)
#: An undecided breach with less than this left is flagged (page badge and alert).
DUE_SOON_WINDOW = timedelta(hours=24)


class ClockError(ValueError):
    """A datetime a person entered cannot be used; the message says why."""


def _require_aware(moment: datetime, name: str) -> None:
    try:
        require_aware(moment, name)
    except NaiveDatetimeError as error:
        raise ClockError(str(error)) from None


def report_due_at(aware_at: datetime) -> datetime:
    """The regulator deadline: 72 elapsed hours after becoming aware, as a UTC datetime."""
    _require_aware(aware_at, "aware_at")
    return aware_at.astimezone(UTC) + REPORTING_WINDOW


def hours_remaining(due_at: datetime, now: datetime) -> float:
    """Elapsed hours from ``now`` to ``due_at``, one decimal, rounded towards the past
    (negative once the deadline has passed) so a countdown never flatters."""
    _require_aware(due_at, "due_at")
    _require_aware(now, "now")
    seconds = (due_at.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    return math.floor(seconds / 360) / 10


def is_late(*, reported_at: datetime, due_at: datetime) -> bool:
    """Reported after the deadline (reporting at the deadline itself is in time)."""
    _require_aware(reported_at, "reported_at")
    _require_aware(due_at, "due_at")
    return reported_at.astimezone(UTC) > due_at.astimezone(UTC)


def countdown_text(due_at: datetime, now: datetime) -> str:
    """What a person reads: "41 hours 5 minutes left" or "Overdue by 3 hours 10 minutes"."""
    _require_aware(due_at, "due_at")
    _require_aware(now, "now")
    delta = due_at.astimezone(UTC) - now.astimezone(UTC)
    overdue = delta < timedelta(0)
    minutes = int(abs(delta).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    hour_word = "hour" if hours == 1 else "hours"
    minute_word = "minute" if minutes == 1 else "minutes"
    text = f"{hours} {hour_word} {minutes} {minute_word}"
    return f"Overdue by {text}" if overdue else f"{text} left"


def parse_uk_datetime(text: str) -> datetime:
    """An ISO 8601 datetime with an offset, or UK local time without one.

    A local time that does not exist (the hour skipped when the clocks go forward in
    March) or that happens twice (the hour repeated in October) is refused with a
    message asking for the offset, never guessed.
    """
    value = (text or "").strip()
    if not value:
        raise ClockError("Enter a date and time.")
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(
            "Enter a date and time in ISO 8601 format, for example 2026-03-27T14:30 "
            "(UK time) or 2026-03-27T14:30:00+00:00."
        ) from None
    if "T" not in value and " " not in value:
        raise ClockError("Enter a time as well as a date, for example 2026-03-27T14:30.")
    if parsed.tzinfo is not None:
        return parsed
    return localise_uk(parsed)


def localise_uk(naive: datetime) -> datetime:
    """Attach the Europe/London zone to a wall-clock time, refusing times that do not
    exist or are ambiguous on the UK clock."""
    if naive.tzinfo is not None:
        raise ClockError("Expected a UK wall-clock time without an offset.")
    first = naive.replace(tzinfo=UK, fold=0)
    second = naive.replace(tzinfo=UK, fold=1)
    # A time that does not exist does not survive the round trip through UTC.
    if first.astimezone(UTC).astimezone(UK).replace(tzinfo=None) != naive:
        raise ClockError(
            f"{wall_time(naive.time())} on {long_date(naive.date())} did not happen in the UK: the clocks went "
            "forward that night. Check the time, or give it with its offset."
        )
    if first.utcoffset() != second.utcoffset():
        raise ClockError(
            f"{wall_time(naive.time())} on {long_date(naive.date())} happened twice in the UK: the clocks went "
            "back that night. Give the time with its offset (+01:00 for the first, "
            "+00:00 for the second)."
        )
    return first


class Likelihood(enum.StrEnum):
    REMOTE = "remote"
    POSSIBLE = "possible"
    PROBABLE = "probable"


class Severity(enum.StrEnum):
    MINIMAL = "minimal"
    SIGNIFICANT = "significant"
    SEVERE = "severe"


class Risk(enum.StrEnum):
    NO_RISK = "no_risk"
    RISK = "risk"
    HIGH_RISK = "high_risk"


#: The risk matrix (likelihood of harm to the people affected × its severity, on the ICO's
#: scales: remote, possible, probable × minimal, significant, severe), after the
#: ICO's breach guidance: "risk" → consider reporting to the ICO; "high risk" → report
#: and tell the people affected (Art. 34, DPA 2018 s.68).
RISK_MATRIX: dict[tuple[Likelihood, Severity], Risk] = {
    (Likelihood.REMOTE, Severity.MINIMAL): Risk.NO_RISK,
    (Likelihood.POSSIBLE, Severity.MINIMAL): Risk.NO_RISK,
    (Likelihood.PROBABLE, Severity.MINIMAL): Risk.RISK,
    (Likelihood.REMOTE, Severity.SIGNIFICANT): Risk.RISK,
    (Likelihood.POSSIBLE, Severity.SIGNIFICANT): Risk.RISK,
    (Likelihood.PROBABLE, Severity.SIGNIFICANT): Risk.HIGH_RISK,
    (Likelihood.REMOTE, Severity.SEVERE): Risk.RISK,
    (Likelihood.POSSIBLE, Severity.SEVERE): Risk.HIGH_RISK,
    (Likelihood.PROBABLE, Severity.SEVERE): Risk.HIGH_RISK,
}


def assess_risk(likelihood: str, severity: str) -> Risk:
    return RISK_MATRIX[(Likelihood(likelihood), Severity(severity))]
