"""Excel 97–2003 workbooks (xls) and other OLE2 compound files, read with xlrd.

xlrd gives sheet visibility, hidden rows and columns (with formatting information),
cell notes, defined names and the "last saved by" user name. The compound file's own
directory shows pivot caches, embedded objects and macros, which xlrd does not parse.
"""

from __future__ import annotations

import io
from typing import Any

import xlrd
from xlrd import compdoc

from . import cells
from .errors import Encrypted, Unreadable
from .model import Budget, Kind
from .personal import name_columns_from_header, scan_identifiers, scan_row
from .report import Report

_XL_CELL_TEXT = 1
_SUPBOOK_EXTERNAL = 2
_SUPBOOK_DDEOLE = 4


def stream_names(data: bytes) -> list[str] | None:
    """The names in an OLE2 compound file's directory ("Workbook", "WordDocument" …),
    or None when the directory cannot be read."""
    try:
        doc = compdoc.CompDoc(data, logfile=io.StringIO())
        return [str(node.name) for node in doc.dirlist]
    except Exception:
        return None


def check_xls(data: bytes, names: list[str], report: Report, budget: Budget) -> None:
    book, with_formatting = _open(data)
    try:
        _check_book(book, report, budget)
        _check_external_books(book, report)
    finally:
        book.release_resources()
    if not with_formatting:
        report.add(
            Kind.CHECK_INCOMPLETE,
            "The workbook's formatting could not be read, so hidden rows and columns were "
            "not checked",
        )
    for name in names:
        if name == "_SX_DB_CUR":
            report.add(
                Kind.PIVOT_CACHE,
                "The workbook keeps a pivot cache: a saved copy of the source data",
                "pivot caches",
            )
        elif name == "_VBA_PROJECT_CUR":
            report.add(Kind.MACROS, "The workbook contains macros (a VBA project)", "macros")
        elif name.startswith("MBD"):
            report.add(Kind.EMBEDDED_FILE, "The workbook has an embedded object", f"object {name}")


def _open(data: bytes) -> tuple[Any, bool]:
    """The book, and whether it was read with its formatting (hidden rows, columns)."""
    log = io.StringIO()
    last: Exception | None = None
    for formatting in (True, False):
        try:
            book = xlrd.open_workbook(
                file_contents=data, formatting_info=formatting, logfile=log, on_demand=False
            )
            return book, formatting
        except xlrd.XLRDError as exc:
            if "encrypt" in str(exc).lower():
                raise Encrypted(
                    "The workbook is password-protected, so its contents could not be checked."
                ) from exc
            last = exc
        except Exception as exc:
            last = exc
    raise Unreadable(
        f"The workbook is damaged and could not be read ({type(last).__name__})."
    ) from last


