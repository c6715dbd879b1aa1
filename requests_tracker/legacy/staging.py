"""Writing an import on PostgreSQL at the speed of the database.

As each batch of rows passes the rules it is sent with COPY (psycopg's copy support)
into temporary staging tables, with the ids it will have; once the whole file is valid,
one INSERT … SELECT per table (requesters, requests, clock stops, `imported` timeline
events) moves it into place. All of it runs in the import's transaction, so a refusal
anywhere, even on the last row, leaves nothing: the staging tables go with the rollback
(or at commit, ON COMMIT DROP). Python holds one batch at a time.

The values come from the same functions as the bulk_create path (writing.py, the one
SQLite takes), so both give the same rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

from ..models import ClockStop, InformationRequest, Requester, RequestEvent
from ..vocabularies import EventType, RequestKind
from .format import ImportResult, ParsedRow
from .writing import _reserve_references, event_after, event_description, request_fields

STAGE = "legacy_import_stage"
STAGE_STOPS = "legacy_import_stage_stop"

#: The staged request columns (their model attribute names, as request_fields gives them)
#: and their SQL types; JSON as jsonb, so COPY checks it on the way in.
_REQUEST_TYPES = {
    "reference": "text",
    "reference_year": "integer",
    "reference_number": "integer",
    "legacy_reference": "text",
    "kind": "text",
    "regime": "text",
    "received_on": "date",
    "channel": "text",
    "requester_type": "text",
    "summary": "text",
    "unit_id": "bigint",
    "assigned_to_id": "bigint",
    "assigned_on": "date",
    "status": "text",
    "clock_started_on": "date",
    "original_due_on": "date",
    "due_on": "date",
    "due_explanation": "text",
    "extended": "boolean",
    "extended_on": "date",
    "extension_working_days": "integer",
    "extension_reason": "text",
    "complex": "boolean",
    "closed_on": "date",
    "outcome": "text",
    "exemptions": "jsonb",
    "late_reason": "text",
    "late_reason_detail": "text",
    "withdrawn_on": "date",
    "withdrawal_reason": "text",
    "lapsed_on": "date",
}
_REQUESTER = ("name", "email", "address", "phone")
_JSON = {name for name, kind in _REQUEST_TYPES.items() if kind == "jsonb"}


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)  # type: ignore[union-attr,arg-type]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sequence(model: type[Model]) -> str:
    """The id sequence of a model's table, as a literal for nextval()."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        (name,) = cursor.fetchone()
    return name


