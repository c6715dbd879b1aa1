"""The release check on spreadsheets the tests write: xlsx (openpyxl), ods and xls
(built part by part in builders.py), and csv."""

import pytest
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

from core.release_check import Limits, check

from . import builders as b


def kinds(result):
    return [f.kind for f in result.findings]


def of_kind(result, kind):
    return [f for f in result.findings if f.kind == kind]


def staff_workbook():
    wb = b.workbook()
    ws = wb.active
    ws.title = "Response"
    ws.append(["Month", "Requests"])
    ws.append(["January", 41])
    return wb


# --- xlsx ---------------------------------------------------------------------------


def test_a_clean_workbook_passes():
    result = b.clean_xlsx()
    assert check(result, "response.xlsx").as_dict() == {"status": "passed", "findings": []}


def test_a_hidden_sheet_of_staff_names_is_found():
    wb = staff_workbook()
    staff = wb.create_sheet("Staff")
    staff.append(["Name", "Role"])
    staff.append(["Sarah Wood", "Analyst"])
    staff.sheet_state = "hidden"
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    assert result.status == "findings"
    assert result.findings[0].as_dict() == {
        "kind": "hidden_sheet",
        "message": "Sheet 'Staff' is hidden",
        "location": "Staff",
    }


def test_a_very_hidden_sheet_is_found():
    wb = staff_workbook()
    wb.create_sheet("Lookup").sheet_state = "veryHidden"
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    [finding] = result.findings
    assert finding.kind == "very_hidden_sheet"
    assert finding.location == "Lookup"
    assert "Sheet 'Lookup' is very hidden" in finding.message


def test_hidden_rows_and_columns_are_found_with_where_they_are():
    wb = staff_workbook()
    ws = wb.active
    for n in range(3, 9):
        ws.append([f"row {n}", n])
    for row in (3, 4, 5, 8):
        ws.row_dimensions[row].hidden = True
    ws.column_dimensions["C"].hidden = True
    ws["C1"] = "Officer"
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    assert kinds(result) == ["hidden_rows", "hidden_columns"]
    rows, columns = result.findings
    assert rows.message == "Sheet 'Response' has 4 hidden rows: 3–5, 8"
    assert columns.message == "Sheet 'Response' has 1 hidden column: C"
    assert rows.location == columns.location == "Response"


def test_comments_are_found_at_their_cell():
    wb = staff_workbook()
    wb.active["B2"].comment = Comment("Includes the two from PSD", "Tom Hall")
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    [comment] = of_kind(result, "comment")
    assert comment.location == "Response!B2"
    assert "Tom Hall" in comment.message
    assert "Includes the two from PSD" in comment.message


def test_a_defined_name_on_a_hidden_sheet_is_found():
    wb = staff_workbook()
    staff = wb.create_sheet("Staff")
    staff.append(["Name"])
    staff.sheet_state = "hidden"
    wb.defined_names["StaffList"] = DefinedName("StaffList", attr_text="Staff!$A$1:$A$20")
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    [name] = of_kind(result, "defined_name_hidden")
    assert name.message == "Defined name 'StaffList' points at the hidden sheet 'Staff'"
    assert name.location == "name StaffList"


def test_a_defined_name_over_hidden_rows_is_found_and_one_over_visible_cells_is_not():
    wb = staff_workbook()
    ws = wb.active
    for n in range(3, 11):
        ws.append([f"row {n}", n])
    ws.row_dimensions[6].hidden = True
    wb.defined_names["Hidden"] = DefinedName("Hidden", attr_text="Response!$A$5:$B$7")
    wb.defined_names["Shown"] = DefinedName("Shown", attr_text="Response!$A$1:$B$4")
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    names = of_kind(result, "defined_name_hidden")
    assert [f.location for f in names] == ["name Hidden"]
    assert "covers hidden rows or columns on sheet 'Response'" in names[0].message


