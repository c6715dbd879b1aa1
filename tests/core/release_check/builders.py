"""Files the release-check tests generate: real xlsx (openpyxl), hand-built docx and ods
zips (their XML written out in full, so each test shows exactly what is in the file),
PDFs written with pypdf, and a minimal Excel 97-2003 workbook (BIFF8 in an OLE2
compound file) built byte by byte, since no maintained library writes xls."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Mapping
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.workbook.workbook import Workbook
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

# --- zips ------------------------------------------------------------------------


def make_zip(parts: Mapping[str, bytes | str], stored_first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_first is not None:
            zf.writestr(stored_first, parts[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            if name != stored_first:
                zf.writestr(name, data)
    return buf.getvalue()


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def patch_zip(data: bytes, changes: Mapping[str, bytes | str | Callable[[str], str]]) -> bytes:
    """Rewrite a zip: each change is new content, or a function of the old text."""
    parts: dict[str, bytes | str] = dict(zip_parts(data))
    for name, change in changes.items():
        if callable(change):
            parts[name] = change(
                parts[name].decode() if isinstance(parts[name], bytes) else parts[name]
            )  # type: ignore[union-attr]
        else:
            parts[name] = change
    return make_zip(parts)


# --- xlsx ------------------------------------------------------------------------


def workbook() -> Workbook:
    """A workbook with no author in its properties (openpyxl writes "openpyxl")."""
    wb = openpyxl.Workbook()
    wb.properties.creator = None
    wb.properties.lastModifiedBy = None
    return wb


def xlsx_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def clean_xlsx() -> bytes:
    wb = workbook()
    ws = wb.active
    ws.title = "Response"
    ws.append(["Month", "Requests received", "Answered on time"])
    for month, received, on_time in [("January", 41, 38), ("February", 37, 35)]:
        ws.append([month, received, on_time])
    ws.append(["Contact", "foi@police.example.uk"])
    return xlsx_bytes(wb)


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_external_link(data: bytes, target: str = "file:///C:/HR/staff-list.xlsx") -> bytes:
    """openpyxl keeps external links it reads but cannot make one: add the parts."""
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_REL}"><externalBook r:id="rId1"><sheetNames><sheetName val="Staff"/>'
        "</sheetNames></externalBook></externalLink>"
    )
    link_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/externalLinkPath" Target="{escape(target)}" '
        'TargetMode="External"/></Relationships>'
    )

    def add_rel(text: str) -> str:
        return text.replace(
            "</Relationships>",
            f'<Relationship Id="rIdX1" Type="{_REL}/externalLink" '
            'Target="externalLinks/externalLink1.xml"/></Relationships>',
        )

    return patch_zip(
        data,
        {
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
            "xl/_rels/workbook.xml.rels": add_rel,
        },
    )


def add_pivot_cache(data: bytes, names: Iterable[str]) -> bytes:
    """A pivot cache whose shared items keep a copy of the source data."""
    items = "".join(f'<s v="{escape(n)}"/>' for n in names)
    definition = (
        '<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_REL}" recordCount="0"><cacheSource type="worksheet">'
        '<worksheetSource ref="A1:B3" sheet="Staff"/></cacheSource><cacheFields count="1">'
        f'<cacheField name="Officer"><sharedItems>{items}</sharedItems></cacheField>'
        "</cacheFields></pivotCacheDefinition>"
    )
    return patch_zip(data, {"xl/pivotCache/pivotCacheDefinition1.xml": definition})


# --- docx ------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx(
    body: str,
    *,
    comments: str | None = None,
    creator: str | None = None,
    last_modified_by: str | None = None,
    extra: Mapping[str, bytes | str] | None = None,
) -> bytes:
    """A minimal Word document: `body` is the XML inside <w:body>."""
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    doc_rels = ""
    if comments is not None:
        doc_rels = f'<Relationship Id="rId9" Type="{_REL}/comments" Target="comments.xml"/>'
    core_items = ""
    if creator:
        core_items += f"<dc:creator>{escape(creator)}</dc:creator>"
    if last_modified_by:
        core_items += f"<cp:lastModifiedBy>{escape(last_modified_by)}</cp:lastModifiedBy>"
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": _DOCX_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{doc_rels}</Relationships>"
        ),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"{core_items}</cp:coreProperties>"
        ),
    }
    if comments is not None:
        parts["word/comments.xml"] = f'<w:comments xmlns:w="{W}">{comments}</w:comments>'
    parts.update(extra or {})
    return make_zip(parts)


# --- ods -------------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def ods_cell(text: str, annotation: str = "") -> str:
    return f"<table:table-cell>{annotation}<text:p>{escape(text)}</text:p></table:table-cell>"


def ods_row(*texts: str, attrs: str = "") -> str:
    return f"<table:table-row {attrs}>" + "".join(ods_cell(t) for t in texts) + "</table:table-row>"


def ods_table(name: str, rows: str, *, columns: str = "", style: str = "ta1") -> str:
    return (
        f'<table:table table:name="{escape(name)}" table:style-name="{style}">'
        f"{columns}{rows}</table:table>"
    )


def ods(
    tables: str,
    *,
    after_tables: str = "",
    creator: str | None = None,
    extra: Mapping[str, bytes | str] | None = None,
    mimetype: str = ODS_MIMETYPE,
) -> bytes:
    content = (
        f'<office:document-content {_ODS_NS} office:version="1.3"><office:automatic-styles>'
        '<style:style style:name="ta1" style:family="table">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
        "</office:automatic-styles><office:body><office:spreadsheet>"
        f"{tables}{after_tables}</office:spreadsheet></office:body></office:document-content>"
    )
    meta_items = (
        f"<meta:initial-creator>{escape(creator)}</meta:initial-creator>" if creator else ""
    )
    parts: dict[str, bytes | str] = {
        "mimetype": mimetype,
        "content.xml": content,
        "meta.xml": (
            f"<office:document-meta {_ODS_NS}><office:meta>{meta_items}</office:meta>"
            "</office:document-meta>"
        ),
        "META-INF/manifest.xml": (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            "</manifest:manifest>"
        ),
    }
    parts.update(extra or {})
    return make_zip(parts, stored_first="mimetype")


# --- pdf -------------------------------------------------------------------------


def pdf(
    pages: Iterable[str] = ("Response to your request",),
    *,
    author: str | None = None,
    annotate: Callable[[PdfWriter], None] | None = None,
) -> bytes:
    """A PDF whose pages show `pages` (one string a page, lines split on newlines)."""
    writer = PdfWriter()
    for page_text in pages:
        page = writer.add_blank_page(width=595, height=842)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        lines = []
        for line in page_text.splitlines():
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            lines.append(f"({safe}) Tj T*")
        stream = DecodedStreamObject()
        stream.set_data(
            ("BT /F1 11 Tf 14 TL 72 770 Td " + " ".join(lines) + " ET").encode("latin-1")
        )
        page[NameObject("/Contents")] = writer._add_object(stream)
    if author is not None:
        writer.add_metadata({"/Author": author})
    if annotate is not None:
        annotate(writer)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def raw_annotation(writer: PdfWriter, subtype: str, contents: str = "", author: str = "") -> None:
    """Add an annotation of any subtype to the first page, as a plain dictionary."""
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 600, 300, 640)]),
        }
    )
    if contents:
        annotation[NameObject("/Contents")] = TextStringObject(contents)
    if author:
        annotation[NameObject("/T")] = TextStringObject(author)
    writer.add_annotation(0, annotation)


# --- xls (BIFF8 in an OLE2 compound file) ----------------------------------------


def record(rtype: int, payload: bytes) -> bytes:
    """One BIFF record, for tests that need a record the builder does not write."""
    return _record(rtype, payload)


def _record(rtype: int, payload: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(payload)) + payload


def _unicode(text: str, length_bytes: int) -> bytes:
    """An XLUnicodeString: character count, a flags byte (1 = UTF-16LE), characters."""
    count = struct.pack("<B" if length_bytes == 1 else "<H", len(text))
    return count + b"\x01" + text.encode("utf-16-le")


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _xf(font: int, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001
    return _record(0x00E0, struct.pack("<HHHBBBBIIH", font, 0, flags, 0x20, 0, 0, 0, 0, 0, 0x20C0))


def xls(
    sheets: list[tuple[str, int, list[list[str]]]],
    *,
    hidden_rows: Mapping[str, list[int]] | None = None,
    hidden_columns: Mapping[str, list[int]] | None = None,
    user_name: str = "",
    storages: Iterable[str] = (),
    external_books: Iterable[str] = (),
    names: Mapping[str, tuple[int, int, int, int, int]] | None = None,
    notes: Mapping[str, list[tuple[int, int, str, str]]] | None = None,
    raw_sheet_records: Mapping[str, bytes] | None = None,
) -> bytes:
    """An Excel 97-2003 workbook. `sheets` are (name, visibility 0/1/2, rows of text);
    hidden rows and columns are 1-based numbers per sheet name; `storages` adds empty
    OLE storages beside the Workbook stream (a pivot cache, a VBA project …)."""
    hidden_rows = hidden_rows or {}
    hidden_columns = hidden_columns or {}
    font = _record(
        0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode("Arial", 1)
    )
    globals_head = (
        _bof(0x0005)
        + (_record(0x005C, _unicode(user_name, 2).ljust(112, b" ")) if user_name else b"")
        + _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
        + font * 5
        + b"".join(_xf(0, True) for _ in range(15))
        + _xf(0, False)
        + _record(0x0293, struct.pack("<HBB", 0x8000, 0, 0xFF))  # STYLE: Normal
        + b"".join(  # SUPBOOK: a link to another workbook and one of its sheets
            _record(0x01AE, struct.pack("<H", 1) + _unicode(path, 2) + _unicode("Sheet1", 2))
            for path in external_books
        )
    )
    sheet_streams = []
    for name, _visibility, rows in sheets:
        body = _bof(0x0010)
        for column in hidden_columns.get(name, []):
            body += _record(
                0x007D, struct.pack("<HHHHHH", column - 1, column - 1, 2560, 15, 0x0001, 0)
            )
        for row_number in sorted(set(hidden_rows.get(name, [])) | set(range(1, len(rows) + 1))):
            flags = 0x0100 | (0x0020 if row_number in hidden_rows.get(name, []) else 0)
            body += _record(
                0x0208,
                struct.pack("<HHHHHHI", row_number - 1, 0, 16, 255, 0, 0, flags | (15 << 16)),
            )
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                body += _record(0x0204, struct.pack("<HHH", r, c, 15) + _unicode(text, 2))
        # A note is an OBJ (a comment object), a TXO with its text in a CONTINUE record,
        # and a NOTE record tying the object to a cell and naming its author.
        for object_id, (row, column, author, text) in enumerate((notes or {}).get(name, []), 1):
            cmo = struct.pack("<HHHHH", 0x15, 18, 0x19, object_id, 0x4011) + b"\x00" * 12
            body += _record(0x005D, cmo + b"\x00" * 4)
            body += _record(0x01B6, struct.pack("<HH6sHHH", 0x0212, 0, b"", len(text), 0, 0))
            body += _record(0x003C, b"\x01" + text.encode("utf-16-le"))
            body += _record(
                0x001C, struct.pack("<4H", row - 1, column - 1, 0, object_id) + _unicode(author, 2)
            )
        body += (raw_sheet_records or {}).get(name, b"")
        body += _record(0x000A, b"")
        sheet_streams.append(body)

    def boundsheets(offsets: list[int]) -> bytes:
        return b"".join(
            _record(0x0085, struct.pack("<IBB", offset, visibility, 0) + _unicode(name, 1))
            for (name, visibility, _rows), offset in zip(sheets, offsets, strict=True)
        )

    external_books = list(external_books)
    defined = b""
    if names:
        # An internal SUPBOOK, one EXTERNSHEET entry per sheet, then each NAME with a
        # ptgArea3d formula: (sheet index, first row, last row, first col, last col), 0-based.
        defined += _record(0x01AE, struct.pack("<H", len(sheets)) + b"\x01\x04")
        entries = b"".join(
            struct.pack("<HHH", len(external_books), i, i) for i in range(len(sheets))
        )
        defined += _record(0x0017, struct.pack("<H", len(sheets)) + entries)
        for name, (sheet, row1, row2, col1, col2) in names.items():
            formula = struct.pack("<BHHHHH", 0x3B, sheet, row1, row2, col1, col2)
            head = struct.pack("<HBBHHH4B", 0, 0, len(name), len(formula), 0, 0, 0, 0, 0, 0)
            defined += _record(0x0018, head + b"\x01" + name.encode("utf-16-le") + formula)
    eof = defined + _record(0x000A, b"")
    size = len(globals_head) + len(boundsheets([0] * len(sheets))) + len(eof)
    offsets = []
    for body in sheet_streams:
        offsets.append(size)
        size += len(body)
    workbook = globals_head + boundsheets(offsets) + eof + b"".join(sheet_streams)
    return _compound_file("Workbook", workbook, storages)


def _compound_file(stream_name: str, stream: bytes, storages: Iterable[str] = ()) -> bytes:
    """An OLE2 compound file holding one stream (kept >= 4096 bytes, so no mini stream)
    and, beside it, empty storages with the given names."""
    sector = 512
    stream = stream.ljust(max(4096, -(-len(stream) // sector) * sector), b"\x00")
    stream_sectors = len(stream) // sector
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    storages = list(storages)
    names = [stream_name, *storages]

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\x00" * 16
            + struct.pack("<I", 0)
            + b"\x00" * 16
            + struct.pack("<III", start, size, 0)
        )

    dir_sectors = -(-(1 + len(names)) * 128 // sector)
    first_stream_sector = 1 + dir_sectors
    # The root's children hang off one another's right-sibling pointers.
    directory = entry("Root Entry", 5, free, 1, end, 0)
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else free
        if name == stream_name:
            directory += entry(name, 2, right, free, first_stream_sector, len(stream))
        else:
            directory += entry(name, 1, right, free, end, 0)
    directory = directory.ljust(dir_sectors * sector, b"\x00")
    # sector 0: the FAT; then the directory; then the stream
    fat = [fat_sector]
    fat += [1 + i + 1 for i in range(dir_sectors - 1)] + [end]
    fat += [first_stream_sector + i + 1 for i in range(stream_sectors - 1)] + [end]
    assert len(fat) <= sector // 4, "the test workbook outgrew one FAT sector"
    fat += [free] * (sector // 4 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + stream
