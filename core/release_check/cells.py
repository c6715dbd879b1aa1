"""Cell references and row/column ranges, shared by the spreadsheet readers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_SIMPLE_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index


def sheet_ref(sheet: str) -> str:
    """How a formula names a sheet: Staff, or 'Staff list' when quoting is needed."""
    if _SIMPLE_SHEET.match(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_location(sheet: str, row: int, column: int) -> str:
    return f"{sheet_ref(sheet)}!{column_letters(column)}{row}"


def spans(numbers: Iterable[int]) -> list[tuple[int, int]]:
    ordered = sorted(set(numbers))
    out: list[tuple[int, int]] = []
    for n in ordered:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def describe_spans(
    found: list[tuple[int, int]], label: Callable[[int], str] = str, limit: int = 8
) -> str:
    def one(a: int, b: int) -> str:
        return label(a) if a == b else f"{label(a)}–{label(b)}"

    text = ", ".join(one(a, b) for a, b in found[:limit])
    if len(found) > limit:
        text += f" and {len(found) - limit} more ranges"
    return text


def count_in_spans(found: list[tuple[int, int]]) -> int:
    return sum(b - a + 1 for a, b in found)


def overlaps(found: list[tuple[int, int]], low: int, high: int) -> bool:
    return any(a <= high and low <= b for a, b in found)


_END = r"(\$?[A-Z]{1,3}\$?\d+|\$?[A-Z]{1,3}|\$?\d+)"
_A1_AREA = re.compile(
    r"(?:'((?:[^']|'')+)'|([^\s'!:,()=+\-*/&^<>\[\]]+))!" + _END + r"(?::" + _END + r")?"
)
_ENDPOINT = re.compile(r"^\$?([A-Z]{0,3})\$?(\d*)$")


@dataclass(frozen=True, slots=True)
class Area:
    """A rectangle on a sheet; None on a side means the whole row or column."""

    sheet: str
    first_row: int | None
    last_row: int | None
    first_column: int | None
    last_column: int | None


def _endpoint(text: str) -> tuple[int | None, int | None]:
    m = _ENDPOINT.match(text)
    if m is None:
        return None, None
    column = column_index(m.group(1)) if m.group(1) else None
    row = int(m.group(2)) if m.group(2) else None
    return row, column


def parse_a1_areas(formula: str) -> list[Area]:
    """The sheet areas an Excel defined name refers to: Staff!$A$1:$C$9, 'My sheet'!$B:$B."""
    out = []
    for m in _A1_AREA.finditer(formula):
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2) or ""
        row1, col1 = _endpoint(m.group(3))
        row2, col2 = _endpoint(m.group(4)) if m.group(4) else (row1, col1)
        out.append(_area(sheet, row1, row2, col1, col2))
    return out


def _area(
    sheet: str, row1: int | None, row2: int | None, col1: int | None, col2: int | None
) -> Area:
    rows = sorted(r for r in (row1, row2) if r is not None)
    cols = sorted(c for c in (col1, col2) if c is not None)
    return Area(
        sheet=sheet,
        first_row=rows[0] if rows else None,
        last_row=rows[-1] if rows else None,
        first_column=cols[0] if cols else None,
        last_column=cols[-1] if cols else None,
    )


_ODS_POINT = r"(?:\$?(?:'((?:[^']|'')+)'|([^\s.'$:]+)))?\.\$?([A-Z]{1,3})\$?(\d+)"
_ODS_AREA = re.compile(_ODS_POINT + r"(?::" + _ODS_POINT + r")?")


def parse_ods_areas(address: str) -> list[Area]:
    """An ODS cell-range-address: $Staff.$A$1:.$B$5 or $'My sheet'.$A$1."""
    out = []
    for m in _ODS_AREA.finditer(address):
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2) or ""
        row1, col1 = int(m.group(4)), column_index(m.group(3))
        if m.group(7):
            row2, col2 = int(m.group(8)), column_index(m.group(7))
        else:
            row2, col2 = row1, col1
        out.append(_area(sheet, row1, row2, col1, col2))
    return out


def area_touches(
    area: Area, hidden_rows: list[tuple[int, int]], hidden_cols: list[tuple[int, int]]
) -> bool:
    """True when the area includes a hidden row or column."""
    row_lo = area.first_row or 1
    row_hi = area.last_row or 1_048_576
    col_lo = area.first_column or 1
    col_hi = area.last_column or 16_384
    return overlaps(hidden_rows, row_lo, row_hi) or overlaps(hidden_cols, col_lo, col_hi)
