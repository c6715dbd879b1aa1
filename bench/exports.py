"""The requests CSV export, measured (issue 19, part 5): its access-log entries, then its
rows as the response streams them, each against PostgreSQL doing the same work itself.

- The log: the entries an export commits before its first row (one per request whose
  requester the user sees), entries per second; its floor is an INSERT … SELECT of the
  same rows with constant values, timed in the same run and rolled back.
- The rows: rows per second of the generator the StreamingHttpResponse reads, and the
  resident memory it adds, at a tenth of the rows and at all of them (flat memory: the
  two close); the floor is COPY (SELECT the same rows and columns) TO STDOUT as CSV.
- End to end: log then rows, rows per second, as a user waits for them.

From bench/__main__.py (`measure(results, user, unit_id)`), or on its own against a
database the bench filled (`DATABASE_URL=… python -m bench.exports`), which also exports
every unit's requests (the whole table) and prints the results as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.memory import rss_mb

ROOT = Path(__file__).resolve().parent.parent

#: The floor of the rows: PostgreSQL writing the same rows and columns as CSV itself.
EXPORT_FLOOR_SQL = """
COPY (
    SELECT r.reference, r.kind, r.regime, r.status, r.received_on, r.due_on, r.extended,
           u.name, a.username, r.closed_on, r.outcome, r.summary, p.name, p.email
    FROM requests_tracker_informationrequest r
    LEFT JOIN accounts_unit u ON u.id = r.unit_id
    LEFT JOIN accounts_user a ON a.id = r.assigned_to_id
    LEFT JOIN requests_tracker_requester p ON p.id = r.requester_id
    {where}
    ORDER BY r.due_on NULLS LAST, r.id
) TO STDOUT WITH (FORMAT csv)
"""

#: The floor of the log: the same number of entries, written by the database from the
#: requests table with constant values (no query of the export's to build).
LOG_FLOOR_SQL = """
INSERT INTO core_accesslogentry (at, user_id, user_unit_id, action, record_type, record_id,
    record_reference, record_unit_id, fields, ip_address, path, export_rows, reason)
SELECT now(), %s, NULL, 'export', 'request', r.id, r.reference, r.unit_id, '[]'::jsonb,
    NULL, '', 0, ''
FROM requests_tracker_informationrequest r {where}
"""


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _stream(user, query: str) -> tuple[int, float, float]:
    """(rows, seconds, peak resident memory added) of the CSV's rows for `query`."""
    from django.http import QueryDict

    from core import csv_files
    from requests_tracker import exports

    _, queryset = exports.filtered_requests(user, QueryDict(query))
    baseline = peak = rss_mb()
    rows = 0
    started = time.perf_counter()
    for number, chunk in enumerate(csv_files.chunks(exports.csv_rows(user, queryset))):
        rows += chunk.count("\n")
        if number % 50 == 0:
            peak = max(peak, rss_mb())
    elapsed = time.perf_counter() - started
    return rows - 1, elapsed, max(peak, rss_mb()) - baseline


def _copy_floor(where: str) -> tuple[int, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        copied = 0
        with cursor.cursor.copy(EXPORT_FLOOR_SQL.format(where=where)) as copy:
            for block in copy:
                copied += bytes(block).count(b"\n")
        return copied, time.perf_counter() - started


def _log_export(user, query: str, rows: int) -> tuple[int, float]:
    from django.http import QueryDict

    from requests_tracker import exports

    _, queryset = exports.filtered_requests(user, QueryDict(query))
    started = time.perf_counter()
    logged = exports.log_export(
        user, queryset, rows=rows, reason="Benchmark", path="/requests/export.csv", ip_address=None
    )
    return logged, time.perf_counter() - started


def _log_floor(user, where: str) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(LOG_FLOOR_SQL.format(where=where), [user.pk])
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure(results: dict, user, unit_id: int | None, *, label: str = "") -> None:
    """One unit's requests CSV, every status, for `user` (a DPO: every row carries
    requester details, so every row is logged); the whole table if unit_id is None.
    Results under `export{label}_…`."""
    unit_query = f"unit={unit_id}&" if unit_id is not None else ""
    where = f"WHERE r.unit_id = {int(unit_id)}" if unit_id is not None else ""
    key = f"export{label}"
    _stream(user, f"{unit_query}status=&kind=eir")  # warm up: imports, caches, plans
    tenth = _stream(user, f"{unit_query}status=&kind=foi")
    rows, elapsed, grown = _stream(user, f"{unit_query}status=")
    results[f"{key}_rows"] = rows
    results[f"{key}_rows_per_s"] = round(rows / elapsed)
    results[f"{key}_peak_growth_mb"] = round(grown, 1)
    results[f"{key}_tenth_rows"] = tenth[0]
    results[f"{key}_tenth_peak_growth_mb"] = round(tenth[2], 1)
    copied, floor = _copy_floor(where)
    results[f"{key}_floor_rows_per_s"] = round(copied / floor)
    results[f"{key}_vs_floor_ratio"] = round((rows / elapsed) / (copied / floor), 2)
    logged, log_s = _log_export(user, f"{unit_query}status=", rows)
    log_floor = _log_floor(user, where)
    results[f"{key}_log_rows_per_s"] = round(logged / log_s)
    results[f"{key}_log_floor_rows_per_s"] = round(logged / log_floor)
    results[f"{key}_end_to_end_rows_per_s"] = round(rows / (log_s + elapsed))
    results[f"{key}_load_average"] = round(os.getloadavg()[0], 2)
    _log(
        f"export {rows:,} rows at {results[f'{key}_rows_per_s']:,}/s, +{grown:.1f} MB"
        f" (+{tenth[2]:.1f} MB for {tenth[0]:,}); COPY {results[f'{key}_floor_rows_per_s']:,}/s;"
        f" access log {results[f'{key}_log_rows_per_s']:,} entries/s"
        f" (INSERT … SELECT floor {results[f'{key}_log_floor_rows_per_s']:,}/s);"
        f" log then rows {results[f'{key}_end_to_end_rows_per_s']:,} rows/s;"
        f" load {results[f'{key}_load_average']}"
    )


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group

    from accounts.models import Role, User
    from bench.data import BENCH_USER

    dpo, _ = User.objects.get_or_create(username="bench.dpo")
    dpo.groups.add(Group.objects.get(name=Role.DPO))
    unit_id = User.objects.get(username=BENCH_USER).unit_id
    results: dict = {}
    measure(results, dpo, unit_id)
    if os.environ.get("BENCH_EXPORT_ALL", "1") == "1":
        measure(results, dpo, None, label="_all")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    main()
