"""Bench data: N requests written with PostgreSQL COPY, shaped like the demo history
(received 2019 to today, 68% right of access, 29% FOI, 1% EIR, 2% internal reviews,
identity and clarification stops, extensions, late and on-time closures, withdrawals,
lapses), spread over ten units of about N/10 requests each. Due dates come from the
statutory module, exactly as the services compute them (memoised: a pure function of
kind, regime, received date, stops and extension, which most requests share).

The first BASE (1,000,000) requests are generated row by row by WORKERS processes, each
writing with COPY; past that, the table is copies of those written by the server itself
(INSERT ... SELECT: new ids, requesters and reference numbers, the same dates, statuses
and due dates), so 10,000,000 requests take minutes, not half an hour. The tables'
secondary indexes are dropped during the load and rebuilt after it; VACUUM ANALYZE
last, so the statistics and the visibility map are those of a settled table. The tables
stay logged (UNLOGGED would change what is measured)."""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import Role, Unit, User
from requests_tracker import statutory
from requests_tracker.models import ClockStop, InformationRequest, Requester
from requests_tracker.vocabularies import REFERENCE_PREFIX, RequestKind

UNITS = 10
STAFF_PER_UNIT = 10
BENCH_USER = "bench.caseworker"
BENCH_LEAD = "bench.teamlead"
FIRST_DAY = date(2019, 1, 1)

REQUEST_COLUMNS = [
    "id",
    "reference",
    "reference_year",
    "reference_number",
    "kind",
    "regime",
    "received_on",
    "channel",
    "requester_type",
    "summary",
    "unit_id",
    "requester_id",
    "assigned_to_id",
    "assigned_on",
    "status",
    "clock_started_on",
    "original_due_on",
    "due_on",
    "due_explanation",
    "extended",
    "extended_on",
    "extension_working_days",
    "extension_reason",
    "complex",
    "closed_on",
    "outcome",
    "exemptions",
    "late_reason",
    "late_reason_detail",
    "withdrawn_on",
    "withdrawal_reason",
    "lapsed_on",
    "parent_id",
    "legal_hold",
    "legal_hold_reason",
    "version",
    "created_at",
    "updated_at",
]


def make_staff() -> tuple[list[Unit], dict[int, list[int]]]:
    caseworkers = Group.objects.get(name=Role.CASEWORKER)
    leads = Group.objects.get(name=Role.TEAM_LEAD)
    units, staff = [], {}
    for u in range(UNITS):
        unit = Unit.objects.create(name=f"Bench unit {u + 1}")
        units.append(unit)
        ids = []
        for s in range(STAFF_PER_UNIT):
            username = BENCH_USER if (u, s) == (0, 0) else f"bench.{u}.{s}"
            user = User.objects.create(username=username, unit=unit)
            user.groups.add(caseworkers)
            ids.append(user.pk)
        staff[unit.pk] = ids
    lead = User.objects.create(username=BENCH_LEAD, unit=units[0])
    lead.groups.add(leads)
    return units, staff


def _copy(table: str, columns: list[str], rows) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


#: Processes generating and writing rows in parallel (the machine has 2 cores; the
#: database server takes its share of each COPY).
WORKERS = 2
#: Rows a worker writes per transaction.
BATCH = 50_000
#: Requests generated one by one (in Python, by the statutory module); beyond it, the
#: table is made of copies of these first BASE requests written by the server itself
#: (INSERT ... SELECT, see _replicate): new ids, requesters and reference numbers, the
#: same dates, statuses and due dates (so still exactly as the services compute them),
#: the same distributions. A multiple of UNITS, so each copy keeps its units.
BASE = 1_000_000

_RULES = statutory.Rules()


class _Dates(NamedTuple):
    """The dates of a statutory.Deadline the bench stores (not its explanation)."""

    clock_started_on: date | None
    original_due_on: date | None
    due_on: date | None


