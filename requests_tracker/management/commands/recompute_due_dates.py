"""Recompute the due dates of open requests, e.g. after an extra non-working day is added.
Closed requests keep the due date they were closed against."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from requests_tracker import services
from requests_tracker.models import InformationRequest
from requests_tracker.vocabularies import ACTIVE_STATUSES


class Command(BaseCommand):
    help = "Recompute the statutory due dates of every open request."

    def handle(self, *args, **options):
        total = InformationRequest.objects.filter(status__in=ACTIVE_STATUSES).count()
        with tqdm(total=total, unit="request", disable=total == 0) as bar:
            moved = services.recompute_open_due_dates(progress=bar.update)
        self.stdout.write(f"Checked {total} open requests; {moved} due dates changed.")
