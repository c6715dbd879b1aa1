"""The breach analysis panels: the monthly figures of the breach snapshots arranged for
the charts and tables of the analysis page. The drawing is core.charts's (one chart
module for every page); this module only decides what each panel shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core import charts as drawing

from .models import BreachMonthSnapshot
from .vocabularies import Risk, SnapshotDimension

PALETTE = list(drawing.PALETTE)


@dataclass
class Panel:
    dimension: str
    title: str
    rows: list[dict] = field(default_factory=list)  # label, colour, values, total
    month_totals: list[int] = field(default_factory=list)
    table: list[dict] = field(default_factory=list)  # label, values (one per row)
    chart: drawing.Chart | None = None

    @property
    def svg(self) -> str:
        return self.chart.svg if self.chart else ""


def month_label(month: date) -> str:
    return f"{month:%b %Y}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _axis(months: list[date]) -> tuple[list[str], list[str]]:
    """Month names under the axis, the year under January and under the first month."""
    names = [f"{m:%b}" for m in months]
    years = [str(m.year) if (m.month == 1 or i == 0) else "" for i, m in enumerate(months)]
    return names, years


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
    for index, key in enumerate(keys):
        values = [by_key[(m, key)].breaches if (m, key) in by_key else 0 for m in months]
        colour = PALETTE[index % len(PALETTE)]
        panel.rows.append(
            {"label": labels[key], "colour": colour, "values": values, "total": sum(values)}
        )
    panel.month_totals = [sum(row["values"][i] for row in panel.rows) for i in range(len(months))]
    panel.table = [
        {"label": month_label(month), "values": [row["values"][i] for row in panel.rows]}
        for i, month in enumerate(months)
    ]
    names, years = _axis(months)
    panel.chart = drawing.bar_chart(
        chart_id=f"chart-{dimension}",
        table_id=f"table-{dimension}",
        title=panel.title,
        description="Stacked column chart of the number of breaches each month.",
        categories=[month_label(m) for m in months],
        axis_labels=names,
        axis_years=years,
        series=[drawing.Series(row["label"], row["values"], row["colour"]) for row in panel.rows],
        stacked=True,
        total=True,
    )
    return panel


def reporting_chart(months: list[date], totals: list[dict]) -> drawing.Chart:
    names, years = _axis(months)
    return drawing.bar_chart(
        chart_id="chart-reporting",
        table_id="table-reporting",
        title="Share of breaches reported to the ICO, and share of reports made within 72 hours",
        description="Column chart of two percentages for each month, side by side.",
        table_caption="Breaches and reporting, by month",
        categories=[row["label"] for row in totals],
        axis_labels=names,
        axis_years=years,
        columns=[
            drawing.Column("Breaches", [str(row["breaches"]) for row in totals]),
            drawing.Column("Reported", [str(row["reported"]) for row in totals]),
        ],
        series=[
            drawing.Series(
                "Share reported", [row["pct_reported"] for row in totals], PALETTE[0], _pct
            ),
            drawing.Series(
                "Within 72 hours",
                [row["pct_reported_within_72h"] for row in totals],
                PALETTE[1],
                _pct,
            ),
        ],
        after=[
            drawing.Column(
                "Median hours to decision",
                [_hours(row["median_hours_to_decision"]) for row in totals],
            )
        ],
        y_max=100,
        unit="%",
    )
