"""What the dashboard pages show, built from the snapshots (no raw-request aggregation):
kept apart from the views so the views stay thin and these can be tested directly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from accounts.models import Unit
from core import charts
from core.dates import add_months, month_start, months_between
from core.numbers import round_pct
from requests_tracker.vocabularies import (
    EXEMPTION_LABELS,
    ComplaintOutcome,
    LateReason,
    Outcome,
    RequesterType,
    RequestKind,
)

from .figures import AGE_BAND_LABELS, AGE_BAND_MONTHS, RESPONSE_BAND_LABELS
from .models import MonthlySnapshot, percentage
from .months import quarter_months
from .selectors import (
    KIND_NAMES,
    YearSummary,
    latest_complete_month,
    series,
    snapshots,
    target,
    year_summary,
)

CHART_MONTHS = 24
NO_DATA = charts.NO_DATA

#: Outcome groups used by the Board and the statutory returns.
OUTCOME_GROUPS = {
    "granted_in_full": (Outcome.GRANTED_IN_FULL, Outcome.DISCLOSED_IN_FULL),
    "granted_in_part": (Outcome.GRANTED_IN_PART, Outcome.DISCLOSED_IN_PART),
    "refused": (Outcome.REFUSED,),
    "neither_confirm_nor_deny": (Outcome.NEITHER_CONFIRM_NOR_DENY,),
    "not_held": (Outcome.NOT_HELD, Outcome.NO_DATA_HELD),
}
OUTCOME_GROUP_LABELS = {
    "granted_in_full": "Granted (disclosed) in full",
    "granted_in_part": "Granted (disclosed) in part",
    "refused": "Refused",
    "neither_confirm_nor_deny": "Neither confirm nor deny",
    "not_held": "Information not held",
}


def pct_text(value: float | None) -> str:
    """A percentage as pages print it (docs/metrics.md: whole percent, halves up)."""
    return NO_DATA if value is None else f"{round_pct(value, 0):.0f}%"


def number_text(value: float | None) -> str:
    return charts.format_number(value)


def kind_label(kind: str) -> str:
    return RequestKind(kind).label


def _sum_breakdown(rows, section: str) -> Counter:
    total: Counter = Counter()
    for row in rows:
        if row is not None:
            total.update(row.breakdown.get(section, {}))
    return total


# ---------------------------------------------------------------------------------------
# Public dashboard
# ---------------------------------------------------------------------------------------


@dataclass
class Headline:
    kind: str
    label: str
    month: date
    snapshot: MonthlySnapshot | None

    @property
    def pct(self) -> float | None:
        return self.snapshot.pct_due_met if self.snapshot else None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[RequestKind(self.kind)]


@dataclass
class KindSection:
    kind: str
    label: str
    target: float
    months: list[date]
    rows: list[tuple[date, MonthlySnapshot | None]]
    years: list[YearSummary]
    timeliness_chart: charts.Chart | None = None
    volume_chart: charts.Chart | None = None
    any_revised: bool = False
    extra: dict = field(default_factory=dict)


def headlines(month: date) -> list[Headline]:
    stored = {s.kind: s for s in snapshots(first=month, last=month)}
    return [
        Headline(kind=kind, label=label, month=month, snapshot=stored.get(kind))
        for kind, label in RequestKind.choices
    ]


def kind_section(kind: str, last: date, months: int = CHART_MONTHS) -> KindSection:
    rows = series(kind, last, months)
    month_list = [month for month, _ in rows]
    years_in_window = sorted({month.year for month in month_list})
    year_rows = list(snapshots(kind=kind, first=date(years_in_window[0], 1, 1), last=last))
    years = [year_summary(year, year_rows) for year in years_in_window]
    name = KIND_NAMES[RequestKind(kind)]
    goal = target(kind)
    values = [row.pct_due_met if row else None for _, row in rows]
    section = KindSection(
        kind=kind,
        label=kind_label(kind),
        target=goal,
        months=month_list,
        rows=rows,
        years=years,
        any_revised=any(row and row.revised_at for _, row in rows),
    )
    categories = [f"{m:%b %Y}" for m in month_list]
    axis = [f"{m:%b %Y}" if m.month in (1, 7) else "" for m in month_list]
    flags = ["Revised" if row and row.revised_at else "" for _, row in rows]
    references = [charts.Reference(f"Target ({goal:g}%)", goal)]
    for y in years:
        indexes = [i for i, m in enumerate(month_list) if m.year == y.year]
        if y.average_pct_due_met is None or not indexes:
            continue
        references.append(
            charts.Reference(
                f"{y.year} average {pct_text(y.average_pct_due_met)}",
                y.average_pct_due_met,
                charts.GREEN,
                "2 3",
                indexes[0],
                indexes[-1],
                3,
                legend="Year average of monthly percentages",
            )
        )
    section.timeliness_chart = charts.line_chart(
        chart_id=f"chart-{kind}-timeliness",
        title=f"Percentage of {name} requests due each month that were answered on time, "
        f"{month_list[0]:%B %Y} to {last:%B %Y}",
        description=f"Line chart with the target of {goal:g}% as a dashed line and each "
        "year's average of monthly percentages as a dotted line.",
        table_caption="Requests due and answered on time, by month",
        categories=categories,
        axis_labels=axis,
        series=[charts.Series("Due and answered on time", values, charts.BLUE, pct_text)],
        columns=[charts.Column("Due", [number_text(row.due if row else None) for _, row in rows])],
        references=references,
        flags=flags,
        unit="%",
        y_max=100,
    )
    section.volume_chart = charts.bar_chart(
        chart_id=f"chart-{kind}-received",
        title=f"Number of {name} requests received each month, "
        f"{month_list[0]:%B %Y} to {last:%B %Y}",
        description="Column chart.",
        table_caption="Requests received, by month",
        categories=categories,
        axis_labels=axis,
        series=[charts.Series("Received", [row.received if row else None for _, row in rows])],
        flags=flags,
    )
    return section


# ---------------------------------------------------------------------------------------
# Data Board
# ---------------------------------------------------------------------------------------


def board_context(month: date, today: date) -> dict:
    kinds = list(RequestKind.values)
    all_units = {s.kind: s for s in snapshots(first=month, last=month)}
    by_unit = (
        MonthlySnapshot.objects.filter(month=month, unit__isnull=False)
        .select_related("unit")
        .order_by("unit__name", "kind")
    )
    year_start = add_months(month, -11)
    last_12 = list(snapshots(first=year_start, last=month))

    def rows_for(kind: str) -> list:
        return [row for row in last_12 if row.kind == kind]

    def kind_rows(section: str, labels: dict) -> list[dict]:
        result = []
        for kind in kinds:
            counts = Counter((all_units.get(kind) and all_units[kind].breakdown.get(section)) or {})
            result.append(
                {
                    "kind": kind_label(kind),
                    "counts": [counts.get(key, 0) for key in labels],
                    "total": sum(counts.values()),
                }
            )
        return result

    outcome_rows = []
    for kind in kinds:
        if kind == RequestKind.INTERNAL_REVIEW:
            continue
        counts = Counter((all_units.get(kind) and all_units[kind].breakdown.get("outcomes")) or {})
        outcome_rows.append(
            {
                "kind": kind_label(kind),
                "counts": [
                    sum(counts.get(code, 0) for code in codes) for codes in OUTCOME_GROUPS.values()
                ],
                "total": sum(counts.values()),
            }
        )

    exemptions = []
    for kind in kinds:
        counts = Counter(
            (all_units.get(kind) and all_units[kind].breakdown.get("exemptions")) or {}
        )
        for code, n in counts.most_common():
            exemptions.append(
                {"kind": kind_label(kind), "label": EXEMPTION_LABELS.get(code, code), "n": n}
            )

    late_reasons = _sum_breakdown(last_12, "late_reasons")
    review = all_units.get(RequestKind.INTERNAL_REVIEW)
    review_outcomes = Counter((review and review.breakdown.get("outcomes")) or {})
    review_of = _sum_breakdown([review], "reviews_of")

    allocation = []
    for kind in kinds:
        data = (all_units.get(kind) and all_units[kind].breakdown.get("allocation")) or {}
        allocation.append({"kind": kind_label(kind), **data})

    complaint_rows = []
    for kind in kinds:
        counts = Counter(
            (all_units.get(kind) and all_units[kind].breakdown.get("complaints")) or {}
        )
        complaint_rows.append(
            {
                "kind": kind_label(kind),
                "received": counts.get("received", 0),
                "decided": [counts.get(f"decided_{o}", 0) for o in ComplaintOutcome.values],
            }
        )

    this_year, last_year = month.year, month.year - 1
    year_rows = list(snapshots(first=date(last_year, 1, 1), last=month))
    comparison = []
    for kind in kinds:
        rows = [r for r in year_rows if r.kind == kind]
        comparison.append(
            {
                "kind": kind_label(kind),
                "previous": year_summary(last_year, rows),
                "current": year_summary(this_year, rows),
            }
        )

    trend_months = list(months_between(year_start, month))
    trend = []
    for kind in kinds:
        stored = {row.month: row for row in rows_for(kind)}
        trend.append({"kind": kind_label(kind), "values": [stored.get(m) for m in trend_months]})

    backlog_kept = month >= add_months(month_start(today), -(AGE_BAND_MONTHS - 1))
    return {
        "month": month,
        "figures": [(kind_label(kind), all_units.get(kind)) for kind in kinds],
        "by_unit": by_unit,
        "backlog_kept": backlog_kept,
        "age_labels": list(AGE_BAND_LABELS.values()),
        "backlog": kind_rows("backlog_age", AGE_BAND_LABELS),
        "late_reasons": [
            (LateReason(code).label if code in LateReason.values else code, n)
            for code, n in late_reasons.most_common(5)
        ],
        "late_reasons_from": year_start,
        "review": review,
        "review_outcomes": [
            (Outcome(code).label, review_outcomes.get(code, 0))
            for code in (Outcome.UPHELD, Outcome.UPHELD_IN_PART, Outcome.OVERTURNED)
        ],
        "review_of": [(kind_label(k), review_of.get(k, 0)) for k in ("foi", "eir")],
        "outcome_labels": list(OUTCOME_GROUP_LABELS.values()),
        "outcomes": outcome_rows,
        "exemptions": exemptions,
        "requester_labels": [label for _, label in RequesterType.choices],
        "requester_types": kind_rows("requester_types", dict(RequesterType.choices)),
        "response_labels": list(RESPONSE_BAND_LABELS.values()),
        "response_times": kind_rows("response_times", RESPONSE_BAND_LABELS),
        "allocation": allocation,
        "complaint_labels": [label for _, label in ComplaintOutcome.choices],
        "complaints": complaint_rows,
        "this_year": this_year,
        "last_year": last_year,
        "comparison": comparison,
        "trend_months": trend_months,
        "trend": trend,
    }


def available_months() -> list[date]:
    months = (
        MonthlySnapshot.objects.filter(unit__isnull=True)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )
    return list(months)


# ---------------------------------------------------------------------------------------
# Statutory returns
# ---------------------------------------------------------------------------------------

RETURN_KINDS = (RequestKind.FOI, RequestKind.EIR)


def latest_complete_quarter(today: date) -> tuple[int, int]:
    last = latest_complete_month(today)
    quarter = (last.month - 1) // 3 + 1
    if last.month % 3:  # the quarter containing `last` is not complete yet
        quarter -= 1
    if quarter == 0:
        return last.year - 1, 4
    return last.year, quarter


def quarterly_return(year: int, quarter: int) -> dict:
    """The s.45 Code of Practice quarterly publication and a central-government-style
    FOI/EIR return for one quarter, from the all-units snapshots of its three months."""
    months = quarter_months(year, quarter)
    rows = list(snapshots(first=months[0], last=months[-1]))
    columns: dict[str, dict] = {}
    for kind in RETURN_KINDS:
        kind_rows = [r for r in rows if r.kind == kind]
        outcomes = _sum_breakdown(kind_rows, "outcomes")
        totals = _sum_breakdown(kind_rows, "totals")
        closed = sum(r.closed for r in kind_rows)
        on_time = sum(r.closed_on_time for r in kind_rows)
        columns[kind] = {
            "received": sum(r.received for r in kind_rows),
            "processed": closed,
            "in_time": on_time,
            "pct_in_time": percentage(on_time, closed),
            "due": sum(r.due for r in kind_rows),
            "due_met": sum(r.due_met for r in kind_rows),
            "late": closed - on_time,
            "extended": totals.get("extended", 0),
            **{
                group: sum(outcomes.get(code, 0) for code in codes)
                for group, codes in OUTCOME_GROUPS.items()
            },
            "exemptions": _sum_breakdown(kind_rows, "exemptions"),
        }
    reviews = [r for r in rows if r.kind == RequestKind.INTERNAL_REVIEW]
    referred = _sum_breakdown(reviews, "reviews_of")
    for kind in RETURN_KINDS:
        columns[kind]["referred_to_review"] = referred.get(kind, 0)
    total = {
        key: sum(columns[k][key] for k in RETURN_KINDS)
        for key in columns[RETURN_KINDS[0]]
        if key not in ("pct_in_time", "exemptions")
    }
    total["pct_in_time"] = percentage(total["in_time"], total["processed"])
    columns["total"] = total
    s45 = [
        ("received", "Requests received"),
        ("processed", "Requests processed (responded to)"),
        ("in_time", "Processed within the statutory deadline (including lawful extensions)"),
        ("pct_in_time", "Percentage processed in time"),
        ("late", "Processed late"),
        ("extended", "Processed after a lawful extension of time"),
        ("granted_in_full", "Granted in full"),
        ("granted_in_part", "Granted in part"),
        ("refused", "Refused in full"),
        ("neither_confirm_nor_deny", "Neither confirmed nor denied"),
        ("not_held", "Information not held"),
        ("referred_to_review", "Referred for internal review"),
    ]
    exemption_rows = []
    codes = set(columns[RequestKind.FOI]["exemptions"]) | set(
        columns[RequestKind.EIR]["exemptions"]
    )
    for code in sorted(codes, key=lambda c: EXEMPTION_LABELS.get(c, c)):
        exemption_rows.append(
            {
                "label": EXEMPTION_LABELS.get(code, code),
                "foi": columns[RequestKind.FOI]["exemptions"].get(code, 0),
                "eir": columns[RequestKind.EIR]["exemptions"].get(code, 0),
            }
        )
    return {
        "year": year,
        "quarter": quarter,
        "months": months,
        "columns": columns,
        "measures": [
            (key, label, [columns[k][key] for k in (*RETURN_KINDS, "total")]) for key, label in s45
        ],
        "exemption_rows": exemption_rows,
        "has_rows": bool(rows),
    }


def unit_names() -> dict[int, str]:
    return dict(Unit.objects.values_list("id", "name"))
