"""Importing a file: streamed, in a few passes over it, memory flat in its size."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from accounts.models import Unit
from core import outbox

from ..models import InformationRequest
from ..selectors import statutory_rules, uk_today
from ..vocabularies import (
    TIMELINESS_STREAM,
    RequestKind,
)
from .format import BATCH, ImportRefused, ImportResult, ParsedRow, RowError
from .reading import _check_rules, _parse, read_csv
from .references import FileReferences, in_database
from .staging import CopyStage
from .writing import _insert_batch

# ---------------------------------------------------------------------------------------
# Importing a file: streamed, in a few passes over it, memory flat in its size
# ---------------------------------------------------------------------------------------


class FileNotUTF8(Exception):
    """The file has a byte that is not UTF-8 text; nothing was imported."""

    def __init__(self, line: int, column: int, byte: int) -> None:
        self.line, self.column, self.byte = line, column, byte
        super().__init__(
            f"Line {line}, column {column}: this byte is not UTF-8 text (0x{byte:02X}). "
            "Save the file as 'CSV UTF-8' and try again."
        )


class AlreadyImporting(Exception):
    """Another import wrote some of the same requests at the same moment."""

    def __init__(self) -> None:
        super().__init__(
            "Another import added some of these requests while this one was running, so "
            "nothing was imported from this file. Import it again: the requests imported "
            "already will be skipped."
        )


def decoded_lines(binary: io.BufferedIOBase) -> Iterator[str]:
    """The lines of a binary file as text (UTF-8, with or without Excel's byte-order
    mark), one at a time. A byte that is not UTF-8 raises FileNotUTF8 with its line and
    column as an editor counts them (both from 1; the column in characters). Splitting on
    b"\\n" first is safe: that byte never occurs inside a multi-byte UTF-8 character."""
    for number, raw in enumerate(binary, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(raw[: error.start].decode("utf-8")) + 1
            raise FileNotUTF8(number, column, raw[error.start]) from None


#: PostgreSQL's SQLSTATE for a unique constraint violated.
UNIQUE_VIOLATION = "23505"


class _StreamedImport:
    """The whole-file import in passes over a seekable file, so memory does not grow with
    the file: one batch of rows is held at a time, and the file's legacy references are
    in a temporary table (references.py), which finds the duplicates and the reviews'
    parents in SQL.

    check(): pass 1 parses every row and checks every non-review; pass 2 checks the
    internal reviews (their parent may be anywhere in the file). write(): pass 3 writes
    the non-reviews and pass 4 the reviews, batch by batch, in the caller's transaction;
    rows are parsed again rather than kept."""

    def __init__(
        self,
        stream,
        *,
        progress: Callable[[int], None] | None,
        stage: CopyStage | None = None,
    ) -> None:
        self.stream = stream
        self.progress = progress
        #: PostgreSQL: rows that pass are COPYed into staging as they are checked, and
        #: write() is one INSERT … SELECT per table (staging.py). Otherwise write() reads
        #: the file again and writes it with bulk_create.
        self.stage = stage
        self.today = uk_today()
        self.rules = statutory_rules()
        self.units = dict(Unit.objects.values_list("name", "id"))
        self.users = dict(
            get_user_model().objects.filter(is_active=True).values_list("username", "id")
        )
        self.refs = FileReferences()
        #: Lines refused for repeating an earlier line's reference (known after pass 1).
        self.duplicate_lines: set[int] = set()
        self.errors: list[RowError] = []
        self.result = ImportResult()
        self.earliest: date | None = None

    def _rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        self.stream.seek(0)
        lines = (
            self.stream if isinstance(self.stream, io.TextIOBase) else decoded_lines(self.stream)
        )
        return read_csv(lines)

    def _parsed(self, *, reviews: bool, errors: list[RowError]) -> Iterator[ParsedRow]:
        for line, raw in self._rows():
            if ((raw.get("kind") or "").strip() == RequestKind.INTERNAL_REVIEW) != reviews:
                continue
            parsed = _parse(line, raw, errors, units=self.units, users=self.users)
            if parsed is not None:
                yield parsed

    def _batches(self, rows: Iterable[ParsedRow]) -> Iterator[list[ParsedRow]]:
        batch: list[ParsedRow] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def check(self) -> None:
        for batch in self._batches(self._first_pass()):
            existing = in_database([r.legacy_reference for r in batch])
            self.refs.add(
                [
                    (r.line, r.legacy_reference, r.kind, r.legacy_reference in existing)
                    for r in batch
                ]
            )
            passed = []
            for row in batch:
                if row.legacy_reference in existing:
                    self.result.skipped_existing += 1
                elif row.kind != RequestKind.INTERNAL_REVIEW and self._check(row, parent_kind=None):
                    passed.append(row)
            self._stage(passed)
        self.refs.index()
        self._refuse_duplicates()
        for batch in self._batches(self._parsed(reviews=True, errors=[])):
            self._stage(self._check_reviews(batch))
        self.errors.sort(key=lambda e: (e.line, e.column))
        if self.errors:
            raise ImportRefused(self.errors)

    def _first_pass(self) -> Iterator[ParsedRow]:
        for line, raw in self._rows():
            parsed = _parse(line, raw, self.errors, units=self.units, users=self.users)
            if self.progress:
                self.progress(1)
            if parsed is not None:
                yield parsed

    def _refuse_duplicates(self) -> None:
        """A row repeating the reference of an earlier line is refused for that alone
        (found in SQL once pass 1 has every reference): whatever else pass 1 said of it
        goes, as it was never checked."""
        duplicates = self.refs.duplicates()
        if not duplicates:
            return
        self.duplicate_lines = {line for line, _, _ in duplicates}
        self.errors = [e for e in self.errors if e.line not in self.duplicate_lines]
        self.errors.extend(
            RowError(line, "legacy_reference", f"'{ref}' is also on line {first}.")
            for line, ref, first in duplicates
        )

    def _stage(self, rows: list[ParsedRow]) -> None:
        """COPY rows that passed into staging, while the file has no problem so far
        (once it has one, nothing will be written: no need to stage more)."""
        if self.stage is not None and not self.errors:
            self.stage.add(rows)
            if self.progress:
                self.progress(len(rows))

    def _check(self, row: ParsedRow, *, parent_kind: str | None) -> bool:
        """Apply the rules; True if the row passes (then it counts as imported)."""
        if row.review_of and row.kind != RequestKind.INTERNAL_REVIEW:
            self.errors.append(
                RowError(row.line, "review_of", "only internal_review rows review another request.")
            )
            return False
        before = len(self.errors)
        _check_rules(row, self.errors, parent_kind=parent_kind, rules=self.rules, today=self.today)
        if len(self.errors) > before:
            return False
        self.result.imported += 1
        self.result.by_kind[row.kind] = self.result.by_kind.get(row.kind, 0) + 1
        return True

    def _review_parents(self, batch: list[ParsedRow]) -> dict[str, str]:
        """The kind of each parent named: from the file if it is there, else the database."""
        in_file = self.refs.first_kinds(r.review_of for r in batch if r.review_of)
        others = {r.review_of for r in batch if r.review_of and r.review_of not in in_file}
        return {
            **dict(
                InformationRequest.objects.filter(legacy_reference__in=others).values_list(  # type: ignore[arg-type]
                    "legacy_reference", "kind"
                )
            ),
            **in_file,
        }

    def _check_reviews(self, batch: list[ParsedRow]) -> list[ParsedRow]:
        """Check a batch of internal reviews; returns those that pass."""
        parents = self._review_parents(batch)
        existing = self.refs.existing(r.legacy_reference for r in batch)
        passed = []
        for row in batch:
            # Rows refused in the first pass (a duplicate) or imported before: not again.
            if row.line in self.duplicate_lines or row.legacy_reference in existing:
                continue
            if self._check(row, parent_kind=parents.get(row.review_of) if row.review_of else None):
                passed.append(row)
        return passed

    def write(self, *, actor) -> ImportResult:
        """In the caller's transaction: the staged rows into place (PostgreSQL), or
        passes 3 and 4 with bulk_create."""
        if self.stage is not None:
            try:
                with transaction.atomic():
                    written = self.stage.write()
            except IntegrityError as error:
                # Another import's rows with the same legacy references; any other
                # constraint failing is a fault to see, not a race to explain.
                if getattr(error.__cause__, "sqlstate", None) == UNIQUE_VIOLATION:
                    raise AlreadyImporting() from None
                raise
            self.earliest = self.stage.earliest
            self.refs.close()
            return ImportResult(
                imported=written.imported,
                skipped_existing=self.result.skipped_existing,
                by_kind=written.by_kind,
            )
        written = ImportResult(skipped_existing=self.result.skipped_existing)
        max_extension = self.rules.foi_max_extension_working_days
        for reviews in (False, True):
            for batch in self._batches(self._parsed(reviews=reviews, errors=[])):
                parents = self._review_parents(batch) if reviews else {}
                existing = self.refs.existing(r.legacy_reference for r in batch)
                todo = []
                errors: list[RowError] = []
                for row in batch:
                    if row.legacy_reference in existing:
                        continue
                    parent_kind = parents.get(row.review_of) if row.review_of else None
                    _check_rules(
                        row, errors, parent_kind=parent_kind, rules=self.rules, today=self.today
                    )
                    todo.append(row)
                    if self.earliest is None or row.received_on < self.earliest:
                        self.earliest = row.received_on
                if errors:  # the database changed since the check: refuse, roll back
                    raise ImportRefused(errors)
                try:
                    with transaction.atomic():
                        _insert_batch(
                            todo, actor=actor, max_extension=max_extension, result=written
                        )
                except IntegrityError:
                    raise AlreadyImporting() from None
                if self.progress:
                    self.progress(len(todo))
        self.refs.close()
        return written


def import_file(
    stream,
    *,
    dry_run: bool = False,
    actor=None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Validate every row; if all are valid (and not a dry run) write them in one
    transaction. Raises ImportRefused with every problem otherwise, FileNotUTF8 for a
    byte that is not text. The entry point for the command line, the DPO's import page
    and import jobs.

    `stream` is a seekable file: binary (decoded here, so an undecodable byte is found
    with its line and column) or text. It is read several times and never held whole."""
    if dry_run:
        # In a transaction too: the file's references are in a temporary table.
        with transaction.atomic():
            importer = _StreamedImport(stream, progress=progress)
            importer.check()
            importer.refs.close()
        return importer.result
    with transaction.atomic():
        stage = None
        if connection.vendor == "postgresql":
            stage = CopyStage(
                actor=actor, max_extension=statutory_rules().foi_max_extension_working_days
            )
        importer = _StreamedImport(stream, progress=progress, stage=stage)
        importer.check()
        result = importer.write(actor=actor)
        if result.imported:
            # Snapshots are recomputed once, from the earliest month the file touched;
            # announced with the rows it imported, so the recomputation cannot be lost.
            outbox.announce(TIMELINESS_STREAM, importer.earliest, reason="Legacy import")
    return result
