"""Prints what the test run will use and what it will skip, before pytest starts."""

import sys

from tests import environment


def main() -> int:
    db = (
        "PostgreSQL"
        if environment.uses_postgres()
        else "SQLite (DATABASE_URL not set to PostgreSQL)"
    )
    broker = environment.broker_url() or "none: Celery tasks run in-process"
    print(f"Test database: {db}")
    print(f"Celery broker: {broker}")
    print(f"Chromium: {environment.chromium_path() or 'not installed'}")
    missing = environment.missing()
    if not missing:
        print("Every test will run.")
        return 0
    for marker, reason in missing.items():
        verb = "FAIL" if environment.require_all() else "SKIP"
        print(f"{verb}: tests marked '{marker}': {reason}")
    if environment.require_all():
        print("REQUIRE_ALL_TESTS=1: refusing to run with services missing.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
