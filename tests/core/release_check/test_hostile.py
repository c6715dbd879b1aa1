"""Hostile and damaged input: zip bombs, XML entity attacks, truncated and random files.
`check` must answer with a finding or not_applicable, never raise."""

import io
import struct
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.release_check import Limits, check

from . import builders as b

STATUSES = {"passed", "findings", "not_applicable"}


def kinds(result):
    return [f.kind for f in result.findings]


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the zip's headers declare for one entry."""
    out = bytearray(data)
    encoded = name.encode()
    # central directory entries: signature PK\x01\x02, uncompressed size at offset 24
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        name_length = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46 : pos + 46 + name_length]) == encoded:
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    # local headers: signature PK\x03\x04, uncompressed size at offset 22
    pos = out.find(b"PK\x03\x04")
    while pos != -1:
        name_length = struct.unpack_from("<H", out, pos + 26)[0]
        if bytes(out[pos + 30 : pos + 30 + name_length]) == encoded:
            struct.pack_into("<I", out, pos + 22, size)
        pos = out.find(b"PK\x03\x04", pos + 4)
    return bytes(out)


def test_a_zip_bomb_is_refused_before_it_is_expanded():
    # 64 MB of one byte compresses to about 64 KB; a 16 MB limit must refuse it unread.
    bomb = b.patch_zip(b.clean_xlsx(), {"xl/worksheets/sheet1.xml": b" " * (64 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    started = time.monotonic()
    result = check(bomb, "response.xlsx", Limits(max_uncompressed_bytes=16 * 1024 * 1024))
    assert time.monotonic() - started < 2
    assert kinds(result) == ["unsafe_file"]
    assert "zip bomb" in result.findings[0].message


def test_a_zip_declaring_gigabytes_is_refused_with_the_default_limits():
    data = _declare_size(b.clean_xlsx(), "xl/worksheets/sheet1.xml", 0xF0000000)
    result = check(data, "response.xlsx")
    assert kinds(result) == ["unsafe_file"]
    assert "MB when opened" in result.findings[0].message


def test_a_zip_with_too_many_entries_is_refused():
    parts = {f"xl/media/{n}.bin": b"" for n in range(60)}
    data = b.patch_zip(b.clean_xlsx(), parts)
    result = check(data, "response.xlsx", Limits(max_zip_entries=50))
    assert kinds(result) == ["unsafe_file"]


def test_a_part_larger_than_the_part_limit_is_refused():
    data = b.patch_zip(
        b.clean_xlsx(), {"xl/worksheets/sheet1.xml": lambda xml: xml + " " * 200_000}
    )
    result = check(data, "response.xlsx", Limits(max_part_bytes=100_000))
    assert kinds(result) == ["unsafe_file"]


def test_a_zip_that_lies_about_a_size_is_not_expanded_past_it():
    # The entry really expands to 5 MB but says 2 KB: zipfile stops at the declared
    # size and the CRC check fails, so the check reports damage instead of reading on.
    data = b.patch_zip(b.clean_xlsx(), {"xl/worksheets/sheet1.xml": b" " * (5 * 1024 * 1024)})
    data = _declare_size(data, "xl/worksheets/sheet1.xml", 2048)
    result = check(data, "response.xlsx")
    assert kinds(result) == ["unreadable"]


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    "<workbook><sheets><sheet name='&lol4;'/></sheets></workbook>"
)


def test_an_xml_entity_bomb_is_refused():
    data = b.patch_zip(b.clean_xlsx(), {"xl/workbook.xml": BILLION_LAUGHS})
    result = check(data, "response.xlsx")
    assert kinds(result) == ["unsafe_file"]
    assert "xl/workbook.xml" in result.findings[0].message


def test_an_external_entity_is_never_fetched():
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{b.W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    data = b.patch_zip(b.docx(b.paragraph("x")), {"word/document.xml": xxe})
    result = check(data, "response.docx")
    assert kinds(result) == ["unsafe_file"]
    assert "root:" not in result.findings[0].message


def test_a_document_type_declaration_alone_is_refused():
    doctype = '<?xml version="1.0"?><!DOCTYPE office:document-content><office:document-content/>'
    data = b.patch_zip(b.ods(b.ods_table("x", b.ods_row("y"))), {"content.xml": doctype})
    assert kinds(check(data, "response.ods")) == ["unsafe_file"]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("truncated xlsx", lambda: b.clean_xlsx()[:600]),
        ("zip signature then junk", lambda: b"PK\x03\x04" + b"\x00" * 200),
        (
            "broken sheet xml",
            lambda: b.patch_zip(b.clean_xlsx(), {"xl/worksheets/sheet1.xml": "<a><b></a>"}),
        ),
        (
            "docx without its document",
            lambda: b.make_zip(
                {
                    "[Content_Types].xml": b.zip_parts(b.docx(""))["[Content_Types].xml"],
                    "_rels/.rels": b.zip_parts(b.docx(""))["_rels/.rels"],
                }
            ),
        ),
        ("pdf header then junk", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4),
        ("truncated pdf", lambda: b.pdf(["Hello"])[:300]),
    ],
)
def test_damaged_files_are_reported_unreadable(name, make):
    result = check(make(), "response")
    assert result.status == "findings", name
    assert kinds(result) == ["unreadable"], (name, result)
    assert result.findings[0].message


def test_a_file_of_no_type_the_check_reads_is_not_applicable():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    result = check(png, "photo.png")
    assert result.as_dict() == {"status": "not_applicable", "findings": []}
    assert result.file_type == "unknown"


def test_an_empty_file_is_not_applicable():
    assert check(b"", "empty.xlsx").status == "not_applicable"


def test_a_file_over_the_size_limit_is_not_read():
    result = check(b.clean_xlsx(), "response.xlsx", Limits(max_bytes=1000))
    assert kinds(result) == ["too_large"]


def test_the_time_budget_ends_the_check_with_a_finding():
    result = check(b.clean_xlsx(), "response.xlsx", Limits(seconds=0))
    assert kinds(result) == ["check_incomplete"]
    assert "stopped after 0 seconds" in result.findings[0].message


def test_a_personal_data_scan_cut_short_says_so():
    wb = b.workbook()
    ws = wb.active
    ws.append(["Name", "Email"])
    for n in range(50):
        ws.append([f"Person {n}", f"person{n}@example.org"])
    result = check(b.xlsx_bytes(wb), "big.xlsx", Limits(max_text_units=10))
    # the header row and nine more rows are scanned, then the allowance is spent
    assert len([f for f in result.findings if f.kind == "email_address"]) == 9
    [incomplete] = [f for f in result.findings if f.kind == "check_incomplete"]
    assert "stopped after 10 rows" in incomplete.message


SAMPLES = {
    "xlsx": b.clean_xlsx(),
    "docx": b.docx(b.paragraph("Dear Mrs Khan, ring 07700 900123")),
    "ods": b.ods(b.ods_table("Response", b.ods_row("Month", "41"))),
    "pdf": b.pdf(["Response", "Second page"]),
    "xls": b.xls([("Response", 0, [["Month", "41"]])]),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(SAMPLES)),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_a_corrupted_file_never_raises(kind, flips):
    data = bytearray(SAMPLES[kind])
    for position, value in flips:
        data[position % len(data)] = value
    result = check(bytes(data), "response", Limits(seconds=10))
    assert result.status in STATUSES
    assert all(f.kind and f.message for f in result.findings)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data):
    result = check(data, "x")
    assert result.status in STATUSES


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(sorted(SAMPLES)), st.integers(min_value=1))
def test_a_truncated_file_never_raises(kind, cut):
    data = SAMPLES[kind]
    result = check(data[: cut % len(data)], "response")
    assert result.status in STATUSES


def test_a_zip_inside_a_zip_is_not_followed():
    inner = b.patch_zip(b.clean_xlsx(), {"xl/worksheets/sheet1.xml": b" " * (8 * 1024 * 1024)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("inner.xlsx", inner)
    result = check(buf.getvalue(), "bundle.zip")
    assert (result.status, result.file_type) == ("not_applicable", "zip")


def test_an_entity_bomb_in_a_streamed_worksheet_is_refused():
    def bomb(xml):
        return BILLION_LAUGHS.split("<workbook>")[0] + xml.replace("<t>Month</t>", "<t>&lol4;</t>")

    data = b.patch_zip(b.clean_xlsx(), {"xl/worksheets/sheet1.xml": bomb})
    result = check(data, "response.xlsx")
    assert kinds(result) == ["unsafe_file"]
    assert "xl/worksheets/sheet1.xml" in result.findings[0].message


def test_a_damaged_ole_file_is_unreadable_not_skipped():
    data = bytearray(b.xls([("Response", 0, [["Month"]])]))
    data[512:1024] = b"\xff" * 512  # the FAT: every sector now looks free
    result = check(bytes(data), "response.xls")
    assert (result.file_type, kinds(result)) == ("ole", ["unreadable"])
