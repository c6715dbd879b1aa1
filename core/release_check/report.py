"""Collects findings, keeping at most a few of each kind and counting the rest."""

from __future__ import annotations

from collections import Counter

from .model import Finding, Kind

#: How the "and N more" line names each kind of finding, in the plural.
_PLURAL = {
    Kind.EMAIL_ADDRESS: "email addresses",
    Kind.PHONE_NUMBER: "phone numbers",
    Kind.NI_NUMBER: "National Insurance numbers",
    Kind.POSTCODE_WITH_NAME: "postcodes next to names",
    Kind.COMMENT: "comments",
    Kind.TRACKED_CHANGE: "tracked changes",
    Kind.HIDDEN_TEXT: "passages of hidden text",
    Kind.ANNOTATION: "annotations",
    Kind.EMBEDDED_FILE: "embedded files",
    Kind.EXTERNAL_LINK: "external links",
    Kind.DEFINED_NAME_HIDDEN: "defined names",
    Kind.HIDDEN_SHEET: "hidden sheets",
    Kind.VERY_HIDDEN_SHEET: "very hidden sheets",
    Kind.HIDDEN_ROWS: "sheets with hidden rows",
    Kind.HIDDEN_COLUMNS: "sheets with hidden columns",
    Kind.UNAPPLIED_REDACTION: "unapplied redactions",
    Kind.JAVASCRIPT: "scripts",
    Kind.CHECK_INCOMPLETE: "parts not checked",
    Kind.UNREADABLE: "damaged parts",
}


class Report:
    def __init__(self, max_per_kind: int) -> None:
        self._max = max_per_kind
        self._kept: list[Finding] = []
        self._count: Counter[str] = Counter()

    def add(self, kind: str, message: str, location: str = "") -> None:
        self._count[kind] += 1
        if self._count[kind] <= self._max:
            self._kept.append(Finding(kind=kind, message=message, location=location))

    def has(self, kind: str) -> bool:
        return self._count[kind] > 0

    def findings(self) -> list[Finding]:
        out = list(self._kept)
        for kind, count in self._count.items():
            extra = count - self._max
            if extra > 0:
                what = _PLURAL.get(kind, "findings of this kind")
                out.append(Finding(kind=kind, message=f"… and {extra} more {what}", location=""))
        return out
