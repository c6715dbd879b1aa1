"""The module's contract: every finding kind is produced by some file, the JSON form,
and detection by content rather than by name."""

import io
import json

import pytest
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from core.release_check import ALL_KINDS, Kind, Limits, check, detect_type

from . import builders as b
from .test_documents import _encrypted


def _hidden(state):
    def make():
        wb = b.workbook()
        wb.active.append(["Month"])
        wb.create_sheet("Staff").sheet_state = state
        return b.xlsx_bytes(wb)

    return make


def _workbook(change):
    def make():
        wb = b.workbook()
        ws = wb.active
        ws.title = "Response"
        for n in range(1, 6):
            ws.append([f"row {n}", n])
        change(wb, ws)
        return b.xlsx_bytes(wb)

    return make


def _hide_row(wb, ws):
    ws.row_dimensions[2].hidden = True


def _hide_column(wb, ws):
    ws.column_dimensions["B"].hidden = True


def _comment(wb, ws):
    ws["A1"].comment = Comment("note", "Tom")


def _name_on_hidden_row(wb, ws):
    ws.row_dimensions[3].hidden = True
    wb.defined_names["X"] = DefinedName("X", attr_text="Response!$A$1:$B$5")


def _author(wb, ws):
    wb.properties.creator = "Jane Smith"


def _pdf_annotation(subtype):
    return lambda: b.pdf(annotate=lambda w: b.raw_annotation(w, subtype))


def _incremental():
    writer = PdfWriter(io.BytesIO(b.pdf()), incremental=True)
    writer.add_metadata({"/Title": "Response"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


#: One file for every kind of finding: (what makes it, limits to check it with).
EXAMPLES = {
    Kind.HIDDEN_SHEET: (_hidden("hidden"), None),
    Kind.VERY_HIDDEN_SHEET: (_hidden("veryHidden"), None),
    Kind.HIDDEN_ROWS: (_workbook(_hide_row), None),
    Kind.HIDDEN_COLUMNS: (_workbook(_hide_column), None),
    Kind.PIVOT_CACHE: (lambda: b.add_pivot_cache(b.clean_xlsx(), ["Total"]), None),
    Kind.EXTERNAL_LINK: (lambda: b.add_external_link(b.clean_xlsx()), None),
    Kind.DEFINED_NAME_HIDDEN: (_workbook(_name_on_hidden_row), None),
    Kind.COMMENT: (_workbook(_comment), None),
    Kind.AUTHOR_METADATA: (_workbook(_author), None),
    Kind.EMBEDDED_FILE: (
        lambda: b.docx(b.paragraph("x"), extra={"word/embeddings/oleObject1.bin": b"\x00"}),
        None,
    ),
    Kind.MACROS: (lambda: b.patch_zip(b.clean_xlsx(), {"xl/vbaProject.bin": b"\x00"}), None),
    Kind.TRACKED_CHANGE: (
        lambda: b.docx('<w:p><w:ins w:id="1" w:author="T"><w:r><w:t>x</w:t></w:r></w:ins></w:p>'),
        None,
    ),
    Kind.HIDDEN_TEXT: (
        lambda: b.docx("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>x</w:t></w:r></w:p>"),
        None,
    ),
    Kind.ANNOTATION: (_pdf_annotation("/Ink"), None),
    Kind.UNAPPLIED_REDACTION: (_pdf_annotation("/Redact"), None),
    Kind.JAVASCRIPT: (lambda: b.pdf(annotate=lambda w: w.add_open_action(JavaScript("1"))), None),
    Kind.EARLIER_VERSIONS: (_incremental, None),
    Kind.EMAIL_ADDRESS: (lambda: b"Write to sarah.wood@example.org", None),
    Kind.PHONE_NUMBER: (lambda: b"Ring 07700 900123", None),
    Kind.NI_NUMBER: (lambda: b"NI: JG103759A", None),
    Kind.POSTCODE_WITH_NAME: (lambda: b"Mr Alan Brown, 1 High Street, Leeds LS1 4AP", None),
    Kind.UNREADABLE: (lambda: b.clean_xlsx()[:700], None),
    Kind.UNSAFE_FILE: (lambda: b.clean_xlsx(), Limits(max_uncompressed_bytes=1000)),
    Kind.TOO_LARGE: (lambda: b.clean_xlsx(), Limits(max_bytes=100)),
    Kind.ENCRYPTED: (lambda: _encrypted("secret"), None),
    Kind.CHECK_INCOMPLETE: (lambda: b.clean_xlsx(), Limits(seconds=0)),
}


def test_every_kind_has_an_example():
    assert set(EXAMPLES) == ALL_KINDS


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_kind_is_found_in_its_example(kind):
    make, limits = EXAMPLES[kind]
    result = check(make(), "file", limits)
    assert result.status == "findings"
    assert kind in {f.kind for f in result.findings}, result


def test_the_json_form_is_status_and_findings():
    wb = b.workbook()
    wb.active.append(["x"])
    wb.create_sheet("Staff").sheet_state = "hidden"
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    as_json = json.loads(json.dumps(result.as_dict()))
    assert as_json == {
        "status": "findings",
        "findings": [
            {"kind": "hidden_sheet", "message": "Sheet 'Staff' is hidden", "location": "Staff"}
        ],
    }


def test_a_workbook_named_as_a_pdf_is_checked_as_a_workbook():
    data = _hidden("hidden")()
    result = check(data, "response.pdf")
    assert result.file_type == "xlsx"
    assert [f.kind for f in result.findings] == ["hidden_sheet"]


def test_a_pdf_named_as_a_spreadsheet_is_checked_as_a_pdf():
    result = check(b.pdf(author="Jane Smith"), "response.xlsx")
    assert result.file_type == "pdf"
    assert [f.kind for f in result.findings] == ["author_metadata"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (b.clean_xlsx, "xlsx"),
        (lambda: b.docx(b.paragraph("x")), "docx"),
        (lambda: b.ods(b.ods_table("x", b.ods_row("y"))), "ods"),
        (lambda: b.xls([("x", 0, [["y"]])]), "xls"),
        (b.pdf, "pdf"),
        (lambda: b"a,b\n1,2\n", "csv"),
        (lambda: b"Just a sentence.", "text"),
        (lambda: b.make_zip({"a.txt": "x"}), "zip"),
        (lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "unknown"),
    ],
)
def test_the_type_comes_from_the_content(make, expected):
    assert detect_type(make()) == expected
