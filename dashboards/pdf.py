"""The Board pack as a PDF: the same `board.Pack` the page shows, drawn with ReportLab.

ReportLab installs from PyPI alone (wheels, no system libraries), so `make run` on a
machine with only Python still produces the PDF. The charts are drawn from the same
geometry core.charts computes for the SVG (lines, bars, markers and placed labels), so
the PDF's charts are the page's charts; the tables are the charts' own tables.
"""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core import charts

from .board import Pack

MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN
#: Helvetica (one of the PDF standard fonts, so nothing to install or embed) covers
#: Windows-1252; the few characters outside it are written with their nearest neighbour.
_PLAIN = str.maketrans({"−": "-", "→": "to"})

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("rd-title", parent=_styles["Title"], fontName="Helvetica-Bold", fontSize=20, leading=24, alignment=0)  # fmt: skip
H2 = ParagraphStyle("rd-h2", parent=_styles["Heading2"], fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=10)  # fmt: skip
BODY = ParagraphStyle("rd-body", parent=_styles["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13)  # fmt: skip
SMALL = ParagraphStyle("rd-small", parent=BODY, fontSize=8, leading=10)
CELL = ParagraphStyle("rd-cell", parent=BODY, fontSize=7.5, leading=9)
CELL_RIGHT = ParagraphStyle("rd-cell-right", parent=CELL, alignment=TA_RIGHT)
CELL_HEAD = ParagraphStyle("rd-cell-head", parent=CELL, fontName="Helvetica-Bold")
CELL_HEAD_RIGHT = ParagraphStyle("rd-cell-head-right", parent=CELL_HEAD, alignment=TA_RIGHT)


def plain(text: object) -> str:
    return escape(str(text).translate(_PLAIN))


def drawing(chart: charts.Chart, width: float = WIDTH) -> Drawing:
    """The chart's geometry (SVG coordinates, y down) as a ReportLab drawing (y up),
    scaled to `width`."""
    scale = width / chart.width
    height = chart.height

    def y(value: float) -> float:
        return height - value

    d = Drawing(chart.width, chart.height)
    for x1, y1, x2, y2, colour, stroke, dash in chart.lines:
        line = Line(x1, y(y1), x2, y(y2), strokeColor=colors.HexColor(colour), strokeWidth=stroke)
        if dash:
            line.strokeDashArray = [float(part) for part in dash.split()]
        d.add(line)
    for x, top, w, h, colour, _title in chart.rects:
        d.add(
            Rect(
                x,
                y(top) - h,
                w,
                h,
                fillColor=colors.HexColor(colour),
                strokeColor=colors.white,
                strokeWidth=0.5,
            )
        )
    for points, colour, stroke in chart.polylines:
        flat = [coordinate for px, py in points for coordinate in (px, y(py))]
        d.add(PolyLine(flat, strokeColor=colors.HexColor(colour), strokeWidth=stroke))
    for cx, cy, r, colour in chart.circles:
        d.add(Circle(cx, y(cy), r, fillColor=colors.HexColor(colour), strokeColor=None))
    for label in chart.labels:
        d.add(
            String(
                label.x,
                y(label.y),
                label.text.translate(_PLAIN),
                fontName="Helvetica-Bold" if label.weight == "bold" else "Helvetica",
                fontSize=label.size,
                fillColor=colors.HexColor(label.colour),
                textAnchor=label.anchor,
            )
        )
    d.scale(scale, scale)
    d.width, d.height = chart.width * scale, chart.height * scale
    return d


def legend(chart: charts.Chart) -> Paragraph:
    items = [
        f'<font color="{item.colour}">{"•" if item.style == "bar" else "—"}</font> {plain(item.label)}'
        for item in chart.legend
    ]
    return Paragraph(" &nbsp;&nbsp; ".join(items), SMALL)


def table(chart_table: charts.Table) -> Table:
    header = [
        Paragraph(plain(text), CELL_HEAD if i == 0 else CELL_HEAD_RIGHT)
        for i, text in enumerate(chart_table.headers)
    ]
    body = []
    rows = list(chart_table.rows) + ([chart_table.total] if chart_table.total else [])
    for row in rows:
        label = plain(row.label) + (f" <b>({plain(row.flag)})</b>" if row.flag else "")
        body.append(
            [Paragraph(label, CELL_HEAD)] + [Paragraph(plain(c), CELL_RIGHT) for c in row.cells]
        )
    columns = len(chart_table.headers)
    first = min(WIDTH * 0.34, WIDTH / columns * 1.6) if columns > 1 else WIDTH
    rest = (WIDTH - first) / max(columns - 1, 1)
    result = Table(
        [header, *body], colWidths=[first] + [rest] * (columns - 1), repeatRows=1, hAlign="LEFT"
    )
    result.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor("#0b0c0c")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return result


def _chart_block(chart: charts.Chart) -> list:
    return [
        Paragraph(plain(chart.title), SMALL),
        Spacer(1, 2 * mm),
        drawing(chart),
        legend(chart),
        Spacer(1, 3 * mm),
        table(chart.table),
    ]


def _status_table(pack: Pack) -> Table:
    year_before = pack.month.replace(year=pack.month.year - 1)
    headers = [
        "Kind",
        "Due and answered on time",
        "Target",
        "Status",
        "Change on the month before",
        f"Change on {year_before:%B %Y}",
    ]
    rows = [
        [
            status.label,
            status.pct,
            f"{status.target:g}%",
            status.rag_label,
            status.change_on_month,
            status.change_on_year,
        ]
        for status in pack.statuses
    ]
    return table(
        charts.Table(
            "status",
            "Status",
            headers,
            [charts.TableRow(row[0], row[1:]) for row in rows],
        )
    )


def story(pack: Pack, context: dict, generated: datetime) -> list:
    month = pack.month
    parts: list = [
        Paragraph("Data Board monthly report", SMALL),
        Paragraph(plain(f"Information requests: {month:%B %Y}"), TITLE),
        Paragraph(
            plain(
                f"From the monthly snapshots. Generated {timezone.localtime(generated):%-d %B %Y %H:%M}. "
                f"Status: on target at or above the target; close to target within "
                f"{pack.band:g} points below it; below target further below."
            ),
            SMALL,
        ),
        Paragraph("This month against target", H2),
        _status_table(pack),
        Paragraph("Commentary from the Data Office", H2),
    ]
    if pack.commentary:
        for paragraph in pack.commentary.text.split("\n\n"):
            parts.append(Paragraph(plain(paragraph).replace("\n", "<br/>"), BODY))
        author = pack.commentary.author
        written = timezone.localtime(pack.commentary.created_at)
        parts.append(
            Paragraph(
                plain(
                    f"Written by {getattr(author, 'display_name', None) or author.get_username()} "
                    f"on {written:%-d %B %Y at %H:%M}"
                    + (f" (version {len(pack.versions)})" if len(pack.versions) > 1 else "")
                ),
                SMALL,
            )
        )
    else:
        parts.append(Paragraph("No commentary has been written for this month yet.", BODY))
    parts.append(CondPageBreak(90 * mm))
    parts.append(Paragraph("Timeliness: the last 13 months", H2))
    parts.extend(_chart_block(pack.trend))
    for panel in pack.panels:
        block: list = [Paragraph(plain(panel.heading), H2)]
        if panel.intro:
            block.append(Paragraph(plain(panel.intro), BODY))
        for note in panel.notes:
            block.append(Paragraph(plain(note), BODY))
        if panel.chart is None:
            block.append(Paragraph(plain(panel.empty), BODY))
            parts.append(KeepTogether(block))
            continue
        parts.append(CondPageBreak(80 * mm))
        parts.extend(block)
        parts.extend(_chart_block(panel.chart))
    return parts


def render_pack(pack: Pack, context: dict) -> bytes:
    buffer = io.BytesIO()
    title = f"Data Board: information requests, {pack.month:%B %Y}"

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(MARGIN, 10 * mm, title)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=title,
        author="Rights Desk",
        subject="Data Board monthly report",
    )
    document.build(story(pack, context, timezone.now()), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
