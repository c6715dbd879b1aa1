"""python manage.py import_requests FILE.csv [--dry-run]

Imports requests from the legacy case system (format: docs/import-format.md). Any
invalid row refuses the whole file, with a report of every problem."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from requests_tracker import legacy


class Command(BaseCommand):
    help = "Import requests from a legacy CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row; import nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        with file.open(newline="", encoding="utf-8-sig") as handle:
            total = max(sum(1 for _ in handle) - 1, 0)
        with (
            file.open(newline="", encoding="utf-8-sig") as handle,
            tqdm(total=total * (1 if dry_run else 2), unit="row", disable=total == 0) as bar,
        ):
            try:
                result = legacy.import_file(handle, dry_run=dry_run, progress=bar.update)
            except legacy.ImportRefused as refused:
                bar.close()
                for error in refused.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    f"{len(refused.errors)} problems found in {file.name}; nothing was imported."
                ) from None
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{file.name}: {verb} {result.imported} requests"
            + (
                f" ({', '.join(f'{n} {k}' for k, n in sorted(result.by_kind.items()))})"
                if result.by_kind
                else ""
            )
            + f"; {result.skipped_existing} already imported and skipped."
        )
