"""python manage.py dispose_personal_data [--dry-run]

Disposes of requesters' personal data that the retention schedule says is due (the
daily Celery job does the same). --dry-run lists what would go and changes nothing."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from requests_tracker import retention
from requests_tracker.models import InformationRequest


class Command(BaseCommand):
    help = "Dispose of personal data due under the retention schedule."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        due = retention.due_for_disposal()
        if dry_run:
            requests = InformationRequest.objects.filter(requester__in=due).order_by("reference")
            count = 0
            for reference, kind in requests.values_list("reference", "kind").iterator():
                self.stdout.write(f"would dispose: {reference} ({kind})")
                count += 1
            self.stdout.write(
                f"{due.count()} requesters, {count} requests would be disposed of. Nothing changed."
            )
            return
        total = due.count()
        with tqdm(total=total, unit="requester", disable=total == 0) as bar:
            result = retention.dispose(progress=bar.update)
        self.stdout.write(
            f"Disposed of the personal data of {result.requesters} requesters ({len(result.references)} requests)."
        )