def _check_book(book: Any, report: Report, budget: Budget) -> None:
    sheets = book.sheets()
    for sheet in sheets:
        if sheet.visibility == 1:
            report.add(Kind.HIDDEN_SHEET, f"Sheet '{sheet.name}' is hidden", sheet.name)
        elif sheet.visibility == 2:
            report.add(
                Kind.VERY_HIDDEN_SHEET,
                f"Sheet '{sheet.name}' is very hidden (it cannot be unhidden from Excel's "
                "menus, but anyone with the file can still read it)",
                sheet.name,
            )
    hidden: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for index, sheet in enumerate(sheets):
        budget.tick()
        rows = cells.spans(r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden)
        columns = cells.spans(c + 1 for c, info in sheet.colinfo_map.items() if info.hidden)
        hidden[index] = (rows, columns)
        if rows:
            count = cells.count_in_spans(rows)
            report.add(
                Kind.HIDDEN_ROWS,
                f"Sheet '{sheet.name}' has {count} hidden row{'s' if count != 1 else ''}: "
                f"{cells.describe_spans(rows)}",
                sheet.name,
            )
        if columns:
            count = cells.count_in_spans(columns)
            report.add(
                Kind.HIDDEN_COLUMNS,
                f"Sheet '{sheet.name}' has {count} hidden column{'s' if count != 1 else ''}: "
                f"{cells.describe_spans(columns, cells.column_letters)}",
                sheet.name,
            )
        for (r, c), note in sorted(sheet.cell_note_map.items()):
            location = cells.cell_location(sheet.name, r + 1, c + 1)
            author = str(getattr(note, "author", "") or "").strip()
            body = str(getattr(note, "text", "") or "").strip()
            by = f" by {author[:60]}" if author else ""
            report.add(
                Kind.COMMENT,
                f"Cell {location.rsplit('!', 1)[-1]} on sheet '{sheet.name}' has a "
                f"comment{by}: '{body[:60]}'",
                location,
            )
            scan_identifiers(report, body, location + " (comment)")
        name_columns: frozenset[str] = frozenset()
        for r in range(sheet.nrows):
            if not budget.count_text():
                break
            row = [
                (cells.cell_location(sheet.name, r + 1, c + 1), str(cell.value))
                for c, cell in enumerate(sheet.row(r))
                if cell.ctype == _XL_CELL_TEXT and str(cell.value).strip()
            ]
            if r == 0:
                name_columns = name_columns_from_header(row)
            scan_row(report, row, name_columns)
    _check_names(book, sheets, hidden, report)
    user = str(getattr(book, "user_name", "") or "").strip()
    if user:
        report.add(
            Kind.AUTHOR_METADATA,
            f"The file's properties name who last saved it: '{user[:80]}'",
            "document properties (last saved by)",
        )


def _check_external_books(book: Any, report: Report) -> None:
    """SUPBOOK records: links to other workbooks (xlrd keeps their kind, not their path)."""
    types = list(getattr(book, "_supbook_types", []) or [])
    external = sum(1 for t in types if t == _SUPBOOK_EXTERNAL)
    dde = sum(1 for t in types if t == _SUPBOOK_DDEOLE)
    if external:
        report.add(
            Kind.EXTERNAL_LINK,
            f"The workbook links to {external} other workbook{'s' if external != 1 else ''}",
            "external references",
        )
    if dde:
        report.add(
            Kind.EXTERNAL_LINK,
            "The workbook has a DDE or OLE link to another program's data",
            "external references",
        )


def _check_names(
    book: Any,
    sheets: list[Any],
    hidden: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]],
    report: Report,
) -> None:
    for name in getattr(book, "name_obj_list", []):
        label = str(name.name)
        if name.builtin:
            continue
        result = getattr(name, "result", None)
        refs = getattr(result, "value", None) if result is not None else None
        said = False
        for ref in refs if isinstance(refs, list) else []:
            coords = getattr(ref, "coords", None)
            if not coords or len(coords) != 6:
                continue
            sheet_lo, sheet_hi, row_lo, row_hi, col_lo, col_hi = coords
            for index in range(max(0, sheet_lo), min(sheet_hi, len(sheets))):
                target = sheets[index]
                rows, columns = hidden.get(index, ([], []))
                area = cells.Area(target.name, row_lo + 1, row_hi, col_lo + 1, col_hi)
                if target.visibility in (1, 2):
                    message = f"Defined name '{label}' points at the hidden sheet '{target.name}'"
                elif cells.area_touches(area, rows, columns):
                    message = (
                        f"Defined name '{label}' covers hidden rows or columns on sheet "
                        f"'{target.name}'"
                    )
                else:
                    continue
                report.add(Kind.DEFINED_NAME_HIDDEN, message, f"name {label}")
                said = True
                break
            if said:
                break
        if not said and bool(getattr(name, "hidden", False)):
            report.add(
                Kind.DEFINED_NAME_HIDDEN,
                f"Defined name '{label}' is itself hidden",
                f"name {label}",
            )
