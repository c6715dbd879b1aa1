"""Where things go: scales, ticks, axis labels, and placing labels so none overlaps
another label or a line."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from .model import (
    FONT_SIZE,
    LABEL_SIZE,
    PALETTE,
    Box,
    Chart,
    Column,
    Label,
    Reference,
    Series,
    Table,
    TableRow,
    format_number,
    text_width,
)

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
