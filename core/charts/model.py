"""What a chart is: its series, reference lines, table and labels, and the font metrics
labels are measured with."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

#: GOV.UK palette colours with at least 3:1 contrast against white, in the order series
#: take them.
PALETTE = (
    "#1d70b8",  # blue
    "#00703c",  # green
    "#d4351c",  # red
    "#4c2c92",  # purple
    "#d53880",  # pink
    "#505a5f",  # dark grey
    "#003078",  # dark blue
    "#0b0c0c",  # black
    "#005a30",  # dark green
    "#942514",  # dark red
)
BLUE, GREEN, RED, GREY, BLACK = "#1d70b8", "#00703c", "#d4351c", "#b1b4b6", "#0b0c0c"
NO_DATA = "–"

FONT_SIZE = 14
LABEL_SIZE = 14
#: Arial advance widths in thousandths of an em (the pages' font); anything not listed is
#: taken as wide as the widest common letter, so an estimate errs on the large side.
_WIDTHS = {
    **dict.fromkeys("ijlI.,:;'|!", 278),
    **dict.fromkeys("frt()[]-/ ", 333),
    **dict.fromkeys("Jcksvxyz", 500),
    **dict.fromkeys("0123456789abdeghnopquL_$", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    **dict.fromkeys("%–", 889),
    "W": 944,
}


#: Where Arial is missing the browser falls back to a wider sans-serif (DejaVu Sans is up
#: to 15% wider): estimates allow for it, so a label never runs into its neighbour.
FALLBACK_FONT_FACTOR = 1.15


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the rendered width of `text` (Arial or a wider fallback), in user
    units."""
    return sum(_WIDTHS.get(char, 800) for char in text) * size / 1000 * FALLBACK_FONT_FACTOR


# ---------------------------------------------------------------------------------------
# Formatting (the table's cells)
# ---------------------------------------------------------------------------------------


def format_number(value: float | None) -> str:
    """1234 → '1,234'; 2.5 → '2.5'; None → '–'."""
    if value is None:
        return NO_DATA
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _tick_text(value: float, unit: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}"


# ---------------------------------------------------------------------------------------
# What a chart is made of
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One named sequence of values, one per category (None: no data, drawn as a gap)."""

    label: str
    values: Sequence[float | None]
    colour: str = ""
    fmt: Callable[[float | None], str] = format_number


@dataclass(frozen=True)
class Reference:
    """A horizontal reference line (a target, an average) across the whole plot or over
    the categories `first`..`last` (indexes, inclusive), with an optional label."""

    label: str
    value: float
    colour: str = RED
    dash: str = "8 4"
    first: int | None = None
    last: int | None = None
    width: float = 2
    #: The legend's words for this line; lines sharing them share one legend entry (each
    #: year's average, say). Default: the label.
    legend: str = ""


@dataclass(frozen=True)
class Column:
    """An extra column for the chart's table (figures the chart does not draw)."""

    heading: str
    cells: Sequence[str]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    style: str  # "bar", "line", "dashed", "dotted"


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: Sequence[str]
    flag: str = ""


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    headers: Sequence[str]
    rows: Sequence[TableRow]
    total: TableRow | None = None

    @property
    def wide(self) -> bool:
        """Too wide to sit beside its chart: more than three columns, or long row names
        (the partial then puts it under the chart)."""
        return len(self.headers) > 3 or any(len(row.label) > 24 for row in self.rows)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0) -> bool:
        return not (
            self.x1 + pad <= other.x0
            or other.x1 + pad <= self.x0
            or self.y1 + pad <= other.y0
            or other.y1 + pad <= self.y0
        )

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.x1 <= other.x1
            and self.y0 >= other.y0
            and self.y1 <= other.y1
        )


class SvgMarkup(str):
    """SVG text that templates print as it is: every piece of text in it was escaped when
    the chart was drawn (Django and Jinja honour `__html__`)."""

    __slots__ = ()

    def __html__(self) -> str:
        return self


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start, middle, end
    size: float = FONT_SIZE
    colour: str = BLACK
    weight: str = "normal"

    @property
    def box(self) -> Box:
        width = text_width(self.text, self.size)
        x0 = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        # Arial's ascent and descent (0.905 and 0.212 em), rounded up.
        return Box(x0, self.y - 0.93 * self.size, x0 + width, self.y + 0.24 * self.size)


@dataclass
class Chart:
    """Geometry (for SVG and any other renderer, such as a PDF), legend and table."""

    chart_id: str
    title: str
    description: str
    width: float
    height: float
    table: Table
    legend: list[LegendItem] = field(default_factory=list)
    lines: list[tuple[float, float, float, float, str, float, str]] = field(default_factory=list)
    polylines: list[tuple[list[tuple[float, float]], str, float]] = field(default_factory=list)
    circles: list[tuple[float, float, float, str]] = field(default_factory=list)
    rects: list[tuple[float, float, float, float, str, str]] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def title_id(self) -> str:
        return f"{self.chart_id}-title"

    @property
    def svg(self) -> SvgMarkup:
        from .draw import render_svg

        return render_svg(self)
