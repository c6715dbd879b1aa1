"""CSV and other plain text: only the personal-data scan applies."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from . import cells
from .model import Budget
from .personal import name_columns_from_header, scan_passages, scan_row
from .report import Report

_SAMPLE = 64 * 1024


def decode_text(data: bytes) -> str | None:
    """The text of `data`, or None when it does not look like text at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return None
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and control / len(sample) > 0.01:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_csv(text: str) -> str | None:
    """The delimiter, when the first lines have the same number (> 1) of fields."""
    lines = [line for line in text[:_SAMPLE].splitlines()[:20] if line.strip()]
    if len(lines) < 1:
        return None
    for delimiter in (",", "\t", ";", "|"):
        try:
            counts = {len(row) for row in csv.reader(lines[:-1] or lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(counts) == 1 and counts.pop() > 1:
            return delimiter
    return None


def check_csv(text: str, delimiter: str, report: Report, budget: Budget) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    name_columns: frozenset[str] = frozenset()
    try:
        for row_number, row in enumerate(reader, start=1):
            if not budget.count_text():
                return
            row_cells = [
                (f"{cells.column_letters(c)}{row_number}", value)
                for c, value in enumerate(row, start=1)
                if value.strip()
            ]
            if row_number == 1:
                name_columns = name_columns_from_header(row_cells)
            scan_row(report, row_cells, name_columns)
    except csv.Error:
        # A malformed or oversized field: read the rest as plain lines.
        check_text(text, report, budget, first_line=reader.line_num)


def check_text(text: str, report: Report, budget: Budget, first_line: int = 1) -> None:
    def lines() -> Iterator[tuple[str, str]]:
        for number, line in enumerate(text.splitlines(), start=1):
            if number < first_line:
                continue
            if not budget.count_text():
                return
            yield f"line {number}", line

    scan_passages(report, lines())
