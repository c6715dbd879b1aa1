"""python manage.py import_requests FILE.csv [--dry-run]

Imports requests from the legacy case system (format: docs/import-format.md). Any
invalid row refuses the whole file, with a report of every problem. One import runs at
a time (the command and the DPO's page alike); a second is refused in words."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core import jobs
from requests_tracker import imports, legacy


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
        # The lock first, then the job row: a refused import writes nothing at all.
        try:
            with imports.exclusive(dry_run=dry_run):
                job = imports.start_command_import(dry_run=dry_run, path=str(file))
                result = self._import(job, file, dry_run=dry_run)
        except jobs.JobBusy as busy:
            raise CommandError(f"{file.name}: {busy}") from None
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

    def _import(self, job, file: Path, *, dry_run: bool):
        with file.open("rb") as handle:
            total = max(imports.count_lines(handle) - 1, 0)
            with tqdm(total=total * (1 if dry_run else 2), unit="row", disable=total == 0) as bar:
                try:
                    result = imports.execute(job, handle, dry_run=dry_run, progress=bar.update)
                except legacy.ImportRefused as refused:
                    imports.record_failure(job, refused)
                    bar.close()
                    for error in refused.errors:
                        self.stderr.write(str(error))
                    raise CommandError(
                        f"{len(refused.errors)} problems found in {file.name}; nothing was imported."
                    ) from None
                except imports.TOLD_IN_WORDS as error:
                    imports.record_failure(job, error)
                    bar.close()
                    raise CommandError(f"{file.name}: {error}") from None
                except BaseException as error:
                    imports.record_failure(job, error)
                    raise
        jobs.finish(job, result={"message": imports.summary(result, dry_run=dry_run)})
        return result
