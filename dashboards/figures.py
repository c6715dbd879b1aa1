"""The SQL aggregation behind the monthly figures (docs/metrics.md, "Computing it at
scale"): every figure is a GROUP BY over one date column, and the two backlog figures are
running totals of monthly counts — never a loop over requests in Python.

`compute_figures(first, last)` returns every snapshot row for the months first..last,
keyed by (kind, unit key, month), where the unit key is a unit id or `ALL_UNITS`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Greatest, TruncMonth

from requests_tracker.models import InformationRequest, RegulatorComplaint
from requests_tracker.vocabularies import EXCLUDED_STATUSES, RequestKind, Status

from .months import add_months, median_from_counts, month_end, month_start, months_between

ALL_UNITS = "all"

#: Response-time bands in FOIA working days (Data Board): (label, upper bound inclusive).
RESPONSE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("within_5", 5),
    ("within_10", 10),
    ("within_15", 15),
    ("within_20", 20),
    ("within_30", 30),
    ("over_30", None),
)
RESPONSE_BAND_LABELS = {
    "within_5": "Within 5 working days",
    "within_10": "6 to 10 working days",
    "within_15": "11 to 15 working days",
    "within_20": "16 to 20 working days",
    "within_30": "21 to 30 working days",
    "over_30": "Over 30 working days",
}
#: Backlog age bands in calendar days since receipt (metrics.md): (label, lower, upper).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0_20", 0, 20),
    ("21_40", 21, 40),
    ("41_60", 41, 60),
    ("61_90", 61, 90),
    ("over_90", 91, None),
)
AGE_BAND_LABELS = {
    "0_20": "0 to 20 days",
    "21_40": "21 to 40 days",
    "41_60": "41 to 60 days",
    "61_90": "61 to 90 days",
    "over_90": "Over 90 days",
}
#: Backlog age is computed (one query per month end) for this many recent months only:
#: it is a Data Board view of the current backlog, not a published figure.
AGE_BAND_MONTHS = 13


@dataclass
class Row:
    received: int = 0
    closed: int = 0
    closed_on_time: int = 0
    due: int = 0
    due_met: int = 0
    open_at_month_end: int = 0
    overdue_at_month_end: int = 0
    median_days_to_close: float | None = None
    days_to_close: dict[int, int] = field(default_factory=dict)
    breakdown: dict = field(default_factory=dict)

    def counts(self) -> dict:
        return {
            "received": self.received,
            "closed": self.closed,
            "closed_on_time": self.closed_on_time,
            "due": self.due,
            "due_met": self.due_met,
            "open_at_month_end": self.open_at_month_end,
            "overdue_at_month_end": self.overdue_at_month_end,
            "median_days_to_close": self.median_days_to_close,
        }


Key = tuple[str, object, date]


def _requests() -> QuerySet[InformationRequest]:
    return InformationRequest.objects.order_by()


def _counted() -> QuerySet[InformationRequest]:
    """Requests that count in every figure except `received` (not withdrawn or lapsed)."""
    return _requests().exclude(status__in=EXCLUDED_STATUSES)


def _unit_keys(unit_id) -> tuple:
    """A request counts in its unit's row and in the all-units row."""
    return (ALL_UNITS,) if unit_id is None else (ALL_UNITS, unit_id)


