"""Text that looks like personal data: email addresses, UK phone numbers, National
Insurance numbers, and UK postcodes next to something that looks like a name.

The patterns aim low on false positives: a role mailbox (foi@, enquiries@ …) is not
personal data, a phone number must have the length and prefix of a real UK number, a
National Insurance number must follow HMRC's allocation rules, and a postcode on its own
(the force headquarters on a letterhead) is not reported unless a name is beside it.
Messages mask what they found, so the check's result never copies the personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .model import Kind
from .report import Report

# --- email -------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![\w-])"
)

#: Mailboxes of a role, not a person (compared without dots, dashes and underscores).
ROLE_MAILBOXES = frozenset(
    {
        "foi", "foirequests", "foiteam", "freedomofinformation", "informationrights",
        "informationmanagement", "inforights", "dataprotection", "dpo", "sar", "subjectaccess",
        "info", "enquiries", "enquiry", "contact", "contactus", "casework", "complaints",
        "admin", "office", "hello", "help", "support", "noreply", "donotreply", "press",
        "media", "communications", "records", "disclosure", "publicaccess", "feedback",
    }
)  # fmt: skip


def find_emails(text: str) -> list[str]:
    found = []
    for m in _EMAIL.finditer(text):
        local = re.sub(r"[._-]", "", m.group(1).lower())
        if local in ROLE_MAILBOXES:
            continue
        found.append(m.group(0))
    return found


# --- UK phone numbers --------------------------------------------------------------

_PHONE = re.compile(r"(?<![\w+])(?:\+44[ ]?(?:\(0\)[ ]?)?|\(?0)(?:\d[ \-)]{0,2}){8,10}\d(?![\d])")


def normalise_phone(candidate: str) -> str:
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))
    if candidate.startswith("+44"):
        digits = "0" + digits[2:]
    return digits


def is_uk_phone(digits: str) -> bool:
    """A national-format UK number: 11 digits starting 01, 02, 03, 07 or 08, or one of
    the 10-digit forms (some 01 areas, 0800)."""
    if not digits.startswith("0"):
        return False
    if len(digits) == 11:
        return digits[1] in "12378"
    if len(digits) == 10:
        return digits.startswith("01") or digits.startswith("0800")
    return False


def find_phones(text: str) -> list[str]:
    found = []
    for m in _PHONE.finditer(text):
        candidate = m.group(0).rstrip(" -)")
        if is_uk_phone(normalise_phone(candidate)):
            found.append(candidate)
    return found


# --- National Insurance numbers ----------------------------------------------------

#: HMRC: D, F, I, Q, U and V are not used as either prefix letter; O is not used as
#: the second; these prefixes are not allocated.
_NI_UNUSED = frozenset("DFIQUV")
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NI = re.compile(
    r"(?<![A-Za-z0-9])([A-Z])([A-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])"
)


def is_valid_ni_prefix(prefix: str) -> bool:
    if len(prefix) != 2 or not prefix.isascii() or not prefix.isupper():
        return False
    first, second = prefix[0], prefix[1]
    if first in _NI_UNUSED or second in _NI_UNUSED or second == "O":
        return False
    return prefix not in _NI_BAD_PREFIXES


def is_ni_number(text: str) -> bool:
    """True when the whole of `text` is a National Insurance number (spaces allowed)."""
    m = _NI.fullmatch(text.strip())
    return m is not None and is_valid_ni_prefix(m.group(1) + m.group(2))


def find_ni_numbers(text: str) -> list[str]:
    return [m.group(0) for m in _NI.finditer(text) if is_valid_ni_prefix(m.group(1) + m.group(2))]


# --- postcodes and names -----------------------------------------------------------

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]\d[ABEHMNPRVWXY]|[A-HK-Y]\d{1,2}"
    r"|\d[A-HJKPSTUW]|\d{1,2}) ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)

_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|PC|DC|PCSO|Sgt|DS|Insp|DI|DCI|Supt|"
    r"Ch Insp|Ch Supt|Det Con|Det Sgt|Constable|Sergeant|Inspector"
)


def _words(text: str) -> list[str]:
    return text.split()


#: Common given names in the UK; names that are also everyday words or street names
#: (May, Mark, Victoria, Grace …) are left out on purpose.
GIVEN_NAMES = frozenset(
    _words(
        """
    Aaron Abdul Abigail Adam Adrian Ahmed Aisha Alan Albert Alex Alexander Alexandra Ali
    Alice Alison Amanda Amelia Amy Andrew Angela Anna Anne Anthony Ashley Barbara Ben
    Benjamin Beth Bethany Bilal Brian Callum Carl Carol Caroline Catherine Charles
    Charlotte Chloe Christine Christopher Claire Colin Connor Craig Daniel Darren David
    Dean Deborah Denise Dennis Derek Diane Dominic Donna Dylan Edward Eleanor Elizabeth
    Ella Ellie Emily Emma Eric Ethan Fatima Fiona Frances Francesca Gareth Gary Gemma
    Geoffrey George Georgia Gillian Graham Hannah Harry Harvey Hayley Heather Helen Holly
    Ian Imran Isabella Isla Jack Jacob Jacqueline James Jamie Jane Janet Jason Jasmine
    Jennifer Jessica Joan Joanne John Jonathan Joseph Joshua Julie Karen Katherine Kathleen
    Kayleigh Keith Kelly Kenneth Kevin Kieran Laura Lauren Leah Lee Leon Liam Linda Lisa
    Louise Lucy Luke Mandy Margaret Maria Martin Mary Matthew Megan Melanie Michael
    Michelle Mohammed Mohammad Muhammad Natalie Nathan Neil Nicholas Nicola Niamh Oliver
    Olivia Omar Owen Patricia Patrick Paul Pauline Peter Philip Priya Rachel Rebecca Richard
    Robert Ryan Sadia Samantha Samuel Sandra Sarah Scott Sean Sharon Shaun Simon Sophie
    Stephen Steven Stuart Susan Tariq Thomas Timothy Tracey Usman Valerie Vanessa Wendy
    William Yasmin Zainab Zoe
    """
    )
)

#: Words that follow a given name in places rather than people ("Albert Road").
_PLACE_WORDS = frozenset(
    _words(
        """
    Road Street Lane Avenue Close Drive Way Place Court House Park Square Gardens Terrace
    Crescent Hill Station Building Centre Hall Row Walk Grove Mews Parade Estate Bridge
    Hospital School College Street. Rd St Ave
    """
    )
)

_CAP_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_TITLE_NAME = re.compile(rf"\b(?:{_TITLES})\.? +{_CAP_WORD}")
# A lookahead, so that "Dear Sarah Wood" is tried at "Sarah" as well as at "Dear".
_GIVEN_SURNAME = re.compile(rf"(?=\b({_CAP_WORD}) +(?:[A-Z]\.? +)?({_CAP_WORD}|[A-Z]{{2,}}\b))")
_LABELLED_NAME = re.compile(rf"\b(?:[Nn]ame|[Ss]urname|[Ff]orename)s? *[:\-] *{_CAP_WORD}")
_NAME_HEADERS = frozenset(
    {
        "name", "names", "full name", "fullname", "surname", "last name", "family name",
        "first name", "forename", "forenames", "given name", "staff name", "employee",
        "employee name", "officer", "officer name", "requester", "requester name",
        "applicant", "data subject", "contact name",
    }
)  # fmt: skip


def looks_like_name(text: str) -> bool:
    """A title and a surname ("Mrs Khan", "PC Jones"), a label ("Name: Jones"), or a
    common given name followed by a capitalised word that is not a street ("Sarah Wood")."""
    if _TITLE_NAME.search(text) or _LABELLED_NAME.search(text):
        return True
    for m in _GIVEN_SURNAME.finditer(text):
        if m.group(1) in GIVEN_NAMES and m.group(2).rstrip(".") not in _PLACE_WORDS:
            return True
    return False


def is_name_header(text: str) -> bool:
    return " ".join(text.strip().lower().replace("_", " ").split()) in _NAME_HEADERS


def find_postcodes(text: str) -> list[str]:
    return [m.group(1) for m in _POSTCODE.finditer(text)]


# --- masking -----------------------------------------------------------------------


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}…@{domain}"


def _mask_phone(value: str) -> str:
    digits = normalise_phone(value)
    return f"ending {digits[-3:]}"


def _mask_ni(value: str) -> str:
    return f"{value[:2]}…"


def _mask_postcode(value: str) -> str:
    outward = value.replace(" ", "")[:-3]
    return f"{outward} …"


# --- scanning ----------------------------------------------------------------------


def scan_identifiers(report: Report, text: str, location: str) -> None:
    """Email addresses, phone numbers and NI numbers in one piece of text."""
    if not text or len(text) < 6:
        return
    if "@" in text:
        for value in find_emails(text):
            report.add(
                Kind.EMAIL_ADDRESS,
                f"Looks like a personal email address ({_mask_email(value)})",
                location,
            )
    if "0" in text:
        for value in find_phones(text):
            report.add(
                Kind.PHONE_NUMBER,
                f"Looks like a UK phone number ({_mask_phone(value)})",
                location,
            )
    for value in find_ni_numbers(text):
        report.add(
            Kind.NI_NUMBER,
            f"Looks like a National Insurance number ({_mask_ni(value)})",
            location,
        )


def _report_postcode(report: Report, postcode: str, location: str) -> None:
    report.add(
        Kind.POSTCODE_WITH_NAME,
        f"A postcode ({_mask_postcode(postcode)}) next to what looks like a name",
        location,
    )


def scan_passages(report: Report, passages: Iterable[tuple[str, str]]) -> None:
    """Scan a document's passages (paragraphs, lines) in reading order.

    A postcode counts when a name appears in the same passage or in the few passages
    before it (an address block is several paragraphs: name, street, town, postcode).
    """
    recent: list[str] = []
    for location, text in passages:
        scan_identifiers(report, text, location)
        if text.strip():
            recent.append(text)
            del recent[:-5]
        postcodes = find_postcodes(text)
        if postcodes and looks_like_name(" \n".join(recent)[-400:]):
            for postcode in postcodes:
                _report_postcode(report, postcode, location)


def scan_row(
    report: Report,
    cells: Sequence[tuple[str, str]],
    name_columns: frozenset[str] = frozenset(),
) -> None:
    """Scan one spreadsheet row of (location, text) cells. `name_columns` holds the
    column letters whose header says they hold names. A postcode counts when another
    cell in the row looks like a name or is filled in under a name header."""
    postcodes: list[tuple[str, str]] = []
    for location, text in cells:
        scan_identifiers(report, text, location)
        for postcode in find_postcodes(text):
            postcodes.append((location, postcode))
    if postcodes and any(
        text.strip() and (_column_of(location) in name_columns or looks_like_name(text))
        for location, text in cells
    ):
        for location, postcode in postcodes:
            _report_postcode(report, postcode, location)


def _column_of(location: str) -> str:
    cell = location.rsplit("!", 1)[-1]
    return "".join(ch for ch in cell if ch.isalpha())


def name_columns_from_header(cells: Sequence[tuple[str, str]]) -> frozenset[str]:
    return frozenset(_column_of(loc) for loc, text in cells if is_name_header(text))
