"""The release check: what a response document would give away if it were sent as it is.

Pure Python, no Django. One entry point::

    from core.release_check import check
    result = check(data, filename)        # data: the file's bytes
    result.status                         # "passed" | "findings" | "not_applicable"
    result.findings                       # list[Finding(kind, message, location)]
    result.as_dict()                      # {"status": ..., "findings": [{kind, message, location}]}
    result.file_type                      # what the content is: "xlsx", "pdf", ... or "unknown"

Contract
--------
* The type is worked out from the content (magic bytes, zip structure, OLE directory),
  never from `filename`, which is only a label. An xlsx called ``response.pdf`` is
  checked as a workbook.
* ``passed``: the file is of a type the check reads (xlsx/xlsm, xls, ods, csv or other
  plain text, docx, pdf), it was read to the end, and nothing was found.
* ``findings``: at least one finding. This includes the cases where the check could not
  look at everything (kinds ``unreadable``, ``unsafe_file``, ``too_large``, ``encrypted``,
  ``check_incomplete``, also given when the personal-data scan reached
  `Limits.max_text_units`): a file that could not be inspected is never reported as
  passed.
* ``not_applicable``: the content is not a type the check reads (an image, a pptx, a
  Word 97-2003 .doc, an empty file, an arbitrary zip). Nothing was checked; the caller
  decides what that means for release.
* ``check`` never raises for anything in `data`: hostile or damaged input becomes a
  finding. Zip containers are refused past `Limits.max_zip_entries` entries or
  `Limits.max_uncompressed_bytes` expanded; XML is parsed with defusedxml, or streamed
  through expat with the same refusals (no DTDs, entities or external references); the
  whole check stops after `Limits.seconds` with a ``check_incomplete`` finding and keeps
  what it found until then. The budget is checked between rows, paragraphs and pages,
  so one huge XML part can overrun it by the time it takes to parse that part.
* The check is CPU-bound and does no I/O (importing it sets the "pypdf" logger to ERROR,
  since pypdf logs every oddity of a damaged file): run it in a Celery task for
  large files, or pass a smaller `Limits(seconds=...)` on a web request. The result is
  a frozen dataclass; `as_dict()` is what the API returns.
* Findings of one kind are capped at `Limits.max_findings_per_kind`; the rest are counted
  in one last finding of that kind ("… and 12 more email addresses") with an empty
  location.
* `kind` is a stable code (see `Kind`; the API returns it, never rename one), `message`
  is a sentence for a caseworker, `location` says where: a sheet (``Staff``), a cell
  (``Staff!B3``, ``'Staff list'!B3``), ``page 2``, ``paragraph 14``,
  ``header 1, paragraph 2``, ``line 7``, ``document properties (author)``, a part name.
* Personal-data findings mask what they found (``j…@example.org``, a phone number's
  last three digits), so a stored result does not copy the data it warns about.
  Comments, tracked changes and hidden text are quoted (at most 60 characters) so the
  caseworker can find them: that text is in the stored document already.

What each type is checked for
-----------------------------
* xlsx: hidden and very hidden sheets, hidden rows and columns, comments and threaded
  comments, defined names that point at hidden sheets or hidden rows/columns (or are
  hidden themselves), pivot caches (and the personal data in them), external links and
  data connections, embedded objects, macros, author metadata, personal data in cells
  and in shapes and text boxes. A row or column of zero height or width counts as hidden.
* ods: hidden sheets, hidden rows and columns, comments, named ranges on hidden data or
  in other files, linked sheets, DDE links, pivot (DataPilot) tables, embedded objects,
  macros, author metadata, personal data in cells.
* xls: hidden and very hidden sheets, hidden rows and columns, notes, defined names on
  hidden data, links to other workbooks (their number, not their paths), pivot caches,
  embedded objects and macros (from the OLE directory), the "last saved by" name,
  personal data in text cells. If xlrd cannot read the formatting, a
  ``check_incomplete`` finding says hidden rows and columns were not checked.
* csv and plain text: personal data (cell ``B3`` for csv, ``line N`` for other text).
* docx: tracked changes (insertions, deletions, moves, formatting changes), comments,
  hidden text, embedded objects, macros, author and last-modified-by metadata, personal
  data in the body, headers, footers and notes (deleted text included).
* pdf: comments, other annotations, unapplied redaction marks, attached files,
  JavaScript, earlier versions kept by incremental saves, author metadata (Info and
  XMP), personal data in each page's text and in form field values.
* Personal data, every format: email addresses (not role mailboxes such as ``foi@``),
  UK phone numbers, National Insurance numbers (HMRC's prefix rules), and UK postcodes
  next to something that looks like a name.

Type-checked with ``mypy --strict core/release_check``.
"""

from __future__ import annotations

from . import docx, ods, ooxml, pdf, text, xls, xlsx
from .container import SafeZip
from .errors import CheckError, Encrypted, Unreadable
from .model import (
    ALL_KINDS,
    FINDINGS,
    NOT_APPLICABLE,
    PASSED,
    Budget,
    Finding,
    Kind,
    Limits,
    OutOfTime,
    Result,
    Status,
)
from .report import Report

