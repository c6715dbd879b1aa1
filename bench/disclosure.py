"""The disclosure log's search at 50,000 published items (issue 18, part 5).

Writes DISCLOSURE_ITEMS closed FOI/EIR requests and their published items with COPY,
builds the search vectors in one UPDATE, then times a realistic set of searches through
the real page (/disclosure-log/?q=…) and the JSON API (/api/v1/disclosure-log/?q=…) on a
running gunicorn server, one client at a time (latency, not throughput): goal p95 < 200 ms.

Called from bench/__main__.py's main() (`measure(server)`, after the other measures); or
on its own: `python -m bench.disclosure` (its own database, <DATABASE_URL>_bench_disclosure,
results in bench/results/disclosure.json and .md).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

DISCLOSURE_ITEMS = int(os.environ.get("BENCH_DISCLOSURE_ITEMS", "50000"))
GOAL_P95_MS = 200
ROUNDS = int(os.environ.get("BENCH_DISCLOSURE_ROUNDS", "6"))

#: The searches timed: common and rare words, two-word and quoted phrases, websearch
#: syntax, a reference, and words that match nothing.
QUERIES = [
    "drones",
    "speed cameras",
    '"stop and search"',
    "tasers",
    "overtime",
    "facial recognition",
    "cost",
    "number of officers",
    "knife crime county",
    "body-worn video policy",
    "helicopter -cost",
    "cyber or fraud",
    "ANPR",
    "custody",
    "vetting recruitment",
    "misconduct",
    "protest",
    "wildlife",
    "schools CCTV",
    "airport",
    "FOI-2024-00123",
    "quantum teleportation",
    "statistics",
    "training firearms",
    "response times 2023",
]


def _rows(n: int, unit_id: int, first_id: int, seed: int = 11):
    """(request row, item row) pairs: closed FOI (95%) and EIR (5%) requests, answered
    from 2019 to 2026, with their published items."""
    from disclosure.demo import words
    from requests_tracker.vocabularies import EXEMPTION_LABELS, Outcome

    rng = random.Random(seed)
    outcomes = [
        (Outcome.GRANTED_IN_FULL, 0.35),
        (Outcome.GRANTED_IN_PART, 0.3),
        (Outcome.NOT_HELD, 0.2),
        (Outcome.REFUSED, 0.1),
        (Outcome.NEITHER_CONFIRM_NOR_DENY, 0.05),
    ]
    foi_exemptions = ["s40", "s31", "s30", "s43", "s24", "s12", "s38", "s21"]
    now = datetime.now(UTC)
    numbers: dict[tuple[str, int], int] = {}
    for i in range(n):
        kind = "eir" if rng.random() < 0.05 else "foi"
        received = date(2019, 1, 2) + timedelta(days=rng.randrange(2870))
        responded = received + timedelta(days=rng.randrange(5, 28))
        year = received.year
        number = numbers[(kind, year)] = numbers.get((kind, year), 500000) + 1
        reference = f"{kind.upper()}-{year}-{number:06d}"
        outcome = rng.choices([o for o, _ in outcomes], [w for _, w in outcomes])[0]
        if kind == "eir" and outcome == Outcome.NEITHER_CONFIRM_NOR_DENY:
            outcome = Outcome.REFUSED
        codes = []
        if outcome in (Outcome.GRANTED_IN_PART, Outcome.REFUSED, Outcome.NEITHER_CONFIRM_NOR_DENY):
            codes = (
                rng.sample(foi_exemptions, rng.randint(1, 2)) if kind == "foi" else ["reg12_4_b"]
            )
        title, summary = words(rng, kind, received.year)
        pk = first_id + i
        request_row = (
            pk,
            reference,
            year,
            number,
            kind,
            "",
            received,
            "email",
            "member_of_public",
            "Bench request text",
            unit_id,
            None,
            None,
            None,
            "closed",
            received,
            received + timedelta(days=28),
            received + timedelta(days=28),
            "",
            False,
            None,
            None,
            "",
            False,
            responded,
            str(outcome),
            json.dumps(codes),
            "",
            "",
            None,
            "",
            None,
            None,
            False,
            "",
            2,
            now,
            now,
        )
        item_row = (
            pk,
            pk,
            reference,
            kind,
            title,
            summary,
            responded,
            str(outcome),
            Outcome(outcome).label,
            " ".join(["", *codes, ""]) if codes else "",
            "\n".join(EXEMPTION_LABELS[c] for c in codes),
            now,
            "",
        )
        yield request_row, item_row


ITEM_COLUMNS = [
    "id",
    "request_id",
    "reference",
    "kind",
    "title",
    "summary",
    "responded_on",
    "outcome",
    "outcome_label",
    "exemption_codes",
    "exemption_text",
    "published_at",
    "withdrawal_reason",
]


def generate(n: int = DISCLOSURE_ITEMS) -> float:
    """Write n published items (and their closed requests) with COPY; returns seconds."""
    from django.db import connection
    from django.db.models import Max

    from accounts.models import Unit
    from bench.data import REQUEST_COLUMNS, _copy
    from disclosure.models import PublishedItem
    from disclosure.services import SEARCH_VECTOR
    from requests_tracker.models import InformationRequest

    started = time.perf_counter()
    unit, _ = Unit.objects.get_or_create(name="Bench disclosure unit")
    first_id = (InformationRequest.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    pairs = list(_rows(n, unit.pk, first_id))
    _copy(InformationRequest._meta.db_table, REQUEST_COLUMNS, (r for r, _ in pairs))
    _copy(PublishedItem._meta.db_table, ITEM_COLUMNS, (i for _, i in pairs))
    PublishedItem.objects.update(search_vector=SEARCH_VECTOR)
    with connection.cursor() as cursor:
        for table in (InformationRequest._meta.db_table, PublishedItem._meta.db_table):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
            )
            cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def _percentiles(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 1)

    return {"p50": round(statistics.median(ordered), 1), "p95": at(0.95), "p99": at(0.99)}


def _time(port: int, paths: list[str]) -> tuple[list[float], int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings, failures = [], 0
    for path in paths:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            failures += 1
        timings.append(elapsed)
    conn.close()
    return timings, failures


def measure(server, env: dict | None = None) -> dict:
    """Generate the items, then time the searches on a running server."""
    from bench.__main__ import log

    results: dict = {"disclosure_items": DISCLOSURE_ITEMS}
    seconds = generate(DISCLOSURE_ITEMS)
    results["disclosure_generate_s"] = round(seconds, 1)
    log(f"disclosure log: {DISCLOSURE_ITEMS:,} published items in {seconds:.1f} s")
    endpoints = {"page": "/disclosure-log/?q=", "api": "/api/v1/disclosure-log/?q="}
    with server({**os.environ, **(env or {}), "DJANGO_SETTINGS_MODULE": "bench.settings"}) as port:
        for name, prefix in endpoints.items():
            paths = [prefix + quote(q) for q in QUERIES]
            _time(port, paths * 2)  # warm up both workers and the database's caches
            timings, failures = _time(port, paths * ROUNDS)
            numbers = _percentiles(timings)
            for key, value in numbers.items():
                results[f"disclosure_search_{name}_{key}_ms"] = value
            results[f"disclosure_search_{name}_requests"] = len(timings)
            results[f"disclosure_search_{name}_failures"] = failures
            log(
                f"disclosure search ({name}): {numbers} over {len(timings)} requests, {failures} failed"
            )
    results["disclosure_queries"] = len(QUERIES)
    return results


def _note(name: str):
    def note(r: dict) -> str:
        return (
            f"p50 {r[f'disclosure_search_{name}_p50_ms']} ms, p99 {r[f'disclosure_search_{name}_p99_ms']} ms; "
            f"{r['disclosure_items']:,} items, {r['disclosure_queries']} queries × {r[f'disclosure_search_{name}_requests'] // r['disclosure_queries']}, "
            f"{r[f'disclosure_search_{name}_failures']} failed"
        )

    return note


def _met(name: str):
    return lambda r: (
        r[f"disclosure_search_{name}_p95_ms"] < GOAL_P95_MS
        and r[f"disclosure_search_{name}_failures"] == 0
    )


GOALS = [
    (
        "Disclosure log search (page), p95",
        "disclosure_search_page_p95_ms",
        "ms",
        f"< {GOAL_P95_MS} ms at 50,000 items",
        _note("page"),
        _met("page"),
    ),
    (
        "Disclosure log search (JSON API), p95",
        "disclosure_search_api_p95_ms",
        "ms",
        f"< {GOAL_P95_MS} ms at 50,000 items",
        _note("api"),
        _met("api"),
    ),
]


def main() -> None:
    """On its own: a fresh database, migrate, measure, write bench/results/disclosure.*"""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from bench.__main__ import bench_database, machine
    from bench.worklists import deployed_server

    os.environ["BENCH_SOURCE_DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    os.environ["DATABASE_URL"] = bench_database("_bench_disclosure")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = {"machine": machine(), **measure(deployed_server)}
    folder = root / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "disclosure.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = ["| measure | result | goal | met | notes |", "|---|---|---|---|---|"]
    for label, key, unit, goal, note, met in GOALS:
        lines.append(
            f"| {label} | {results[key]} {unit} | {goal} | {'yes' if met(results) else 'NO'} | {note(results)} |"
        )
    table = f"{results['machine']}\n\n" + "\n".join(lines) + "\n"
    (folder / "disclosure.md").write_text(table)
    print("\n" + table)


if __name__ == "__main__":
    main()