@functools.lru_cache(maxsize=1_000_000)
def _deadline(
    kind: str, received: date, regime: str, stops: tuple[statutory.Stop, ...], extended: bool
) -> _Dates:
    """The statutory deadline, as the services compute it: a pure function of its inputs,
    which most bench requests share (the same day, regime and stops), so it is worked out
    once per distinct input."""
    deadline = statutory.compute_deadline(
        kind=statutory.Kind(kind),
        received_on=received,
        regime=statutory.Regime(regime) if regime else None,
        stops=stops,
        extended=extended,
        review_of=statutory.Kind.FOI if kind == "internal_review" else None,
        rules=_RULES,
    )
    return _Dates(deadline.clock_started_on, deadline.original_due_on, deadline.due_on)


def _rows(
    lo: int,
    hi: int,
    *,
    rng: random.Random,
    today: date,
    unit_ids: list[int],
    staff: dict[int, list[int]],
    worker: int,
    now: datetime,
):
    """(request, its clock stops) for the requests lo..hi-1 (requester i is request i's). Reference numbers count
    per kind and year in this worker, interleaved between workers (worker w of W takes
    w+1, w+1+W, ...), so they are unique without coordination."""
    span = (today - FIRST_DAY).days
    counters: dict[tuple[str, int], int] = {}
    foi_closed: list[tuple[int, date]] = []
    for i in range(lo, hi):
        roll = rng.random()
        kind = (
            "roa"
            if roll < 0.68
            else "foi"
            if roll < 0.97
            else "eir"
            if roll < 0.98
            else "internal_review"
        )
        parent = None
        received = FIRST_DAY + timedelta(days=rng.randrange(span))
        if kind == "internal_review":
            if not foi_closed:
                kind = "foi"
            else:
                parent, closed = foi_closed[rng.randrange(len(foi_closed))]
                received = min(
                    closed + timedelta(days=rng.randint(1, 20)), today - timedelta(days=1)
                )
        regime = ("dpa_part3" if rng.random() < 0.7 else "uk_gdpr") if kind == "roa" else ""
        request_stops: list[statutory.Stop] = []
        if kind == "roa" and rng.random() < 0.5:
            end = received + timedelta(days=rng.randint(2, 20))
            request_stops.append(
                statutory.Stop(
                    statutory.StopReason.IDENTITY, received, end if end < today else None
                )
            )
        if (
            kind != "internal_review"
            and rng.random() < 0.06
            and (not request_stops or request_stops[-1].ended_on)
        ):
            start = (request_stops[-1].ended_on if request_stops else received) + timedelta(days=3)
            end = start + timedelta(days=rng.randint(2, 15))
            if start < today:
                request_stops.append(
                    statutory.Stop(
                        statutory.StopReason.CLARIFICATION, start, end if end < today else None
                    )
                )
        extended = (
            kind != "internal_review"
            and rng.random() < 0.05
            and not (regime == "dpa_part3" and received < statutory.PART3_EXTENSION_COMMENCEMENT)
        )
        deadline = _deadline(kind, received, regime, tuple(request_stops), extended)
        status, closed_on, withdrawn_on, lapsed_on, late = "open", None, None, None, ""
        if request_stops and request_stops[-1].ended_on is None:
            status = "on_hold"
            if request_stops[-1].started_on + timedelta(days=91) <= today:
                status, lapsed_on = "lapsed", request_stops[-1].started_on + timedelta(days=91)
        elif rng.random() < 0.04:
            status, withdrawn_on = "withdrawn", min(received + timedelta(days=3), today)
        elif deadline.due_on is not None:
            share = 0.4 + 0.4 * min(1.0, (received - FIRST_DAY).days / 1500)
            if rng.random() < share:
                closed = received + timedelta(
                    days=rng.randint(1, max(1, (deadline.due_on - received).days))
                )
            else:
                closed = deadline.due_on + timedelta(days=1 + int(rng.expovariate(1 / 25)))
            if closed < today:
                status, closed_on = "closed", max(closed, deadline.clock_started_on)
                late = "volume" if closed_on > deadline.due_on else ""
        unit_id = unit_ids[i % UNITS]
        year = received.year
        local = counters[(kind, year)] = counters.get((kind, year), 0) + 1
        number = (local - 1) * WORKERS + worker + 1
        outcome = ""
        if status == "closed":
            outcome = {"roa": "disclosed_in_full", "internal_review": "upheld"}.get(
                kind, "granted_in_full"
            )
            if kind == "foi":
                foi_closed.append((i, closed_on))
        request = (
            i,
            f"{REFERENCE_PREFIX[RequestKind(kind)]}-{year}-{number:06d}",
            year,
            number,
            kind,
            regime,
            received,
            "email",
            "member_of_public",
            "Bench request",
            unit_id,
            i,
            staff[unit_id][(i // UNITS) % STAFF_PER_UNIT],
            received,
            status,
            deadline.clock_started_on,
            deadline.original_due_on,
            deadline.due_on,
            "",
            extended,
            deadline.clock_started_on + timedelta(days=1)
            if extended and deadline.clock_started_on
            else None,
            20 if extended and kind == "foi" else None,
            "Bench" if extended else "",
            False,
            closed_on,
            outcome,
            "[]",
            late,
            "",
            withdrawn_on,
            "Bench" if withdrawn_on else "",
            lapsed_on,
            parent,
            False,
            "",
            1,
            now,
            now,
        )
        yield request, [(i, s.reason.value, s.started_on, s.ended_on, now) for s in request_stops]


_STOP_COLUMNS = ["request_id", "reason", "started_on", "ended_on", "created_at"]


def _worker(url: str, worker: int, lo: int, hi: int, seed: int, today: date, unit_ids, staff, done):
    """One generating process: its own connection, COPY per table per BATCH rows, each
    batch its own transaction. `done` counts the rows written (for the progress line)."""
    import psycopg

    rng = random.Random(seed * 1000 + worker)
    now = datetime.now(UTC)
    tables = [
        (InformationRequest._meta.db_table, REQUEST_COLUMNS),
        (ClockStop._meta.db_table, _STOP_COLUMNS),
    ]
    with psycopg.connect(url, autocommit=False) as conn:
        # The load only: nothing here is read before it ends, and a crash means a new run.
        # The foreign keys are right by construction (ids from make_staff and this loop);
        # their per-row triggers would otherwise queue ten million checks.
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET session_replication_role = replica")
        rows = _rows(
            lo, hi, rng=rng, today=today, unit_ids=unit_ids, staff=staff, worker=worker, now=now
        )
        while True:
            batch = list(itertools.islice(rows, BATCH))
            if not batch:
                break
            with conn.cursor() as cursor:
                (requests, requests_columns), (stops, stops_columns) = tables
                with cursor.copy(
                    f"COPY {requests} ({', '.join(requests_columns)}) FROM STDIN"
                ) as copy:
                    for request, _stops in batch:
                        copy.write_row(request)
                with cursor.copy(f"COPY {stops} ({', '.join(stops_columns)}) FROM STDIN") as copy:
                    for _request, request_stops in batch:
                        for stop in request_stops:
                            copy.write_row(stop)
            conn.commit()
            with done.get_lock():
                done.value += len(batch)


def _replicate(url: str, n: int, base: int, workers: int) -> None:
    """Requests base+1..n as copies of requests 1..base (copy k: ids, requesters and
    parents shifted by k × base, reference numbers by k × the largest one), with their
    clock stops, `workers` copies at a time, each one statement on the server."""
    import psycopg

    with psycopg.connect(url) as conn:
        numbers = conn.execute(
            f"SELECT max(reference_number) FROM {InformationRequest._meta.db_table}"
        ).fetchone()[0]
    shifted = {
        "id": "id + %(shift)s",
        "reference": (
            "substring(reference from '^(.*-)[0-9]+$')"
            " || lpad((reference_number + %(numbers)s)::text,"
            " greatest(6, length((reference_number + %(numbers)s)::text)), '0')"
        ),
        "reference_number": "reference_number + %(numbers)s",
        "requester_id": "requester_id + %(shift)s",
        "parent_id": "parent_id + %(shift)s",
    }
    select = ", ".join(shifted.get(column, column) for column in REQUEST_COLUMNS)
    requests = InformationRequest._meta.db_table
    stops = ClockStop._meta.db_table
    statements = [
        f"INSERT INTO {requests} ({', '.join(REQUEST_COLUMNS)})"
        f" SELECT {select} FROM {requests} WHERE id <= %(base)s AND id + %(shift)s <= %(n)s",
        f"INSERT INTO {stops} ({', '.join(_STOP_COLUMNS)})"
        f" SELECT request_id + %(shift)s, reason, started_on, ended_on, created_at FROM {stops}"
        " WHERE request_id <= %(base)s AND request_id + %(shift)s <= %(n)s",
    ]
    copies = list(range(1, -(-n // base)))
    started = time.perf_counter()
    written = [0]
    lock = threading.Lock()

    def copy(k: int) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET session_replication_role = replica")
            params = {"shift": k * base, "numbers": k * numbers, "base": base, "n": n}
            for statement in statements:
                conn.execute(statement, params)
        with lock:
            written[0] += min(base, n - k * base)
            progress("copying", base + written[0], n, started)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(copy, copies))


def _secondary_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the tables' indexes that no constraint owns
    (not the primary keys nor unique constraints): dropped around the load, rebuilt
    after it from their own definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY t.relname, i.relname
            """,
            [tables],
        )
        return cursor.fetchall()


def progress(label: str, done: int, total: int, started: float) -> None:
    """A progress line with the estimated time left."""
    elapsed = time.perf_counter() - started
    share = done / total if total else 1.0
    left = elapsed * (1 - share) / share if share else float("nan")
    bar = "#" * int(30 * share)
    print(
        f"[bench {time.strftime('%H:%M:%S')}] {label} [{bar:<30}] {done:,}/{total:,}"
        f" {100 * share:.0f}%, {elapsed:.0f} s, ~{left:.0f} s left",
        flush=True,
    )


def generate(n: int, *, today: date, seed: int = 1, workers: int = WORKERS) -> dict[str, float]:
    """Write n requests (with requesters and clock stops) using COPY from `workers`
    processes, the tables' secondary indexes dropped during the load and rebuilt after
    it, then VACUUM ANALYZE. Returns the seconds each phase took."""
    timings: dict[str, float] = {}
    units, staff = make_staff()
    unit_ids = [u.pk for u in units]
    tables = [m._meta.db_table for m in (Requester, InformationRequest, ClockStop)]
    started = time.perf_counter()
    indexes = _secondary_indexes(tables)
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    url = _database_url()
    connection.close()  # not shared with the forked workers
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0)
    base = min(n, BASE)
    share = -(-base // workers)
    processes = [
        context.Process(
            target=_worker,
            args=(
                url,
                w,
                1 + w * share,
                min(base, (w + 1) * share) + 1,
                seed,
                today,
                unit_ids,
                staff,
                done,
            ),
        )
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    with connection.cursor() as cursor:
        # The requesters are all alike: the server writes them itself while the workers
        # write the requests.
        cursor.execute(
            f"""
            INSERT INTO {Requester._meta.db_table} (id, name, email, address, phone, created_at)
            SELECT g, 'Bench person ' || g, 'person' || g || '@example.org', '', '', now()
            FROM generate_series(1, %s) AS g
            """,
            [n],
        )
    last = 0.0
    while any(process.is_alive() for process in processes):
        time.sleep(0.5)
        if time.perf_counter() - last >= 15:
            last = time.perf_counter()
            progress("generating", done.value, base, started)
    for process in processes:
        process.join()
        if process.exitcode:
            raise RuntimeError(f"a generating process failed (exit code {process.exitcode})")
    progress("generating", done.value, base, started)
    timings["rows_s"] = round(time.perf_counter() - started, 1)
    if n > base:
        step = time.perf_counter()
        _replicate(url, n, base, workers)
        timings["copies_s"] = round(time.perf_counter() - step, 1)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for number, (_name, definition) in enumerate(indexes, start=1):
            cursor.execute(definition)
            progress("rebuilding indexes", number, len(indexes), step)
        cursor.execute("RESET maintenance_work_mem")
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
            )
    timings["indexes_s"] = round(time.perf_counter() - step, 1)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        # The visibility map too, so index-only scans read no heap (as on a settled table).
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("ANALYZE")
    timings["vacuum_analyze_s"] = round(time.perf_counter() - step, 1)
    return timings


def _database_url() -> str:
    settings = connection.settings_dict
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{host}:{port}/{settings['NAME']}"


#: Access-log entries per request in the bench: views over the last ACCESS_DAYS days,
#: one in ACCESS_OUTSIDE of them a record of another unit, with a few busy days.
ACCESS_PER_REQUEST = 0.2
ACCESS_DAYS = 90
ACCESS_OUTSIDE = 50


def generate_access_log(n: int, *, today: date, seed: int = 2) -> int:
    """Write about ACCESS_PER_REQUEST × n access-log entries (staff viewing requests over
    the last ACCESS_DAYS days), then the daily totals the unusual-access report
    reads (core.models.AccessLogDay), computed from the log in SQL as migration 0006 does.
    Returns the number of entries."""
    from core.models import AccessLogDay, AccessLogEntry

    users = list(
        User.objects.filter(unit__isnull=False).order_by("pk").values_list("pk", "unit_id")
    )
    unit_ids = sorted({unit for _, unit in users})
    busy = {users[k][0] for k in range(0, len(users), 17)}  # a few people with a busy day
    total = int(n * ACCESS_PER_REQUEST)
    columns = [
        "at",
        "user_id",
        "user_unit_id",
        "action",
        "record_type",
        "record_id",
        "record_reference",
        "record_unit_id",
        "fields",
        "ip_address",
        "path",
        "reason",
    ]
    start = datetime.combine(today - timedelta(days=ACCESS_DAYS - 1), datetime.min.time(), UTC)
    # Written by the server (INSERT ... SELECT from generate_series, random() seeded):
    # entry k is user k mod the users' (a busy one on a busy day one time in five), a
    # record of another unit one time in ACCESS_OUTSIDE, a random request and day.
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [1 / (seed + 1)])
        # As for the requests: the foreign keys are right by construction, and their
        # per-row triggers would queue three checks per entry.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            f"""
            INSERT INTO {AccessLogEntry._meta.db_table} ({", ".join(columns)})
            WITH d AS MATERIALIZED (
                SELECT (%(users)s::bigint[])[k %% %(count)s + 1] AS user_id,
                       (%(units)s::bigint[])[k %% %(count)s + 1] AS unit,
                       CASE WHEN (%(busy)s::boolean[])[k %% %(count)s + 1] AND random() < 0.2
                            THEN %(busy_day)s
                            ELSE floor(random() * %(days)s)::int END AS day,
                       8 * 3600 + floor(random() * 10 * 3600)::int AS seconds,
                       1 + floor(random() * %(n)s)::bigint AS record,
                       random() * %(outside)s < 1 AS outside,
                       (%(unit_ids)s::bigint[])[1 + floor(random() * %(unit_count)s)::int] AS other
                FROM generate_series(0, %(total)s - 1) AS k
            )
            SELECT %(start)s + make_interval(days => day, secs => seconds), user_id, unit,
                   'view', 'request', record, 'ROA-BENCH-' || record,
                   CASE WHEN outside THEN other ELSE unit END, '["requester.name"]',
                   '127.0.0.1', '/requests/' || record || '/', ''
            FROM d
            """,
            {
                "users": [user for user, _ in users],
                "units": [unit for _, unit in users],
                "busy": [user in busy for user, _ in users],
                "count": len(users),
                "busy_day": ACCESS_DAYS - 3,
                "days": ACCESS_DAYS,
                "n": n,
                "outside": ACCESS_OUTSIDE,
                "unit_ids": unit_ids,
                "unit_count": len(unit_ids),
                "total": total,
                "start": start,
            },
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {AccessLogDay._meta.db_table} (day, user_id, views, outside_unit)
            SELECT (at AT TIME ZONE 'Europe/London')::date, user_id, count(*),
                   count(*) FILTER (WHERE record_unit_id IS NOT NULL
                                    AND record_unit_id IS DISTINCT FROM user_unit_id)
            FROM {AccessLogEntry._meta.db_table}
            GROUP BY 1, 2
            """
        )
        cursor.execute("RESET session_replication_role")
        cursor.execute(f"ANALYZE {AccessLogEntry._meta.db_table}")
        cursor.execute(f"ANALYZE {AccessLogDay._meta.db_table}")
    return total
