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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

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
        return render_svg(self)


# ---------------------------------------------------------------------------------------
# Placing labels
# ---------------------------------------------------------------------------------------


def _segment_hits_box(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Whether the segment a–b passes through `box` (Liang–Barsky clipping)."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in (
        (-dx, x1 - box.x0),
        (dx, box.x1 - x1),
        (-dy, y1 - box.y0),
        (dy, box.y1 - y1),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


class _Placer:
    """Keeps the boxes of labels already placed and the lines already drawn, and finds a
    free place for the next label among its candidates."""

    def __init__(self, area: Box) -> None:
        self.area = area
        self.boxes: list[Box] = []
        self.segments: list[tuple[tuple[float, float], tuple[float, float], float]] = []

    def add_segment(self, a: tuple[float, float], b: tuple[float, float], width: float) -> None:
        self.segments.append((a, b, width))

    def add_box(self, box: Box) -> None:
        self.boxes.append(box)

    def free(self, box: Box, *, within: Box | None = None) -> bool:
        if within is not None and not box.inside(within):
            return False
        if any(box.overlaps(other, pad=2) for other in self.boxes):
            return False
        for a, b, width in self.segments:
            grown = Box(
                box.x0 - width / 2 - 1,
                box.y0 - width / 2 - 1,
                box.x1 + width / 2 + 1,
                box.y1 + width / 2 + 1,
            )
            if _segment_hits_box(a, b, grown):
                return False
        return True

    def place(self, candidates: Iterable[Label], *, within: Box | None = None) -> Label | None:
        for label in candidates:
            if self.free(label.box, within=within):
                self.boxes.append(label.box)
                return label
        return None


# ---------------------------------------------------------------------------------------
# Scales
# ---------------------------------------------------------------------------------------


def nice_step(peak: float, ticks: int = 4, *, whole: bool = True) -> float:
    """A round step (1, 2, 2.5 or 5 × a power of ten; 2.5 only for fractional values, at
    least 1 for whole numbers) so that `ticks` steps reach `peak`."""
    if peak <= 0:
        return 1.0
    raw = peak / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = 10 * magnitude
    for factor in (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw - 1e-12:
            step = factor * magnitude
            break
    return max(1.0, float(round(step))) if whole else float(step)


def _scale(peak: float, y_max: float | None, *, whole: bool) -> tuple[float, list[float]]:
    if y_max is not None:
        step = y_max / 4
        return y_max, [step * i for i in range(5)]
    step = nice_step(peak, whole=whole)
    top = step * max(1, math.ceil(peak / step - 1e-9))
    return top, [step * i for i in range(round(top / step) + 1)]


def _colours(series: Sequence[Series]) -> list[str]:
    return [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]


def _table(
    *,
    table_id: str,
    caption: str,
    category_heading: str,
    categories: Sequence[str],
    series: Sequence[Series],
    columns: Sequence[Column],
    after: Sequence[Column],
    flags: Sequence[str],
    total: bool,
) -> Table:
    headers = [
        category_heading,
        *(c.heading for c in columns),
        *(s.label for s in series),
        *(c.heading for c in after),
    ]
    rows = []
    for i, category in enumerate(categories):
        cells = (
            [c.cells[i] for c in columns]
            + [s.fmt(s.values[i]) for s in series]
            + [c.cells[i] for c in after]
        )
        rows.append(TableRow(category, cells, flags[i] if i < len(flags) else ""))
    total_row = None
    if total:
        sums = [sum(v or 0 for v in s.values) for s in series]
        cells = [""] * len(columns) + [format_number(v) for v in sums] + [""] * len(after)
        total_row = TableRow("Total", cells)
    return Table(table_id, caption, headers, rows, total_row)


def _fit(text: str, width: float) -> str:
    """`text`, shortened with an ellipsis to fit `width` (the table has it in full)."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _x_axis_labels(
    placer: _Placer,
    centres: Sequence[float],
    texts: Sequence[str],
    y: float,
    years: Sequence[str] = (),
) -> list[Label]:
    """Category labels under the axis, left to right; one that would touch the last one
    placed is left out (the table has every category)."""
    placed = []
    texts = [*texts, *([""] * (len(centres) - len(texts)))]
    for i, (x, text) in enumerate(zip(centres, texts, strict=False)):
        if not text:
            continue
        label = placer.place([Label(x, y, text, "middle")])
        if label is not None:
            placed.append(label)
            if i < len(years) and years[i]:
                second = Label(x, y + FONT_SIZE + 6, years[i], "middle")
                if placer.free(second.box):
                    placer.add_box(second.box)
                    placed.append(second)
    return placed


def _place_references(
    chart: Chart,
    placer: _Placer,
    plot: Box,
    references: Sequence[Reference],
    spans: Sequence[tuple[float, float, float]],
    unit: str,
) -> None:
    """Each reference's label near its line: above it, then below, at its start, then at
    its end, then nudged further away; a label with no free place inside the plot goes in
    a row of its own under the chart, in the line's colour."""
    overflow: list[Label] = []
    for reference, (x1, x2, y) in zip(references, spans, strict=True):
        if not reference.label:
            continue
        text = reference.label
        width = text_width(text)
        gap = 4
        candidates = []
        for step in range(0, 5):
            lift = step * (LABEL_SIZE + 2)
            above = y - gap - 0.24 * LABEL_SIZE - lift
            below = y + gap + 0.93 * LABEL_SIZE + lift
            for baseline in (above, below):
                candidates.append(Label(x1, baseline, text, "start", LABEL_SIZE, reference.colour))
                candidates.append(Label(x2, baseline, text, "end", LABEL_SIZE, reference.colour))
                if x2 - x1 > width:
                    middle = (x1 + x2) / 2
                    candidates.append(
                        Label(middle, baseline, text, "middle", LABEL_SIZE, reference.colour)
                    )
        label = placer.place(candidates, within=plot)
        if label is None:
            overflow.append(Label(0, 0, text, "start", LABEL_SIZE, reference.colour))
        else:
            chart.labels.append(label)
    if not overflow:
        return
    # Rows under everything drawn so far, packed left to right.
    row_height = LABEL_SIZE + 8
    y = chart.height + LABEL_SIZE
    x = plot.x0
    for label in overflow:
        width = text_width(label.text, label.size)
        if x > plot.x0 and x + width > chart.width - 8:
            x, y = plot.x0, y + row_height
        moved = Label(x, y, label.text, "start", label.size, label.colour)
        placer.add_box(moved.box)
        chart.labels.append(moved)
        x += width + 24
    chart.height = y + row_height / 2


# ---------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    references: Sequence[Reference] = (),
    axis_labels: Sequence[str] | None = None,
    axis_years: Sequence[str] = (),
    unit: str = "",
    y_max: float | None = None,
    table_caption: str = "",
    category_heading: str = "Month",
    columns: Sequence[Column] = (),
    after: Sequence[Column] = (),
    flags: Sequence[str] = (),
    table_id: str = "",
    width: float = 720,
    height: float = 300,
) -> Chart:
    """Values per category as lines with markers; None leaves a gap. `axis_labels` (one
    per category, "" for none) name the categories under the axis (default: all of them,
    thinned so they never touch); `references` are horizontal lines with labels."""
    peak = max(
        [v for s in series for v in s.values if v is not None] + [r.value for r in references] + [0]
    )
    top, ticks = _scale(peak, y_max, whole=False)
    left = max(text_width(_tick_text(t, unit)) for t in ticks) + 14
    right, top_margin, bottom = 16, 12, 30 + (FONT_SIZE + 6 if axis_years else 0)
    plot = Box(left, top_margin, width - right, height - bottom)
    count = max(len(categories), 1)
    colours = _colours(series)

    def x_at(i: float) -> float:
        return plot.x0 + (plot.x1 - plot.x0) * (i + 0.5) / count

    def y_at(v: float) -> float:
        return plot.y1 - (plot.y1 - plot.y0) * (v / top if top else 0)

    chart = Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        table=_table(
            table_id=table_id or f"{chart_id}-table",
            caption=table_caption or title,
            category_heading=category_heading,
            categories=categories,
            series=series,
            columns=columns,
            after=after,
            flags=flags,
            total=False,
        ),
    )
    placer = _Placer(Box(0, 0, width, height))
    for tick in ticks:
        y = y_at(tick)
        chart.lines.append((plot.x0, y, plot.x1, y, GREY, 1, ""))
        label = Label(plot.x0 - 6, y + 0.35 * FONT_SIZE, _tick_text(tick, unit), "end")
        placer.add_box(label.box)
        chart.labels.append(label)
    chart.lines.append((plot.x0, plot.y1, plot.x1, plot.y1, BLACK, 1, ""))
    texts = list(axis_labels) if axis_labels is not None else list(categories)
    for label in _x_axis_labels(
        placer, [x_at(i) for i in range(count)], texts[:count], plot.y1 + 20, axis_years
    ):
        chart.labels.append(label)
        if label.y == plot.y1 + 20:
            chart.lines.append((label.x, plot.y1, label.x, plot.y1 + 5, BLACK, 1, ""))

    spans = []
    for reference in references:
        first = 0 if reference.first is None else reference.first
        last = count - 1 if reference.last is None else reference.last
        if reference.first is None and reference.last is None:
            x1, x2 = plot.x0, plot.x1
        else:
            x1, x2 = x_at(first) - 8, x_at(last) + 8
        y = y_at(reference.value)
        chart.lines.append((x1, y, x2, y, reference.colour, reference.width, reference.dash))
        placer.add_segment((x1, y), (x2, y), reference.width)
        spans.append((x1, x2, y))

    for s, colour in zip(series, colours, strict=True):
        segments: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(s.values):
            if value is None:
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append((x_at(i), y_at(value)))
        for segment in segments:
            if len(segment) > 1:
                chart.polylines.append((segment, colour, 3))
                for a, b in pairwise(segment):
                    placer.add_segment(a, b, 3)
            for x, y in segment:
                chart.circles.append((x, y, 4, colour))
                placer.add_segment((x - 4, y), (x + 4, y), 8)
        chart.legend.append(LegendItem(s.label, colour, "line"))
    for reference in references:
        style = "dotted" if reference.dash.startswith(("1", "2", "3")) else "dashed"
        words = reference.legend or reference.label
        if not any(item.label == words for item in chart.legend):
            chart.legend.append(LegendItem(words, reference.colour, style))

    _place_references(chart, placer, plot, references, spans, unit)
    return chart


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    horizontal: bool = False,
    references: Sequence[Reference] = (),
    axis_labels: Sequence[str] | None = None,
    axis_years: Sequence[str] = (),
    unit: str = "",
    y_max: float | None = None,
    table_caption: str = "",
    category_heading: str = "Month",
    columns: Sequence[Column] = (),
    after: Sequence[Column] = (),
    flags: Sequence[str] = (),
    table_id: str = "",
    total: bool = False,
    width: float = 720,
    height: float = 300,
) -> Chart:
    """Bars per category: one per series side by side, or stacked; vertical (categories
    along the bottom, such as months) or horizontal (categories down the left, for long
    names). A zero or missing value draws no bar."""
    count = max(len(categories), 1)
    colours = _colours(series)
    if stacked:
        peak = max([sum(s.values[i] or 0 for s in series) for i in range(len(categories))] + [0])
    else:
        peak = max([v or 0 for s in series for v in s.values] + [0])
    peak = max([peak] + [r.value for r in references])
    whole = all(float(v or 0).is_integer() for s in series for v in s.values)
    top, ticks = _scale(peak, y_max, whole=whole)
    table = _table(
        table_id=table_id or f"{chart_id}-table",
        caption=table_caption or title,
        category_heading=category_heading,
        categories=categories,
        series=series,
        columns=columns,
        after=after,
        flags=flags,
        total=total,
    )
    chart = Chart(chart_id, title, description, width, height, table)
    chart.legend = [LegendItem(s.label, c, "bar") for s, c in zip(series, colours, strict=True)]
    groups = 1 if stacked else max(len(series), 1)

    if horizontal:
        names = list(axis_labels) if axis_labels is not None else list(categories)
        left = min(width * 0.45, max([text_width(n) for n in names] + [20]) + 12)
        row = max(FONT_SIZE * 1.8, (10 + 8 * groups) if not stacked else FONT_SIZE * 1.8)
        top_margin, bottom = 8, 30
        plot = Box(left, top_margin, width - 24, top_margin + row * count)
        chart.height = plot.y1 + bottom
        placer = _Placer(Box(0, 0, width, chart.height))

        def x_at(v: float) -> float:
            return plot.x0 + (plot.x1 - plot.x0) * (v / top if top else 0)

        for tick in ticks:
            x = x_at(tick)
            chart.lines.append((x, plot.y0, x, plot.y1, GREY, 1, ""))
            label = placer.place([Label(x, plot.y1 + 20, _tick_text(tick, unit), "middle")])
            if label:
                chart.labels.append(label)
        chart.lines.append((plot.x0, plot.y0, plot.x0, plot.y1, BLACK, 1, ""))
        bar_h = row * 0.7 / groups
        for i in range(len(categories)):
            y0 = plot.y0 + row * i + row * 0.15
            base = 0.0
            for j, s in enumerate(series):
                value = s.values[i]
                if not value:
                    continue
                length = x_at(value) - plot.x0
                if stacked:
                    x, y = x_at(base), y0
                    base += value
                else:
                    x, y = plot.x0, y0 + bar_h * j
                chart.rects.append(
                    (x, y, length, bar_h, colours[j], f"{categories[i]}: {s.label} {s.fmt(value)}")
                )
            name = _fit(names[i], left - 12) if i < len(names) else ""
            if name:
                label = Label(
                    plot.x0 - 8, plot.y0 + row * (i + 0.5) + 0.35 * FONT_SIZE, name, "end"
                )
                placer.add_box(label.box)
                chart.labels.append(label)
        return chart

    left = max(text_width(_tick_text(t, unit)) for t in ticks) + 14
    bottom = 30 + (FONT_SIZE + 6 if axis_years else 0)
    plot = Box(left, 12, width - 16, height - bottom)
    placer = _Placer(Box(0, 0, width, height))

    def y_at(v: float) -> float:
        return plot.y1 - (plot.y1 - plot.y0) * (v / top if top else 0)

    slot = (plot.x1 - plot.x0) / count
    for tick in ticks:
        y = y_at(tick)
        chart.lines.append((plot.x0, y, plot.x1, y, GREY, 1, ""))
        label = Label(plot.x0 - 6, y + 0.35 * FONT_SIZE, _tick_text(tick, unit), "end")
        placer.add_box(label.box)
        chart.labels.append(label)
    bar_w = max(1.0, slot * 0.7 / groups)
    for i in range(len(categories)):
        x0 = plot.x0 + slot * i + slot * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            size = plot.y1 - y_at(value)
            if stacked:
                x, y = x0, y_at(base) - size
                base += value
            else:
                x, y = x0 + bar_w * j, plot.y1 - size
            chart.rects.append(
                (x, y, bar_w, size, colours[j], f"{categories[i]}: {s.label} {s.fmt(value)}")
            )
    chart.lines.append((plot.x0, plot.y1, plot.x1, plot.y1, BLACK, 1, ""))
    texts = list(axis_labels) if axis_labels is not None else list(categories)
    centres = [plot.x0 + slot * (i + 0.5) for i in range(count)]
    chart.labels.extend(_x_axis_labels(placer, centres, texts[:count], plot.y1 + 20, axis_years))
    spans = []
    for reference in references:
        y = y_at(reference.value)
        chart.lines.append(
            (plot.x0, y, plot.x1, y, reference.colour, reference.width, reference.dash)
        )
        placer.add_segment((plot.x0, y), (plot.x1, y), reference.width)
        spans.append((plot.x0, plot.x1, y))
        chart.legend.append(LegendItem(reference.label, reference.colour, "dashed"))
    for x, y, w, h, _colour, _title in chart.rects:
        # Labels must not cover bars either: treat each bar's outline as lines.
        placer.add_segment((x, y), (x + w, y), 1)
        placer.add_segment((x, y), (x, y + h), 1)
        placer.add_segment((x + w, y), (x + w, y + h), 1)
    _place_references(chart, placer, plot, references, spans, unit)
    return chart