def test_a_defined_name_on_a_quoted_sheet_name_is_followed():
    wb = staff_workbook()
    wb.create_sheet("Staff list").sheet_state = "hidden"
    wb.defined_names["People"] = DefinedName("People", attr_text="'Staff list'!$A:$A")
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    assert [f.location for f in of_kind(result, "defined_name_hidden")] == ["name People"]


def test_an_external_link_is_found_with_its_target():
    data = b.add_external_link(b.clean_xlsx(), "file:///C:/HR/staff-list.xlsx")
    result = check(data, "response.xlsx")
    [link] = result.findings
    assert link.kind == "external_link"
    assert "file:///C:/HR/staff-list.xlsx" in link.message


def test_a_pivot_cache_is_found_and_the_names_it_keeps_are_scanned():
    data = b.add_pivot_cache(b.clean_xlsx(), ["sarah.wood@example.org", "Total"])
    result = check(data, "response.xlsx")
    assert kinds(result) == ["pivot_cache", "email_address"]
    assert "from Staff A1:B3" in result.findings[0].message
    assert result.findings[1].location == "pivot cache 1"


def test_embedded_objects_and_macros_are_found():
    data = b.patch_zip(
        b.clean_xlsx(),
        {"xl/embeddings/oleObject1.bin": b"\x00ole", "xl/vbaProject.bin": b"\x00vba"},
    )
    result = check(data, "response.xlsm")
    assert sorted(kinds(result)) == ["embedded_file", "macros"]
    [embedded] = of_kind(result, "embedded_file")
    assert "oleObject1.bin" in embedded.message


def test_the_author_in_the_workbook_properties_is_found():
    wb = staff_workbook()
    wb.properties.creator = "Jane Smith"
    wb.properties.lastModifiedBy = "Tom Hall"
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    assert [f.message for f in result.findings] == [
        "The file's properties name its author: 'Jane Smith'",
        "The file's properties name who last saved it: 'Tom Hall'",
    ]


def test_personal_data_in_cells_is_found_with_sheet_and_cell():
    wb = staff_workbook()
    people = wb.create_sheet("Staff list")
    people.append(["Name", "Email", "Phone", "NI number", "Postcode"])
    people.append(["Okafor", "c.okafor@example.org", "07700 900456", "JG103759A", "M1 1AE"])
    people.append(["", "", "", "", "LS1 4AP"])  # a postcode with no name beside it
    result = check(b.xlsx_bytes(wb), "response.xlsx")
    found = {(f.kind, f.location) for f in result.findings}
    assert found == {
        ("email_address", "'Staff list'!B2"),
        ("phone_number", "'Staff list'!C2"),
        ("ni_number", "'Staff list'!D2"),
        ("postcode_with_name", "'Staff list'!E2"),
    }


def test_findings_of_one_kind_are_capped_with_a_count_of_the_rest():
    wb = staff_workbook()
    ws = wb.active
    for n in range(30):
        ws.append([f"person{n}@example.org"])
    result = check(b.xlsx_bytes(wb), "response.xlsx", Limits(max_findings_per_kind=20))
    emails = of_kind(result, "email_address")
    assert len(emails) == 21
    assert emails[-1].message == "… and 10 more email addresses"
    assert emails[0].location == "Response!A3"


def test_rows_hidden_by_default_are_found():
    data = b.patch_zip(
        b.clean_xlsx(),
        {
            "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
                "<sheetData>", '<sheetFormatPr defaultRowHeight="15" zeroHeight="1"/><sheetData>'
            )
        },
    )
    result = check(data, "response.xlsx")
    assert [f.message for f in result.findings] == [
        "Sheet 'Response' hides every row that is not explicitly shown"
    ]


# --- ods ----------------------------------------------------------------------------


def test_a_clean_ods_passes():
    data = b.ods(b.ods_table("Response", b.ods_row("Month", "Requests") + b.ods_row("Jan", "41")))
    assert check(data, "response.ods").as_dict() == {"status": "passed", "findings": []}


