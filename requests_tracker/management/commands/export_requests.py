"""python manage.py export_requests FILE.csv — every request in the import format."""

from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from core import csv_files
from requests_tracker import legacy
from requests_tracker.models import InformationRequest


class Command(BaseCommand):
    help = "Export every request in the legacy import format (includes personal data)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        total = InformationRequest.objects.count()
        with (
            file.open("w", newline="", encoding="utf-8") as handle,
            tqdm(total=total, unit="request", disable=total == 0) as bar,
        ):
            writer = csv_files.Writer(handle)
            for index, row in enumerate(legacy.export_rows()):
                writer.writerow(row)
                if index:
                    bar.update(1)
        self.stdout.write(f"Exported {total} requests to {file}.")
