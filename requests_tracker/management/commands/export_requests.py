"""python manage.py export_requests FILE.csv --by USERNAME --reason "…" — every request in
the import format. With personal data (the default) the export is access-logged as the
web export is: one entry per request with a requester, in the name of the person who
asked for it and with their reason, committed before the file is written.
`--without-personal-data` leaves the requester columns empty and needs neither."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from accounts.models import User
from core import csv_files
from core.access import record_access
from core.models import AccessLogEntry
from requests_tracker import legacy
from requests_tracker.models import InformationRequest

#: The legacy format's personal columns, as the access log names them.
PERSONAL_FIELDS = [
    "summary",
    "requester.name",
    "requester.email",
    "requester.address",
    "requester.phone",
]


class Command(BaseCommand):
    help = (
        "Export every request in the legacy import format. With personal data (the "
        "default) say who it is for and why: the export is access-logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", help="the username of the person the export is for")
        parser.add_argument("--reason", default="", help="why the export is needed")
        parser.add_argument(
            "--without-personal-data",
            action="store_true",
            help="leave the requester's details empty (no access-log entries)",
        )

    def handle(self, *args, file: Path, by, reason, without_personal_data, **options):
        personal = not without_personal_data
        user = self._user(by, reason.strip()) if personal else None
        total = InformationRequest.objects.count()
        logged = 0
        if user is not None:
            with transaction.atomic():
                logged = record_access(
                    user=user,
                    records=InformationRequest.objects.filter(requester__isnull=False)
                    .only("pk", "reference", "unit_id")
                    .order_by()
                    .iterator(chunk_size=2000),
                    record_type="request",
                    fields=PERSONAL_FIELDS,
                    action=AccessLogEntry.Action.EXPORT,
                    path="manage.py export_requests",
                    reason=reason.strip(),
                    export_rows=total,
                )
        with (
            file.open("w", newline="", encoding="utf-8") as handle,
            tqdm(total=total, unit="request", disable=total == 0) as bar,
        ):
            writer = csv_files.Writer(handle)
            for index, row in enumerate(legacy.export_rows(include_personal_data=personal)):
                writer.writerow(row)
                if index:
                    bar.update(1)
        done = f"Exported {total} requests to {file}"
        if user is not None:
            done += f"; {logged} access-log entries in the name of {user.username}"
        self.stdout.write(done + ".")

    def _user(self, username: str | None, reason: str) -> User:
        if not username or not reason:
            raise CommandError(
                "This export includes requesters' personal data, so it is access-logged: "
                'say who it is for and why with --by USERNAME --reason "…" (or use '
                "--without-personal-data)."
            )
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user called {username!r}.")
        return user