def test_an_ods_hidden_sheet_rows_and_columns_are_found():
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse"/>'
    )
    rows = (
        b.ods_row("Month", "Requests", "Officer")
        + b.ods_row("Jan", "41", attrs='table:visibility="collapse" table:number-rows-repeated="2"')
        + b.ods_row("Feb", "37", attrs='table:visibility="filter"')
    )
    tables = b.ods_table("Response", rows, columns=columns) + b.ods_table(
        "Staff", b.ods_row("Name"), style="ta2"
    )
    result = check(b.ods(tables), "response.ods")
    assert [(f.kind, f.message, f.location) for f in result.findings] == [
        ("hidden_rows", "Sheet 'Response' has 3 hidden rows: 2–4", "Response"),
        ("hidden_columns", "Sheet 'Response' has 1 hidden column: C", "Response"),
        ("hidden_sheet", "Sheet 'Staff' is hidden", "Staff"),
    ]


def test_an_ods_comment_is_found_at_its_cell():
    annotation = (
        "<office:annotation><dc:creator>Tom Hall</dc:creator>"
        "<text:p>Ask PSD</text:p></office:annotation>"
    )
    row = f"<table:table-row>{b.ods_cell('Month')}{b.ods_cell('41', annotation)}</table:table-row>"
    result = check(b.ods(b.ods_table("Response", row)), "response.ods")
    [comment] = result.findings
    assert comment.kind == "comment"
    assert comment.location == "Response!B1"
    assert comment.message == "Cell B1 on sheet 'Response' has a comment by Tom Hall: 'Ask PSD'"


def test_ods_named_ranges_on_hidden_data_and_in_other_files_are_found():
    tables = b.ods_table("Response", b.ods_row("Month")) + b.ods_table(
        "Staff", b.ods_row("Name"), style="ta2"
    )
    names = (
        "<table:named-expressions>"
        '<table:named-range table:name="People" table:cell-range-address="$Staff.$A$1:.$B$9"/>'
        '<table:named-range table:name="Shown" table:cell-range-address="$Response.$A$1"/>'
        '<table:named-range table:name="Remote" '
        "table:cell-range-address=\"'file:///C:/HR/staff.ods'#$Sheet1.$A$1\"/>"
        "</table:named-expressions>"
    )
    result = check(b.ods(tables, after_tables=names), "response.ods")
    found = {(f.kind, f.location) for f in result.findings if f.kind != "hidden_sheet"}
    assert found == {("external_link", "name Remote"), ("defined_name_hidden", "name People")}


def test_ods_linked_sheets_pivot_tables_embedded_objects_macros_and_author_are_found():
    table = (
        '<table:table table:name="Linked" table:style-name="ta1">'
        '<table:table-source xlink:href="file:///C:/HR/staff.ods" table:table-name="Staff"/>'
        f"{b.ods_row('x')}</table:table>"
    )
    pilot = (
        '<table:data-pilot-tables><table:data-pilot-table table:name="Summary" '
        'table:target-range-address="$Linked.$C$1"/></table:data-pilot-tables>'
    )
    data = b.ods(
        table,
        after_tables=pilot,
        creator="Jane Smith",
        extra={"Object 1/content.xml": "<x/>", "Basic/Standard/Module1.xml": "<x/>"},
    )
    result = check(data, "response.ods")
    assert sorted(kinds(result)) == [
        "author_metadata",
        "embedded_file",
        "external_link",
        "macros",
        "pivot_cache",
    ]
    assert "file:///C:/HR/staff.ods" in of_kind(result, "external_link")[0].message


def test_personal_data_in_an_ods_cell_is_found_at_its_cell():
    rows = b.ods_row("Name", "Email") + b.ods_row("Sarah Wood", "sarah.wood@example.org")
    result = check(b.ods(b.ods_table("Staff list", rows)), "response.ods")
    assert [(f.kind, f.location) for f in result.findings] == [("email_address", "'Staff list'!B2")]


def test_another_opendocument_type_is_not_applicable():
    data = b.ods(
        b.ods_table("x", b.ods_row("y")), mimetype="application/vnd.oasis.opendocument.text"
    )
    result = check(data, "letter.odt")
    assert result.status == "not_applicable"
    assert result.file_type == "zip"


