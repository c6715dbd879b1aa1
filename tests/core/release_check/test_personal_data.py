"""The personal-data patterns, on their own and through `check` on plain text."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.release_check import check
from core.release_check.personal import (
    find_emails,
    find_ni_numbers,
    find_phones,
    find_postcodes,
    is_ni_number,
    looks_like_name,
)

# HMRC's rules, written out here independently of the module: neither prefix letter is
# D, F, I, Q, U or V; the second is not O; seven prefixes are never allocated.
_NEVER = set("DFIQUV")
_UNALLOCATED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_FIRST = [c for c in string.ascii_uppercase if c not in _NEVER]
_SECOND = [c for c in string.ascii_uppercase if c not in _NEVER | {"O"}]
VALID_PREFIXES = sorted({a + b for a in _FIRST for b in _SECOND} - _UNALLOCATED)
INVALID_PREFIXES = sorted(
    {a + b for a in string.ascii_uppercase for b in string.ascii_uppercase} - set(VALID_PREFIXES)
)

digits6 = st.text(alphabet=string.digits, min_size=6, max_size=6)


def _nino(prefix, digits, suffix, spaced):
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def kinds(result):
    return [f.kind for f in result.findings]


@given(st.sampled_from(VALID_PREFIXES), digits6, st.sampled_from("ABCD"), st.booleans())
def test_every_valid_ni_number_is_found(prefix, digits, suffix, spaced):
    nino = _nino(prefix, digits, suffix, spaced)
    assert is_ni_number(nino)
    assert find_ni_numbers(f"Her National Insurance number is {nino}.") == [nino]


@given(st.sampled_from(INVALID_PREFIXES), digits6, st.sampled_from("ABCD"))
def test_a_prefix_hmrc_never_allocates_is_not_an_ni_number(prefix, digits, suffix):
    nino = f"{prefix}{digits}{suffix}"
    assert not is_ni_number(nino)
    assert find_ni_numbers(f"Reference {nino}") == []


@given(st.sampled_from(VALID_PREFIXES), digits6, st.sampled_from("EFGHJKLMNPQRSTUVWXYZ"))
def test_a_suffix_after_d_is_not_an_ni_number(prefix, digits, suffix):
    assert not is_ni_number(f"{prefix}{digits}{suffix}")


@pytest.mark.parametrize(
    "text",
    [
        "AB1234567C",  # seven digits
        "AB12345C",  # five digits
        "XAB123456C",  # part of a longer code
        "AB123456CD",
        "ab123456c",
    ],
)
def test_near_misses_are_not_ni_numbers(text):
    assert find_ni_numbers(text) == []


def test_ni_prefix_rules_the_brief_names():
    for prefix in ("DA", "FA", "IA", "QA", "UA", "VA", "AD", "AF", "AI", "AQ", "AU", "AV"):
        assert not is_ni_number(f"{prefix}123456A"), prefix
    for prefix in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "AO"):
        assert not is_ni_number(f"{prefix}123456A"), prefix
    for prefix in ("AB", "OA", "ZY", "JG", "CE"):
        assert is_ni_number(f"{prefix}123456A"), prefix


@pytest.mark.parametrize(
    "text",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)20 7946 0123",
        "020 7946 0123",
        "(0113) 496 0123",
        "0113-496-0123",
        "01632 960123",
        "0800 123 4567",
        "0800 1111",
    ],
)
def test_uk_phone_numbers_are_found(text):
    if text == "0800 1111":
        # Too short for a UK number (Childline's number is 0800 1111: eight digits).
        assert find_phones(f"Call {text} today") == []
    else:
        assert find_phones(f"Call {text} today") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Requests 12345 67890 received",
        "0770090012",  # a mobile number one digit short
        "Order 077009001234567",  # part of a longer number
        "Date 01/02/2023",
        "Case 2023/0412/77",
        "Total 1,234,567.00",
        "06123 456789",  # 06 is not a UK number range
    ],
)
def test_numbers_that_are_not_uk_phone_numbers(text):
    assert find_phones(text) == []


@given(st.text(alphabet="123456789", min_size=9, max_size=12))
def test_digit_runs_not_starting_with_zero_are_not_phone_numbers(digits):
    assert find_phones(f"Total: {digits}") == []


def test_personal_emails_are_found_but_role_mailboxes_are_not():
    text = (
        "Contact foi@police.example.uk or FOI.Requests@force.example.gov.uk, or write to "
        "jane.smith@force.example.gov.uk; the ICO is casework@ico.org.uk."
    )
    assert find_emails(text) == ["jane.smith@force.example.gov.uk"]


@pytest.mark.parametrize(
    "text", ["user@localhost", "@handle", "a@b", "name@example.c0m", "x@@y.com"]
)
def test_things_that_are_not_email_addresses(text):
    assert find_emails(text) == []


@pytest.mark.parametrize(
    "postcode", ["LS1 4AP", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A1BB"]
)
def test_uk_postcodes_are_recognised(postcode):
    assert find_postcodes(f"Address: 1 High St, {postcode}.") == [postcode]


@pytest.mark.parametrize("text", ["QQ1 1AA", "LS1 4CI", "V1 1AA", "12 345", "ABC 123"])
def test_things_that_are_not_postcodes(text):
    assert find_postcodes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mrs Khan", True),
        ("PC Jones", True),
        ("Dear Sarah Wood", True),
        ("Name: Okafor", True),
        ("James T. Kirk", True),
        ("Albert Road", False),
        ("Police Headquarters", False),
        ("Victoria Street", False),
        ("Total requests", False),
        ("January", False),
    ],
)
def test_what_looks_like_a_name(text, expected):
    assert looks_like_name(text) is expected


def test_a_postcode_on_its_own_is_not_reported():
    letterhead = "West Yorkshire Police\nPO Box 9\nWakefield WF1 3QP\nTel 101"
    assert check(letterhead.encode(), "letter.txt").status == "passed"


def test_a_postcode_under_a_name_is_reported_at_its_line():
    letter = "Response\n\nMr Alan Brown\n12 High Street\nLeeds\nLS1 4AP\n\nDear Mr Brown"
    result = check(letter.encode(), "letter.txt")
    assert kinds(result) == ["postcode_with_name"]
    assert result.findings[0].location == "line 6"


def test_messages_mask_what_they_found():
    text = "jane.smith@example.org, 07700 900123, AB 12 34 56 C"
    result = check(text.encode(), "notes.txt")
    assert sorted(kinds(result)) == ["email_address", "ni_number", "phone_number"]
    shown = " ".join(f.message for f in result.findings)
    assert "jane.smith" not in shown
    assert "900123" not in shown
    assert "12 34 56" not in shown
    assert "…@example.org" in shown
    assert "ending 123" in shown


@settings(max_examples=50)
@given(st.text(alphabet=string.ascii_letters + string.digits + " .,;:-\n", max_size=300))
def test_the_text_scan_never_fails(text):
    result = check(text.encode(), "t.txt")
    assert result.status in {"passed", "findings", "not_applicable"}
