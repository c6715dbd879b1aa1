"""Bench data: N requests written with PostgreSQL COPY, shaped like the demo history
(received 2019 to today, 68% right of access, 29% FOI, 1% EIR, 2% internal reviews,
identity and clarification stops, extensions, late and on-time closures, withdrawals,
lapses), spread over ten units of about N/10 requests each. Due dates come from the
statutory module, exactly as the services compute them."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

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


def generate(n: int, *, today: date, seed: int = 1) -> None:
    """Write n requests (with requesters and clock stops) using COPY."""
    rng = random.Random(seed)
    rules = statutory.Rules()
    units, staff = make_staff()
    unit_ids = [u.pk for u in units]
    span = (today - FIRST_DAY).days
    now = datetime.now(UTC)
    counters: dict[tuple[str, int], int] = {}
    requests, requesters, stops = [], [], []
    foi_closed: list[tuple[int, date]] = []
    for i in range(1, n + 1):
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
        deadline = statutory.compute_deadline(
            kind=statutory.Kind(kind),
            received_on=received,
            regime=statutory.Regime(regime) if regime else None,
            stops=request_stops,
            extended=extended,
            review_of=statutory.Kind.FOI if kind == "internal_review" else None,
            rules=rules,
        )
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
        number = counters[(kind, year)] = counters.get((kind, year), 0) + 1
        requesters.append((i, f"Bench person {i}", f"person{i}@example.org", "", "", now))
        outcome = ""
        if status == "closed":
            outcome = {"roa": "disclosed_in_full", "internal_review": "upheld"}.get(
                kind, "granted_in_full"
            )
            if kind == "foi":
                foi_closed.append((i, closed_on))
        requests.append(
            (
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
        )
        stops.extend((i, s.reason.value, s.started_on, s.ended_on, now) for s in request_stops)
        if len(requests) >= 50_000:
            _flush(requesters, requests, stops)
            requesters, requests, stops = [], [], []
    _flush(requesters, requests, stops)
    with connection.cursor() as cursor:
        for model in (Requester, InformationRequest, ClockStop):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
            )
        cursor.execute("ANALYZE")


def _flush(requesters, requests, stops) -> None:
    _copy(
        Requester._meta.db_table,
        ["id", "name", "email", "address", "phone", "created_at"],
        requesters,
    )
    _copy(InformationRequest._meta.db_table, REQUEST_COLUMNS, requests)
    _copy(
        ClockStop._meta.db_table,
        ["request_id", "reason", "started_on", "ended_on", "created_at"],
        stops,
    )


#: Access-log entries per request in the bench: views over the last ACCESS_DAYS days,
#: one in ACCESS_OUTSIDE of them a record of another unit, with a few busy days.
ACCESS_PER_REQUEST = 0.2
ACCESS_DAYS = 90
ACCESS_OUTSIDE = 50


def generate_access_log(n: int, *, today: date, seed: int = 2) -> int:
    """Write about ACCESS_PER_REQUEST × n access-log entries (staff viewing requests over
    the last ACCESS_DAYS days) with COPY, then the daily totals the unusual-access report
    reads (core.models.AccessLogDay), computed from the log in SQL as migration 0006 does.
    Returns the number of entries."""
    from core.models import AccessLogDay, AccessLogEntry

    rng = random.Random(seed)
    users = list(User.objects.filter(unit__isnull=False).values_list("pk", "unit_id"))
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

    def rows():
        for k in range(total):
            user, unit = users[k % len(users)]
            record_unit = unit if rng.randrange(ACCESS_OUTSIDE) else rng.choice(unit_ids)
            day = rng.randrange(ACCESS_DAYS)
            if user in busy and rng.random() < 0.2:
                day = ACCESS_DAYS - 3
            record = rng.randrange(1, n + 1)
            yield (
                start + timedelta(days=day, seconds=rng.randrange(8 * 3600, 18 * 3600)),
                user,
                unit,
                "view",
                "request",
                record,
                f"ROA-BENCH-{record}",
                record_unit,
                '["requester.name"]',
                "127.0.0.1",
                f"/requests/{record}/",
                "",
            )

    _copy(AccessLogEntry._meta.db_table, columns, rows())
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
        cursor.execute(f"ANALYZE {AccessLogEntry._meta.db_table}")
        cursor.execute(f"ANALYZE {AccessLogDay._meta.db_table}")
    return total
