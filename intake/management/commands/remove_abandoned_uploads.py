"""python manage.py remove_abandoned_uploads [--dry-run]

Deletes evidence files uploaded in online request journeys that were never sent, once
they are INTAKE_ABANDONED_UPLOAD_HOURS old (the daily Celery job does the same).
--dry-run counts what would go and changes nothing. Prints counts only, never a name."""

from django.conf import settings
from django.core.management.base import BaseCommand

from intake import retention


class Command(BaseCommand):
    help = "Delete evidence uploads from online journeys that were never sent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        hours = settings.INTAKE_ABANDONED_UPLOAD_HOURS
        if dry_run:
            count = len(retention.abandoned_uploads())
            self.stdout.write(
                f"{count} abandoned uploads older than {hours} hours would be deleted. "
                "Nothing changed."
            )
            return
        count = retention.remove_abandoned_uploads()
        self.stdout.write(f"Deleted {count} abandoned uploads older than {hours} hours.")
