"""Excel workbooks (xlsx, xlsm): the OOXML parts read directly with zipfile + defusedxml."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from . import cells, ooxml
from .container import (
    Relationship,
    SafeZip,
    attr,
    children,
    descendants,
    local,
    stream_xml,
    text_of,
)
from .model import Budget, Kind
from .personal import name_columns_from_header, scan_identifiers, scan_passages, scan_row
from .report import Report

_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass
class Sheet:
    name: str
    state: str
    part: str | None
    kind: str
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.state in ("hidden", "veryHidden")


def check_xlsx(zf: SafeZip, report: Report, budget: Budget) -> None:
    workbook_part = ooxml.main_part(zf) or "xl/workbook.xml"
    folder = posixpath.dirname(workbook_part) or "xl"
    workbook = zf.xml(workbook_part)
    rels = {r.id: r for r in zf.relationships(workbook_part)}

    sheets: list[Sheet] = []
    for element in descendants(workbook, "sheet"):
        rel = rels.get(attr(element, "id") or "")
        sheets.append(
            Sheet(
                name=element.get("name", "?"),
                state=element.get("state", "visible"),
                part=rel.target if rel and not rel.external else None,
                kind=rel.type_name if rel else "worksheet",
            )
        )
    for sheet in sheets:
        if sheet.state == "hidden":
            report.add(Kind.HIDDEN_SHEET, f"Sheet '{sheet.name}' is hidden", sheet.name)
        elif sheet.state == "veryHidden":
            report.add(
                Kind.VERY_HIDDEN_SHEET,
                f"Sheet '{sheet.name}' is very hidden (it cannot be unhidden from Excel's "
                "menus, but anyone with the file can still read it)",
                sheet.name,
            )

    for sheet in sheets:
        if sheet.kind in ("xlMacrosheet", "xlIntlMacrosheet"):
            report.add(
                Kind.MACROS,
                f"Sheet '{sheet.name}' is an Excel 4.0 macro sheet, which can hold code",
                sheet.name,
            )

    shared = _shared_strings(zf, rels.values())
    for sheet in sheets:
        if sheet.part and sheet.kind == "worksheet" and zf.has(sheet.part):
            _check_worksheet(zf, sheet, shared, report, budget)

    _check_defined_names(workbook, sheets, report)
    _check_pivot_caches(zf, report, budget)
    _check_external_links(zf, rels.values(), report)
    _check_drawings(zf, folder, report, budget)
    ooxml.report_embedded(zf, report, folder)
    ooxml.report_core_properties(zf, report)


def _check_drawings(zf: SafeZip, folder: str, report: Report, budget: Budget) -> None:
    """Text in shapes and text boxes (xl/drawings/), which sits over the cells."""
    for name in sorted(zf.names):
        if not re.fullmatch(rf"{re.escape(folder)}/drawings/drawing\d+\.xml", name):
            continue
        number = re.sub(r"\D", "", posixpath.basename(name))
        passages = []
        for shape_text in descendants(zf.xml(name), "txBody"):
            if budget.count_text():
                text = " ".join(p.strip() for p in _drawing_paragraphs(shape_text))
                passages.append((f"drawing {number}", text))
        scan_passages(report, passages)


def _drawing_paragraphs(body: Element) -> list[str]:
    return ["".join(t.text or "" for t in descendants(p, "t")) for p in children(body, "p")]


def _shared_strings(zf: SafeZip, rels: Iterable[Relationship]) -> list[str]:
    part = next((r.target for r in rels if r.type_name == "sharedStrings"), None)
    if part is None or not zf.has(part):
        return []
    # Streamed like a worksheet: Excel keeps every distinct text of the workbook here.
    strings: list[str] = []
    current: list[str] = []
    state = {"capture": False, "phonetic": 0}

    def start(name: str, _attributes: dict[str, str]) -> None:
        if name == "si":
            current.clear()
        elif name == "rPh":  # a phonetic reading, not part of the text
            state["phonetic"] += 1
        elif name == "t" and not state["phonetic"]:
            state["capture"] = True

    def end(name: str) -> None:
        if name == "si":
            strings.append("".join(current))
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "t":
            state["capture"] = False

    def characters(text: str) -> None:
        if state["capture"]:
            current.append(text)

    stream_xml(zf.read(part), part, start, end, characters)
    return strings


def _check_worksheet(
    zf: SafeZip, sheet: Sheet, shared: list[str], report: Report, budget: Budget
) -> None:
    assert sheet.part is not None
    reader = _SheetReader(sheet, shared, report, budget)
    stream_xml(zf.read(sheet.part), sheet.part, reader.start, reader.end, reader.characters)
    sheet.hidden_rows = cells.spans(reader.hidden_rows)
    sheet.hidden_columns = cells.spans(
        n for low, high in reader.hidden_columns for n in range(low, min(high, 16_384) + 1)
    )
    if sheet.hidden_rows:
        count = cells.count_in_spans(sheet.hidden_rows)
        report.add(
            Kind.HIDDEN_ROWS,
            f"Sheet '{sheet.name}' has {count} hidden row{'s' if count != 1 else ''}: "
            f"{cells.describe_spans(sheet.hidden_rows)}",
            sheet.name,
        )
    if reader.rows_hidden_by_default:
        report.add(
            Kind.HIDDEN_ROWS,
            f"Sheet '{sheet.name}' hides every row that is not explicitly shown",
            sheet.name,
        )
        sheet.hidden_rows = sheet.hidden_rows or [(1, 1_048_576)]
    if sheet.hidden_columns:
        count = cells.count_in_spans(sheet.hidden_columns)
        report.add(
            Kind.HIDDEN_COLUMNS,
            f"Sheet '{sheet.name}' has {count} hidden column{'s' if count != 1 else ''}: "
            f"{cells.describe_spans(sheet.hidden_columns, cells.column_letters)}",
            sheet.name,
        )
    _check_sheet_parts(zf, sheet, report)


class _SheetReader:
    """Streams one worksheet's XML: hidden rows and columns, and each row's text."""

    def __init__(self, sheet: Sheet, shared: list[str], report: Report, budget: Budget) -> None:
        self.sheet_ref = cells.sheet_ref(sheet.name)
        self.shared = shared
        self.report = report
        self.budget = budget
        self.hidden_rows: list[int] = []
        self.hidden_columns: list[tuple[int, int]] = []
        self.rows_hidden_by_default = False
        self.name_columns: frozenset[str] = frozenset()
        self.header_seen = False
        self.row_number = 0
        self.column_number = 0
        self.row_cells: list[tuple[str, str]] = []
        self.cell_ref = ""
        self.cell_type = "n"
        self.in_inline = False
        self.capturing: list[str] | None = None
        self.value: list[str] = []
        self.inline: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "c":
            self.column_number += 1
            ref = attributes.get("r", "")
            m = _REF.match(ref)
            if m:
                self.column_number = cells.column_index(m.group(1))
            else:
                ref = f"{cells.column_letters(self.column_number)}{self.row_number}"
            self.cell_ref = ref
            self.cell_type = attributes.get("t", "n")
            self.value = []
            self.inline = []
        elif name == "v":
            self.capturing = self.value
        elif name == "is":
            self.in_inline = True
        elif name == "t" and self.in_inline:
            self.capturing = self.inline
        elif name == "row":
            try:
                self.row_number = int(attributes.get("r", "") or self.row_number + 1)
            except ValueError:
                self.row_number += 1
            self.column_number = 0
            self.row_cells = []
            if attributes.get("hidden") in ("1", "true") or (
                attributes.get("customHeight") in ("1", "true") and _zero(attributes, "ht")
            ):
                self.hidden_rows.append(self.row_number)
        elif name == "col":
            if attributes.get("hidden") in ("1", "true") or _zero(attributes, "width"):
                try:
                    low = int(attributes.get("min", "0") or 0)
                    high = int(attributes.get("max", "") or low)
                except ValueError:
                    return
                if low > 0:
                    self.hidden_columns.append((low, max(low, high)))
        elif name == "sheetFormatPr" and attributes.get("zeroHeight") in ("1", "true"):
            self.rows_hidden_by_default = True

    def characters(self, text: str) -> None:
        if self.capturing is not None:
            self.capturing.append(text)

    def end(self, name: str) -> None:
        if name in ("v", "t"):
            self.capturing = None
        elif name == "is":
            self.in_inline = False
        elif name == "c":
            text = self._cell_text()
            if text:
                self.row_cells.append((f"{self.sheet_ref}!{self.cell_ref}", text))
        elif name == "row":
            if self.row_number % 64 == 0:
                self.budget.tick()
            if self.row_cells and self.budget.count_text():
                if not self.header_seen:
                    self.name_columns = name_columns_from_header(self.row_cells)
                    self.header_seen = True
                scan_row(self.report, self.row_cells, self.name_columns)
            self.row_cells = []

    def _cell_text(self) -> str:
        if self.cell_type == "s":
            try:
                return self.shared[int("".join(self.value).strip())]
            except (ValueError, IndexError):
                return ""
        if self.cell_type == "inlineStr":
            return "".join(self.inline)
        if self.cell_type in ("str", "e"):
            return "".join(self.value)
        return ""


def _zero(attributes: dict[str, str], name: str) -> bool:
    """A width or height set to zero hides a column or row as surely as "hidden"."""
    value = attributes.get(name)
    try:
        return value is not None and float(value) == 0
    except ValueError:
        return False


def _check_sheet_parts(zf: SafeZip, sheet: Sheet, report: Report) -> None:
    """Comments (notes and threaded comments) and embedded objects of one sheet."""
    assert sheet.part is not None
    seen: set[str] = set()
    for rel in zf.relationships(sheet.part):
        if rel.external or not zf.has(rel.target):
            continue
        if rel.type_name in ("comments", "threadedComment"):
            root = zf.xml(rel.target)
            authors = [a.text or "" for a in descendants(root, "author")]
            for comment in root.iter():
                if local(comment.tag) not in ("comment", "threadedComment"):
                    continue
                ref = comment.get("ref", "")
                if not ref or ref in seen:
                    continue
                seen.add(ref)
                location = f"{cells.sheet_ref(sheet.name)}!{ref}"
                body = text_of(comment, frozenset({"t", "text"})).strip()
                author = _comment_author(comment, authors)
                by = f" by {author}" if author else ""
                report.add(
                    Kind.COMMENT,
                    f"Cell {ref} on sheet '{sheet.name}' has a comment{by}: '{body[:60]}'",
                    location,
                )
                scan_identifiers(report, body, location + " (comment)")


def _comment_author(comment: Element, authors: list[str]) -> str:
    try:
        return authors[int(comment.get("authorId", ""))].strip()[:60]
    except (ValueError, IndexError):
        return ""


def _check_defined_names(workbook: Element, sheets: list[Sheet], report: Report) -> None:
    by_name = {s.name: s for s in sheets}
    for element in descendants(workbook, "definedName"):
        name = element.get("name", "?")
        formula = (element.text or "").strip()
        if name.startswith("_xlnm."):
            # Excel's own names (print area, filter range) follow the sheets they are on.
            continue
        said = False
        for area in cells.parse_a1_areas(formula):
            target = by_name.get(area.sheet)
            if target is None:
                continue
            if target.hidden:
                report.add(
                    Kind.DEFINED_NAME_HIDDEN,
                    f"Defined name '{name}' points at the hidden sheet '{target.name}'",
                    f"name {name}",
                )
                said = True
                break
            if cells.area_touches(area, target.hidden_rows, target.hidden_columns):
                report.add(
                    Kind.DEFINED_NAME_HIDDEN,
                    f"Defined name '{name}' covers hidden rows or columns on sheet '{target.name}'",
                    f"name {name}",
                )
                said = True
                break
        if not said and element.get("hidden") in ("1", "true"):
            report.add(
                Kind.DEFINED_NAME_HIDDEN,
                f"Defined name '{name}' is itself hidden ({formula[:60]})",
                f"name {name}",
            )


def _check_pivot_caches(zf: SafeZip, report: Report, budget: Budget) -> None:
    definitions = sorted(
        n for n in zf.names if re.search(r"pivotCacheDefinition\d*\.xml$", n, re.IGNORECASE)
    )
    for number, part in enumerate(definitions, start=1):
        root = zf.xml(part)
        source = next(descendants(root, "worksheetSource"), None)
        where = ""
        if source is not None:
            where = " from " + " ".join(
                v for v in (source.get("sheet"), source.get("ref"), source.get("name")) if v
            )
        report.add(
            Kind.PIVOT_CACHE,
            f"The workbook keeps a pivot cache{where}: a saved copy of the source data, "
            "which stays in the file even if the source sheet is deleted",
            f"pivot cache {number}",
        )
        location = f"pivot cache {number}"
        for item in descendants(root, "s"):
            value = item.get("v", "")
            if value and budget.count_text():
                scan_row(report, [(location, value)])
        for rel in zf.relationships(part):
            if rel.type_name == "pivotCacheRecords" and zf.has(rel.target):
                records = zf.xml(rel.target)
                for record in children(records, "r"):
                    if not budget.count_text():
                        break
                    values = [(location, v.get("v", "")) for v in record if local(v.tag) == "s"]
                    scan_row(report, [(loc, v) for loc, v in values if v])


def _check_external_links(zf: SafeZip, rels: Iterable[Relationship], report: Report) -> None:
    for rel in rels:
        if rel.type_name == "externalLink" and zf.has(rel.target):
            targets = [r.target for r in zf.relationships(rel.target) if r.external]
            target = targets[0] if targets else "another workbook"
            report.add(
                Kind.EXTERNAL_LINK,
                f"The workbook links to another file: '{target[:120]}'",
                rel.target,
            )
        elif rel.type_name == "connections" and zf.has(rel.target):
            for connection in descendants(zf.xml(rel.target), "connection"):
                label = connection.get("name", "") or connection.get("id", "")
                report.add(
                    Kind.EXTERNAL_LINK,
                    f"The workbook has a data connection '{label}' to an outside source",
                    rel.target,
                )
