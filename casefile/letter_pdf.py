"""A letter as a PDF (reportlab, as the Board pack): A4, the organisation at the top,
the words in paragraphs. Plain text in, bytes out; nothing here reads the database."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer


def letter_pdf(*, organisation: str, title: str, body: str, date_words: str) -> bytes:
    """The PDF of one letter. `body` is plain text: blank lines separate paragraphs and
    single line breaks are kept; nothing in it is read as markup."""
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=organisation,
        subject=title,
        creator="Rights Desk",
    )
    story = [
        Paragraph(escape(organisation), styles["Heading2"]),
        Paragraph(escape(date_words), styles["Normal"]),
        Spacer(1, 8 * mm),
    ]
    for paragraph in body.strip().split("\n\n"):
        text = "<br/>".join(escape(line) for line in paragraph.splitlines())
        story += [Paragraph(text, styles["BodyText"]), Spacer(1, 3 * mm)]
    document.build(story)
    return out.getvalue()
