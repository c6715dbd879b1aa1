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

The package, by concern: ``working_days`` (bank holidays and the working-day calendar),
``regimes`` (kinds, regimes, time limits, inputs and outputs), ``deadlines`` (the
deadline and its explanation, days remaining), ``checks`` (what a stop, restart or
extension may be), ``wording`` (dates and lists in words).
"""

from requests_tracker.statutory.checks import check_extension, check_new_stop, check_restart
from requests_tracker.statutory.deadlines import compute_deadline, days_remaining
from requests_tracker.statutory.regimes import (
    EIR_EXTENDED_WORKING_DAYS,
    FOI_WORKING_DAYS,
    PART3_EXTENSION_COMMENCEMENT,
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
    stop_reasons,
)
from requests_tracker.statutory.working_days import Calendar, Region

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
