"""Reads of the timeliness snapshots for pages, open data and the Data Board. Nothing
here aggregates raw requests: every figure comes from the stored snapshots."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

from core.dates import add_months, format_month, month_start, months_between, uk_today
from core.numbers import round_pct
from requests_tracker.vocabularies import RequestKind

from .models import BoardCommentary, MonthlySnapshot, SnapshotRevision, percentage
from .months import mean

#: The figures published for every row, under the exact names of docs/metrics.md
#: ("Monthly figures").
FIGURE_NAMES = (
    "received",
    "closed",
    "closed_on_time",
    "pct_closed_on_time",
    "due",
    "due_met",
    "pct_due_met",
    "open_at_month_end",
    "overdue_at_month_end",
    "median_days_to_close",
)
KIND_NAMES = {
    RequestKind.ROA: "right of access",
    RequestKind.FOI: "Freedom of Information",
    RequestKind.EIR: "Environmental Information Regulations",
    RequestKind.INTERNAL_REVIEW: "internal review",
}


def latest_complete_month(today: date | None = None) -> date:
    return add_months(month_start(today or uk_today()), -1)


def target(kind: str) -> float:
    return float(settings.TIMELINESS_TARGETS.get(kind, 90.0))


def snapshots(
    *,
    kind: str | None = None,
    unit_id: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> QuerySet[MonthlySnapshot]:
    """Snapshot rows, oldest first; the all-units rows unless a unit is given."""
    qs = MonthlySnapshot.objects.select_related("unit").order_by("month", "kind")
    qs = qs.filter(unit__isnull=True) if unit_id is None else qs.filter(unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    if first:
        qs = qs.filter(month__gte=first)
    if last:
        qs = qs.filter(month__lte=last)
    return qs


def is_provisional(month: date, today: date | None = None) -> bool:
    """A month that has not ended yet (docs/metrics.md, "Provisional months"): its
    figures are in the open data, flagged, and on no public page."""
    return month > latest_complete_month(today)


def row_data(snapshot: MonthlySnapshot, today: date | None = None) -> dict:
    """One open-data row: docs/metrics.md names, percentages 0–100 to one decimal, nulls for
    no data; `provisional` for the month still in progress."""
    values = snapshot.published_values()
    return {
        "month": format_month(snapshot.month),
        "kind": snapshot.kind,
        "unit": snapshot.unit_id,
        "received": values["received"],
        "closed": values["closed"],
        "closed_on_time": values["closed_on_time"],
        "pct_closed_on_time": round_pct(snapshot.pct_closed_on_time),
        "due": values["due"],
        "due_met": values["due_met"],
        "pct_due_met": round_pct(snapshot.pct_due_met),
        "open_at_month_end": values["open_at_month_end"],
        "overdue_at_month_end": values["overdue_at_month_end"],
        "median_days_to_close": values["median_days_to_close"],
        "revised": snapshot.revised_at is not None,
        "provisional": is_provisional(snapshot.month, today),
    }


@dataclass
class YearSummary:
    year: int
    months: int
    received: int
    closed: int
    closed_on_time: int
    due: int
    due_met: int
    pooled_pct_due_met: float | None
    average_pct_due_met: float | None
    pooled_pct_closed_on_time: float | None
    average_pct_closed_on_time: float | None


def year_summary(year: int, rows: Iterable[MonthlySnapshot]) -> YearSummary:
    """Year figures (docs/metrics.md, "Year figures"): totals, the pooled percentage, and
    the average of the monthly percentages (months with no data are left out of the
    average)."""
    rows = [row for row in rows if row.month.year == year]
    totals: Counter[str] = Counter()
    for row in rows:
        for name in ("received", "closed", "closed_on_time", "due", "due_met"):
            totals[name] += getattr(row, name)
    return YearSummary(
        year=year,
        months=len(rows),
        received=totals["received"],
        closed=totals["closed"],
        closed_on_time=totals["closed_on_time"],
        due=totals["due"],
        due_met=totals["due_met"],
        pooled_pct_due_met=percentage(totals["due_met"], totals["due"]),
        average_pct_due_met=mean(row.pct_due_met for row in rows),
        pooled_pct_closed_on_time=percentage(totals["closed_on_time"], totals["closed"]),
        average_pct_closed_on_time=mean(row.pct_closed_on_time for row in rows),
    )


def series(kind: str, last: date, months: int = 24, unit_id: int | None = None) -> list:
    """The last `months` months up to `last` for one kind, one entry per month (a month
    with no stored row is None)."""
    first = add_months(last, -(months - 1))
    stored = {s.month: s for s in snapshots(kind=kind, unit_id=unit_id, first=first, last=last)}
    return [(month, stored.get(month)) for month in months_between(first, last)]


def recent_revisions(limit: int = 50) -> QuerySet[SnapshotRevision]:
    return SnapshotRevision.objects.select_related("snapshot", "snapshot__unit").filter(
        snapshot__unit__isnull=True
    )[:limit]


def has_any_snapshot() -> bool:
    return MonthlySnapshot.objects.exists()


def commentary_versions(month: date) -> list[BoardCommentary]:
    """Every version of a month's Board commentary, the latest (the one shown) first."""
    return list(
        BoardCommentary.objects.filter(month=month)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
