"""The SQL aggregation behind the monthly figures (docs/metrics.md, "Computing it at
scale"): every figure is a GROUP BY over one date column, and the two backlog figures are
running totals of monthly counts — never a loop over requests in Python.

All of them, and the Data Board breakdowns, come from one statement: the requests table
is read once into a narrow common table, and one GROUP BY per section runs over that
(UNION ALL). The rows it answers are bounded by kinds × units × months × categories, not
by the number of requests, and stream from a server-side cursor.

`compute_figures(first, last)` returns every snapshot row for the months first..last,
keyed by (kind, unit key, month), where the unit key is a unit id or `ALL_UNITS`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth

from core.dates import add_months, month_end, month_start, months_between
from requests_tracker.models import InformationRequest, RegulatorComplaint
from requests_tracker.selectors import statutory_rules
from requests_tracker.vocabularies import (
    ACTIVE_STATUSES,
    BACKLOG_AGE_BANDS,
    EXCLUDED_STATUSES,
    RequestKind,
    Status,
)

from .months import median_from_counts

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
#: Backlog age bands (requests_tracker.vocabularies.BACKLOG_AGE_BANDS, the one definition):
#: (key, lower, upper), and each key's label.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = tuple(
    (key, low, high) for key, _label, low, high in BACKLOG_AGE_BANDS
)
AGE_BAND_LABELS = {key: label for key, label, _low, _high in BACKLOG_AGE_BANDS}
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
    breakdown: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int | float | None]:
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


#: A unit's id, or ALL_UNITS for the all-units row.
UnitKey = int | str
Key = tuple[str, UnitKey, date]
#: (kind, unit key) → month → count: the monthly counts behind a running total.
MonthlyCounts = dict[tuple[str, UnitKey], Counter[date]]
#: (kind, unit key) → (open, overdue) at the end of the month before a range.
BacklogBase = dict[tuple[str, UnitKey], tuple[int, int]]


def _unit_keys(unit_id: int | None) -> tuple[UnitKey, ...]:
    """A request counts in its unit's row and in the all-units row."""
    return (ALL_UNITS,) if unit_id is None else (ALL_UNITS, unit_id)


def _bump(target: dict[str, int], key: str, amount: int) -> None:
    if amount:
        target[key] = target.get(key, 0) + amount


class _Collector:
    def __init__(self, months: list[date]) -> None:
        self.months = months
        self.first, self.last = months[0], months[-1]
        self.rows: dict[Key, Row] = {}

    def row(self, kind: str, unit_key: UnitKey, month: date) -> Row:
        key = (kind, unit_key, month)
        if key not in self.rows:
            self.rows[key] = Row()
        return self.rows[key]

    def in_range(self, month: date) -> bool:
        return self.first <= month <= self.last

    def each(self, kind: str, unit_id: int | None, month: date) -> Iterable[Row]:
        if not self.in_range(month):
            return ()
        return [self.row(kind, key, month) for key in _unit_keys(unit_id)]

    def add(
        self, kind: str, unit_id: int | None, month: date, section: str, name: str, amount: int
    ) -> None:
        for row in self.each(kind, unit_id, month):
            _bump(row.breakdown.setdefault(section, {}), name, amount)


