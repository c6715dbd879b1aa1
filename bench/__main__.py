"""make bench — Rights Desk at national scale, measured in one run.

Needs PostgreSQL in DATABASE_URL; works in a separate database named <that>_bench, which
it drops and recreates (the database in DATABASE_URL is never touched). BENCH_SCALE sets
the number of requests (default 1,000,000). Writes bench/results/latest.json and
bench/results/latest.md and prints the table.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


@contextmanager
def timer(results: dict, key: str):
    started = time.perf_counter()
    yield
    results[key] = round(time.perf_counter() - started, 3)
    log(f"{key} = {results[key]} s")


def bench_database(suffix: str = "_bench") -> str:
    """Create <db><suffix> afresh and return its URL."""
    import psycopg

    url = os.environ.get("BENCH_SOURCE_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "make bench needs DATABASE_URL pointing at PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/rightsdesk)."
        )
    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'rightsdesk'}{suffix}"
    admin = urlunparse(parsed._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kb = int(handle.readline().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, {platform.system()}"


# --- the best hand-written SQL for the same figures --------------------------------------

FLOOR_SQL = """
WITH r AS (
    SELECT kind, unit_id, received_on, closed_on, due_on,
           status NOT IN ('withdrawn', 'lapsed') AS counted
    FROM requests_tracker_informationrequest
),
events AS (
    SELECT kind, unit_id, date_trunc('month', received_on)::date AS month,
           1 AS received, 0 AS closed, 0 AS closed_on_time, 0 AS due, 0 AS due_met,
           CASE WHEN counted THEN 1 ELSE 0 END AS open_delta, 0 AS overdue_delta,
           NULL::int AS days_to_close
    FROM r
    UNION ALL
    SELECT kind, unit_id, date_trunc('month', closed_on)::date, 0, 1,
           CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END, 0, 0, -1, 0,
           closed_on - received_on
    FROM r WHERE counted AND closed_on IS NOT NULL
    UNION ALL
    SELECT kind, unit_id, date_trunc('month', due_on)::date, 0, 0, 0, 1,
           CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END, 0, 1, NULL
    FROM r WHERE counted AND due_on IS NOT NULL
    UNION ALL
    SELECT kind, unit_id, date_trunc('month', GREATEST(due_on, closed_on))::date,
           0, 0, 0, 0, 0, 0, -1, NULL
    FROM r WHERE counted AND due_on IS NOT NULL AND closed_on IS NOT NULL
),
monthly AS (
    SELECT kind, unit_id, month,
           SUM(received) AS received, SUM(closed) AS closed,
           SUM(closed_on_time) AS closed_on_time, SUM(due) AS due, SUM(due_met) AS due_met,
           SUM(open_delta) AS open_delta, SUM(overdue_delta) AS overdue_delta,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_close) AS median_days_to_close,
           GROUPING(unit_id) AS all_units
    FROM events
    GROUP BY GROUPING SETS ((kind, unit_id, month), (kind, month))
)
SELECT kind, CASE WHEN all_units = 1 THEN NULL ELSE unit_id END AS unit, month,
       received, closed, closed_on_time,
       ROUND(100.0 * closed_on_time / NULLIF(closed, 0), 1) AS pct_closed_on_time,
       due, due_met, ROUND(100.0 * due_met / NULLIF(due, 0), 1) AS pct_due_met,
       SUM(open_delta) OVER w AS open_at_month_end,
       SUM(overdue_delta) OVER w AS overdue_at_month_end,
       median_days_to_close
FROM monthly
WINDOW w AS (PARTITION BY kind, all_units, unit_id ORDER BY month)
ORDER BY kind, unit, month
"""


# --- Issue 19: work lists under load, the unusual-access report, exports -------------------


#: The hand-written query over the raw log that the report used to be: the floor it is
#: measured against is this same figure read without the daily totals.
RAW_UNUSUAL_SQL = """
SELECT user_id, count(*) AS total,
       count(*) FILTER (WHERE record_unit_id IS NOT NULL
                        AND record_unit_id IS DISTINCT FROM user_unit_id) AS outside
