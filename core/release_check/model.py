"""The check's vocabulary: findings, the result, the limits a check runs within."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Final, Literal

Status = Literal["passed", "findings", "not_applicable"]

PASSED: Final = "passed"
FINDINGS: Final = "findings"
NOT_APPLICABLE: Final = "not_applicable"


class Kind:
    """Stable finding codes. The API returns them; never rename one."""

    # Spreadsheets
    HIDDEN_SHEET: Final = "hidden_sheet"
    VERY_HIDDEN_SHEET: Final = "very_hidden_sheet"
    HIDDEN_ROWS: Final = "hidden_rows"
    HIDDEN_COLUMNS: Final = "hidden_columns"
    PIVOT_CACHE: Final = "pivot_cache"
    EXTERNAL_LINK: Final = "external_link"
    DEFINED_NAME_HIDDEN: Final = "defined_name_hidden"
    # Spreadsheets and documents
    COMMENT: Final = "comment"
    AUTHOR_METADATA: Final = "author_metadata"
    EMBEDDED_FILE: Final = "embedded_file"
    MACROS: Final = "macros"
    # Documents
    TRACKED_CHANGE: Final = "tracked_change"
    HIDDEN_TEXT: Final = "hidden_text"
    ANNOTATION: Final = "annotation"
    UNAPPLIED_REDACTION: Final = "unapplied_redaction"
    JAVASCRIPT: Final = "javascript"
    EARLIER_VERSIONS: Final = "earlier_versions"
    # Personal data, every format
    EMAIL_ADDRESS: Final = "email_address"
    PHONE_NUMBER: Final = "phone_number"
    NI_NUMBER: Final = "ni_number"
    POSTCODE_WITH_NAME: Final = "postcode_with_name"
    # The check itself could not look at everything
    UNREADABLE: Final = "unreadable"
    UNSAFE_FILE: Final = "unsafe_file"
    TOO_LARGE: Final = "too_large"
    ENCRYPTED: Final = "encrypted"
    CHECK_INCOMPLETE: Final = "check_incomplete"


ALL_KINDS: Final = frozenset(
    value for name, value in vars(Kind).items() if name.isupper() and isinstance(value, str)
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a caseworker must look at before the document is released."""

    kind: str
    message: str
    location: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message, "location": self.location}


@dataclass(frozen=True, slots=True)
class Result:
    status: Status
    findings: list[Finding] = field(default_factory=list)
    #: What the content turned out to be ("xlsx", "pdf", ...), or "unknown".
    file_type: str = "unknown"

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "findings": [f.as_dict() for f in self.findings]}


@dataclass(frozen=True, slots=True)
class Limits:
    """What one check may spend. The defaults suit a response bundle on a web request."""

    #: Largest input read at all.
    max_bytes: int = 50 * 1024 * 1024
    #: Zip containers (xlsx, docx, ods): entries, total and per-part uncompressed size.
    max_zip_entries: int = 5_000
    max_uncompressed_bytes: int = 300 * 1024 * 1024
    max_part_bytes: int = 64 * 1024 * 1024
    #: Wall-clock budget for the whole check.
    seconds: float = 30.0
    #: Findings kept per kind; the rest are counted in one "and N more" finding.
    max_findings_per_kind: int = 20
    #: Rows, paragraphs, lines or pages whose text is scanned for personal data.
    max_text_units: int = 1_000_000


class OutOfTime(Exception):
    """Raised inside a reader when the budget is spent; `check` turns it into a finding."""


class Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._deadline = time.monotonic() + limits.seconds
        self.text_units = 0
        #: Set once the scan allowance is spent; `check` then says the scan was partial.
        self.text_exhausted = False

    def tick(self) -> None:
        if time.monotonic() > self._deadline:
            raise OutOfTime

    def count_text(self) -> bool:
        """Count one scanned text unit; False once the scan allowance is spent."""
        self.text_units += 1
        if self.text_units % 256 == 0:
            self.tick()
        if self.text_units > self.limits.max_text_units:
            self.text_exhausted = True
            return False
        return True
