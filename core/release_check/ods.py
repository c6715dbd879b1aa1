"""OpenDocument spreadsheets (ods): content.xml read directly with defusedxml."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from . import cells
from .container import SafeZip, attr, children, descendants, local
from .model import Budget, Kind
from .personal import name_columns_from_header, scan_identifiers, scan_row
from .report import Report

#: Repeated empty rows and columns are common (a sheet "to the end"); content is
#: scanned for at most this many repeats of one row or cell.
_MAX_SCANNED_REPEATS = 50
_MAX_ROWS = 1_048_576
_MAX_COLUMNS = 16_384


@dataclass
class OdsSheet:
    name: str
    hidden: bool
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)


def _repeat(element: Element, name: str) -> int:
    try:
        return max(1, int(attr(element, name) or "1"))
    except ValueError:
        return 1


def _paragraphs(element: Element) -> str:
    """A cell's text: its text:p paragraphs, leaving out any annotation inside it."""
    out: list[str] = []

    def walk(node: Element) -> None:
        if local(node.tag) == "annotation":
            return
        if node.text:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if local(node.tag) == "p":
            out.append("\n")

    for child in element:
        walk(child)
    return "".join(out).strip()


def check_ods(zf: SafeZip, report: Report, budget: Budget) -> None:
    content = zf.xml("content.xml")
    hidden_styles = {
        attr(style, "name") or ""
        for style in descendants(content, "style")
        if attr(style, "family") == "table"
        and any(attr(p, "display") == "false" for p in children(style, "table-properties"))
    }
    sheets: list[OdsSheet] = []
    for table in descendants(content, "table"):
        if local(table.tag) != "table" or not attr(table, "name"):
            continue
        sheet = OdsSheet(
            name=attr(table, "name") or "?", hidden=(attr(table, "style-name") in hidden_styles)
        )
        sheets.append(sheet)
        if sheet.hidden:
            report.add(Kind.HIDDEN_SHEET, f"Sheet '{sheet.name}' is hidden", sheet.name)
        _check_table(table, sheet, report, budget)
        for source in children(table, "table-source"):
            report.add(
                Kind.EXTERNAL_LINK,
                f"Sheet '{sheet.name}' is linked to another file: "
                f"'{(attr(source, 'href') or '')[:120]}'",
                sheet.name,
            )

    _check_named_ranges(content, sheets, report)
    for pilot in descendants(content, "data-pilot-table"):
        name = attr(pilot, "name") or ""
        report.add(
            Kind.PIVOT_CACHE,
            f"The spreadsheet has a pivot table (DataPilot) '{name}', which keeps a summary "
            "of its source data",
            f"pivot table {name}",
        )
    for dde in descendants(content, "dde-source"):
        report.add(
            Kind.EXTERNAL_LINK,
            f"The spreadsheet has a DDE link to '{attr(dde, 'dde-application') or ''} "
            f"{attr(dde, 'dde-topic') or ''}'",
            "DDE links",
        )
    _check_package(zf, report)


_ROW_GROUPS = frozenset({"table-row-group", "table-header-rows", "table-rows"})
_COLUMN_GROUPS = frozenset({"table-column-group", "table-header-columns", "table-columns"})


def _members(element: Element, name: str, groups: frozenset[str]) -> Iterator[Element]:
    """A table's rows (or columns) in order, through any groups, without walking into
    the cells' contents."""
    for child in element:
        tag = local(child.tag)
        if tag == name:
            yield child
        elif tag in groups:
            yield from _members(child, name, groups)


