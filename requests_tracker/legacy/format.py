"""The legacy CSV format (docs/import-format.md): its columns, rows and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import statutory
from ..vocabularies import (
    Status,
)

COLUMNS = [
    "legacy_reference",
    "kind",
    "regime",
    "received_on",
    "channel",
    "requester_type",
    "summary",
    "unit",
    "assigned_to",
    "requester_name",
    "requester_email",
    "requester_address",
    "requester_phone",
    "clock_stops",
    "extended_on",
    "extension_working_days",
    "extension_reason",
    "complex",
    "closed_on",
    "outcome",
    "exemptions",
    "late_reason",
    "late_reason_detail",
    "withdrawn_on",
    "withdrawal_reason",
    "lapsed_on",
    "review_of",
]
REQUIRED_COLUMNS = [
    "legacy_reference",
    "kind",
    "received_on",
    "channel",
    "requester_type",
    "summary",
]
BATCH = 2000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class ImportRefused(Exception):
    """The file has invalid rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problems found; nothing was imported.")


@dataclass
class ParsedRow:
    line: int
    legacy_reference: str
    kind: str
    regime: str
    received_on: date
    channel: str
    requester_type: str
    summary: str
    unit_id: int | None
    assigned_to_id: int | None
    requester: dict[str, str]
    stops: list[statutory.Stop]
    extended_on: date | None
    extension_working_days: int | None
    extension_reason: str
    complex: bool
    closed_on: date | None
    outcome: str
    exemptions: list[str]
    late_reason: str
    late_reason_detail: str
    withdrawn_on: date | None
    withdrawal_reason: str
    lapsed_on: date | None
    review_of: str
    deadline: statutory.Deadline | None = None
    status: str = Status.OPEN


@dataclass
class ImportResult:
    imported: int = 0
    skipped_existing: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
