"""manage.py recompute_timeliness --from 2019-01 [--to 2020-12]: recompute the monthly
timeliness snapshots for any range of months, with a progress bar."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.dates import add_months, format_month, month_start, months_between, parse_month, uk_today
from dashboards import services


class Command(BaseCommand):
    help = "Recompute the monthly timeliness snapshots for a range of months."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="first",
            help="First month, YYYY-MM (default, and at the earliest: the first request's month).",
        )
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM (default: this month).")
        parser.add_argument(
            "--chunk",
            type=int,
            default=12,
            help="Months recomputed per transaction (default 12).",
        )
        parser.add_argument(
            "--reason", default="Recomputed by an administrator", help="Recorded on revisions."
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(
        self, *args, first=None, last=None, chunk=12, reason="", no_progress=False, **options
    ):
        try:
            start = parse_month(first) if first else None
            end = parse_month(last) if last else month_start(uk_today())
        except ValueError as error:
            raise CommandError(str(error)) from None
        if start is not None and end < start:
            raise CommandError("--to cannot be before --from.")
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        earliest = services.first_month_with_requests()
        if earliest is None or earliest > end:
            self.stdout.write("There are no requests in those months: nothing to recompute.")
            return
        if start is None or start < earliest:
            # Nothing before the first request has figures: never plan empty centuries.
            start = earliest
        months = list(months_between(start, end))
        totals = {"created": 0, "updated": 0, "unchanged": 0, "revised": 0}
        with tqdm(total=len(months), unit="month", disable=no_progress, file=sys.stderr) as bar:
            for index in range(0, len(months), chunk):
                part = months[index : index + chunk]
                # After the first chunk the month before is the one just stored, so the
                # backlog's running totals continue from it instead of rescanning history.
                result = services.recompute_months(
                    first=part[0], last=part[-1], reason=reason, incremental=index > 0
                )
                for name in totals:
                    totals[name] += getattr(result, name)
                bar.update(len(part))
                bar.set_postfix_str(format_month(part[-1]))
        self.stdout.write(
            f"Recomputed {len(months)} months ({format_month(start)} to "
            f"{format_month(add_months(start, len(months) - 1))}): {totals['created']} rows "
            f"created, {totals['updated']} updated, {totals['unchanged']} unchanged, "
            f"{totals['revised']} revised."
        )
