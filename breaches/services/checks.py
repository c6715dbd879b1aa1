"""Checks several breach actions share: moments in time, security properties, counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from core.dates import long_datetime, to_uk

from ..vocabularies import SecurityProperty

#: Nothing in the register predates the Data Protection Act 1998 coming into force.
EARLIEST = datetime(2000, 3, 1, tzinfo=UTC)


def check_moment(
    errors: dict[str, list[str]],
    field: str,
    value: datetime | None,
    what: str,
    *,
    now: datetime,
    not_before: datetime | None = None,
    not_before_text: str = "",
) -> None:
    if value is None:
        return
    if value.tzinfo is None:
        errors[field] = [f"{what} must include a time zone."]
    elif value < EARLIEST:
        errors[field] = [f"{what} cannot be before 1 March 2000."]
    elif value > now:
        errors[field] = [f"{what} cannot be in the future."]
    elif not_before is not None and value < not_before:
        errors[field] = [f"{what} cannot be before {not_before_text}."]


def when(moment: datetime) -> str:
    return f"{long_datetime(to_uk(moment))} UK time"


def clean_properties(values: Iterable[str], errors: dict[str, list[str]]) -> list[str]:
    properties = list(dict.fromkeys(values or []))
    if any(value not in SecurityProperty.values for value in properties):
        errors["security_properties"] = ["Choose from confidentiality, integrity and availability."]
    order = list(SecurityProperty.values)
    return sorted((p for p in properties if p in order), key=order.index)


def check_counts(errors: dict[str, list[str]], **counts: int | None) -> None:
    for field, value in counts.items():
        if value is not None and value < 0:
            errors[field] = ["Enter a number of 0 or more."]


def check_occurred(errors: dict[str, list[str]], occurred_at: datetime, aware_at: datetime, *, now):  # type: ignore[no-untyped-def]
    """When the breach happened: a real past moment, not after the force became aware."""
    check_moment(errors, "occurred_at", occurred_at, "The time the breach happened", now=now)
    if "occurred_at" not in errors and occurred_at > aware_at:
        errors["occurred_at"] = [
            "The time the breach happened cannot be after the time you became aware of it."
        ]
