"""The one SVG chart module: line charts (with reference lines such as a target or a
year's average) and bar charts (grouped or stacked, vertical or horizontal), drawn on the
server so the figures can be read without JavaScript.

Every chart is an image with a title and a description (`role="img"`, `<title>`,
`<desc>`), and carries the table of the same figures that the template partial
`core/_chart.html` puts beside or below it (the rule: every figure on a chart is also in a
table). Text labels are placed, not just drawn: each label's box is estimated from the
font's advance widths, and a label that would cover another label or a line is moved to
the next free place (nudged above or below, then to a row under the chart), so no two
labels ever overlap.

Pure: no Django, no models. The chart and its SVG know nothing of where the figures came
from; callers pass plain numbers and say how a value is written in the table.

The package: `model` (what a chart is), `layout` (where its labels go), `draw` (building
line and bar charts, and their SVG). Import from `core.charts`.
"""

from .draw import bar_chart, label_boxes, line_chart, render_svg
from .layout import _segment_hits_box, nice_step
from .model import (
    BLACK,
    BLUE,
    FALLBACK_FONT_FACTOR,
    FONT_SIZE,
    GREEN,
    GREY,
    LABEL_SIZE,
    NO_DATA,
    PALETTE,
    RED,
    Box,
    Chart,
    Column,
    Label,
    LegendItem,
    Reference,
    Series,
    SvgMarkup,
    Table,
    TableRow,
    format_number,
    text_width,
)

__all__ = [
    "BLACK",
    "BLUE",
    "FALLBACK_FONT_FACTOR",
    "FONT_SIZE",
    "GREEN",
    "GREY",
    "LABEL_SIZE",
    "NO_DATA",
    "PALETTE",
    "RED",
    "Box",
    "Chart",
    "Column",
    "Label",
    "LegendItem",
    "Reference",
    "Series",
    "SvgMarkup",
    "Table",
    "TableRow",
    "_segment_hits_box",
    "bar_chart",
    "format_number",
    "label_boxes",
    "line_chart",
    "nice_step",
    "render_svg",
    "text_width",
]
