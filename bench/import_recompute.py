"""The import and the one-month recompute, measured (issue 19, parts 3 and 4).

- Import of legacy files at two sizes, each in a fresh child process (peak resident
  memory over that process's baseline: flat in file size means the two are close), timed
  against PostgreSQL COPY of the same file into a text table (the floor).
- One month recomputed after a change (the incremental path a change takes), with the
  rows the statement reads and whether it reads the requests table by index.

From bench/__main__.py (`measure(results, today=…)`), or on its own against a database
already filled by the bench (`DATABASE_URL=… python -m bench.import_recompute`), which
prints the results as JSON. `--import FILE` is the child process's job.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench.memory import rss_mb

ROOT = Path(__file__).resolve().parent.parent

#: File sizes (rows) imported, smallest first; BENCH_IMPORT_SIZES overrides ("20000,100000").
IMPORT_SIZES = (20_000, 100_000)


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def write_legacy_file(path: Path, rows: int, *, today: date, prefix: str) -> int:
    """A legacy export of about `rows` requests shaped like the demo history (every
    kind, stops, extensions, closures, withdrawals, lapses, internal reviews)."""
    from bench.data import BENCH_USER
    from requests_tracker import legacy
    from requests_tracker.demo import FOI_UNIT, ROA_UNIT, DemoHistory

    history = DemoHistory(
        today=today,
        seed=7,
        staff={ROA_UNIT: [BENCH_USER], FOI_UNIT: [BENCH_USER]},
        scale=rows / 115_000,
    )
    written = 0
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=legacy.COLUMNS)
        writer.writeheader()
        for row in history.rows():
            writer.writerow(
                {
                    **dict.fromkeys(legacy.COLUMNS, ""),
                    **row,
                    "legacy_reference": f"{prefix}-{row['legacy_reference']}",
                    "review_of": f"{prefix}-{row['review_of']}" if row.get("review_of") else "",
                }
            )
            written += 1
    return written


def copy_floor(path: Path) -> float:
    """Seconds for COPY of the file into a temporary table of text columns."""
    from django.db import connection, transaction

    from requests_tracker import legacy

    columns = ", ".join(f'"{c}" text' for c in legacy.COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE import_floor ({columns}) ON COMMIT DROP")
        started = time.perf_counter()
        with (
            path.open("rb") as handle,
            cursor.cursor.copy(
                "COPY import_floor FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        return time.perf_counter() - started


def _import_child(path: str) -> None:
    """In a fresh process: import the file, print seconds and memory as JSON."""
    import django

    django.setup()
    from requests_tracker import legacy

    baseline = rss_mb()
    peak = baseline
    running = True

    def sample() -> None:
        nonlocal peak
        while running:
            peak = max(peak, rss_mb())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    from django.db import transaction

    # The import's time ends at its commit: the snapshots it announces are recomputed
    # after that, by the outbox (in this process when there is no broker), and are timed
    # by the recompute measures, not here. This callback runs first after the commit.
    committed: list[float] = []
    outer = transaction.atomic()
    outer.__enter__()

    def at_commit() -> None:
        nonlocal running, peak
        committed.append(time.perf_counter())
        running = False
        peak = max(peak, rss_mb())

    transaction.on_commit(at_commit)
    started = time.perf_counter()
    with open(path, "rb") as handle:
        if os.environ.get("BENCH_IMPORT_BULK"):  # the bulk_create path, for comparison
            importer = legacy._StreamedImport(handle, progress=None)
            with transaction.atomic():
                importer.check()
                result = importer.write(actor=None)
        else:
            result = legacy.import_file(handle)
    outer.__exit__(None, None, None)
    elapsed = committed[0] - started
    sampler.join()
    json.dump(
        {
            "seconds": round(elapsed, 3),
            "imported": result.imported,
            "baseline_mb": round(baseline, 1),
            "peak_mb": round(peak, 1),
        },
        sys.stdout,
    )


def measure_import(results: dict, *, today: date, sizes: tuple[int, ...] = IMPORT_SIZES) -> None:
    from accounts.models import Unit
    from requests_tracker.demo import FOI_UNIT, ROA_UNIT

    Unit.objects.get_or_create(name=ROA_UNIT)
    Unit.objects.get_or_create(name=FOI_UNIT)
    env = {**os.environ}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"import-{size}.csv"
            prefix = f"BENCH{size}-{time.time_ns():x}"  # never a row imported before
            rows = write_legacy_file(path, size, today=today, prefix=prefix)
            output = subprocess.run(
                [sys.executable, "-m", "bench.import_recompute", "--import", str(path)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            child = json.loads(output.stdout.strip().splitlines()[-1])
            assert child["imported"] == rows, (child, rows)
            floor = copy_floor(path)
            key = f"import_{size}" + ("_bulk_create" if os.environ.get("BENCH_IMPORT_BULK") else "")
            results[f"{key}_rows"] = rows
            results[f"{key}_bytes"] = path.stat().st_size
            results[f"{key}_s"] = child["seconds"]
            results[f"{key}_copy_s"] = round(floor, 3)
            results[f"{key}_vs_copy_ratio"] = round(child["seconds"] / floor, 1)
            results[f"{key}_rss_over_baseline_mb"] = round(
                child["peak_mb"] - child["baseline_mb"], 1
            )
            _log(
                f"import {rows:,} rows: {child['seconds']} s vs COPY {floor:.3f} s "
                f"({results[f'{key}_vs_copy_ratio']}×), peak RSS "
                f"+{results[f'{key}_rss_over_baseline_mb']} MB over the process baseline"
            )
    if len(sizes) < 2 or os.environ.get("BENCH_IMPORT_BULK"):
        return
    small, large = (f"import_{sizes[0]}", f"import_{sizes[-1]}")
    results["import_memory_growth"] = round(
        results[f"{large}_rss_over_baseline_mb"]
        / max(results[f"{small}_rss_over_baseline_mb"], 1.0),
        2,
    )


def _one_month_statement_rows(today: date) -> tuple[int, bool]:
    """(rows the one-month statement reads from the requests table, whether it reads
    them by index), from EXPLAIN ANALYZE of the statement the incremental path runs."""
    from django.db import connection, transaction

    from core.dates import month_end, month_start
    from dashboards.figures import _PLANNER_SETTINGS, _build

    start = month_start(today)
    sql, params = _build(start, month_end(start), since_start=True, today=today)
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in _PLANNER_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    table = "requests_tracker_informationrequest"
    scans: list[dict] = []

    def walk(node: dict) -> None:
        if node.get("Relation Name") == table and node.get("Alias") == table:
            scans.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    rows = sum(int(s["Actual Rows"]) * int(s.get("Actual Loops", 1)) for s in scans)
    by_index = bool(scans) and all("Seq Scan" not in s["Node Type"] for s in scans)
    return rows, by_index


def measure_one_month(results: dict, *, today: date, label: str = "") -> None:
    """One month recomputed the way a change does it, median of 3 after one warm-up."""
    from dashboards.services import recompute_months
    from requests_tracker.models import InformationRequest

    times = []
    for _ in range(4):
        started = time.perf_counter()
        recompute_months(first=today, last=today, reason="Benchmark: one change", incremental=True)
        times.append(time.perf_counter() - started)
    rows, by_index = _one_month_statement_rows(today)
    prefix = f"one_month{label}"
    results[f"{prefix}_requests"] = InformationRequest.objects.count()
    results[f"{prefix}_s"] = round(statistics.median(times[1:]), 3)
    results[f"{prefix}_rows_read"] = rows
    results[f"{prefix}_by_index"] = by_index
    _log(
        f"one month after a change: {results[f'{prefix}_s']} s over "
        f"{results[f'{prefix}_requests']:,} requests, reading {rows:,} "
        f"({'by index' if by_index else 'by a sequential scan'})"
    )


def measure(results: dict, *, today: date) -> None:
    sizes = tuple(int(n) for n in os.environ.get("BENCH_IMPORT_SIZES", "").split(",") if n.strip())
    measure_import(results, today=today, sizes=sizes or IMPORT_SIZES)


def main() -> None:
    if sys.argv[1:2] == ["--import"]:
        _import_child(sys.argv[2])
        return
    import django

    django.setup()
    from django.db.models import Max

    from requests_tracker.models import InformationRequest, ReferenceCounter
    from requests_tracker.selectors import uk_today

    today = uk_today()
    # As bench/__main__.py does after generating: later references continue after these.
    for kind, year, last in (
        InformationRequest.objects.values_list("kind", "reference_year")
        .annotate(last=Max("reference_number"))
        .order_by()
    ):
        ReferenceCounter.objects.update_or_create(kind=kind, year=year, defaults={"last": last})
    results: dict = {}
    from core.dates import add_months, month_start
    from dashboards.models import MonthlySnapshot
    from dashboards.services import recompute_months

    before = add_months(month_start(today), -1)
    # The stored month the one-month path continues from; without it, it rescans history.
    if not MonthlySnapshot.objects.filter(month=before, unit__isnull=True).exists():
        started = time.perf_counter()
        recompute_months(first=date(2019, 1, 1), reason="Benchmark")
        results["recompute_all_s"] = round(time.perf_counter() - started, 3)
    measure_one_month(results, today=today)
    if os.environ.get("BENCH_IMPORT_SIZES") != "none":
        measure(results, today=today)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    main()