FROM core_accesslogentry
WHERE at >= %s AND at < %s
GROUP BY user_id
"""


def unusual_access_report(results: dict, today) -> None:
    """The unusual-access report (its two queries over the daily totals) against the same
    totals counted by hand from the raw log; they must agree."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.db import connection

    from core import access
    from core.models import AccessLogEntry

    results["access_log_rows"] = AccessLogEntry.objects.count()
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        report = access.unusual_access(today=today)
        runs.append(time.perf_counter() - started)
    results["unusual_access_s"] = round(statistics.median(runs), 4)
    results["unusual_access_flagged"] = len(report)
    uk = ZoneInfo("Europe/London")
    since = datetime.combine(today - timedelta(days=29), datetime.min.time(), uk)
    until = datetime.combine(today + timedelta(days=1), datetime.min.time(), uk)
    raw_runs = []
    for _ in range(3):
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(RAW_UNUSUAL_SQL, [since, until])
            raw = cursor.fetchall()
            raw_runs.append(time.perf_counter() - started)
    results["unusual_access_raw_log_s"] = round(min(raw_runs), 4)
    from accounts.models import User

    names = dict(User.objects.values_list("pk", "username"))
    raw_outside = {names[user]: outside for user, _, outside in raw}
    results["unusual_access_disagree"] = sum(
        1 for row in report if raw_outside.get(row.username) != row.outside_unit
    )
    log(
        f"unusual access {results['unusual_access_s']} s ({len(report)} flagged) over "
        f"{results['access_log_rows']:,} entries; raw-log aggregate {results['unusual_access_raw_log_s']} s;"
        f" {results['unusual_access_disagree']} disagree"
    )


