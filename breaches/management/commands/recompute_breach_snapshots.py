"""Recompute the monthly breach figures for the Data Board (idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from breaches import snapshots
from core.dates import parse_month


def _month(value: str) -> date:
    try:
        return parse_month(value)
    except ValueError:
        raise CommandError(f"Give months as YYYY-MM, not {value!r}.") from None


class Command(BaseCommand):
    help = "Recompute the monthly breach snapshots (all months, or --from/--to YYYY-MM)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", help="First month, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM.")

    def handle(self, *args, first=None, last=None, **options):
        written = snapshots.recompute(
            first=_month(first) if first else None, last=_month(last) if last else None
        )
        self.stdout.write(f"Breach snapshots recomputed: {written} rows.")
