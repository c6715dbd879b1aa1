"""Every table the database holds, read back for comparing two loads of the demo (the
seed writers' test and bench/seed_dump.py)."""

from __future__ import annotations

from typing import Any

#: (table, column) pairs whose values differ between two runs of the same code, left out.
VOLATILE = {
    ("accounts_user", "password"),  # a random salt
    ("dashboards_snapshotversion", "version"),  # a random token
    # The recompute writes a month's snapshots in an order that depends on string hashing
    # (PYTHONHASHSEED); nothing refers to a snapshot by id.
    ("dashboards_monthlysnapshot", "id"),
}
#: Tables written by migrate or the database itself, not by the seed.
SKIP_TABLES = {"django_migrations", "sqlite_sequence"}


def tables(connection: Any) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Each table's columns (in the table's order, VOLATILE left out) and its rows, ordered
    by those columns (the primary key first where it is kept)."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in SKIP_TABLES:
                continue
            columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if (table, c.name) not in VOLATILE
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(
                f"SELECT {quoted} FROM {connection.ops.quote_name(table)} ORDER BY {quoted}"
            )
            out[table] = (columns, [tuple(row) for row in cursor.fetchall()])
    return out