def _check_table(table: Element, sheet: OdsSheet, report: Report, budget: Budget) -> None:
    column = 0
    hidden_columns: list[tuple[int, int]] = []
    for col in _members(table, "table-column", _COLUMN_GROUPS):
        repeat = _repeat(col, "number-columns-repeated")
        if attr(col, "visibility") in ("collapse", "filter"):
            hidden_columns.append((column + 1, min(column + repeat, _MAX_COLUMNS)))
        column += repeat
    sheet.hidden_columns = cells.spans(
        n for low, high in hidden_columns for n in range(low, high + 1)
    )
    row_number = 0
    hidden_rows: list[tuple[int, int]] = []
    name_columns: frozenset[str] = frozenset()
    first = True
    for row in _members(table, "table-row", _ROW_GROUPS):
        repeat = _repeat(row, "number-rows-repeated")
        if attr(row, "visibility") in ("collapse", "filter"):
            hidden_rows.append((row_number + 1, min(row_number + repeat, _MAX_ROWS)))
        row_cells: list[tuple[str, str]] = []
        col_number = 0
        for cell in row:
            if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            cell_repeat = _repeat(cell, "number-columns-repeated")
            text = _paragraphs(cell)
            if text:
                for extra in range(min(cell_repeat, _MAX_SCANNED_REPEATS)):
                    location = cells.cell_location(
                        sheet.name, row_number + 1, col_number + 1 + extra
                    )
                    row_cells.append((location, text))
            for annotation in children(cell, "annotation"):
                location = cells.cell_location(sheet.name, row_number + 1, col_number + 1)
                author = " ".join(
                    (e.text or "") for e in annotation if local(e.tag) == "creator"
                ).strip()
                body = " ".join(
                    "".join(p.itertext()) for p in annotation if local(p.tag) == "p"
                ).strip()
                by = f" by {author[:60]}" if author else ""
                report.add(
                    Kind.COMMENT,
                    f"Cell {location.rsplit('!', 1)[-1]} on sheet '{sheet.name}' has a "
                    f"comment{by}: '{body[:60]}'",
                    location,
                )
                scan_identifiers(report, body, location + " (comment)")
            col_number += cell_repeat
        if row_cells and budget.count_text():
            if first:
                name_columns = name_columns_from_header(row_cells)
                first = False
            scan_row(report, row_cells, name_columns)
        row_number += repeat
        if row_number % 500 == 0:
            budget.tick()
    sheet.hidden_rows = _merge(hidden_rows)
    if sheet.hidden_rows:
        count = cells.count_in_spans(sheet.hidden_rows)
        report.add(
            Kind.HIDDEN_ROWS,
            f"Sheet '{sheet.name}' has {count} hidden row{'s' if count != 1 else ''}: "
            f"{cells.describe_spans(sheet.hidden_rows)}",
            sheet.name,
        )
    if sheet.hidden_columns:
        count = cells.count_in_spans(sheet.hidden_columns)
        report.add(
            Kind.HIDDEN_COLUMNS,
            f"Sheet '{sheet.name}' has {count} hidden column{'s' if count != 1 else ''}: "
            f"{cells.describe_spans(sheet.hidden_columns, cells.column_letters)}",
            sheet.name,
        )


def _merge(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for low, high in sorted(found):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _check_named_ranges(content: Element, sheets: list[OdsSheet], report: Report) -> None:
    by_name = {s.name: s for s in sheets}
    for named in descendants(content, "named-range"):
        name = attr(named, "name") or "?"
        address = attr(named, "cell-range-address") or ""
        if "'file:" in address or "#" in address:
            report.add(
                Kind.EXTERNAL_LINK,
                f"Named range '{name}' points into another file: '{address[:120]}'",
                f"name {name}",
            )
            continue
        for area in cells.parse_ods_areas(address):
            target = by_name.get(area.sheet)
            if target is None:
                continue
            if target.hidden:
                report.add(
                    Kind.DEFINED_NAME_HIDDEN,
                    f"Named range '{name}' points at the hidden sheet '{target.name}'",
                    f"name {name}",
                )
                break
            if cells.area_touches(area, target.hidden_rows, target.hidden_columns):
                report.add(
                    Kind.DEFINED_NAME_HIDDEN,
                    f"Named range '{name}' covers hidden rows or columns on sheet '{target.name}'",
                    f"name {name}",
                )
                break


def _check_package(zf: SafeZip, report: Report) -> None:
    if zf.has("meta.xml"):
        meta = zf.xml("meta.xml")
        labels = {"initial-creator": "author", "creator": "last saved by"}
        sentences = {"initial-creator": "name its author", "creator": "name who last saved it"}
        for element in meta.iter():
            name = local(element.tag)
            value = (element.text or "").strip()
            if name in labels and value:
                report.add(
                    Kind.AUTHOR_METADATA,
                    f"The file's properties {sentences[name]}: '{value[:80]}'",
                    f"document properties ({labels[name]})",
                )
    objects: set[str] = set()
    for name in zf.names:
        top = name.split("/", 1)[0]
        if top.startswith("Object ") and "/" in name:
            objects.add(top)
        elif top in ("Basic", "Scripts") and "/" in name and not report.has(Kind.MACROS):
            report.add(Kind.MACROS, "The file contains macros or scripts", top)
    for top in sorted(objects):
        report.add(Kind.EMBEDDED_FILE, f"The file has an embedded object: '{top}'", top)
