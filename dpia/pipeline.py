"""Pipeline figures for the Data Board, computed by SQL aggregation into snapshots.

For each month M (Europe/London calendar months) and each tier, plus all tiers (""):
- `submitted`: assessments first submitted in M;
- `decided`: assessments decided in M (the latest decision);
- `in_review_at_month_end`: first submitted on or before the last day of M and not
  decided by then (for the month in progress: as at today);
- `late_at_month_end`: of those, the ones whose target date had passed by then;
- `median_days_to_decision`: median calendar days from first submission to decision, over
  those decided in M.

Counts are one GROUP BY (by month and tier) each; the two month-end figures are one query
with a filtered count per month. The median reads only the (tier, days) pairs of the
assessments decided in the range — a few hundred a year — and takes the median in Python,
so it works on SQLite as well as PostgreSQL. Recomputing a month is idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from core.dates import add_months, month_end, month_start, months_between, uk_today

from . import rules
from .models import Assessment, PipelineSnapshot
from .selectors import triage_table

FIGURES = ("submitted", "decided", "in_review_at_month_end", "late_at_month_end")


def _grouped_counts(date_field: str, first: date, last: date) -> dict[tuple[date, str], int]:
    rows = (
        Assessment.objects.filter(**{f"{date_field}__gte": first, f"{date_field}__lte": last})
        .annotate(month=TruncMonth(date_field))
        .values("month", "tier")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[date, str], int] = defaultdict(int)
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") and callable(month.date) else month
        counts[(month, row["tier"])] += row["n"]
    return counts


@transaction.atomic
def recompute(first: date, last: date | None = None) -> int:
    """Recompute the snapshots of every month from `first` to `last` (inclusive);
    returns the number of rows written."""
    months = months_between(first, last or first)
    if not months:
        return 0
    start, end = months[0], month_end(months[-1])
    figures: dict[tuple[date, str], dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))

    for field, name in (("first_submitted_on", "submitted"), ("decided_on", "decided")):
        for key, n in _grouped_counts(field, start, end).items():
            figures[key][name] = n

    aggregates = {}
    today = uk_today()
    for i, month in enumerate(months):
        # The month in progress is counted as at today: nothing is late before its day.
        last_day = min(month_end(month), today)
        open_then = Q(first_submitted_on__lte=last_day) & (
            Q(decided_on__isnull=True) | Q(decided_on__gt=last_day)
        )
        aggregates[f"open_{i}"] = Count("id", filter=open_then)
        aggregates[f"late_{i}"] = Count("id", filter=open_then & Q(target_on__lt=last_day))
    rows = (
        Assessment.objects.filter(first_submitted_on__lte=end).values("tier").annotate(**aggregates)
    )
    for row in rows:
        for i, month in enumerate(months):
            figures[(month, row["tier"])]["in_review_at_month_end"] += row[f"open_{i}"]
            figures[(month, row["tier"])]["late_at_month_end"] += row[f"late_{i}"]

    durations: dict[tuple[date, str], list[int]] = defaultdict(list)
    decided = Assessment.objects.filter(
        decided_on__gte=start, decided_on__lte=end, first_submitted_on__isnull=False
    ).values_list("decided_on", "first_submitted_on", "tier")
    for decided_on, submitted_on, tier in decided:
        days = (decided_on - submitted_on).days  # type: ignore[operator]
        durations[(month_start(decided_on), tier)].append(days)  # type: ignore[arg-type]
        if tier:
            durations[(month_start(decided_on), "")].append(days)  # type: ignore[arg-type]

    tiers = sorted(set(triage_table().tiers) | {tier for (_, tier) in figures if tier})
    written = 0
    for month in months:
        totals = dict.fromkeys(FIGURES, 0)
        for tier in tiers:
            values = figures.get((month, tier), dict.fromkeys(FIGURES, 0))
            for name in FIGURES:
                totals[name] += values[name]
            _write(month, tier, values, durations.get((month, tier), []))
            written += 1
        untriaged = figures.get((month, ""), dict.fromkeys(FIGURES, 0))
        for name in FIGURES:
            totals[name] += untriaged[name]
        _write(month, "", totals, durations.get((month, ""), []))
        written += 1
    return written


def _write(month: date, tier: str, values: dict, days: list[int]) -> None:
    PipelineSnapshot.objects.update_or_create(
        month=month,
        tier=tier,
        defaults={**values, "median_days_to_decision": rules.median([float(d) for d in days])},
    )


#: The outbox stream (core/outbox.py) DPIA services announce changes on.
STREAM = "dpia"


def recompute_announced(months: list[date], reason: str) -> int:
    """Outbox handler: the announced months, first to last."""
    return recompute(months[0], months[-1])


def recompute_recent(months: int = 13, today: date | None = None) -> int:
    today = today or uk_today()
    return recompute(add_months(today, -(months - 1)), month_start(today))
