"""The release check on documents the tests write: docx (its XML written out here) and
PDF (written with pypdf)."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import FreeText, Link, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from core.release_check import check

from . import builders as b


def kinds(result):
    return [f.kind for f in result.findings]


def of_kind(result, kind):
    return [f for f in result.findings if f.kind == kind]


# --- docx ---------------------------------------------------------------------------


def test_a_clean_docx_passes():
    body = b.paragraph("Dear requester,") + b.paragraph("We hold the information you asked for.")
    result = check(b.docx(body), "response.docx")
    assert result.file_type == "docx"
    assert result.as_dict() == {"status": "passed", "findings": []}


def test_tracked_insertions_and_deletions_are_found_with_the_deleted_text():
    body = (
        b.paragraph("Dear requester,") + "<w:p><w:r><w:t>We hold </w:t></w:r>"
        '<w:ins w:id="1" w:author="Jane Smith"><w:r><w:t>12 </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="Jane Smith"><w:r><w:delText>14, two of them about '
        "PC Jones, </w:delText></w:r></w:del><w:r><w:t>records.</w:t></w:r></w:p>"
    )
    result = check(b.docx(body), "response.docx")
    [change] = result.findings
    assert change.kind == "tracked_change"
    assert change.location == "paragraph 2"
    assert "by Jane Smith" in change.message
    assert "1 deletion, 1 insertion" in change.message
    assert "14, two of them about PC Jones" in change.message


def test_moves_and_formatting_changes_are_tracked_changes_too():
    body = (
        '<w:p><w:moveFrom w:id="1" w:author="Tom"><w:r><w:t>moved</w:t></w:r></w:moveFrom></w:p>'
        '<w:p><w:pPr><w:pPrChange w:id="2" w:author="Tom"><w:pPr/></w:pPrChange></w:pPr>'
        "<w:r><w:t>restyled</w:t></w:r></w:p>"
    )
    result = check(b.docx(body), "response.docx")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("tracked_change", "paragraph 1"),
        ("tracked_change", "paragraph 2"),
    ]
    assert "1 move" in result.findings[0].message
    assert "1 formatting change" in result.findings[1].message


def test_comments_are_found_at_the_paragraph_they_are_on():
    body = (
        b.paragraph("Dear requester,")
        + '<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>We hold 12 records.</w:t></w:r>'
        '<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r></w:p>'
    )
    comments = (
        '<w:comment w:id="7" w:author="Tom Hall"><w:p><w:r><w:t>Check with PSD first</w:t>'
        "</w:r></w:p></w:comment>"
    )
    result = check(b.docx(body, comments=comments), "response.docx")
    [comment] = result.findings
    assert comment.as_dict() == {
        "kind": "comment",
        "message": "Comment by Tom Hall: 'Check with PSD first'",
        "location": "paragraph 2",
    }


def test_hidden_text_is_found():
    body = (
        "<w:p><w:r><w:t>Visible. </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr>"
        "<w:t>Informant: see file 17</w:t></w:r></w:p>"
        '<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>not hidden</w:t></w:r></w:p>'
    )
    result = check(b.docx(body), "response.docx")
    [hidden] = result.findings
    assert hidden.kind == "hidden_text"
    assert hidden.location == "paragraph 1"
    assert "Informant: see file 17" in hidden.message


def test_the_author_and_last_editor_in_the_properties_are_found():
    data = b.docx(b.paragraph("Hello"), creator="Jane Smith", last_modified_by="Tom Hall")
    result = check(data, "response.docx")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("author_metadata", "The file's properties name its author: 'Jane Smith'"),
        ("author_metadata", "The file's properties name who last saved it: 'Tom Hall'"),
    ]


def test_embedded_files_and_macros_are_found():
    data = b.docx(
        b.paragraph("Hello"),
        extra={
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": b.clean_xlsx(),
            "word/vbaProject.bin": b"\x00",
        },
    )
    result = check(data, "response.docx")
    assert sorted(kinds(result)) == ["embedded_file", "macros"]
    assert "Microsoft_Excel_Worksheet.xlsx" in of_kind(result, "embedded_file")[0].message


def test_personal_data_is_found_in_the_body_deleted_text_and_headers():
    body = (
        b.paragraph("Mrs Aisha Khan")
        + b.paragraph("4 Mill Lane")
        + b.paragraph("Bradford BD1 1HY")
        + '<w:p><w:del w:id="1" w:author="T"><w:r><w:delText>ring 07700 900456</w:delText>'
        "</w:r></w:del></w:p>"
    )
    header = (
        f'<w:hdr xmlns:w="{b.W}">{b.paragraph("Prepared by t.hall@force.example.gov.uk")}</w:hdr>'
    )
    data = b.docx(body, extra={"word/header1.xml": header})
    result = check(data, "response.docx")
    found = {(f.kind, f.location) for f in result.findings}
    assert found == {
        ("postcode_with_name", "paragraph 3"),
        ("tracked_change", "paragraph 4"),
        ("phone_number", "paragraph 4"),
        ("email_address", "header 1, paragraph 1"),
    }


def test_a_docx_named_as_a_spreadsheet_is_read_as_a_document():
    data = b.docx(b.paragraph("Hello"), creator="Jane Smith")
    result = check(data, "response.xlsx")
    assert result.file_type == "docx"
    assert kinds(result) == ["author_metadata"]


# --- pdf ----------------------------------------------------------------------------


def test_a_clean_pdf_passes():
    result = check(b.pdf(["Response to your request", "Page two"]), "response.pdf")
    assert result.file_type == "pdf"
    assert result.as_dict() == {"status": "passed", "findings": []}


def test_a_pdf_link_annotation_is_not_a_finding():
    def link(writer):
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://ico.org.uk/"))

    assert check(b.pdf(annotate=link), "response.pdf").status == "passed"


def test_pdf_comments_are_found_on_their_page():
    def comments(writer):
        writer.add_annotation(1, Text(text="Check with HR", rect=(50, 550, 200, 650)))
        writer.add_annotation(1, FreeText(text="Redact this?", rect=(50, 400, 200, 450)))

    result = check(b.pdf(["One", "Two"], annotate=comments), "response.pdf")
    assert [(f.kind, f.message, f.location) for f in result.findings] == [
        ("comment", "Comment: 'Check with HR'", "page 2"),
        ("comment", "Comment: 'Redact this?'", "page 2"),
    ]


def test_other_pdf_annotations_and_unapplied_redactions_are_found():
    def annotate(writer):
        b.raw_annotation(writer, "/Highlight", contents="why?", author="Jane Smith")
        b.raw_annotation(writer, "/Redact")

    result = check(b.pdf(annotate=annotate), "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("annotation", "page 1"),
        ("unapplied_redaction", "page 1"),
    ]
    assert result.findings[0].message == "Annotation (Highlight) by Jane Smith: 'why?'"
    assert "not applied" in result.findings[1].message


def test_pdf_author_metadata_is_found():
    result = check(b.pdf(author="Jane Smith"), "response.pdf")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("author_metadata", "The file's properties name its author: 'Jane Smith'")
    ]


def test_pdf_attachments_are_found_by_name():
    def attach(writer):
        writer.add_attachment("staff-list.csv", b"name\nSarah Wood\n")

    def attach_on_page(writer):
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("interview.docx"),
            }
        )
        b.raw_annotation(writer, "/FileAttachment")
        annotation = writer.pages[0]["/Annots"][-1].get_object()
        annotation[NameObject("/FS")] = spec

    result = check(b.pdf(annotate=attach), "response.pdf")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("embedded_file", "The PDF has an attached file: 'staff-list.csv'")
    ]
    result = check(b.pdf(annotate=attach_on_page), "response.pdf")
    assert [(f.kind, f.message, f.location) for f in result.findings] == [
        ("embedded_file", "A file is attached on this page: 'interview.docx'", "page 1")
    ]


def test_pdf_javascript_is_found():
    def script(writer):
        writer.add_open_action(JavaScript("app.alert('hello');"))

    def on_open(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1);"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    assert kinds(check(b.pdf(annotate=script), "response.pdf")) == ["javascript"]
    result = check(b.pdf(annotate=on_open), "response.pdf")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("javascript", "The PDF runs JavaScript when it is opened")
    ]


def test_personal_data_in_pdf_text_is_found_on_its_page():
    pages = [
        "Response to your request",
        "Ms Jo Bloggs\n1 Main Road\nLeeds LS1 4AP\nNI number JG 10 37 59 A",
    ]
    result = check(b.pdf(pages), "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("postcode_with_name", "page 2"),
        ("ni_number", "page 2"),
    ]


def _encrypted(user_password):
    # RC4, which pypdf implements itself: AES would need the cryptography package.
    writer = PdfWriter(clone_from=io.BytesIO(b.pdf(["Staff: sarah.wood@example.org"])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_a_password_protected_pdf_is_reported_encrypted():
    data = _encrypted("secret")
    assert PdfReader(io.BytesIO(data)).is_encrypted
    result = check(data, "response.pdf")
    assert kinds(result) == ["encrypted"]


def test_a_pdf_encrypted_without_a_user_password_is_still_read():
    result = check(_encrypted(""), "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [("email_address", "page 1")]


def test_a_pdf_saved_incrementally_keeps_its_earlier_version():
    original = b.pdf(["Staff: Sarah Wood"])
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_metadata({"/Title": "Response"})
    buf = io.BytesIO()
    writer.write(buf)
    updated = buf.getvalue()
    assert updated.startswith(original)  # the first version is still there, byte for byte
    result = check(updated, "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [("earlier_versions", "document")]
    assert "1 earlier version:" in result.findings[0].message
    assert check(original, "response.pdf").status == "passed"


def test_personal_data_in_a_pdf_form_field_is_found():
    def form(writer):
        field = DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("Contact"),
                NameObject("/V"): TextStringObject("jane.smith@example.org"),
            }
        )
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
        )

    result = check(b.pdf(annotate=form), "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("email_address", "form field 'Contact'")
    ]


def test_personal_data_in_footnotes_is_found_with_where_it_is():
    footnotes = (
        f'<w:footnotes xmlns:w="{b.W}"><w:footnote w:id="1">'
        f"{b.paragraph('Source: interview with PC Jones, NI JG103759A')}</w:footnote></w:footnotes>"
    )
    data = b.docx(b.paragraph("Hello"), extra={"word/footnotes.xml": footnotes})
    result = check(data, "response.docx")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("ni_number", "footnotes, paragraph 1")
    ]


def test_javascript_behind_a_link_is_found():
    def link(writer):
        b.raw_annotation(writer, "/Link")
        annotation = writer.pages[0]["/Annots"][-1].get_object()
        annotation[NameObject("/A")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("this.submitForm('https://x.example');"),
            }
        )

    result = check(b.pdf(annotate=link), "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [("javascript", "page 1")]


def _with_xmp(xml, pages=("Response to your request",)):
    def add(writer):
        stream = DecodedStreamObject()
        stream.set_data(xml.encode())
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)

    return b.pdf(pages, annotate=add)


_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{}</rdf:li>'
    "</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def test_the_author_in_pdf_xmp_metadata_is_found():
    result = check(_with_xmp(_XMP.format("Tom Hall")), "response.pdf")
    assert [(f.kind, f.message) for f in result.findings] == [
        ("author_metadata", "The file's XMP metadata names its author: 'Tom Hall'")
    ]


def test_an_entity_bomb_in_pdf_xmp_metadata_is_refused_and_the_rest_still_checked():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + _XMP.format("&b;")
    )
    result = check(_with_xmp(bomb, pages=["Write to jo.bloggs@example.com"]), "response.pdf")
    assert [(f.kind, f.location) for f in result.findings] == [
        ("unsafe_file", "document properties (XMP)"),
        ("email_address", "page 1"),
    ]