__all__ = ["ALL_KINDS", "Finding", "Kind", "Limits", "Result", "Status", "check", "detect_type"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ODS_TYPES = (
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
)
_MB = 1024 * 1024


def check(data: bytes, filename: str = "", limits: Limits | None = None) -> Result:
    """Inspect one document before release. `filename` is a label only (see above)."""
    limits = limits or Limits()
    budget = Budget(limits)
    report = Report(limits.max_findings_per_kind)
    seen = _Seen()
    try:
        if not data:
            return Result(status=NOT_APPLICABLE, findings=[], file_type="empty")
        if len(data) > limits.max_bytes:
            report.add(
                Kind.TOO_LARGE,
                f"The file is {len(data) // _MB} MB, more than the {limits.max_bytes // _MB} MB "
                "the check reads, so it was not checked",
            )
        else:
            _check_content(data, report, budget, seen)
    except OutOfTime:
        report.add(
            Kind.CHECK_INCOMPLETE,
            f"The check stopped after {limits.seconds:g} seconds before reading the whole "
            "file; anything listed was found before it stopped",
        )
    except CheckError as exc:
        report.add(exc.kind, exc.message)
    except RecursionError:
        report.add(Kind.UNREADABLE, "The file is nested too deeply to be read")
    except Exception as exc:
        report.add(
            Kind.UNREADABLE,
            f"The file could not be read to the end ({type(exc).__name__}); it may be damaged",
        )
    if budget.text_exhausted:
        report.add(
            Kind.CHECK_INCOMPLETE,
            f"The personal-data scan stopped after {limits.max_text_units} rows, paragraphs "
            "or pages; the rest of the file was not scanned for personal data",
        )
    findings = report.findings()
    if findings:
        return Result(status=FINDINGS, findings=findings, file_type=seen.file_type)
    if not seen.applicable:
        return Result(status=NOT_APPLICABLE, findings=[], file_type=seen.file_type)
    return Result(status=PASSED, findings=[], file_type=seen.file_type)


class _Seen:
    """What the content turned out to be, kept even when reading it fails."""

    def __init__(self) -> None:
        self.file_type = "unknown"
        self.applicable = True


def detect_type(data: bytes, limits: Limits | None = None) -> str:
    """What the content is: xlsx, docx, ods, xls, pdf, csv, text, zip, ole or unknown."""
    try:
        return _detect(data, Budget(limits or Limits()))[0]
    except Exception:
        if data.startswith(_ZIP_MAGIC):
            return "zip"
        return "ole" if data.startswith(_OLE_MAGIC) else "unknown"


def _detect(data: bytes, budget: Budget) -> tuple[str, object]:
    if data.startswith(_ZIP_MAGIC):
        zf = SafeZip(data, budget)
        if zf.has("mimetype"):
            mimetype = zf.read("mimetype")[:200].decode("ascii", "replace").strip()
            return ("ods" if mimetype in _ODS_TYPES else "zip"), zf
        main = ooxml.main_part(zf) if zf.has("_rels/.rels") else None
        if main:
            content_type = zf.content_type(main).lower()
            if "spreadsheetml" in content_type or "ms-excel" in content_type:
                return "xlsx", zf
            if "wordprocessingml" in content_type or "ms-word" in content_type:
                return "docx", zf
            if not content_type and main.endswith("workbook.xml"):
                return "xlsx", zf
            if not content_type and main.endswith("document.xml"):
                return "docx", zf
        return "zip", zf
    if data.startswith(_OLE_MAGIC):
        names = xls.stream_names(data)
        if names is None:
            raise Unreadable("The file is damaged: its OLE2 structure could not be read.")
        if "EncryptedPackage" in names:
            return "encrypted_office", names
        if "Workbook" in names or "Book" in names:
            return "xls", names
        return "ole", names
    if b"%PDF-" in data[:1024]:
        return "pdf", None
    decoded = text.decode_text(data)
    if decoded is not None:
        delimiter = text.looks_like_csv(decoded)
        return ("csv", (decoded, delimiter)) if delimiter else ("text", decoded)
    return "unknown", None


def _check_content(data: bytes, report: Report, budget: Budget, seen: _Seen) -> None:
    if data.startswith(_ZIP_MAGIC):
        seen.file_type = "zip"
    elif data.startswith(_OLE_MAGIC):
        seen.file_type = "ole"
    file_type, handle = _detect(data, budget)
    seen.file_type = file_type
    if file_type == "xlsx" and isinstance(handle, SafeZip):
        xlsx.check_xlsx(handle, report, budget)
    elif file_type == "docx" and isinstance(handle, SafeZip):
        docx.check_docx(handle, report, budget)
    elif file_type == "ods" and isinstance(handle, SafeZip):
        ods.check_ods(handle, report, budget)
    elif file_type == "xls" and isinstance(handle, list):
        xls.check_xls(data, [str(n) for n in handle], report, budget)
    elif file_type == "encrypted_office":
        raise Encrypted("The file is password-protected, so its contents could not be checked.")
    elif file_type == "pdf":
        pdf.check_pdf(data, report, budget)
    elif file_type == "csv" and isinstance(handle, tuple):
        decoded, delimiter = handle
        text.check_csv(str(decoded), str(delimiter), report, budget)
    elif file_type == "text" and isinstance(handle, str):
        text.check_text(handle, report, budget)
    else:
        seen.applicable = False
