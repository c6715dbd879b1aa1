"""Server-rendered SVG column charts for the breach analysis page.

Every chart is decorative next to its data table (which carries the figures): the SVG
has role="img" and a text alternative that says where the table is. Labels are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import BreachMonthSnapshot
from .vocabularies import Risk, SnapshotDimension

#: GOV.UK palette colours with at least 3:1 contrast against white.
PALETTE = [
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
]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 40


@dataclass
class Series:
    label: str
    values: list[float | None]
    colour: str = PALETTE[0]


@dataclass
class Panel:
    dimension: str
    title: str
    rows: list[dict] = field(default_factory=list)  # label, colour, values, total
    month_totals: list[int] = field(default_factory=list)
    table: list[dict] = field(default_factory=list)  # label, values (one per row)
    svg: SafeString | str = ""


def month_label(month: date) -> str:
    return f"{month:%b %Y}"


def _nice_max(value: float) -> float:
    if value <= 5:
        return 5
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step:
            return step
    return value


def column_chart(
    months: list[date],
    series: list[Series],
    *,
    stacked: bool,
    title: str,
    table_id: str,
    y_max: float | None = None,
    suffix: str = "",
) -> SafeString:
    """Columns per month (stacked, or side by side), a y axis with 5 gridlines and month
    labels. Returns SVG markup."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if stacked:
        peak = max([sum(s.values[i] or 0 for s in series) for i in range(len(months))] or [0])
    else:
        peak = max([v or 0 for s in series for v in s.values] or [0])
    top = y_max or _nice_max(peak)
    slot = plot_w / max(len(months), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    # Numbers are formatted here; the only text from outside (the title) is escaped.
    parts = [
        f'<svg class="rd-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(table_id)}-svg-title" preserveAspectRatio="xMidYMid meet" '
        f'focusable="false"><title id="{escape(table_id)}-svg-title">{escape(title)} '
        "(the figures are in the table beside this chart)</title>"
    ]
    for step in range(6):
        value = top * step / 5
        y = TOP + plot_h - plot_h * step / 5
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="rd-chart__grid"/><text x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'class="rd-chart__axis" text-anchor="end">{value:g}{escape(suffix)}</text>'
        )
    for i, month in enumerate(months):
        x0 = LEFT + slot * i + slot * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i]  # type: ignore[assignment]
            if not value:
                continue
            height = plot_h * value / top
            if stacked:
                x, y = x0, TOP + plot_h - plot_h * base / top - height
                base += value
            else:
                x, y = x0 + bar_w * j, TOP + plot_h - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                f'fill="{escape(s.colour)}" class="rd-chart__bar"/>'
            )
        centre = LEFT + slot * i + slot / 2
        if len(months) <= 12 or i % 2 == 0:
            parts.append(
                f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 16}" class="rd-chart__axis" '
                f'text-anchor="middle">{month:%b}</text>'
            )
            if month.month == 1 or i == 0:
                parts.append(
                    f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 32}" class="rd-chart__axis" '
                    f'text-anchor="middle">{month.year}</text>'
                )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'class="rd-chart__baseline"/></svg>'
    )
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - parts are escaped


def _by_month(snapshots: list[BreachMonthSnapshot], dimension: str) -> dict:
    return {(s.month, s.key): s for s in snapshots if s.dimension == dimension}


def totals_table(months: list[date], snapshots: list[BreachMonthSnapshot]) -> list[dict]:
    """One row per month: every figure of the "all breaches" snapshot (zeros and "no
    data" for a month with no snapshot yet)."""
    rows = _by_month(snapshots, SnapshotDimension.ALL)
    table = []
    for month in months:
        snap = rows.get((month, ""))
        table.append(
            {
                "month": month,
                "label": month_label(month),
                "breaches": snap.breaches if snap else 0,
                "reported": snap.reported if snap else 0,
                "reported_within_72h": snap.reported_within_72h if snap else 0,
                "decided": snap.decided if snap else 0,
                "pct_reported": snap.pct_reported if snap else None,
                "pct_reported_within_72h": snap.pct_reported_within_72h if snap else None,
                "median_hours_to_decision": snap.median_hours_to_decision if snap else None,
            }
        )
    return table


TITLES = {
    SnapshotDimension.SOURCE: "Breaches by source, per month",
    SnapshotDimension.NATURE: "Breaches by nature, per month",
    SnapshotDimension.RISK: "Breaches by risk, per month",
    SnapshotDimension.UNIT: "Breaches by unit, per month",
}


def dimension_panel(
    months: list[date], snapshots: list[BreachMonthSnapshot], dimension: str
) -> Panel:
    relevant = [s for s in snapshots if s.dimension == dimension]
    by_key = _by_month(relevant, dimension)
    labels: dict[str, str] = {}
    for snap in sorted(relevant, key=lambda s: (s.month, s.key)):
        labels[snap.key] = snap.label  # the latest label wins (a unit may be renamed)
    if dimension == SnapshotDimension.RISK:
        # A scale, not a ranking: no risk, risk, high risk, then not assessed.
        order = [*Risk.values, ""]
        keys = sorted(labels, key=lambda k: order.index(k) if k in order else len(order))
    else:
        keys = sorted(
            labels, key=lambda k: (-sum(s.breaches for s in relevant if s.key == k), labels[k])
        )
    panel = Panel(dimension=dimension, title=TITLES[dimension])  # type: ignore[index]
    series = []
    for index, key in enumerate(keys):
        values = [by_key[(m, key)].breaches if (m, key) in by_key else 0 for m in months]
        colour = PALETTE[index % len(PALETTE)]
        panel.rows.append(
            {"label": labels[key], "colour": colour, "values": values, "total": sum(values)}
        )
        series.append(Series(labels[key], values, colour))
    panel.month_totals = [sum(row["values"][i] for row in panel.rows) for i in range(len(months))]
    panel.table = [
        {"label": month_label(month), "values": [row["values"][i] for row in panel.rows]}
        for i, month in enumerate(months)
    ]
    panel.svg = column_chart(
        months,
        series,
        stacked=True,
        title=panel.title,
        table_id=f"table-{dimension}",
    )
    return panel


def reporting_chart(months: list[date], totals: list[dict]) -> SafeString:
    return column_chart(
        months,
        [
            Series("Reported to the ICO", [row["pct_reported"] for row in totals], PALETTE[0]),
            Series(
                "Reported within 72 hours",
                [row["pct_reported_within_72h"] for row in totals],
                PALETTE[1],
            ),
        ],
        stacked=False,
        title="Share of breaches reported to the ICO, and share of reports made within 72 hours",
        table_id="table-reporting",
        y_max=100,
        suffix="%",
    )