# --- xls ----------------------------------------------------------------------------


def test_a_clean_xls_passes():
    data = b.xls([("Response", 0, [["Month", "Requests"], ["January", "41"]])])
    result = check(data, "response.xls")
    assert result.file_type == "xls"
    assert result.as_dict() == {"status": "passed", "findings": []}


def test_xls_hidden_and_very_hidden_sheets_rows_columns_and_user_are_found():
    data = b.xls(
        [
            ("Response", 0, [["Month", "Requests"], ["January", "41"], ["February", "37"]]),
            ("Staff", 1, [["Name"], ["Sarah Wood"]]),
            ("Lookup", 2, [["x"]]),
        ],
        hidden_rows={"Response": [3]},
        hidden_columns={"Response": [2, 3]},
        user_name="Jane Smith",
    )
    result = check(data, "response.xls")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("hidden_sheet", "Staff"),
        ("very_hidden_sheet", "Lookup"),
        ("hidden_rows", "Response"),
        ("hidden_columns", "Response"),
        ("author_metadata", "document properties (last saved by)"),
    ]
    assert result.findings[2].message == "Sheet 'Response' has 1 hidden row: 3"
    assert result.findings[3].message == "Sheet 'Response' has 2 hidden columns: B–C"
    assert "Jane Smith" in result.findings[4].message


def test_xls_personal_data_pivot_caches_macros_and_embedded_objects_are_found():
    data = b.xls(
        [
            (
                "Staff",
                0,
                [["Name", "Email", "Postcode"], ["Okafor", "c.okafor@example.org", "M1 1AE"]],
            )
        ],
        storages=["_SX_DB_CUR", "_VBA_PROJECT_CUR", "MBD0001A2B3"],
    )
    result = check(data, "response.xls")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("email_address", "Staff!B2"),
        ("postcode_with_name", "Staff!C2"),
        ("pivot_cache", "pivot caches"),
        ("macros", "macros"),
        ("embedded_file", "object MBD0001A2B3"),
    ]


def test_a_damaged_xls_is_reported_unreadable():
    data = bytearray(b.xls([("Response", 0, [["Month"]])]))
    start = 512 * 3  # header, FAT, directory, then the Workbook stream and its BOF record
    data[start : start + 8] = b"\xff" * 8
    result = check(bytes(data), "response.xls")
    assert kinds(result) == ["unreadable"]
    assert "damaged" in result.findings[0].message


def test_a_password_protected_office_file_is_reported_encrypted():
    data = b._compound_file("EncryptedPackage", b"\x00" * 100, ["EncryptionInfo"])
    result = check(data, "response.xlsx")
    assert kinds(result) == ["encrypted"]


def test_an_ole_file_that_is_not_a_workbook_is_not_applicable():
    result = check(b._compound_file("WordDocument", b"\x00" * 100), "letter.doc")
    assert (result.status, result.file_type) == ("not_applicable", "ole")


# --- csv ----------------------------------------------------------------------------


def test_a_clean_csv_passes():
    data = b"month,requests,on time\nJanuary,41,38\nFebruary,37,35\n"
    assert check(data, "response.csv").as_dict() == {"status": "passed", "findings": []}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_personal_data_in_a_csv_is_found_at_its_cell(delimiter):
    rows = [
        ["Officer", "Email", "Postcode"],
        ["PC Jones", "d.jones@example.org", "CR2 6XH"],
        ["Total", "2", ""],
    ]
    data = "\n".join(delimiter.join(r) for r in rows).encode()
    result = check(data, "response.csv")
    assert result.file_type == "csv"
    assert [(f.kind, f.location) for f in result.findings] == [
        ("email_address", "B2"),
        ("postcode_with_name", "C2"),
    ]


def test_a_name_column_counts_as_the_name_beside_a_postcode():
    data = b"Surname,Postcode\nOkafor,M1 1AE\n"
    result = check(data, "response.csv")
    assert [(f.kind, f.location) for f in result.findings] == [("postcode_with_name", "B2")]


