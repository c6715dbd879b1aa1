"""Word documents (docx): tracked changes, comments, hidden text, embedded files,
author metadata, and personal data in the body, headers, footers and notes."""

from __future__ import annotations

import posixpath
import re
from xml.etree.ElementTree import Element

from . import ooxml
from .container import SafeZip, attr, descendants, local
from .model import Budget, Kind
from .personal import scan_identifiers, scan_passages
from .report import Report

_TEXT_TAGS = frozenset({"t", "delText"})
_CHANGE_TAGS = {
    "ins": "insertion",
    "del": "deletion",
    "moveFrom": "move",
    "moveTo": "move",
    "rPrChange": "formatting change",
    "pPrChange": "formatting change",
}
_OTHER_PARTS = re.compile(r"(header|footer)(\d*)\.xml$|(footnotes|endnotes)\.xml$")


def check_docx(zf: SafeZip, report: Report, budget: Budget) -> None:
    document_part = ooxml.main_part(zf) or "word/document.xml"
    folder = posixpath.dirname(document_part) or "word"
    comment_places = _check_part(zf, document_part, "", report, budget)
    for name in sorted(zf.names):
        if posixpath.dirname(name) != folder:
            continue
        m = _OTHER_PARTS.search(posixpath.basename(name))
        if m:
            label = f"{m.group(1)} {m.group(2) or 1}, " if m.group(1) else f"{m.group(3)}, "
            _check_part(zf, name, label, report, budget)
    _check_comments(zf, document_part, comment_places, report)
    ooxml.report_embedded(zf, report, folder)
    ooxml.report_core_properties(zf, report)


def _paragraph_text(paragraph: Element) -> str:
    parts = []
    for element in paragraph.iter():
        name = local(element.tag)
        if name in _TEXT_TAGS:
            parts.append(element.text or "")
        elif name in ("tab", "br", "cr"):
            parts.append(" ")
    return "".join(parts)


def _is_vanished(run: Element) -> bool:
    for properties in run:
        if local(properties.tag) != "rPr":
            continue
        for flag in properties:
            if local(flag.tag) in ("vanish", "specVanish"):
                return (attr(flag, "val") or "true").lower() not in ("0", "false", "off")
    return False


def _check_part(
    zf: SafeZip, part: str, label: str, report: Report, budget: Budget
) -> dict[str, str]:
    """Check one part's paragraphs; return where each comment is anchored."""
    root = zf.xml(part)
    comment_places: dict[str, str] = {}
    passages: list[tuple[str, str]] = []
    for number, paragraph in enumerate(descendants(root, "p"), start=1):
        if number % 200 == 0:
            budget.tick()
        location = f"{label}paragraph {number}"
        counts: dict[str, int] = {}
        authors: set[str] = set()
        deleted: list[str] = []
        hidden: list[str] = []
        for element in paragraph.iter():
            name = local(element.tag)
            if name in _CHANGE_TAGS:
                what = _CHANGE_TAGS[name]
                counts[what] = counts.get(what, 0) + 1
                author = attr(element, "author")
                if author:
                    authors.add(author[:60])
                if name in ("del", "moveFrom"):
                    deleted.append("".join(t.text or "" for t in descendants(element, "delText")))
                    deleted.append("".join(t.text or "" for t in descendants(element, "t")))
            elif name == "r" and _is_vanished(element):
                hidden.append("".join(t.text or "" for t in descendants(element, "t")))
            elif name in ("commentRangeStart", "commentReference"):
                comment_places.setdefault(attr(element, "id") or "", location)
        if counts:
            summary = ", ".join(
                f"{n} {what}{'s' if n != 1 else ''}" for what, n in sorted(counts.items())
            )
            by = f" by {', '.join(sorted(authors))}" if authors else ""
            removed = " ".join(d for d in deleted if d.strip()).strip()
            shown = f"; deleted text still in the file: '{removed[:60]}'" if removed else ""
            report.add(
                Kind.TRACKED_CHANGE,
                f"Tracked changes not accepted or rejected{by}: {summary}{shown}",
                location,
            )
        hidden_text = " ".join(h for h in hidden if h.strip()).strip()
        if hidden_text:
            report.add(
                Kind.HIDDEN_TEXT,
                f"Text formatted as hidden, which does not show on screen but is in the "
                f"file: '{hidden_text[:60]}'",
                location,
            )
        text = _paragraph_text(paragraph)
        if budget.count_text():
            passages.append((location, text))
    scan_passages(report, passages)
    return comment_places


def _check_comments(
    zf: SafeZip, document_part: str, places: dict[str, str], report: Report
) -> None:
    for rel in zf.relationships(document_part):
        if rel.external or rel.type_name != "comments" or not zf.has(rel.target):
            continue
        for number, comment in enumerate(descendants(zf.xml(rel.target), "comment"), start=1):
            author = (attr(comment, "author") or "").strip()
            body = " ".join(_paragraph_text(p) for p in descendants(comment, "p")).strip()
            location = places.get(attr(comment, "id") or "", f"comment {number}")
            by = f" by {author[:60]}" if author else ""
            report.add(Kind.COMMENT, f"Comment{by}: '{body[:60]}'", location)
            scan_identifiers(report, body, f"{location} (comment)")
