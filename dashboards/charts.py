"""Server-rendered SVG charts: the figures can be read without JavaScript, and every
chart sits beside a table with the same numbers (the table is the accessible version;
the SVG is labelled as an image that summarises it)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .months import round_pct

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 44
BLUE, RED, GREEN, GREY, BLACK = "#1d70b8", "#d4351c", "#00703c", "#b1b4b6", "#0b0c0c"


@dataclass(frozen=True)
class YearLine:
    year: int
    value: float | None
    label: str


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * (index + 0.5) / count if count else 0)


def _y(value: float, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - value / top) if top else HEIGHT - BOTTOM


def _month_label(month: date) -> str:
    return f"{month:%b %Y}" if month.month in (1, 7) else ""


def _frame(months: Sequence[date], top: float, ticks: Sequence[float], unit: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = _y(tick, top)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GREY}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="14" '
            f'fill="{BLACK}">{tick:g}{unit}</text>'
        )
    for index, month in enumerate(months):
        label = _month_label(month)
        if label:
            x = _x(index, len(months))
            parts.append(
                f'<line x1="{x:.1f}" y1="{HEIGHT - BOTTOM}" x2="{x:.1f}" '
                f'y2="{HEIGHT - BOTTOM + 5}" stroke="{BLACK}"/>'
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" '
                f'font-size="14" fill="{BLACK}">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="{BLACK}" stroke-width="1"/>'
    )
    return parts


def _svg(chart_id: str, title: str, description: str, parts: list[str]) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 - every text part above is escaped
        f'<svg class="rd-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{body}</svg>'
    )


def percentage_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    months: Sequence[date],
    values: Sequence[float | None],
    target: float,
    year_lines: Sequence[YearLine] = (),
) -> SafeString:
    """Monthly percentages (0–100) as a line with markers, the target as a dashed red
    line, and each calendar year's average of monthly percentages as a dotted green
    segment over that year's months. A month with no data leaves a gap."""
    top = 100.0
    parts = _frame(months, top, (0, 25, 50, 75, 100), "%")
    count = len(months)
    y_target = _y(target, top)
    parts.append(
        f'<line x1="{LEFT}" y1="{y_target:.1f}" x2="{WIDTH - RIGHT}" y2="{y_target:.1f}" '
        f'stroke="{RED}" stroke-width="2" stroke-dasharray="8 4"/>'
    )
    for line in year_lines:
        if line.value is None:
            continue
        indexes = [i for i, month in enumerate(months) if month.year == line.year]
        if not indexes:
            continue
        x1, x2 = _x(indexes[0], count) - 8, _x(indexes[-1], count) + 8
        y = _y(line.value, top)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" stroke="{GREEN}" '
            f'stroke-width="3" stroke-dasharray="2 3"/>'
            f'<text x="{x1:.1f}" y="{y + 18 if y < TOP + 30 else y - 8:.1f}" font-size="13" '
            f'fill="{GREEN}">{escape(line.label)} average {round_pct(line.value, 0):.0f}%</text>'
        )
    segments: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((_x(index, count), _y(value, top)))
    for segment in segments:
        if len(segment) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{BLUE}" stroke-width="3"/>'
            )
        for x, y in segment:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}"/>')
    return _svg(chart_id, title, description, parts)


def _nice_top(value: float) -> float:
    if value <= 0:
        return 10.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    months: Sequence[date],
    values: Sequence[int | None],
) -> SafeString:
    """Monthly counts as bars."""
    top = _nice_top(max((v or 0) for v in values) if values else 0)
    ticks = [top * i / 4 for i in range(5)]
    parts = _frame(months, top, ticks, "")
    count = len(months)
    width = max(2.0, (WIDTH - LEFT - RIGHT) / max(count, 1) * 0.7)
    for index, value in enumerate(values):
        if not value:
            continue
        x = _x(index, count) - width / 2
        y = _y(value, top)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{BLUE}"/>'
        )
    return _svg(chart_id, title, description, parts)