def test_a_utf16_csv_is_read():
    data = "Name\tEmail\nSarah Wood\tsarah.wood@example.org\n".encode("utf-16")
    result = check(data, "response.csv")
    assert [(f.kind, f.location) for f in result.findings] == [("email_address", "B2")]


def test_rows_and_columns_of_zero_size_count_as_hidden():
    # openpyxl leaves a zero width or height out, so the sheet's XML is edited directly.
    def zero_sizes(xml):
        xml = xml.replace(
            "<sheetData>",
            '<cols><col min="2" max="2" width="0" customWidth="1"/></cols><sheetData>',
        )
        return xml.replace('<row r="2">', '<row r="2" ht="0" customHeight="1">')

    data = b.patch_zip(b.clean_xlsx(), {"xl/worksheets/sheet1.xml": zero_sizes})
    result = check(data, "response.xlsx")
    assert [f.message for f in result.findings] == [
        "Sheet 'Response' has 1 hidden row: 2",
        "Sheet 'Response' has 1 hidden column: B",
    ]


def test_personal_data_in_a_text_box_over_the_cells_is_found():
    drawing = (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor>'
        "<xdr:sp><xdr:txBody><a:p><a:r><a:t>Queries: ring Sarah on 07700 900123</a:t></a:r>"
        "</a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"
    )
    data = b.patch_zip(b.clean_xlsx(), {"xl/drawings/drawing1.xml": drawing})
    result = check(data, "response.xlsx")
    assert [(f.kind, f.location) for f in result.findings] == [("phone_number", "drawing 1")]


def test_an_xls_link_to_another_workbook_is_found():
    data = b.xls([("Response", 0, [["Month"]])], external_books=["\x01\x01C:\x03HR\x03staff.xls"])
    result = check(data, "response.xls")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("external_link", "The workbook links to 1 other workbook")
    ]


def test_xls_defined_names_on_hidden_data_are_found():
    data = b.xls(
        [
            ("Response", 0, [["Month", "Requests"], ["January", "41"], ["February", "37"]]),
            ("Staff", 1, [["Name"]]),
        ],
        hidden_rows={"Response": [3]},
        names={
            "StaffList": (1, 0, 9, 0, 1),  # on the hidden sheet
            "Shown": (0, 0, 1, 0, 1),  # rows 1-2, all visible
            "OverHidden": (0, 1, 2, 0, 0),  # rows 2-3: row 3 is hidden
        },
    )
    result = check(data, "response.xls")
    assert [(f.message, f.location) for f in of_kind(result, "defined_name_hidden")] == [
        ("Defined name 'StaffList' points at the hidden sheet 'Staff'", "name StaffList"),
        (
            "Defined name 'OverHidden' covers hidden rows or columns on sheet 'Response'",
            "name OverHidden",
        ),
    ]


def test_xls_notes_are_found_at_their_cell_and_scanned():
    data = b.xls(
        [("Response", 0, [["Month", "Requests"], ["January", "41"]])],
        notes={"Response": [(2, 2, "Tom Hall", "Ask PSD; ring 07700 900123")]},
    )
    result = check(data, "response.xls")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("comment", "Response!B2"),
        ("phone_number", "Response!B2 (comment)"),
    ]
    assert result.findings[0].message.startswith(
        "Cell B2 on sheet 'Response' has a comment by Tom Hall: 'Ask PSD"
    )


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_workbook_rel(rel_type, target):
    def add(xml):
        return xml.replace(
            "</Relationships>",
            f'<Relationship Id="rIdT" Type="{_REL}/{rel_type}" Target="{target}"/></Relationships>',
        )

    return add


def test_a_data_connection_is_an_external_link():
    connections = (
        '<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<connection id="1" name="HR database" type="1"/></connections>'
    )
    data = b.patch_zip(
        b.clean_xlsx(),
        {
            "xl/connections.xml": connections,
            "xl/_rels/workbook.xml.rels": _add_workbook_rel("connections", "connections.xml"),
        },
    )
    result = check(data, "response.xlsx")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("external_link", "The workbook has a data connection 'HR database' to an outside source")
    ]


