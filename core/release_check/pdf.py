"""PDF documents, read with pypdf: annotations and comments, unapplied redactions,
embedded files, JavaScript, author metadata, and personal data in each page's text."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject

from .container import descendants, parse_xml
from .errors import Encrypted, Unreadable, UnsafeFile
from .model import Budget, Kind
from .personal import scan_identifiers, scan_passages
from .report import Report

_COMMENT_TYPES = frozenset({"/Text", "/FreeText"})
_SILENT_TYPES = frozenset({"/Link", "/Widget", "/Popup", "/PrinterMark", "/TrapNet"})
_MAX_TREE_DEPTH = 32
_MAX_TREE_NODES = 10_000
_MAX_XMP_BYTES = 4 * 1024 * 1024

# pypdf reports every oddity of a damaged file through logging; the check's own
# findings say what matters, so keep pypdf's warnings out of the application log.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _resolve(value: Any) -> Any:
    for _ in range(8):
        if isinstance(value, IndirectObject):
            value = value.get_object()
        else:
            break
    return value


def _get(dictionary: Any, key: str) -> Any:
    dictionary = _resolve(dictionary)
    if isinstance(dictionary, DictionaryObject):
        return _resolve(dictionary.get(key))
    return None


def _text(value: Any) -> str:
    value = _resolve(value)
    return str(value).strip() if value is not None else ""


def check_pdf(data: bytes, report: Report, budget: Budget) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (PdfReadError, PyPdfError, ValueError, OSError, KeyError, TypeError) as exc:
        raise Unreadable("The PDF is damaged and could not be read.") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError, PdfReadError) as exc:
            raise Encrypted("The PDF is encrypted, so its contents could not be checked.") from exc
        if not opened:
            raise Encrypted("The PDF is password-protected, so its contents could not be checked.")

    _check_revisions(data, report)
    _check_metadata(reader, report)
    root = reader.root_object
    _check_catalog(reader, root, report)
    _check_form_fields(reader, report)
    try:
        pages = list(reader.pages)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise Unreadable("The PDF's page tree is damaged, so its pages could not be read.") from exc
    for number, page in enumerate(pages, start=1):
        budget.tick()
        location = f"page {number}"
        try:
            _check_page_annotations(page, location, report)
            if _has_javascript(_get(page, "/AA")):
                report.add(Kind.JAVASCRIPT, "The page runs JavaScript when opened", location)
            if budget.count_text():
                text = page.extract_text() or ""
                scan_passages(report, ((location, line) for line in text.splitlines()))
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            report.add(
                Kind.UNREADABLE,
                f"Part of this page is damaged and could not be checked ({type(exc).__name__})",
                location,
            )


def _check_revisions(data: bytes, report: Report) -> None:
    """An incremental update appends to a PDF and keeps what it replaced: text covered or
    removed in a later save (a redaction drawn on top, a deleted page) is still there.
    Each save ends with %%EOF; a linearized ("fast web view") file has one extra."""
    ends = data.count(b"%%EOF")
    linearized = b"/Linearized" in data[:2048]
    saves = ends - 1 if linearized else ends
    if saves > 1:
        report.add(
            Kind.EARLIER_VERSIONS,
            f"The PDF was saved {saves} times by adding to the file, so it still holds "
            f"{saves - 1} earlier version{'s' if saves != 2 else ''}: anything removed or "
            "covered up in a later save can be recovered",
            "document",
        )


def _check_form_fields(reader: PdfReader, report: Report) -> None:
    """Form field values, which text extraction does not see."""
    try:
        fields = reader.get_fields() or {}
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return
    for name, field in list(fields.items())[:5_000]:
        value = _text(field.get("/V")) if isinstance(field, dict) else ""
        if value:
            scan_identifiers(report, value, f"form field '{str(name)[:60]}'")


def _check_metadata(reader: PdfReader, report: Report) -> None:
    try:
        info = reader.metadata
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError):
        info = None
    if info is not None and info.author and str(info.author).strip():
        report.add(
            Kind.AUTHOR_METADATA,
            f"The file's properties name its author: '{str(info.author).strip()[:80]}'",
            "document properties (author)",
        )
    author = str(info.author).strip() if info is not None and info.author else ""
    for creator in _xmp_creators(reader, report):
        if creator != author:
            report.add(
                Kind.AUTHOR_METADATA,
                f"The file's XMP metadata names its author: '{creator[:80]}'",
                "document properties (XMP author)",
            )


def _xmp_creators(reader: PdfReader, report: Report) -> list[str]:
    """dc:creator in the XMP metadata stream, parsed with defusedxml (not pypdf's
    minidom), so a DTD or entity bomb there is refused and reported."""
    try:
        stream = _get(reader.root_object, "/Metadata")
        if not isinstance(stream, StreamObject):
            return []
        data = stream.get_data()
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return []
    if len(data) > _MAX_XMP_BYTES:
        return []
    try:
        root = parse_xml(data, "XMP metadata")
    except UnsafeFile as exc:
        report.add(Kind.UNSAFE_FILE, exc.message, "document properties (XMP)")
        return []
    except Unreadable:
        return []
    return [
        (item.text or "").strip()
        for creator in descendants(root, "creator")
        for item in descendants(creator, "li")
        if (item.text or "").strip()
    ]


def _name_tree(node: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """The (name, value) pairs of a PDF name tree, with its depth and size bounded."""
    seen = 0
    stack: list[tuple[Any, int]] = [(node, depth)]
    while stack and seen < _MAX_TREE_NODES:
        current, level = stack.pop()
        current = _resolve(current)
        seen += 1
        if not isinstance(current, DictionaryObject) or level > _MAX_TREE_DEPTH:
            continue
        names = _resolve(current.get("/Names"))
        if isinstance(names, ArrayObject):
            for i in range(0, len(names) - 1, 2):
                yield _text(names[i]), _resolve(names[i + 1])
        kids = _resolve(current.get("/Kids"))
        if isinstance(kids, ArrayObject):
            stack.extend((kid, level + 1) for kid in kids[:_MAX_TREE_NODES])


def _has_javascript(action: Any, depth: int = 0) -> bool:
    """An action (or additional-actions dictionary) that is or leads to JavaScript."""
    action = _resolve(action)
    if not isinstance(action, DictionaryObject) or depth > 8:
        return False
    if _text(action.get("/S")) == "/JavaScript" or "/JS" in action:
        return True
    for key, value in action.items():
        if key in (
            "/Next",
            "/O",
            "/C",
            "/K",
            "/F",
            "/V",
            "/Fo",
            "/Bl",
            "/WC",
            "/WS",
            "/DS",
            "/WP",
            "/DP",
            "/PO",
            "/PC",
            "/PV",
            "/PI",
            "/E",
            "/X",
            "/D",
            "/U",
        ):
            value = _resolve(value)
            items = value if isinstance(value, ArrayObject) else [value]
            if any(_has_javascript(item, depth + 1) for item in items):
                return True
    return False


def _check_catalog(reader: PdfReader, root: PdfObject, report: Report) -> None:
    names = _get(root, "/Names")
    for _name, _value in _name_tree(_get(names, "/JavaScript")):
        report.add(
            Kind.JAVASCRIPT, "The PDF carries a document-level script (JavaScript)", "document"
        )
    if _has_javascript(_get(root, "/OpenAction")) or _has_javascript(_get(root, "/AA")):
        report.add(Kind.JAVASCRIPT, "The PDF runs JavaScript when it is opened", "document")
    embedded = [name for name, _value in _name_tree(_get(names, "/EmbeddedFiles"))]
    if not embedded:
        try:
            embedded = [f.name for f in reader.attachment_list]
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
            embedded = []
    for name in embedded:
        report.add(
            Kind.EMBEDDED_FILE,
            f"The PDF has an attached file: '{name[:80]}'",
            "document (attachments)",
        )


def _check_page_annotations(page: Any, location: str, report: Report) -> None:
    annotations = _get(page, "/Annots")
    if not isinstance(annotations, ArrayObject):
        return
    for item in annotations[:5_000]:
        annotation = _resolve(item)
        if not isinstance(annotation, DictionaryObject):
            continue
        subtype = _text(annotation.get("/Subtype"))
        contents = _text(annotation.get("/Contents"))
        author = _text(annotation.get("/T"))
        by = f" by {author[:60]}" if author else ""
        said = f": '{contents[:60]}'" if contents else ""
        if _has_javascript(annotation.get("/A")) or _has_javascript(annotation.get("/AA")):
            report.add(Kind.JAVASCRIPT, "A link or field on this page runs JavaScript", location)
        if subtype in _SILENT_TYPES:
            continue
        if subtype == "/Redact":
            report.add(
                Kind.UNAPPLIED_REDACTION,
                "A redaction is marked but not applied: the text under it is still in the file",
                location,
            )
        elif subtype == "/FileAttachment":
            file_spec = _resolve(annotation.get("/FS"))
            name = _text(_get(file_spec, "/UF")) or _text(_get(file_spec, "/F")) or "a file"
            report.add(
                Kind.EMBEDDED_FILE, f"A file is attached on this page: '{name[:80]}'", location
            )
        elif subtype in _COMMENT_TYPES:
            report.add(Kind.COMMENT, f"Comment{by}{said}", location)
        else:
            kind = subtype.lstrip("/") or "unknown"
            report.add(Kind.ANNOTATION, f"Annotation ({kind}){by}{said}", location)
        if contents:
            scan_identifiers(report, contents, f"{location} (annotation)")
