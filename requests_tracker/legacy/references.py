"""The legacy references of the file being imported, in a temporary table rather than
in memory, so an import's memory stays flat in the file's size (issue 19).

Pass 1 adds each parsed row's line, legacy reference and kind (and whether the database
has that reference already), a batch at a time: COPY on PostgreSQL, one executemany on
SQLite. The database then answers what an index of every reference did: which rows
repeat a reference of an earlier line, the kind of the request an internal review names
(the first row with that reference), and which rows were imported before.

The table lives in the import's transaction and connection; a refusal rolls it back
with everything else, and `close()` drops it after a successful import.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from ..models import InformationRequest

REFS = "legacy_import_refs"


def among(column: str, values: list[str]) -> tuple[str, list]:
    """`column` is one of `values`, as SQL and its parameters: one array parameter on
    PostgreSQL (a list of thousands of placeholders costs the driver more than the
    query costs the database), placeholders on SQLite."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


class FileReferences:
    def __init__(self) -> None:
        with connection.cursor() as cursor:
            # A second import in one connection (tests, a script) starts afresh.
            cursor.execute(f"DROP TABLE IF EXISTS {REFS}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {REFS} (line integer NOT NULL, "
                "legacy_reference text NOT NULL, kind text NOT NULL, existing boolean NOT NULL)"
            )

    def add(self, rows: list[tuple[int, str, str, bool]]) -> None:
        """(line, legacy_reference, kind, already in the database) for a batch of rows."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {REFS} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(f"INSERT INTO {REFS} VALUES (%s, %s, %s, %s)", rows)  # noqa: S608

    def index(self) -> None:
        """Once every row is in: the lookups below go by index."""
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {REFS}_idx ON {REFS} (legacy_reference, line)")
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {REFS}")

    def duplicates(self) -> list[tuple[int, str, int]]:
        """(line, legacy_reference, the first line with it) for each row whose reference
        is on an earlier line too, in line order."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.line, r.legacy_reference, f.first FROM {REFS} r JOIN ("  # noqa: S608 - names from model metadata and constants; values are parameters
                f"SELECT legacy_reference, MIN(line) AS first FROM {REFS} "
                "GROUP BY legacy_reference HAVING COUNT(*) > 1"
                ") f ON f.legacy_reference = r.legacy_reference "
                "WHERE r.line > f.first ORDER BY r.line"
            )
            return [(line, ref, first) for line, ref, first in cursor.fetchall()]

    def first_kinds(self, references: Iterable[str]) -> dict[str, str]:
        """The kind of the first row with each of these references, for those in the file."""
        wanted = sorted(set(references))
        if not wanted:
            return {}
        condition, params = among("r.legacy_reference", wanted)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.legacy_reference, r.kind FROM {REFS} r "  # noqa: S608 - names from model metadata and constants; values are parameters
                f"WHERE {condition} AND r.line = ("
                f"SELECT MIN(m.line) FROM {REFS} m WHERE m.legacy_reference = r.legacy_reference)",
                params,
            )
            return dict(cursor.fetchall())

    def existing(self, references: Iterable[str]) -> set[str]:
        """Those of these references that the database had before this import."""
        wanted = sorted(set(references))
        if not wanted:
            return set()
        condition, params = among("legacy_reference", wanted)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT legacy_reference FROM {REFS} "  # noqa: S608 - names from model metadata and constants; values are parameters
                f"WHERE existing AND {condition}",
                params,
            )
            return {ref for (ref,) in cursor.fetchall()}

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {REFS}")


def in_database(references: list[str]) -> set[str]:
    """Those of these legacy references that some request has already."""
    if not references:
        return set()
    meta = InformationRequest._meta
    column = connection.ops.quote_name(meta.get_field("legacy_reference").column)
    condition, params = among(column, references)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {connection.ops.quote_name(meta.db_table)} WHERE {condition}",  # noqa: S608
            params,
        )
        return {ref for (ref,) in cursor.fetchall()}