# ---------------------------------------------------------------------------------------
# SVG
# ---------------------------------------------------------------------------------------


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def render_svg(chart: Chart) -> SvgMarkup:
    parts = [
        f'<svg class="rd-chart" id="{_attr(chart.chart_id)}" '
        f'viewBox="0 0 {chart.width:.0f} {chart.height:.0f}" role="img" '
        f'aria-labelledby="{_attr(chart.chart_id)}-title {_attr(chart.chart_id)}-desc" '
        'focusable="false" preserveAspectRatio="xMidYMid meet" '
        'font-family="arial, sans-serif">'
        f'<title id="{_attr(chart.chart_id)}-title">{escape(chart.title)}</title>'
        f'<desc id="{_attr(chart.chart_id)}-desc">{escape(chart.description)} The figures '
        f"are in the table “{escape(chart.table.caption)}” with this chart.</desc>"
    ]
    for x1, y1, x2, y2, colour, width, dash in chart.lines:
        dashed = f' stroke-dasharray="{_attr(dash)}"' if dash else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{_attr(colour)}" stroke-width="{width:g}"{dashed}/>'
        )
    for x, y, w, h, colour, title in chart.rects:
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{_attr(colour)}" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(title)}</title></rect>"
        )
    for points, colour, width in chart.polylines:
        text = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{text}" fill="none" stroke="{_attr(colour)}" '
            f'stroke-width="{width:g}"/>'
        )
    for x, y, r, colour in chart.circles:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:g}" fill="{_attr(colour)}"/>')
    for label in chart.labels:
        anchor = "" if label.anchor == "start" else f' text-anchor="{label.anchor}"'
        weight = "" if label.weight == "normal" else f' font-weight="{label.weight}"'
        parts.append(
            f'<text class="rd-chart__label" x="{label.x:.1f}" y="{label.y:.1f}"{anchor}{weight} '
            f'font-size="{label.size:g}" fill="{_attr(label.colour)}">{escape(label.text)}</text>'
        )
    parts.append("</svg>")
    return SvgMarkup("".join(parts))


def label_boxes(chart: Chart) -> list[Box]:
    """The estimated boxes of every text label (the tests check none overlap)."""
    return [label.box for label in chart.labels]
