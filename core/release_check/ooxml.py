"""What xlsx and docx share: the package's main part, its properties, embedded files."""

from __future__ import annotations

import posixpath

from .container import SafeZip, local
from .model import Kind
from .report import Report

OFFICE_DOCUMENT = "officeDocument"


def main_part(zf: SafeZip) -> str | None:
    for rel in zf.relationships(""):
        if rel.type_name == OFFICE_DOCUMENT and not rel.external:
            return rel.target
    return None


def report_core_properties(zf: SafeZip, report: Report) -> None:
    """docProps/core.xml: who created the file and who last saved it."""
    part = next(
        (r.target for r in zf.relationships("") if r.type_name == "core-properties"),
        "docProps/core.xml",
    )
    if not zf.has(part):
        return
    root = zf.xml(part)
    labels = {"creator": "author", "lastModifiedBy": "last saved by"}
    sentences = {"creator": "name its author", "lastModifiedBy": "name who last saved it"}
    for element in root.iter():
        name = local(element.tag)
        value = (element.text or "").strip()
        if name in labels and value:
            report.add(
                Kind.AUTHOR_METADATA,
                f"The file's properties {sentences[name]}: '{value[:80]}'",
                f"document properties ({labels[name]})",
            )


def report_embedded(zf: SafeZip, report: Report, folder: str) -> None:
    """Embedded files and objects (word/embeddings/, xl/embeddings/) and macros."""
    for name in zf.names:
        lower = name.lower()
        if posixpath.basename(lower) == "vbaproject.bin":
            report.add(
                Kind.MACROS,
                "The file contains macros (a VBA project), which can hold code and data",
                name,
            )
        elif lower.startswith(f"{folder}/embeddings/") or lower.startswith(f"{folder}/activex/"):
            report.add(
                Kind.EMBEDDED_FILE,
                f"The file has an embedded file or object: '{posixpath.basename(name)}'",
                name,
            )