def _constant(field: Field, now: datetime) -> Any:
    """What a model would store in a column the import does not set: the field's
    default, or the time for auto_now and auto_now_add, prepared for the database."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value: Any = now
    else:
        value = field.get_default()
    return field.get_db_prep_save(value, connection)


@dataclass(frozen=True)
class Value:
    """A value (a query parameter) where _insert_select takes SQL expressions."""

    value: Any


def _insert_select(
    model: type[Model],
    given: dict[str, str | Value],
    source: str,
    *,
    now: datetime,
    params: list[Any] | None = None,
) -> tuple[str, list[Any]]:
    """INSERT INTO model's table (every column) SELECT, for each field in order, the
    expression or Value in `given` (by attribute name), else the constant its default
    makes; then `source` (FROM …) with its `params`."""
    columns, values, select_params = [], [], []
    for field in model._meta.concrete_fields:
        expression = given.get(field.attname)
        if field.primary_key and expression is None:
            continue  # the table's own sequence numbers it
        columns.append(connection.ops.quote_name(field.column))
        if isinstance(expression, str):
            values.append(expression)
            continue
        values.append("%s")
        select_params.append(
            expression.value if isinstance(expression, Value) else _constant(field, now)
        )
    sql = f"INSERT INTO {_table(model)} ({', '.join(columns)}) SELECT {', '.join(values)} {source}"
    return sql, [*select_params, *(params or [])]


class CopyStage:
    """One import's staging tables and the statements that move them into place."""

    def __init__(self, *, actor, max_extension: int) -> None:
        self.actor_id = getattr(actor, "pk", None)
        self.max_extension = max_extension
        self.result = ImportResult()
        self.earliest: date | None = None
        request_sequence = _sequence(InformationRequest)
        requester_sequence = _sequence(Requester)
        columns = ", ".join(f"{name} {kind}" for name, kind in _REQUEST_TYPES.items())
        people = ", ".join(f"requester_{name} text" for name in _REQUESTER)
        with connection.cursor() as cursor:
            # Each row's ids are drawn as COPY writes it, so the statements below need
            # no RETURNING to link requests to their requesters, stops and events.
            # A second import in one transaction (tests, a script) starts afresh.
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}, {STAGE_STOPS}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE} ("
                "line integer NOT NULL, "
                f"request_id bigint NOT NULL DEFAULT nextval('{request_sequence}'), "
                f"requester_id bigint NOT NULL DEFAULT nextval('{requester_sequence}'), "
                f"review_of text NOT NULL, {people}, {columns}, "
                "event_description text NOT NULL, event_after jsonb NOT NULL"
                ") ON COMMIT DROP"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE_STOPS} (line integer NOT NULL, "
                "position integer NOT NULL, reason text NOT NULL, started_on date NOT NULL, "
                "ended_on date) ON COMMIT DROP"
            )
        self._copy_columns = [
            "line",
            "review_of",
            *(f"requester_{name}" for name in _REQUESTER),
            *_REQUEST_TYPES,
            "event_description",
            "event_after",
        ]

    def add(self, batch: list[ParsedRow]) -> None:
        """COPY a batch of rows that passed the rules (parents before their reviews:
        reference numbers are reserved in the order rows arrive, as bulk_create does)."""
        if not batch:
            return
        counts: dict[tuple[str, int], int] = defaultdict(int)
        for row in batch:
            counts[(row.kind, row.received_on.year)] += 1
        next_number = _reserve_references(counts)
        with connection.cursor() as cursor:
            copy_sql = f"COPY {STAGE} ({', '.join(self._copy_columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in batch:
                    key = (row.kind, row.received_on.year)
                    fields = request_fields(row, next_number[key], max_extension=self.max_extension)
                    next_number[key] += 1
                    copy.write_row(
                        [
                            row.line,
                            row.review_of,
                            *(row.requester[name] for name in _REQUESTER),
                            *(
                                json.dumps(fields[name]) if name in _JSON else fields[name]
                                for name in _REQUEST_TYPES
                            ),
                            event_description(row),
                            json.dumps(event_after(row)),
                        ]
                    )
            stops = [
                (row.line, position, stop.reason.value, stop.started_on, stop.ended_on)
                for row in batch
                for position, stop in enumerate(row.stops)
            ]
            if stops:
                with cursor.cursor.copy(f"COPY {STAGE_STOPS} FROM STDIN") as copy:
                    for stop in stops:
                        copy.write_row(stop)
        for row in batch:
            self.result.by_kind[row.kind] = self.result.by_kind.get(row.kind, 0) + 1
            if self.earliest is None or row.received_on < self.earliest:
                self.earliest = row.received_on
        self.result.imported += len(batch)

    def write(self) -> ImportResult:
        """One INSERT … SELECT per table, in the caller's transaction. A request that
        another import wrote meanwhile raises IntegrityError (legacy_reference is unique)."""
        if not self.result.imported:
            return self.result
        now = timezone.now()
        review = str(RequestKind.INTERNAL_REVIEW)
        request_table = _table(InformationRequest)
        legacy = _column(InformationRequest, "legacy_reference")
        with connection.cursor() as cursor:
            # Unique: a file with a repeated reference never gets here (refused), and the
            # planner then knows a review finds one parent at most. Statistics on the two
            # join columns only (sampling every column cost more than the inserts), so
            # it sees how few rows name a parent.
            cursor.execute(f"CREATE UNIQUE INDEX ON {STAGE} (legacy_reference)")
            cursor.execute(f"ANALYZE {STAGE} (legacy_reference, review_of)")
            # Requesters: one per request but internal reviews (theirs is their request's).
            sql, params = _insert_select(
                Requester,
                {"id": "s.requester_id", **{name: f"s.requester_{name}" for name in _REQUESTER}},
                f"FROM {STAGE} s WHERE s.kind <> %s ORDER BY s.request_id",
                now=now,
                params=[review],
            )
            cursor.execute(sql, params)
            # Requests; a review's parent is in this file (staged) or imported before.
            given: dict[str, str | Value] = {name: f"s.{name}" for name in _REQUEST_TYPES}
            given.update(
                id="s.request_id",
                requester_id=(
                    f"CASE WHEN s.kind = '{review}' THEN COALESCE(ps.requester_id, pr.requester_id)"
                    " ELSE s.requester_id END"
                ),
                parent_id="COALESCE(ps.request_id, pr.id)",
            )
            source = (
                f"FROM {STAGE} s "
                f"LEFT JOIN {STAGE} ps ON s.review_of <> '' AND ps.legacy_reference = s.review_of "
                f"LEFT JOIN {request_table} pr ON s.review_of <> '' AND pr.{legacy} = s.review_of "
                "ORDER BY s.request_id"
            )
            sql, params = _insert_select(
                InformationRequest,
                {**given, "created_by_id": Value(self.actor_id)},
                source,
                now=now,
            )
            cursor.execute(sql, params)
            # Clock stops, in each request's order.
            sql, params = _insert_select(
                ClockStop,
                {
                    "request_id": "s.request_id",
                    "reason": "t.reason",
                    "started_on": "t.started_on",
                    "ended_on": "t.ended_on",
                },
                f"FROM {STAGE_STOPS} t JOIN {STAGE} s ON s.line = t.line "
                "ORDER BY s.request_id, t.position",
                now=now,
            )
            cursor.execute(sql, params)
            # One `imported` event per request.
            sql, params = _insert_select(
                RequestEvent,
                {
                    "request_id": "s.request_id",
                    "type": Value(str(EventType.IMPORTED)),
                    "actor_id": Value(self.actor_id),
                    "description": "s.event_description",
                    "after": "s.event_after",
                },
                f"FROM {STAGE} s ORDER BY s.request_id",
                now=now,
            )
            cursor.execute(sql, params)
            cursor.execute(f"DROP TABLE {STAGE}, {STAGE_STOPS}")
        return self.result
