from django.core.management.base import BaseCommand, CommandError

from core.dates import parse_month
from dpia import pipeline


class Command(BaseCommand):
    help = "Recompute the DPIA pipeline snapshots (the Data Board figures)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=13, help="Months back from this one.")
        parser.add_argument("--from", dest="first", help="First month, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM (default: --from).")

    def handle(self, *args, months, first, last, **options):
        if first:
            try:
                start = parse_month(first)
                end = parse_month(last) if last else start
            except ValueError as error:
                raise CommandError("Give months as YYYY-MM.") from error
            if end < start:
                raise CommandError("--to must not be before --from.")
            written = pipeline.recompute(start, end)
        else:
            if months < 1:
                raise CommandError("--months must be at least 1.")
            written = pipeline.recompute_recent(months)
        self.stdout.write(f"{written} pipeline snapshot rows written.")