# ---------------------------------------------------------------------------------------
# The statement: one scan of the requests, every figure and breakdown from it
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dialect:
    """The few spellings that differ between PostgreSQL and SQLite (the laptop default)."""

    vendor: str

    def month(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"CAST(date_trunc('month', CAST({column} AS timestamp)) AS date)"
        return f"date({column}, 'start of month')"

    def days(self, later: str, earlier: str) -> str:
        if self.vendor == "postgresql":
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def later(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.vendor == "postgresql" else f"MAX({a}, {b})"

    def exemption_join(self) -> str:
        """Joined to r: one row per exemption a request cites (a JSON array)."""
        if self.vendor == "postgresql":
            return "CROSS JOIN LATERAL jsonb_array_elements_text(r.exemptions) AS e(code)"
        return ", json_each(r.exemptions) AS e"

    def exemption_code(self) -> str:
        return "e.code" if self.vendor == "postgresql" else "e.value"

    def working_days(self) -> str:
        """The FOIA working days from receipt to reply, read off `%(working)s`: the
        running count of working days for each day from `%(first_day)s` (see
        _working_day_counts). PostgreSQL indexes an integer array, SQLite a JSON one."""
        if self.vendor == "postgresql":
            at = "(CAST(%(working)s AS integer[]))[{0} - %(first_day)s + 1]".format
        else:
            at = (
                "json_extract(%(working)s, '$[' || "
                "CAST(julianday({0}) - julianday(%(first_day)s) AS INTEGER) || ']')"
            ).format
        return f"{at('r.closed_on')} - {at('r.received_on')}"


#: Over `closed_days` and its all-units sum: each number of days with the running count
#: up to it (`upto`) and the month's count (`total`). The median is the mean of the first
#: days whose running count passes (total - 1) / 2 and total / 2 (integer halves; the
#: same whether the division is exact or not, as the counts are whole numbers).
_MEDIAN_DAYS = """
    SELECT h.kind, h.unit_id, h.scope, h.month, h.days,
           SUM(h.n) OVER (PARTITION BY h.kind, h.unit_id, h.scope, h.month ORDER BY h.days
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto,
           SUM(h.n) OVER (PARTITION BY h.kind, h.unit_id, h.scope, h.month) AS total
    FROM (SELECT kind, unit_id, scope, month, days, n FROM closed_days
          UNION ALL
          SELECT kind, NULL, 'all', month, days, SUM(n) FROM closed_days GROUP BY 1, 4, 5) h
"""


def _branch(
    section: str,
    month: str,
    where: str,
    *,
    source: str = "r",
    label: str | None = None,
    detail: str | None = None,
    number: str | None = None,
    n: str = "COUNT(*)",
    m: str = "0",
) -> str:
    """One GROUP BY over `r`, answering (section, kind, unit, month, label, detail,
    number, n, m); the columns a section does not use are typed NULLs."""
    extra = (label, detail, number)
    columns = [
        label or "CAST(NULL AS text)",
        detail or "CAST(NULL AS text)",
        number or "CAST(NULL AS integer)",
    ]
    group = ["2", "3", "4", *(str(5 + i) for i, column in enumerate(extra) if column)]
    return (
        # Fragments written in this module; every value is a named parameter.
        f"SELECT '{section}', r.kind, r.unit_id, {month}, {', '.join(columns)}, {n}, {m} "  # noqa: S608
        f"FROM {source} WHERE {where} GROUP BY {', '.join(group)}"
    )


def _band(value: str, bands: Iterable[tuple[str, int | None]]) -> str:
    """CASE naming the first band whose upper bound (inclusive) `value` is within; the
    band with no upper bound takes the rest."""
    bands = list(bands)
    whens = " ".join(
        f"WHEN {value} <= {upper} THEN '{name}'" for name, upper in bands if upper is not None
    )
    rest = next(name for name, upper in bands if upper is None)
    return f"CASE {whens} ELSE '{rest}' END"


def _working_day_counts(first_day: date, last_day: date) -> list[int]:
    """For each day from first_day to last_day, how many FOIA working days there are
    from first_day to it inclusive: the working days after receipt up to the reply are
    then a difference of two entries."""
    calendar = statutory_rules().calendar
    counts, count = [], 0
    for offset in range((last_day - first_day).days + 1):
        count += calendar.is_working_day(first_day + timedelta(days=offset))
        counts.append(count)
    return counts


def earliest_received() -> date | None:
    """The first day any request was received: one index probe per kind."""
    days = [
        InformationRequest.objects.filter(kind=kind)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
        for kind in RequestKind.values
    ]
    present = [day for day in days if day is not None]
    return min(present) if present else None


#: The last day a request touches the figures (PostgreSQL): the end of time while it is
#: open, else the latest of its received, closed and due dates (GREATEST skips NULLs).
#: The expression of request_touched_until_idx (requests_tracker 0011), spelled as the
#: index is, so that the planner matches the two.
TOUCHED_UNTIL_SQL = (
    "(CASE WHEN status IN ({}) THEN DATE '9999-12-31'"
    " ELSE GREATEST(received_on, closed_on, due_on) END)"
).format(", ".join(f"'{status}'" for status in ACTIVE_STATUSES))


def _build(start: date, end: date, *, since_start: bool, today: date) -> tuple[str, dict[str, Any]]:
    """The statement and its (named) parameters: a common table `r` holding, once per
    request, the few values the figures group by (so the requests table is scanned
    once and each month is worked out once), then a UNION ALL of one GROUP BY per
    section over it."""
    d = _Dialect(connection.vendor)
    table = InformationRequest._meta.db_table
    params: dict[str, Any] = {
        "start": start,
        "last": month_start(end),
        "end": end,
        "closed": str(Status.CLOSED),
        "review": str(RequestKind.INTERNAL_REVIEW),
        **{f"excluded{i}": str(status) for i, status in enumerate(EXCLUDED_STATUSES)},
    }
    counted = (
        f"status NOT IN ({', '.join(f'%(excluded{i})s' for i in range(len(EXCLUDED_STATUSES)))})"
    )
    closed = "status = %(closed)s"  # closed requests are never excluded

    # Each section's own filters are in its branch; this one only keeps the scan small.
    # With a stored base (incremental), only the requests that touch the range: received,
    # closed or due on or after `start`, or still open (the backlog by age). Each arm is
    # an index (request_received_idx, request_closed_idx, request_due_idx and the partial
    # request_active_due_idx, whose condition the literal statuses match), so PostgreSQL
    # reads them with one BitmapOr instead of scanning the table: the rows read grow with
    # the months in the range, not with the history. "Still open" is `closed_on IS NULL`
    # and counted, i.e. an active status (closed_on is set iff the status is closed).
    #
    # On PostgreSQL the same condition is one expression, TOUCHED_UNTIL_SQL >= start, and
    # request_touched_until_idx (requests_tracker 0011) is that expression with every
    # column `r` reads: one range of one index, read by an index-only scan, so the rows
    # read are the requests touching the range wherever they lie in the table (the
    # BitmapOr still visited each one's table page: at millions of requests, most pages).
    active = ", ".join(f"'{status}'" for status in ACTIVE_STATUSES)
    if not since_start:
        recent = ""
    elif d.vendor == "postgresql":
        recent = f" AND {TOUCHED_UNTIL_SQL} >= %(start)s"
    else:
        recent = (
            " AND (received_on >= %(start)s OR closed_on >= %(start)s OR due_on >= %(start)s"
            f" OR status IN ({active}))"
        )
    ctes = [
        f"""r AS (
            SELECT kind, unit_id, received_on, closed_on, requester_type, outcome,
                   late_reason, parent_id,
                   CASE WHEN {counted} THEN 1 ELSE 0 END AS counted,
                   CASE WHEN extended THEN 1 ELSE 0 END AS extended,
                   CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END AS on_time,
                   {d.days("closed_on", "received_on")} AS days_to_close,
                   {d.days("assigned_on", "received_on")} AS days_to_allocate,
                   {d.month("received_on")} AS received_month,
                   CASE WHEN {closed} THEN {d.month("closed_on")} END AS closed_month,
                   CASE WHEN {counted} AND due_on IS NOT NULL
                        THEN {d.month("due_on")} END AS due_month,
                   CASE WHEN {closed} AND due_on IS NOT NULL
                        THEN {d.month(d.later("due_on", "closed_on"))} END AS settled_month,
                   CASE WHEN {closed} AND closed_on >= %(start)s AND exemptions <> '[]'
                        THEN exemptions END AS exemptions
            FROM {table}
            WHERE (received_on <= %(end)s OR due_on <= %(end)s){recent}
        )"""  # noqa: S608 - table name from model metadata, values are parameters
    ]
    # Months are first days: a date is in the range when its month is.
    in_range = "r.{0} >= %(start)s AND r.{0} <= %(last)s".format
    # How many requests closed in the range took each number of days, per unit.
    ctes.append(
        "closed_days(kind, unit_id, scope, month, days, n) AS ("  # noqa: S608
        "SELECT r.kind, r.unit_id, 'unit', r.closed_month, r.days_to_close, COUNT(*) FROM r "
        f"WHERE {in_range('closed_month')} GROUP BY 1, 2, 4, 5)"
    )
    up_to_end = in_range if since_start else "r.{0} <= %(last)s".format

    branches = [
        # received (every status) by requester type; m: those counted in the backlog.
        _branch(
            "received",
            "r.received_month",
            up_to_end("received_month"),
            label="r.requester_type",
            m="SUM(r.counted)",
        ),
        # closed, and on time (m).
        _branch("closed", "r.closed_month", up_to_end("closed_month"), m="SUM(r.on_time)"),
        # the median calendar days to close (n: twice the median), per unit and all units.
        _branch(
            "median",
            "r.month",
            "r.total > 0",
            source=f"({_MEDIAN_DAYS}) r",
            label="r.scope",
            n="MIN(CASE WHEN r.upto > (r.total - 1) / 2 THEN r.days END)"
            " + MIN(CASE WHEN r.upto > r.total / 2 THEN r.days END)",
        ),
        # due, and met (m): closed on or before the due date.
        _branch("due", "r.due_month", up_to_end("due_month"), m="SUM(r.on_time)"),
        # due requests no longer open: by the later of due_on and closed_on (overdue).
        _branch("settled", "r.settled_month", up_to_end("settled_month")),
        # outcome, late reason and extension of the requests closed in the range.
        _branch(
            "outcome",
            "r.closed_month",
            in_range("closed_month"),
            label="r.outcome",
            detail="r.late_reason",
            number="r.extended",
        ),
        # calendar days from receipt to allocation, for requests received in the range.
        _branch(
            "allocation",
            "r.received_month",
            f"r.days_to_allocate IS NOT NULL AND {in_range('received_month')}",
            number="r.days_to_allocate",
        ),
        # internal reviews received in the range, by the kind of request reviewed.
        _branch(
            "reviews_of",
            "r.received_month",
            f"r.kind = %(review)s AND {in_range('received_month')}",
            source=f"r LEFT JOIN {table} p ON p.id = r.parent_id",
            label="p.kind",
        ),
        # exemptions cited by the requests closed in the range.
        _branch(
            "exemptions",
            "r.closed_month",
            f"r.exemptions IS NOT NULL AND {in_range('closed_month')}",
            source=f"r {d.exemption_join()}",
            label=d.exemption_code(),
        ),
    ]

    # FOIA working days from receipt to reply: a difference of two running counts.
    first_day = earliest_received()
    if first_day is not None:
        counts = _working_day_counts(first_day, max(end, today))
        params["first_day"] = first_day
        # Written out once as text (an array literal for PostgreSQL, JSON for SQLite): the
        # statement names it in several places, and a list would be quoted at each, which
        # took ~0.3 s of the one-month recompute.
        params["working"] = (
            "{" + ",".join(map(str, counts)) + "}"
            if d.vendor == "postgresql"
            else json.dumps(counts)
        )
        branches.append(
            _branch(
                "response_times",
                "r.closed_month",
                in_range("closed_month"),
                label=_band(d.working_days(), RESPONSE_BANDS),
            )
        )

    # The open backlog at each recent month end in the range, by age band.
    oldest = add_months(month_start(today), -(AGE_BAND_MONTHS - 1))
    ends = [month_end(month) for month in months_between(start, end) if month >= oldest]
    if ends:
        params.update({f"end{i}": day for i, day in enumerate(ends)})
        values = ", ".join(f"(%(end{i})s)" for i in range(len(ends)))
        ctes.append(f"ends(e) AS (VALUES {values})")
        params.update(first_end=ends[0], last_end=ends[-1])
        age = d.days("ends.e", "r.received_on")
        branches.append(
            _branch(
                "backlog_age",
                d.month("ends.e"),
                "r.counted = 1 AND r.received_on <= %(last_end)s"
                " AND (r.closed_on IS NULL OR r.closed_on > %(first_end)s)",
                source="r JOIN ends ON r.received_on <= ends.e"
                " AND (r.closed_on IS NULL OR r.closed_on > ends.e)",
                label=_band(age, [(name, upper) for name, _lower, upper in AGE_BANDS]),
            )
        )
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(branches)}", params


#: PostgreSQL settings for the statement alone (see _planner_settings).
_PLANNER_SETTINGS = {
    "enable_sort": "off",
    "work_mem": "64MB",
    "cursor_tuple_fraction": "1",
    "jit": "off",
}


@contextmanager
def _planner_settings() -> Iterator[None]:
    """PostgreSQL sees no column statistics through the common table `r`, so it takes
    each branch's filters for a handful of rows and plans to sort, on disk, the million
    rows each branch really has. Hashing is right for every branch, whose groups are
    bounded by kinds × units × months × categories: for this statement only, sorting is
    a last resort, hash tables get the memory to stay in memory, and the cursor is
    planned for reading every row. No JIT: the median's window needs its (small) sort,
    whose penalty cost would otherwise make PostgreSQL spend seconds compiling the
    statement, even over a handful of requests. Must run inside a savepoint: on an error
    its rollback undoes the settings."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name, value in _PLANNER_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    yield
    with connection.cursor() as cursor:
        for name in _PLANNER_SETTINGS:
            cursor.execute(f"SET LOCAL {name} TO DEFAULT")


def _as_date(value: str | date) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def compute_figures(
    first: date, last: date, *, today: date, backlog_base: BacklogBase | None = None
) -> dict[Key, Row]:
    """Every figure of docs/metrics.md, plus the Data Board breakdowns, for months first..last
    (inclusive), for each kind × (all units, each unit with requests): one statement
    over the requests (one scan), one over the regulator complaints.

    The backlog figures are running totals from the first request. `backlog_base`, when
    given, maps (kind, unit key) to (open, overdue) at the end of the month before
    `first` (the stored snapshots), so only the range itself is scanned."""
    months = list(months_between(first, last))
    c = _Collector(months)
    start, end = c.first, month_end(c.last)

    # Every (kind, all units) row exists for every month, even with nothing in it.
    for month in months:
        for kind in RequestKind.values:
            c.row(kind, ALL_UNITS, month)

    # Monthly counts feeding the running totals of the backlog, per (kind, unit key).
    cumulative: dict[str, MonthlyCounts] = {
        name: defaultdict(Counter) for name in ("received", "closed", "due", "settled")
    }

    def running(name: str, kind: str, unit_id: int | None, month: date, amount: int) -> None:
        for key in _unit_keys(unit_id):
            cumulative[name][(kind, key)][month] += amount

    sql, params = _build(start, end, since_start=backlog_base is not None, today=today)
    # A server-side cursor on PostgreSQL: rows stream in batches, so memory stays flat
    # however many requests there are.
    with transaction.atomic(), _planner_settings(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            for section, kind, unit_id, month, label, detail, number, n, m in batch:
                month = _as_date(month)
                if section == "received":
                    running("received", kind, unit_id, month, m)
                    for row in c.each(kind, unit_id, month):
                        row.received += n
                    c.add(kind, unit_id, month, "requester_types", label, n)
                elif section == "closed":
                    running("closed", kind, unit_id, month, n)
                    for row in c.each(kind, unit_id, month):
                        row.closed += n
                        row.closed_on_time += m
                elif section == "median":
                    unit_key = ALL_UNITS if label == "all" else unit_id
                    if unit_key is not None:  # requests with no unit: the all-units row only
                        c.row(kind, unit_key, month).median_days_to_close = n / 2
                elif section == "due":
                    running("due", kind, unit_id, month, n)
                    for row in c.each(kind, unit_id, month):
                        row.due += n
                        row.due_met += m
                elif section == "settled":
                    running("settled", kind, unit_id, month, n)
                elif section == "outcome":
                    c.add(kind, unit_id, month, "outcomes", label or "none", n)
                    if detail:
                        c.add(kind, unit_id, month, "late_reasons", detail, n)
                    if number:
                        c.add(kind, unit_id, month, "totals", "extended", n)
                elif section == "allocation":
                    c.add(kind, unit_id, month, "allocation_days", str(number), n)
                elif section == "reviews_of":
                    c.add(kind, unit_id, month, "reviews_of", label or "none", n)
                else:  # response_times, exemptions, backlog_age: counts by label
                    c.add(kind, unit_id, month, section, label, n)

    _add_complaints(c, start, end)
    _apply_backlog(c, cumulative, backlog_base or {})
    for row in c.rows.values():
        _summarise_allocation(row)
    return c.rows


def _add_complaints(c: _Collector, start: date, end: date) -> None:
    """Complaints and appeals to the regulator: received, and decided by outcome."""
    complaints = RegulatorComplaint.objects.order_by()
    owner = {"kind": F("request__kind"), "unit_id": F("request__unit_id")}
    for record in (
        complaints.filter(received_on__gte=start, received_on__lte=end)
        .values(**owner, month=TruncMonth("received_on"))
        .annotate(n=Count("id"))
    ):
        c.add(
            record["kind"],
            record["unit_id"],
            record["month"],
            "complaints",
            "received",
            record["n"],
        )
    for record in (
        complaints.filter(decided_on__gte=start, decided_on__lte=end)
        .values("outcome", **owner, month=TruncMonth("decided_on"))
        .annotate(n=Count("id"))
    ):
        name = f"decided_{record['outcome']}"
        c.add(record["kind"], record["unit_id"], record["month"], "complaints", name, record["n"])


def _apply_backlog(c: _Collector, cumulative: dict[str, MonthlyCounts], base: BacklogBase) -> None:
    """open_at_month_end = received up to M − closed up to M; overdue_at_month_end = due
    up to M − settled (the later of due and closed) up to M: running totals over the
    months, from the first request or from the stored month before the range (`base`)."""
    groups = set(base).union(*cumulative.values())
    for group in groups:
        base_open, base_overdue = base.get(group, (0, 0))
        series = {name: counts.get(group, Counter()) for name, counts in cumulative.items()}
        # Everything before the range, then month by month through it.
        totals = {
            name: sum(n for month, n in monthly.items() if month < c.first)
            for name, monthly in series.items()
        }
        for month in c.months:
            for name, monthly in series.items():
                totals[name] += monthly.get(month, 0)
            open_count = base_open + totals["received"] - totals["closed"]
            overdue = base_overdue + totals["due"] - totals["settled"]
            if open_count or overdue or (group[0], group[1], month) in c.rows:
                row = c.row(group[0], group[1], month)
                row.open_at_month_end = open_count
                row.overdue_at_month_end = overdue


def _summarise_allocation(row: Row) -> None:
    allocation = row.breakdown.get("allocation_days")
    if allocation:
        counts = {int(days): n for days, n in allocation.items()}
        total = sum(counts.values())
        row.breakdown["allocation"] = {
            "allocated": total,
            "median_days": median_from_counts(counts),
            "mean_days": round(sum(d * n for d, n in counts.items()) / total, 1),
        }
