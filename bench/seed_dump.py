"""seed_demo's output, dumped for before/after comparison (never part of the test suite).

    .venv/bin/python -m bench.seed_dump OUT.txt [--scale F] [--seed N] [--database PATH]

Loads the demo into a fresh SQLite file (migrated here) on a fixed seed and a fixed "now"
(time frozen, so every "now" timestamp is the same instant in every run), then writes
every table, rows in primary-key order and columns in the table's order, to OUT.txt, and
one digest line per table to OUT.txt.sha (diff two of those first; diff the dumps to see
what changed). Ids are kept: the writers insert in a fixed order, so a row's id is part of
what the seed wrote (a faster writer that reorders rows is a change worth seeing).

Left out, because they differ between two runs of the same code: the columns in
tests/demo/tables.py's VOLATILE (password hashes, the snapshot version's token, the
monthly snapshots' ids) and django_migrations (when migrate ran). Prints seed_demo's wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--scale", default="1")
    parser.add_argument("--seed", default="2019")
    parser.add_argument("--database", help="SQLite file to use (default: a temporary one)")
    parser.add_argument("--profile", help="write a cProfile of seed_demo here")
    args = parser.parse_args()
    path = args.database or os.path.join(tempfile.mkdtemp(prefix="seed-dump-"), "db.sqlite3")
    if os.path.exists(path):
        os.unlink(path)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)
    with time_machine.travel(NOW, tick=False):
        started = time.perf_counter()
        if args.profile:
            import cProfile

            cProfile.runctx(
                'call_command("seed_demo", "--seed", args.seed, "--scale", args.scale)',
                globals(),
                {"call_command": call_command, "args": args},
                args.profile,
            )
        else:
            call_command("seed_demo", "--seed", args.seed, "--scale", args.scale)
        seconds = time.perf_counter() - started
    print(f"seed_demo: {seconds:.1f} s", file=sys.stderr)
    from tests.demo.tables import tables

    out = Path(args.out)
    digests = []
    with out.open("w") as dump:
        for table, (columns, rows) in tables(connection).items():
            digest = hashlib.sha256()
            dump.write(f"## {table} ({', '.join(columns)})\n")
            for row in rows:
                line = repr(row) + "\n"
                dump.write(line)
                digest.update(line.encode())
            digests.append(f"{table} {len(rows)} {digest.hexdigest()}\n")
    Path(f"{out}.sha").write_text("".join(digests))


if __name__ == "__main__":
    main()
