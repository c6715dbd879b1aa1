"""The words of the explanations: dates in GOV.UK style (core/dates.py), ranges, lists
and plurals. Pure; no law here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.dates import long_date


def join(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


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