def test_a_threaded_comment_is_found_once_at_its_cell():
    threaded = (
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        '<threadedComment ref="C2" id="{1}" personId="{9}"><text>Is this right?</text>'
        "</threadedComment></ThreadedComments>"
    )
    sheet_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2017/10/relationships/'
        'threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>'
    )
    data = b.patch_zip(
        b.clean_xlsx(),
        {
            "xl/threadedComments/threadedComment1.xml": threaded,
            "xl/worksheets/_rels/sheet1.xml.rels": sheet_rels,
        },
    )
    result = check(data, "response.xlsx")
    assert [(f.kind, f.location, f.message) for f in result.findings] == [
        ("comment", "Response!C2", "Cell C2 on sheet 'Response' has a comment: 'Is this right?'")
    ]


def test_an_ods_dde_link_is_an_external_link():
    dde = (
        '<table:dde-links><table:dde-link><office:dde-source office:dde-application="soffice" '
        'office:dde-topic="file:///C:/HR/staff.ods" office:dde-item="A1"/>'
        "</table:dde-link></table:dde-links>"
    )
    data = b.ods(b.ods_table("Response", b.ods_row("Month")), after_tables=dde)
    result = check(data, "response.ods")
    assert [f.kind for f in result.findings] == ["external_link"]
    assert "file:///C:/HR/staff.ods" in result.findings[0].message


def test_cells_that_use_the_shared_strings_table_are_scanned():
    # Excel stores each distinct text once in xl/sharedStrings.xml (openpyxl does not).
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Total</t></si>"
        "<si><r><t>sarah.wood@</t></r><r><t>example.org</t></r>"
        "<rPh><t>ignored reading</t></rPh></si></sst>"
    )

    def use_shared(xml):
        xml = xml.replace(
            '<c r="A2" t="inlineStr"><is><t>January</t></is></c>', '<c r="A2" t="s"><v>1</v></c>'
        )
        return xml.replace(
            '<c r="A3" t="inlineStr"><is><t>February</t></is></c>', '<c r="A3" t="s"><v>0</v></c>'
        )

    data = b.patch_zip(
        b.clean_xlsx(),
        {
            "xl/sharedStrings.xml": shared,
            "xl/_rels/workbook.xml.rels": _add_workbook_rel("sharedStrings", "sharedStrings.xml"),
            "xl/worksheets/sheet1.xml": use_shared,
        },
    )
    result = check(data, "response.xlsx")
    assert [(f.kind, f.location) for f in result.findings] == [("email_address", "Response!A2")]


def test_an_excel_4_macro_sheet_is_found():
    wb = staff_workbook()
    wb.create_sheet("Auto_Open").sheet_state = "veryHidden"
    data = b.patch_zip(
        b.xlsx_bytes(wb),
        {
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
                f'Type="{_REL}/worksheet" Target="/xl/worksheets/sheet2.xml"',
                f'Type="{_REL}/xlMacrosheet" Target="/xl/worksheets/sheet2.xml"',
            )
        },
    )
    result = check(data, "response.xlsx")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("very_hidden_sheet", "Auto_Open"),
        ("macros", "Auto_Open"),
    ]


def test_an_xls_whose_formatting_cannot_be_read_says_hidden_rows_were_not_checked():
    # A page-break record whose length disagrees with its count: xlrd refuses it when
    # reading formatting and skips it otherwise, so the check falls back and says so.
    bad_breaks = b.record(0x001B, b"\x05\x00" + b"\x00" * 6)
    data = b.xls(
        [("Response", 0, [["Month"], ["January"]])],
        hidden_rows={"Response": [2]},
        raw_sheet_records={"Response": bad_breaks},
    )
    result = check(data, "response.xls")
    assert [f.kind for f in result.findings] == ["check_incomplete"]
    assert "hidden rows and columns were not checked" in result.findings[0].message
