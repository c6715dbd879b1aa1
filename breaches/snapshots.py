"""Monthly breach figures for the Data Board, computed into BreachMonthSnapshot rows.

The service that writes the snapshots. Each figure is one SQL GROUP BY over the month of
`aware_at` (Europe/London) and one dimension — never a Python loop over breaches. The
median hours from awareness to decision is `percentile_cont(0.5)` on PostgreSQL; SQLite
(the laptop path) has no percentile aggregate, so there the decided durations of the
months being computed are fetched in one query and the median taken in Python.

Definitions (per month M of becoming aware, per dimension value):
- `breaches`: breaches the force became aware of in M;
- `reported`: of those, reported to the ICO; `pct_reported` = reported / breaches;
- `reported_within_72h`: of `reported`, reported at or before the 72-hour deadline;
  `pct_reported_within_72h` = reported_within_72h / reported;
- `decided`: of `breaches`, with a regulator decision;
- `median_hours_to_decision`: median elapsed hours from awareness to decision over
  `decided`.
A ratio with denominator 0 is "no data" (None), never 0% or 100%.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth

from core.dates import UK, month_bounds, month_start, months_between, uk_date, uk_today

from .models import Breach, BreachMonthSnapshot
from .vocabularies import Nature, Risk, SnapshotDimension, Source

#: pg_advisory_xact_lock key for snapshot recomputes ("BRSNAP" in ASCII, as an int).
ADVISORY_LOCK_KEY = 0x4252534E4150


class Median(Aggregate):
    """PostgreSQL's ordered-set aggregate percentile_cont(0.5)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


#: dimension → (the Breach field grouped on, its label lookup)
DIMENSIONS = {
    SnapshotDimension.SOURCE: ("source", dict(Source.choices)),
    SnapshotDimension.NATURE: ("nature", dict(Nature.choices)),
    SnapshotDimension.RISK: ("risk", {**dict(Risk.choices), "": "Not assessed"}),
    SnapshotDimension.UNIT: ("unit_id", None),
}


def _base(first: date, last: date) -> QuerySet[Breach]:
    start, end = month_bounds(first, last)
    return Breach.objects.filter(aware_at__gte=start, aware_at__lt=end).annotate(
        month=TruncMonth("aware_at", output_field=DateField(), tzinfo=UK),
        to_decision=ExpressionWrapper(
            F("decided_at") - F("aware_at"), output_field=DurationField()
        ),
    )


FIGURES = {
    "breaches": Count("id"),
    "reported": Count("id", filter=Q(reported_at__isnull=False)),
    "reported_within_72h": Count("id", filter=Q(reported_at__lte=F("report_due_at"))),
    "decided": Count("id", filter=Q(decided_at__isnull=False)),
}


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def _grouped(qs: QuerySet[Breach], field: str | None) -> list[dict]:
    group = ["month"] if field is None else ["month", field]
    figures = dict(FIGURES)
    if connection.vendor == "postgresql":
        figures["median"] = Median("to_decision")  # type: ignore[assignment]
    rows = list(qs.values(*group).annotate(**figures).order_by(*group))
    if connection.vendor != "postgresql":
        durations: dict[tuple, list[float]] = defaultdict(list)
        for values in qs.filter(decided_at__isnull=False).values(*group, "to_decision"):
            durations[tuple(values[g] for g in group)].append(values["to_decision"].total_seconds())
        for row in rows:
            seconds = durations.get(tuple(row[g] for g in group))
            row["median"] = timedelta(seconds=statistics.median(seconds)) if seconds else None
    return rows


@transaction.atomic
def recompute(*, first: date | None = None, last: date | None = None) -> int:
    """Recompute the snapshots of the months first..last (default: from the first breach
    to the current month). Idempotent: the rows of those months are replaced by the same
    figures. Returns the number of rows written."""
    if connection.vendor == "postgresql":
        # One recompute at a time (the nightly job and a change's month may overlap):
        # otherwise two delete-then-insert runs of the same month could collide.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    current = month_start(uk_today())
    if first is None:
        earliest = Breach.objects.order_by("aware_at").values_list("aware_at", flat=True).first()
        first = month_start(uk_date(earliest)) if earliest else current
    last = last or max(first, current)
    first, last = month_start(first), month_start(last)
    months = months_between(first, last)
    qs = _base(first, last)
    unit_names = {}
    if qs.filter(unit__isnull=False).exists():
        unit_names = dict(qs.filter(unit__isnull=False).values_list("unit_id", "unit__name"))

    rows: list[BreachMonthSnapshot] = []
    seen_all = set()
    for row in _grouped(qs, None):
        seen_all.add(row["month"])
        rows.append(_snapshot(row, SnapshotDimension.ALL, "", "All breaches"))
    for month in months:
        if month not in seen_all:
            rows.append(
                BreachMonthSnapshot(
                    month=month, dimension=SnapshotDimension.ALL, label="All breaches"
                )
            )
    for dimension, (field, labels) in DIMENSIONS.items():
        for row in _grouped(qs, field):
            value = row[field]
            if dimension == SnapshotDimension.UNIT:
                key = "" if value is None else str(value)
                label = unit_names.get(value, "No unit")
            else:
                key = value
                label = labels.get(value, value)  # type: ignore[union-attr]
            rows.append(_snapshot(row, dimension, key, label))

    BreachMonthSnapshot.objects.filter(month__gte=first, month__lte=last).delete()
    BreachMonthSnapshot.objects.bulk_create(rows)
    return len(rows)


def _snapshot(row: dict, dimension: str, key: str, label: str) -> BreachMonthSnapshot:
    return BreachMonthSnapshot(
        month=row["month"],
        dimension=dimension,
        key=key,
        label=label,
        breaches=row["breaches"],
        reported=row["reported"],
        reported_within_72h=row["reported_within_72h"],
        decided=row["decided"],
        median_hours_to_decision=_hours(row["median"]),
    )


def recompute_month(month: date) -> int:
    month = month_start(month)
    return recompute(first=month, last=month)


#: The outbox stream (core/outbox.py) breach services announce changes on.
STREAM = "breaches"


def recompute_announced(months: list[date], reason: str) -> int:
    """Outbox handler: a breach's figures live in the month it became known."""
    return sum(recompute_month(month) for month in months)
