"""Building charts (line and bar) and drawing them as SVG."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import pairwise

from .layout import _colours, _fit, _place_references, _Placer, _scale, _table, _x_axis_labels
from .model import (
    BLACK,
    FONT_SIZE,
    GREY,
    Box,
    Chart,
    Column,
    Label,
    LegendItem,
    Reference,
    Series,
    SvgMarkup,
    _tick_text,
    text_width,
)

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