def one_month_floor(results: dict, today) -> None:
    """What the one-month recompute reads, and its floor: the requests that touch the
    month counted by hand from the same index (no statement can read fewer), and the
    scans of the requests table in the statement's own plan (EXPLAIN ANALYZE: node, rows,
    heap pages fetched)."""
    from django.db import connection, transaction

    from core.dates import month_end, month_start
    from dashboards import figures

    start = month_start(today)
    runs = []
    for _ in range(3):
        with connection.cursor() as cursor:
            began = time.perf_counter()
            cursor.execute(
                "SELECT count(*) FROM requests_tracker_informationrequest"
                f" WHERE {figures.TOUCHED_UNTIL_SQL} >= %s",
                [start],
            )
            touching = cursor.fetchone()[0]
            runs.append(time.perf_counter() - began)
    results["one_month_rows_touching"] = touching
    results["one_month_floor_s"] = round(min(runs), 4)
    results["one_month_ratio"] = round(
        results["recompute_one_month_s"] / max(results["one_month_floor_s"], 1e-4), 1
    )
    sql, params = figures._build(start, month_end(start), since_start=True, today=today)
    with transaction.atomic(), figures._planner_settings(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    scans = []

    def walk(node: dict) -> None:
        if node.get("Relation Name") == "requests_tracker_informationrequest":
            scans.append(
                {
                    "node": node["Node Type"],
                    "index": node.get("Index Name", ""),
                    "rows": node.get("Actual Rows", 0) * node.get("Actual Loops", 1),
                    "heap_fetches": node.get("Heap Fetches"),
                }
            )
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    results["one_month_scans"] = scans
    results["one_month_statement_ms"] = round(plan[0].get("Execution Time", 0), 1)


# --- the run -------------------------------------------------------------------------------


#: Interleaved rounds of the full recompute and its floor (best of each kept). From
#: LARGE requests on (a full recompute takes minutes there), one round, and the floor
#: with the server's default settings only (the faster of the two at 1,000,000), so
#: that the whole run stays under half an hour.
RECOMPUTE_ROUNDS = 3
LARGE = 5_000_000


class LoadAverage:
    """The machine's one-minute load average, sampled every 15 s through the run: the
    machine is shared, so the results say how busy it was."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(15):
                return

    def __enter__(self) -> LoadAverage:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()

    def summary(self) -> dict:
        values = self.samples or [os.getloadavg()[0]]
        return {
            "min": round(min(values), 2),
            "mean": round(statistics.mean(values), 2),
            "max": round(max(values), 2),
            "samples": len(values),
        }


def main() -> None:
    started = time.perf_counter()
    with LoadAverage() as load_average:
        results = run()
    results["load_average_1min"] = load_average.summary()
    results["total_s"] = round(time.perf_counter() - started, 1)
    log(f"whole run {results['total_s']} s; load average {results['load_average_1min']}")
    write(results)


def run() -> dict:
    scale = int(os.environ.get("BENCH_SCALE", "1000000"))
    results: dict = {"scale": scale, "machine": machine()}
    os.environ["BENCH_SOURCE_DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    url = bench_database()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process: the bench times the work itself
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Max

    from accounts.models import User
    from bench.data import BENCH_USER, generate, generate_access_log
    from dashboards.services import recompute_months
    from requests_tracker import services
    from requests_tracker.models import InformationRequest, ReferenceCounter
    from requests_tracker.selectors import uk_today

    log(f"database {urlparse(url).path.lstrip('/')}, scale {scale:,}")
    call_command("migrate", verbosity=0)
    today = uk_today()

    with timer(results, "generate_s"):
        results["generate_phases_s"] = generate(scale, today=today)
    with timer(results, "generate_access_log_s"):
        generate_access_log(scale, today=today)
    # Later references continue after the generated ones.
    for kind, year, last in (
        InformationRequest.objects.values_list("kind", "reference_year")
        .annotate(last=Max("reference_number"))
        .order_by()
    ):
        ReferenceCounter.objects.update_or_create(kind=kind, year=year, defaults={"last": last})

    # 1. Recompute every month vs the hand-written SQL floor (same figures). Runs are
    #    interleaved and the best of each kept, so a noisy moment on a shared machine
    #    favours neither. The floor gets its best too: the server's default settings or
    #    the ones the recompute's own statement runs with, whichever is faster.
    from datetime import date

    from dashboards.figures import _PLANNER_SETTINGS

    def floor_run(settings: dict) -> tuple[float, list]:
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            started = time.perf_counter()
            cursor.execute(FLOOR_SQL)
            rows = cursor.fetchall()
            return time.perf_counter() - started, rows

    first = date(2019, 1, 1)
    floor_settings = {"default": {}, "recompute settings": _PLANNER_SETTINGS}
    if scale >= LARGE:
        floor_settings.pop("recompute settings")
    runs, floor_runs = [], {label: [] for label in floor_settings}
    rounds = RECOMPUTE_ROUNDS if scale < LARGE else 1
    started_all = time.perf_counter()
    for round_number in range(rounds):
        started = time.perf_counter()
        recompute_months(first=first, reason="Benchmark")
        runs.append(time.perf_counter() - started)
        for label, settings in floor_settings.items():
            elapsed, floor_rows = floor_run(settings)
            floor_runs[label].append(elapsed)
        spent = time.perf_counter() - started_all
        floors = ", ".join(f"{label} {values[-1]:.1f} s" for label, values in floor_runs.items())
        log(
            f"  round {round_number + 1}/{rounds}: recompute {runs[-1]:.1f} s, floor {floors};"
            f" ~{spent / (round_number + 1) * (rounds - round_number - 1):.0f} s left"
        )
    results["recompute_all_rounds"] = rounds
    results["recompute_all_first_run_s"] = round(runs[0], 3)
    results["recompute_all_runs_s"] = [round(r, 3) for r in runs]
    results["recompute_all_s"] = round(min(runs), 3)
    best_floor = min(floor_runs, key=lambda label: min(floor_runs[label]))
    results["floor_runs_s"] = {k: [round(r, 3) for r in v] for k, v in floor_runs.items()}
    results["recompute_all_sql_floor_s"] = round(min(floor_runs[best_floor]), 3)
    results["recompute_all_sql_floor_settings"] = best_floor
    results["recompute_all_ratio"] = round(
        results["recompute_all_s"] / results["recompute_all_sql_floor_s"], 2
    )
    log(
        f"recompute all {results['recompute_all_s']} s vs floor {results['recompute_all_sql_floor_s']} s"
        f" ({best_floor}; {len(floor_rows)} rows)"
    )

    # The floor must return the same figures as the snapshots (checked on all-units rows).
    from dashboards.models import MonthlySnapshot

    snapshots = {
        (s.kind, s.month): (
            s.received,
            s.closed,
            s.closed_on_time,
            s.due,
            s.due_met,
            s.open_at_month_end,
            s.overdue_at_month_end,
        )
        for s in MonthlySnapshot.objects.filter(unit__isnull=True)
    }
    mismatches = 0
    for row in floor_rows:
        if row[1] is None and (row[0], row[2]) in snapshots:
            floor_values = (row[3], row[4], row[5], row[7], row[8], row[10], row[11])
            if tuple(int(v or 0) for v in floor_values) != snapshots[(row[0], row[2])]:
                mismatches += 1
    results["floor_mismatched_months"] = mismatches
    log(f"floor vs snapshots: {mismatches} all-units months differ")

    # 2. One change, one month recomputed.
    bench_user = User.objects.get(username=BENCH_USER)
    target = (
        InformationRequest.objects.filter(
            status="open", received_on__gte=today.replace(day=1), due_on__gte=today
        )
        .exclude(kind="internal_review")
        .first()
    )
    outcome = {"roa": "no_data_held"}.get(target.kind, "not_held") if target else ""
    if target:
        services.close_request(request_id=target.pk, actor=None, closed_on=today, outcome=outcome)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        # The path a change takes (dashboards.tasks.recompute_from_month): incremental.
        recompute_months(first=today, last=today, reason="Benchmark: one change", incremental=True)
        times.append(time.perf_counter() - started)
    results["recompute_one_month_s"] = round(statistics.median(times), 3)
    one_month_floor(results, today)
    log(
        f"recompute one month {results['recompute_one_month_s']} s; floor (an index-only count"
        f" of the {results['one_month_rows_touching']:,} requests touching it)"
        f" {results['one_month_floor_s']} s; its scans {results['one_month_scans']}"
    )

    # 3–4. My work and All requests (server time and queries; over HTTP at 1, 10 and 50
    #      users against a trivial signed-in view) and the public dashboard and JSON
    #      against a trivial view, on the deployed gunicorn command (bench/worklists.py).
    from bench import worklists

    worklists.measure(results, user=bench_user)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}

    # 4c. The unusual-access report and the requests CSV export.
    from django.contrib.auth.models import Group

    from accounts.models import Role

    dpo = User.objects.create(username="bench.dpo")
    dpo.groups.add(Group.objects.get(name=Role.DPO))
    unusual_access_report(results, today)
    from bench import exports as export_bench

    export_bench.measure(results, dpo, bench_user.unit_id)
    log(
        f"rps: trivial {results['trivial_view_rps']}, dashboard {results['dashboard_rps']}, json {results['dashboard_json_rps']}"
    )

    # 5. Peak memory of recomputing everything, in a fresh process, at this scale and at
    #    a tenth of it (its own database, the same units): flat memory means the two
    #    peaks are close. Before the import below, which adds units of its own.
    small_scale = max(scale // 10, 1)
    small_env = {**env, "DATABASE_URL": bench_database("_bench_small")}
    subprocess.run(
        [sys.executable, "-m", "bench.rss", "--generate", str(small_scale)],
        cwd=ROOT,
        env=small_env,
        check=True,
    )
    for key, child_env in (("", env), ("small_", small_env)):
        output = subprocess.run(
            [sys.executable, "-m", "bench.rss"],
            cwd=ROOT,
            env=child_env,
            capture_output=True,
            text=True,
            check=True,
        )
        memory = json.loads(output.stdout.strip().splitlines()[-1])
        results[f"recompute_{key}baseline_rss_mb"] = memory["baseline_mb"]
        results[f"recompute_{key}peak_rss_mb"] = memory["peak_mb"]
    results["small_scale"] = small_scale
    log(
        f"recompute peak RSS {results['recompute_peak_rss_mb']} MB at {scale:,} requests, "
        f"{results['recompute_small_peak_rss_mb']} MB at {small_scale:,} "
        f"(process baseline {results['recompute_baseline_rss_mb']} MB)"
    )

    # 6. Importing legacy files at two sizes vs PostgreSQL COPY of the same files, each
    #    in a fresh process for its peak memory (bench/import_recompute.py).
    from bench import import_recompute

    import_recompute.measure(results, today=today)

    # 7. The disclosure log's search at 50,000 published items (bench/disclosure.py).
    from bench import disclosure

    results.update(disclosure.measure(worklists.deployed_server, env))
    return results


GOALS = [
    (
        "Recompute every month",
        "recompute_all_s",
        "s",
        "≤ 1.5× the SQL floor",
        lambda r: (
            f"{r['recompute_all_ratio']}× the floor: FLOOR_SQL, the same figures by one"
            f" hand-written statement ({r['recompute_all_sql_floor_s']} s, "
            f"{r['recompute_all_sql_floor_settings']}); best of {r['recompute_all_rounds']}"
            f" interleaved runs each; {r['floor_mismatched_months']} months differ"
        ),
        lambda r: r["recompute_all_ratio"] <= 1.5 and r["floor_mismatched_months"] == 0,
    ),
    (
        "Recompute one month after a change",
        "recompute_one_month_s",
        "s",
        "< 0.2 s, independent of N",
        lambda r: (
            f"{r['one_month_ratio']}× the floor: an index-only count of the"
            f" {r['one_month_rows_touching']:,} requests touching the month"
            f" ({r['one_month_floor_s']} s, a lower bound: no statement reads fewer); the statement {r['one_month_statement_ms']} ms,"
            " reading "
            + "; ".join(
                f"{s['node']} {s['index']} {s['rows']:,} rows"
                + (f", {s['heap_fetches']:,} heap fetches" if s["heap_fetches"] is not None else "")
                for s in r["one_month_scans"]
            )
        ),
        lambda r: r["recompute_one_month_s"] < 0.2,
    ),
    (
        "My work, p95 server time",
        "worklist_p95_ms",
        "ms",
        "< 300 ms, constant queries",
        lambda r: (
            f"{r['worklist_queries']} queries; {r['requests_in_unit']:,} requests in the unit"
        ),
        lambda r: r["worklist_p95_ms"] < 300,
    ),
    (
        "All requests (filtered), p95",
        "all_requests_p95_ms",
        "ms",
        "< 300 ms, constant queries",
        lambda r: f"{r['all_requests_queries']} queries",
        lambda r: r["all_requests_p95_ms"] < 300,
    ),
    (
        "Public dashboard, requests/s",
        "dashboard_rps",
        "/s",
        "≥ 80% of a trivial view",
        lambda r: (
            f"{round(100 * r['dashboard_share_of_trivial'])}% of the floor, a trivial view at"
            f" {r['trivial_view_rps']}/s on the same server (8 clients; {r['web_cmd']})"
        ),
        lambda r: r["dashboard_share_of_trivial"] >= 0.8,
    ),
    (
        "Public dashboard JSON, requests/s",
        "dashboard_json_rps",
        "/s",
        "≥ 80% of a trivial view",
        lambda r: f"{round(100 * r['dashboard_json_share_of_trivial'])}% of the trivial view",
        lambda r: r["dashboard_json_share_of_trivial"] >= 0.8,
    ),
    *[
        (
            f"{label} over HTTP, {users} users: p95",
            f"{key}_load_{users}",
            "",
            goal,
            lambda r, k=f"{key}_load_{users}": (
                f"p50 {r[k]['p50_ms']} / p95 {r[k]['p95_ms']} / p99 {r[k]['p99_ms']} ms,"
                f" {r[k]['rps']}/s, {r[k]['failures']} failed, load {r[k]['load_average']};"
                f" floor (a trivial signed-in view, same users): p95"
                f" {r[f'trivial_signed_in_load_{k.rsplit(chr(95), 1)[1]}']['p95_ms']} ms;"
                f" closed loop, {r['web_cmd']}"
            ),
            test,
        )
        for label, key, users, goal, test in (
            ("My work", "worklist", 1, "reported", lambda r: None),
            (
                "My work",
                "worklist",
                10,
                "p95 < 150 ms",
                lambda r: r["worklist_load_10"]["p95_ms"] < 150,
            ),
            (
                "My work",
                "worklist",
                50,
                "p95 < 300 ms",
                lambda r: r["worklist_load_50"]["p95_ms"] < 300,
            ),
            ("All requests", "all_requests", 10, "reported", lambda r: None),
            (
                "All requests",
                "all_requests",
                50,
                "p95 < 300 ms",
                lambda r: r["all_requests_load_50"]["p95_ms"] < 300,
            ),
        )
    ],
    (
        "Unusual-access report",
        "unusual_access_s",
        "s",
        "< 0.5 s",
        lambda r: (
            f"from the daily totals, over {r['access_log_rows']:,} log entries; the same totals"
            f" counted from the raw log by hand-written SQL: {r['unusual_access_raw_log_s']} s;"
            f" {r['unusual_access_disagree']} users disagree"
        ),
        lambda r: r["unusual_access_s"] < 0.5 and r["unusual_access_disagree"] == 0,
    ),
    (
        "Requests CSV export, rows/s",
        "export_rows_per_s",
        "/s",
        "≥ 50,000 rows/s, flat memory",
        lambda r: (
            f"{r['export_rows']:,} rows, +{r['export_peak_growth_mb']} MB"
            f" (+{r['export_tenth_peak_growth_mb']} MB for {r['export_tenth_rows']:,} rows);"
            f" floor: COPY of the same rows and columns {r['export_floor_rows_per_s']:,}/s"
            f" ({round(r['export_floor_rows_per_s'] / max(r['export_rows_per_s'], 1), 1)}×);"
            f" its access-log entries written first at {r['export_log_rows_per_s']:,}/s"
        ),
        lambda r: r["export_rows_per_s"] >= 50_000,
    ),
    (
        "Import 100,000 legacy rows",
        "import_100000_s",
        "s",
        "≤ 10× COPY, memory flat in file size",
        lambda r: (
            f"{r['import_100000_vs_copy_ratio']}× COPY ({r['import_100000_copy_s']} s); peak "
            f"+{r['import_100000_rss_over_baseline_mb']} MB vs "
            f"+{r['import_20000_rss_over_baseline_mb']} MB at 20,000 rows"
        ),
        lambda r: r["import_100000_vs_copy_ratio"] <= 10 and r["import_memory_growth"] <= 1.2,
    ),
    (
        "Recompute peak memory",
        "recompute_peak_rss_mb",
        "MB",
        "flat: ≤ 1.2× from N/10 to N",
        lambda r: (
            f"+{round(r['recompute_peak_rss_mb'] - r['recompute_baseline_rss_mb'], 1)} MB over"
            f" the process baseline ({r['recompute_baseline_rss_mb']} MB) vs"
            f" +{round(r['recompute_small_peak_rss_mb'] - r['recompute_small_baseline_rss_mb'], 1)}"
            f" MB at {r['small_scale']:,} requests: {_memory_growth(r)}×"
        ),
        lambda r: _memory_flat(r),
    ),
]


def _disclosure_goals() -> list:
    from bench.disclosure import GOALS as DISCLOSURE_GOALS

    return DISCLOSURE_GOALS


GOALS += _disclosure_goals()


def _memory_growth(r: dict) -> float:
    """What recomputing adds on top of the process's own footprint at this scale over
    what it adds at a tenth of it."""
    large = r["recompute_peak_rss_mb"] - r["recompute_baseline_rss_mb"]
    small = r["recompute_small_peak_rss_mb"] - r["recompute_small_baseline_rss_mb"]
    return round(large / max(small, 1.0), 2)


def _memory_flat(r: dict) -> bool:
    """Flat: ten times the requests adds at most a fifth to what recomputing takes on top
    of the process's own footprint (memory that grew with N would take ten times)."""
    return _memory_growth(r) <= 1.2


def _phases(results: dict) -> str:
    phases = results.get("generate_phases_s", {})
    return ", ".join(
        f"{name.removesuffix('_s').replace('_', ' ')} {s} s" for name, s in phases.items()
    )


def _load(results: dict) -> str:
    load = results.get("load_average_1min", {})
    return f"min {load.get('min')}, mean {load.get('mean')}, max {load.get('max')}"


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    lines = [
        f"Scale {results['scale']:,} requests; {results['machine']}; generated in"
        f" {results['generate_s']} s ({_phases(results)}); whole run {results['total_s']} s;"
        f" load average (1 min) {_load(results)}.",
        "",
        "| measure | result | goal | met | notes |",
        "|---|---|---|---|---|",
    ]
    for label, key, unit, goal, note, met in GOALS:
        verdict = met(results)
        mark = "yes" if verdict else "see note" if verdict is None else "NO"
        value = results[key]
        if isinstance(value, dict):  # a load measure: its p95
            value = f"{value['p95_ms']} ms"
        lines.append(f"| {label} | {value} {unit} | {goal} | {mark} | {note(results)} |")
    table = "\n".join(lines) + "\n"
    (RESULTS / "latest.md").write_text(table)
    print("\n" + table)


if __name__ == "__main__":
    main()