def _days(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def _as_days(value) -> int:
    if isinstance(value, timedelta):
        return value.days
    return int(value)


def _bump(target: dict, key: str, amount: int) -> None:
    if amount:
        target[key] = target.get(key, 0) + amount


class _Collector:
    def __init__(self, months: list[date]) -> None:
        self.months = months
        self.first, self.last = months[0], months[-1]
        self.rows: dict[Key, Row] = {}

    def row(self, kind: str, unit_key, month: date) -> Row:
        key = (kind, unit_key, month)
        if key not in self.rows:
            self.rows[key] = Row()
        return self.rows[key]

    def in_range(self, month: date) -> bool:
        return self.first <= month <= self.last

    def each(self, record: dict, month: date) -> Iterable[Row]:
        if not self.in_range(month):
            return ()
        return [self.row(record["kind"], key, month) for key in _unit_keys(record["unit_id"])]


def compute_figures(
    first: date, last: date, *, today: date, backlog_base: dict | None = None
) -> dict[Key, Row]:
    """Every figure of metrics.md, plus the Data Board breakdowns, for months first..last
    (inclusive), for each kind × (all units, each unit with requests). A handful of
    queries for the whole range.

    The backlog figures are running totals from the first request. `backlog_base`, when
    given, maps (kind, unit key) to (open, overdue) at the end of the month before
    `first` (the stored snapshots), so only the range itself is scanned."""
    months = list(months_between(first, last))
    c = _Collector(months)
    start, end = c.first, month_end(c.last)
    # With a base the running totals need only the range; without, all history.
    since = {} if backlog_base is None else {"gte": start}

    # Every (kind, all units) row exists for every month, even with nothing in it.
    for month in months:
        for kind in RequestKind.values:
            c.row(kind, ALL_UNITS, month)

    # 1. received (every status) — and, over all history to the end of the range, the
    #    received that count for the backlog (running total).
    received_cum: dict[tuple, dict[date, int]] = defaultdict(dict)
    for record in (
        _requests()
        .filter(received_on__lte=end, **{f"received_on__{k}": v for k, v in since.items()})
        .values("kind", "unit_id", month=TruncMonth("received_on"))
        .annotate(n=Count("id"), counted=Count("id", filter=~Q(status__in=EXCLUDED_STATUSES)))
    ):
        for row in c.each(record, record["month"]):
            row.received += record["n"]
        for key in _unit_keys(record["unit_id"]):
            bucket = received_cum[(record["kind"], key)]
            bucket[record["month"]] = bucket.get(record["month"], 0) + record["counted"]

    # 2. closed, closed_on_time and the days-to-close histogram (median), by closed_on.
    for record in (
        _counted()
        .filter(status=Status.CLOSED, closed_on__gte=start, closed_on__lte=end)
        .values(
            "kind", "unit_id", month=TruncMonth("closed_on"), days=_days("closed_on", "received_on")
        )
        .annotate(
            n=Count("id"),
            on_time=Count("id", filter=Q(due_on__isnull=False, closed_on__lte=F("due_on"))),
        )
    ):
        days = _as_days(record["days"])
        for row in c.each(record, record["month"]):
            row.closed += record["n"]
            row.closed_on_time += record["on_time"]
            row.days_to_close[days] = row.days_to_close.get(days, 0) + record["n"]

    # 3. closed up to each month end (running total), by closed_on, all history.
    closed_cum: dict[tuple, dict[date, int]] = defaultdict(dict)
    for record in (
        _counted()
        .filter(status=Status.CLOSED, closed_on__lte=end)
        .filter(**{f"closed_on__{k}": v for k, v in since.items()})
        .values("kind", "unit_id", month=TruncMonth("closed_on"))
        .annotate(n=Count("id"))
    ):
        for key in _unit_keys(record["unit_id"]):
            bucket = closed_cum[(record["kind"], key)]
            bucket[record["month"]] = bucket.get(record["month"], 0) + record["n"]

    # 4. due and due_met by due_on, all history (the running total of due feeds overdue).
    due_cum: dict[tuple, dict[date, int]] = defaultdict(dict)
    for record in (
        _counted()
        .filter(due_on__isnull=False, due_on__lte=end)
        .filter(**{f"due_on__{k}": v for k, v in since.items()})
        .values("kind", "unit_id", month=TruncMonth("due_on"))
        .annotate(
            n=Count("id"),
            met=Count("id", filter=Q(closed_on__isnull=False, closed_on__lte=F("due_on"))),
        )
    ):
        for row in c.each(record, record["month"]):
            row.due += record["n"]
            row.due_met += record["met"]
        for key in _unit_keys(record["unit_id"]):
            bucket = due_cum[(record["kind"], key)]
            bucket[record["month"]] = bucket.get(record["month"], 0) + record["n"]

    # 5. due requests no longer overdue-and-open: closed, by the later of due_on and
    #    closed_on (all history). overdue at the end of M = due up to M − this up to M.
    resolved_cum: dict[tuple, dict[date, int]] = defaultdict(dict)
    for record in (
        _counted()
        .filter(status=Status.CLOSED, due_on__isnull=False)
        .annotate(settled_on=Greatest("due_on", "closed_on", output_field=DateField()))
        .filter(settled_on__lte=end)
        .filter(**{f"settled_on__{k}": v for k, v in since.items()})
        .values("kind", "unit_id", month=TruncMonth("settled_on"))
        .annotate(n=Count("id"))
    ):
        for key in _unit_keys(record["unit_id"]):
            bucket = resolved_cum[(record["kind"], key)]
            bucket[record["month"]] = bucket.get(record["month"], 0) + record["n"]

    _apply_backlog(c, received_cum, closed_cum, due_cum, resolved_cum, backlog_base or {})
    _add_breakdowns(c, start, end, today=today)

    for row in c.rows.values():
        row.median_days_to_close = median_from_counts(row.days_to_close)
    return c.rows


def _apply_backlog(
    c: _Collector, received_cum, closed_cum, due_cum, resolved_cum, base: dict
) -> None:
    """open_at_month_end = received up to M − closed up to M; overdue_at_month_end = due
    up to M − (later of due and closed) up to M: running totals over the months, from
    the first request or from the stored month before the range (`base`)."""
    groups = set(received_cum) | set(closed_cum) | set(due_cum) | set(resolved_cum) | set(base)
    for group in groups:
        base_open, base_overdue = base.get(group, (0, 0))
        totals = {"received": 0, "closed": 0, "due": 0, "resolved": 0}
        series = {
            "received": received_cum.get(group, {}),
            "closed": closed_cum.get(group, {}),
            "due": due_cum.get(group, {}),
            "resolved": resolved_cum.get(group, {}),
        }
        # Everything before the range, then month by month through it.
        for name, monthly in series.items():
            totals[name] = sum(n for month, n in monthly.items() if month < c.first)
        for month in c.months:
            for name, monthly in series.items():
                totals[name] += monthly.get(month, 0)
            open_count = base_open + totals["received"] - totals["closed"]
            overdue = base_overdue + totals["due"] - totals["resolved"]
            if open_count or overdue or (group[0], group[1], month) in c.rows:
                row = c.row(group[0], group[1], month)
                row.open_at_month_end = open_count
                row.overdue_at_month_end = overdue


# ---------------------------------------------------------------------------------------
# Data Board breakdowns (counts only)
# ---------------------------------------------------------------------------------------


def _add_breakdowns(c: _Collector, start: date, end: date, *, today: date) -> None:
    from requests_tracker.selectors import statutory_rules

    def add(record: dict, month: date, section: str, name: str, amount: int) -> None:
        for row in c.each(record, month):
            _bump(row.breakdown.setdefault(section, {}), name, amount)

    closed = _counted().filter(status=Status.CLOSED, closed_on__gte=start, closed_on__lte=end)

    # Outcomes, late reasons and extensions of the requests closed in the month.
    for record in closed.values(
        "kind", "unit_id", "outcome", "late_reason", "extended", month=TruncMonth("closed_on")
    ).annotate(n=Count("id")):
        add(record, record["month"], "outcomes", record["outcome"] or "none", record["n"])
        if record["late_reason"]:
            add(record, record["month"], "late_reasons", record["late_reason"], record["n"])
        if record["extended"]:
            add(record, record["month"], "totals", "extended", record["n"])

    # Response times in FOIA working days: grouped by (received_on, closed_on) pairs, and
    # each pair's working days read off a running count of working days (computed once
    # per calendar day), so nothing here runs per request.
    calendar = statutory_rules().calendar
    pairs = list(
        closed.values_list("kind", "unit_id", "received_on", "closed_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    if pairs:
        first_day = min(pair[2] for pair in pairs)
        last_day = max(pair[3] for pair in pairs)
        index: dict[date, int] = {}
        count, day = 0, first_day
        while day <= last_day:
            count += calendar.is_working_day(day)
            index[day] = count
            day += timedelta(days=1)
        bands: Counter = Counter()
        for kind, unit_id, received_on, closed_on, n in pairs:
            working = index[closed_on] - index[received_on]
            band = next(name for name, upper in RESPONSE_BANDS if upper is None or working <= upper)
            bands[(kind, unit_id, month_start(closed_on), band)] += n
        for (kind, unit_id, month, band), n in bands.items():
            add({"kind": kind, "unit_id": unit_id}, month, "response_times", band, n)

    # Requester types of the requests received in the month (every status).
    received = _requests().filter(received_on__gte=start, received_on__lte=end)
    for record in received.values(
        "kind", "unit_id", "requester_type", month=TruncMonth("received_on")
    ).annotate(n=Count("id")):
        add(record, record["month"], "requester_types", record["requester_type"], record["n"])
        # Internal reviews referred from FOI/EIR requests are counted on the review rows.

    # Time from receipt to allocation (calendar days), for requests received in the month.
    for record in (
        received.filter(assigned_on__isnull=False)
        .values(
            "kind",
            "unit_id",
            month=TruncMonth("received_on"),
            days=_days("assigned_on", "received_on"),
        )
        .annotate(n=Count("id"))
    ):
        add(record, record["month"], "allocation_days", str(_as_days(record["days"])), record["n"])

    # Internal reviews received in the month, by the kind of the request reviewed.
    for record in (
        received.filter(kind=RequestKind.INTERNAL_REVIEW)
        .values("kind", "unit_id", "parent__kind", month=TruncMonth("received_on"))
        .annotate(n=Count("id"))
    ):
        add(record, record["month"], "reviews_of", record["parent__kind"] or "none", record["n"])

    # Complaints and appeals to the regulator: received, and decided by outcome.
    complaints = RegulatorComplaint.objects.order_by()
    for record in (
        complaints.filter(received_on__gte=start, received_on__lte=end)
        .values(
            kind=F("request__kind"), unit_id=F("request__unit_id"), month=TruncMonth("received_on")
        )
        .annotate(n=Count("id"))
    ):
        add(record, record["month"], "complaints", "received", record["n"])
    for record in (
        complaints.filter(decided_on__gte=start, decided_on__lte=end)
        .values(
            "outcome",
            kind=F("request__kind"),
            unit_id=F("request__unit_id"),
            month=TruncMonth("decided_on"),
        )
        .annotate(n=Count("id"))
    ):
        add(record, record["month"], "complaints", f"decided_{record['outcome']}", record["n"])

    for record in _exemption_counts(start, end):
        add(record, record["month"], "exemptions", record["code"], record["n"])

    _add_backlog_ages(c, today=today)

    for row in c.rows.values():
        allocation = row.breakdown.get("allocation_days")
        if allocation:
            counts = {int(days): n for days, n in allocation.items()}
            total = sum(counts.values())
            row.breakdown["allocation"] = {
                "allocated": total,
                "median_days": median_from_counts(counts),
                "mean_days": round(sum(d * n for d, n in counts.items()) / total, 1),
            }


def _exemption_counts(start: date, end: date) -> list[dict]:
    """Exemption use on the requests closed in each month: one JSON-array unnest, written
    for each database (PostgreSQL jsonb_array_elements_text, SQLite json_each)."""
    table = InformationRequest._meta.db_table
    excluded = tuple(str(status) for status in EXCLUDED_STATUSES)
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT r.kind, r.unit_id, date_trunc('month', r.closed_on)::date AS month,
                   e.code, COUNT(*)
            FROM {table} r CROSS JOIN LATERAL jsonb_array_elements_text(r.exemptions::jsonb) AS e(code)
            WHERE r.status = %s AND r.closed_on BETWEEN %s AND %s AND r.status NOT IN (%s, %s)
            GROUP BY 1, 2, 3, 4
        """  # noqa: S608 - table name from model metadata, values are parameters
    else:
        sql = f"""
            SELECT r.kind, r.unit_id, date(r.closed_on, 'start of month') AS month,
                   e.value, COUNT(*)
            FROM {table} r, json_each(r.exemptions) AS e
            WHERE r.status = %s AND r.closed_on BETWEEN %s AND %s AND r.status NOT IN (%s, %s)
            GROUP BY 1, 2, 3, 4
        """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(Status.CLOSED), start, end, *excluded])
        rows = cursor.fetchall()
    result = []
    for kind, unit_id, month, code, n in rows:
        if isinstance(month, str):
            month = date.fromisoformat(month)
        result.append({"kind": kind, "unit_id": unit_id, "month": month, "code": code, "n": n})
    return result


def _add_backlog_ages(c: _Collector, *, today: date) -> None:
    """The open backlog at each recent month end by age band (days since receipt): one
    query per month end, for the last AGE_BAND_MONTHS months only."""
    oldest = add_months(month_start(today), -(AGE_BAND_MONTHS - 1))
    for month in c.months:
        if month < oldest:
            continue
        end = month_end(month)
        whens = [
            When(received_on__gte=end - timedelta(days=upper), then=Value(name))
            for name, _lower, upper in AGE_BANDS
            if upper is not None
        ]
        band = Case(*whens, default=Value(AGE_BANDS[-1][0]))
        for record in (
            _counted()
            .filter(received_on__lte=end)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
            .values("kind", "unit_id", band=band)
            .annotate(n=Count("id"))
        ):
            for row in c.each(record, month):
                _bump(row.breakdown.setdefault("backlog_age", {}), record["band"], record["n"])
