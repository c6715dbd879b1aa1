"""Legacy import and export of requests (the CSV format is documented in
docs/import-format.md).

Every row is validated with the same rules the services apply (statutory.check_* and
services.closure_errors). If any row is invalid nothing is imported and every problem
is reported with its line, column and reason. Rows whose `legacy_reference` is already
in the database are skipped, so importing the same file twice does not duplicate.
Valid files are written in bulk (a few statements per thousand rows), each request
with its clock stops and an `imported` timeline event, in one transaction.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.models import Unit
from core import outbox
from core.csv_files import unguard

from . import statutory
from .models import ClockStop, InformationRequest, ReferenceCounter, Requester, RequestEvent
from .selectors import statutory_rules, uk_today
from .services import (
    RequesterDetails,
    closure_errors,
    date_problem,
    regime_errors,
    requester_errors,
)
from .vocabularies import (
    REFERENCE_PREFIX,
    TIMELINESS_STREAM,
    Channel,
    EventType,
    RequesterType,
    RequestKind,
    Status,
    StopReason,
)

COLUMNS = [
    "legacy_reference",
    "kind",
    "regime",
    "received_on",
    "channel",
    "requester_type",
    "summary",
    "unit",
    "assigned_to",
    "requester_name",
    "requester_email",
    "requester_address",
    "requester_phone",
    "clock_stops",
    "extended_on",
    "extension_working_days",
    "extension_reason",
    "complex",
    "closed_on",
    "outcome",
    "exemptions",
    "late_reason",
    "late_reason_detail",
    "withdrawn_on",
    "withdrawal_reason",
    "lapsed_on",
    "review_of",
]
REQUIRED_COLUMNS = [
    "legacy_reference",
    "kind",
    "received_on",
    "channel",
    "requester_type",
    "summary",
]
BATCH = 2000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class ImportRefused(Exception):
    """The file has invalid rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problems found; nothing was imported.")


@dataclass
class ParsedRow:
    line: int
    legacy_reference: str
    kind: str
    regime: str
    received_on: date
    channel: str
    requester_type: str
    summary: str
    unit_id: int | None
    assigned_to_id: int | None
    requester: dict[str, str]
    stops: list[statutory.Stop]
    extended_on: date | None
    extension_working_days: int | None
    extension_reason: str
    complex: bool
    closed_on: date | None
    outcome: str
    exemptions: list[str]
    late_reason: str
    late_reason_detail: str
    withdrawn_on: date | None
    withdrawal_reason: str
    lapsed_on: date | None
    review_of: str
    deadline: statutory.Deadline | None = None
    status: str = Status.OPEN


@dataclass
class ImportResult:
    imported: int = 0
    skipped_existing: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------
# Reading and validating
# ---------------------------------------------------------------------------------------


class _Row:
    """Typed access to one CSV row that records problems instead of raising."""

    def __init__(self, line: int, raw: dict[str, str], errors: list[RowError]) -> None:
        self.line = line
        self.raw = raw
        self.errors = errors
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.line, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        # Our exports guard formula-like text with one leading apostrophe; take it off.
        value = unguard(self.raw.get(column) or "").strip()
        if required and not value:
            self.fail(column, "is empty; it is required.")
        return value

    def code(self, column: str, allowed: Iterable[str], *, required: bool = True) -> str:
        value = self.text(column, required=required)
        allowed = list(allowed)
        if value and value not in allowed:
            self.fail(column, f"'{value}' is not one of: {', '.join(allowed)}.")
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        return self.parse_day(column, value)

    def parse_day(self, column: str, value: str) -> date | None:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"'{value}' is not a real date in the format YYYY-MM-DD.")
            return None
        if len(value) != 10:
            self.fail(column, f"'{value}' is not in the format YYYY-MM-DD.")
            return None
        return parsed


def _parse_stops(row: _Row) -> list[statutory.Stop]:
    """`reason:YYYY-MM-DD:YYYY-MM-DD` separated by `;` (the end left empty while open)."""
    stops: list[statutory.Stop] = []
    text = row.text("clock_stops")
    if not text:
        return stops
    for part in text.split(";"):
        pieces = part.strip().split(":")
        if len(pieces) not in (2, 3) or pieces[0] not in StopReason.values:
            row.fail(
                "clock_stops",
                f"'{part.strip()}' is not reason:YYYY-MM-DD:YYYY-MM-DD with a reason from "
                f"{', '.join(StopReason.values)}.",
            )
            continue
        started = row.parse_day("clock_stops", pieces[1])
        ended = row.parse_day("clock_stops", pieces[2]) if len(pieces) == 3 and pieces[2] else None
        if started is not None:
            stops.append(statutory.Stop(statutory.StopReason(pieces[0]), started, ended))
    return stops


#: The CSV column for each field a service names in its errors.
_COLUMNS = {"requester.name": "requester_name", "requester.email": "requester_email"}


def _fail_with(row: _Row, errors: dict[str, list[str]]) -> None:
    """Report a service's field errors against the row's columns."""
    for key, messages in errors.items():
        for message in messages:
            row.fail(_COLUMNS.get(key, key), message)


def _parse(
    line: int,
    raw: dict[str, str],
    errors: list[RowError],
    *,
    units: dict[str, int],
    users: dict[str, int],
) -> ParsedRow | None:
    row = _Row(line, raw, errors)
    kind = row.code("kind", RequestKind.values)
    regime = row.text("regime")
    if kind in RequestKind.values:
        # The service's own check and words (services.regime_errors).
        _fail_with(row, regime_errors(kind, regime))
    unit_name = row.text("unit")
    if unit_name and unit_name not in units:
        row.fail("unit", f"there is no unit called '{unit_name}'; create it first.")
    username = row.text("assigned_to")
    if username and username not in users:
        row.fail("assigned_to", f"there is no active user called '{username}'.")
    requester = {
        "name": row.text("requester_name"),
        "email": row.text("requester_email"),
        "address": row.text("requester_address"),
        "phone": row.text("requester_phone"),
    }
    # The service's own checks and words (services.requester_errors); an internal
    # review's requester is its request's, so only an email address given is checked.
    _fail_with(
        row,
        requester_errors(
            RequesterDetails(**requester), required=kind != RequestKind.INTERNAL_REVIEW
        ),
    )
    working_days = row.text("extension_working_days")
    if working_days and not working_days.isdigit():
        row.fail("extension_working_days", f"'{working_days}' is not a whole number.")
    complex_text = row.text("complex").lower()
    if complex_text not in ("", "true", "false", "yes", "no", "1", "0"):
        row.fail("complex", f"'{complex_text}' is not true or false.")
    parsed = ParsedRow(
        line=line,
        legacy_reference=row.text("legacy_reference", required=True),
        kind=kind,
        regime=regime,
        received_on=row.day("received_on", required=True),
        channel=row.code("channel", Channel.values),
        requester_type=row.code("requester_type", RequesterType.values),
        summary=row.text("summary", required=True),
        unit_id=units.get(unit_name),
        assigned_to_id=users.get(username),
        requester=requester,
        stops=_parse_stops(row),
        extended_on=row.day("extended_on"),
        extension_working_days=int(working_days) if working_days.isdigit() else None,
        extension_reason=row.text("extension_reason"),
        complex=complex_text in ("true", "yes", "1"),
        closed_on=row.day("closed_on"),
        outcome=row.text("outcome"),
        exemptions=[code.strip() for code in row.text("exemptions").split(";") if code.strip()],
        late_reason=row.text("late_reason"),
        late_reason_detail=row.text("late_reason_detail"),
        withdrawn_on=row.day("withdrawn_on"),
        withdrawal_reason=row.text("withdrawal_reason"),
        lapsed_on=row.day("lapsed_on"),
        review_of=row.text("review_of"),
    )
    return parsed if row.ok else None


def _check_rules(
    row: ParsedRow, errors: list[RowError], *, parent_kind: str | None, rules, today: date
) -> None:
    """The services' rules, applied to a whole history at once."""

    def fail(column: str, message: str) -> None:
        errors.append(RowError(row.line, column, message))

    count_before = len(errors)
    problem = date_problem(row.received_on, "The date received", today)
    if problem:
        fail("received_on", problem)
        return
    if row.kind == RequestKind.INTERNAL_REVIEW and parent_kind not in (
        RequestKind.FOI,
        RequestKind.EIR,
    ):
        fail(
            "review_of",
            "an internal review must name the legacy_reference of an FOI or EIR request.",
        )
        return
    kind = statutory.Kind(row.kind)
    review_of = statutory.Kind(parent_kind) if row.kind == RequestKind.INTERNAL_REVIEW else None
    regime = statutory.Regime(row.regime) if row.regime else None
    history: list[statutory.Stop] = []
    for stop in row.stops:
        try:
            statutory.check_new_stop(
                kind=kind,
                reason=stop.reason,
                started_on=stop.started_on,
                received_on=row.received_on,
                stops=history,
                today=today,
            )
            if stop.ended_on is not None:
                statutory.check_restart(
                    stop=statutory.Stop(stop.reason, stop.started_on),
                    ended_on=stop.ended_on,
                    today=today,
                )
        except statutory.StatutoryError as error:
            fail("clock_stops", str(error))
            return
        history.append(stop)
    finals = [d for d in (row.closed_on, row.withdrawn_on, row.lapsed_on) if d is not None]
    if len(finals) > 1:
        fail("closed_on", "a request can be closed, withdrawn or lapsed, not more than one.")
        return
    open_stop = any(stop.ended_on is None for stop in row.stops)
    if open_stop and row.closed_on is not None:
        fail("clock_stops", "the last clock stop has no end date but the request is closed.")
    if row.lapsed_on is not None and not open_stop:
        fail("lapsed_on", "a request lapses only while its clock is stopped (give the open stop).")
    original = statutory.compute_deadline(
        kind=kind,
        received_on=row.received_on,
        regime=regime,
        stops=row.stops,
        extended=row.complex,
        review_of=review_of,
        rules=rules,
    )
    extended = row.extended_on is not None
    if extended:
        try:
            statutory.check_extension(
                kind=kind,
                regime=regime,
                received_on=row.received_on,
                extended_on=row.extended_on,
                original_due_on=original.original_due_on,
                already_extended=row.complex,
                working_days=row.extension_working_days,
                review_of=review_of,
                today=today,
                rules=rules,
            )
        except statutory.StatutoryError as error:
            fail("extended_on", str(error))
            return
    elif row.extension_working_days or row.extension_reason:
        fail("extended_on", "extension details are given but no extended_on date.")
    row.deadline = statutory.compute_deadline(
        kind=kind,
        received_on=row.received_on,
        regime=regime,
        stops=row.stops,
        extended=extended or row.complex,
        extension_working_days=row.extension_working_days,
        review_of=review_of,
        rules=rules,
    )
    if row.closed_on is not None:
        last_restart = max((s.ended_on for s in row.stops if s.ended_on), default=None)
        for column, messages in closure_errors(
            kind=row.kind,
            regime=row.regime,
            received_on=row.received_on,
            due_on=row.deadline.due_on,
            last_restart=last_restart,
            closed_on=row.closed_on,
            outcome=row.outcome,
            exemptions=row.exemptions,
            late_reason=row.late_reason,
            late_reason_detail=row.late_reason_detail,
            today=today,
        ).items():
            for message in messages:
                fail(column, message)
    elif row.outcome or row.exemptions or row.late_reason:
        fail("outcome", "an outcome is given but no closed_on date.")
    for column in ("withdrawn_on", "lapsed_on"):
        value = getattr(row, column)
        if value is not None and not row.received_on <= value <= today:
            fail(column, "must be between the date received and today.")
    if len(errors) > count_before:
        return
    if row.closed_on:
        row.status = Status.CLOSED
    elif row.withdrawn_on:
        row.status = Status.WITHDRAWN
    elif row.lapsed_on:
        row.status = Status.LAPSED
    elif open_stop:
        row.status = Status.ON_HOLD
    else:
        row.status = Status.OPEN


def validate_rows(
    lines: Iterable[tuple[int, dict[str, str]]],
    *,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[ParsedRow], list[RowError], int]:
    """Parse and check every row. Returns (rows to import, errors, rows already imported)."""
    today = uk_today()
    rules = statutory_rules()
    units = dict(Unit.objects.values_list("name", "id"))
    users = dict(get_user_model().objects.filter(is_active=True).values_list("username", "id"))
    errors: list[RowError] = []
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for line, raw in lines:
        parsed = _parse(line, raw, errors, units=units, users=users)
        if progress:
            progress(1)
        if parsed is None:
            continue
        if parsed.legacy_reference in seen:
            errors.append(
                RowError(
                    line,
                    "legacy_reference",
                    f"'{parsed.legacy_reference}' is also on line {seen[parsed.legacy_reference]}.",
                )
            )
            continue
        seen[parsed.legacy_reference] = line
        rows.append(parsed)
    existing = set(
        InformationRequest.objects.filter(legacy_reference__in=list(seen)).values_list(
            "legacy_reference", flat=True
        )
    )
    parent_kinds = dict(
        InformationRequest.objects.filter(
            legacy_reference__in={r.review_of for r in rows if r.review_of}
        ).values_list("legacy_reference", "kind")
    )
    parent_kinds.update({r.legacy_reference: r.kind for r in rows})
    new_rows = [r for r in rows if r.legacy_reference not in existing]
    for row in new_rows:
        parent_kind = parent_kinds.get(row.review_of) if row.review_of else None
        if row.review_of and row.kind != RequestKind.INTERNAL_REVIEW:
            errors.append(
                RowError(row.line, "review_of", "only internal_review rows review another request.")
            )
            continue
        _check_rules(row, errors, parent_kind=parent_kind, rules=rules, today=today)
    errors.sort(key=lambda e: (e.line, e.column))
    return new_rows, errors, len(existing)


def read_csv(stream: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with their line numbers (the header is line 1). Unknown or missing columns
    refuse the whole file."""
    reader = csv.DictReader(stream)
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(
                RowError(1, ", ".join(missing), "required column missing from the header.")
            )
        if unknown:
            problems.append(
                RowError(1, ", ".join(unknown), "unknown column (see docs/import-format.md).")
            )
        raise ImportRefused(problems)
    for raw in reader:
        if None in raw:
            raise ImportRefused(
                [RowError(reader.line_num, "-", "the row has more fields than the header.")]
            )
        yield reader.line_num, raw


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def _reserve_references(counts: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """Reserve blocks of reference numbers; returns the first number of each block."""
    first: dict[tuple[str, int], int] = {}
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(kind=kind, year=year) for kind, year in counts], ignore_conflicts=True
    )
    for (kind, year), n in sorted(counts.items()):
        counter = ReferenceCounter.objects.select_for_update().get(kind=kind, year=year)
        first[(kind, year)] = counter.last + 1
        counter.last += n
        counter.save(update_fields=["last"])
    return first


@transaction.atomic
def write_rows(
    rows: list[ParsedRow], *, actor=None, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Insert validated rows in bulk (parents before their internal reviews)."""
    result = ImportResult()
    max_extension = statutory_rules().foi_max_extension_working_days
    # Internal reviews go after every other row, so their parents have ids by then.
    reviews = [row for row in rows if row.kind == RequestKind.INTERNAL_REVIEW]
    others = [row for row in rows if row.kind != RequestKind.INTERNAL_REVIEW]
    batches = [others[i : i + BATCH] for i in range(0, len(others), BATCH)]
    batches += [reviews[i : i + BATCH] for i in range(0, len(reviews), BATCH)]
    for batch in batches:
        _insert_batch(batch, actor=actor, max_extension=max_extension, result=result)
        if progress:
            progress(len(batch))
    return result


def _insert_batch(
    batch: list[ParsedRow], *, actor, max_extension: int, result: ImportResult
) -> None:
    """One batch of validated rows: requesters, requests, clock stops and `imported`
    events, a few statements in all. The parents of internal reviews must be in the
    database already (imported before, or earlier in this transaction)."""
    if not batch:
        return
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in batch:
        counts[(row.kind, row.received_on.year)] += 1
    next_number = _reserve_references(counts)
    parents: dict[str, tuple[int, int | None]] = {
        ref: (pk, requester_id)
        for ref, pk, requester_id in InformationRequest.objects.filter(
            legacy_reference__in={r.review_of for r in batch if r.review_of}
        ).values_list("legacy_reference", "id", "requester_id")
    }
    people = Requester.objects.bulk_create(
        [Requester(**row.requester) for row in batch if row.kind != RequestKind.INTERNAL_REVIEW]
    )
    people_iter = iter(people)
    requests = []
    for row in batch:
        key = (row.kind, row.received_on.year)
        number = next_number[key]
        next_number[key] += 1
        deadline = row.deadline
        parent_id, parent_requester_id = parents.get(row.review_of, (None, None))
        requests.append(
            InformationRequest(
                reference=f"{REFERENCE_PREFIX[RequestKind(row.kind)]}-{row.received_on.year}-{number:05d}",
                reference_year=row.received_on.year,
                reference_number=number,
                legacy_reference=row.legacy_reference,
                kind=row.kind,
                regime=row.regime,
                received_on=row.received_on,
                channel=row.channel,
                requester_type=row.requester_type,
                summary=row.summary,
                unit_id=row.unit_id,
                assigned_to_id=row.assigned_to_id,
                assigned_on=row.received_on if row.assigned_to_id else None,
                requester_id=(
                    parent_requester_id
                    if row.kind == RequestKind.INTERNAL_REVIEW
                    else next(people_iter).pk
                ),
                status=row.status,
                clock_started_on=deadline.clock_started_on,
                original_due_on=deadline.original_due_on,
                due_on=deadline.due_on,
                due_explanation=deadline.explanation,
                extended=row.extended_on is not None,
                extended_on=row.extended_on,
                extension_working_days=(
                    (row.extension_working_days or max_extension)
                    if row.extended_on and row.kind == RequestKind.FOI
                    else None
                ),
                extension_reason=row.extension_reason,
                complex=row.complex,
                closed_on=row.closed_on,
                outcome=row.outcome,
                exemptions=row.exemptions,
                late_reason=row.late_reason,
                late_reason_detail=row.late_reason_detail,
                withdrawn_on=row.withdrawn_on,
                withdrawal_reason=row.withdrawal_reason,
                lapsed_on=row.lapsed_on,
                parent_id=parent_id if row.review_of else None,
                created_by=actor,
            )
        )
    created = InformationRequest.objects.bulk_create(requests)
    stops, events = [], []
    for row, request in zip(batch, created, strict=True):
        stops.extend(
            ClockStop(
                request_id=request.pk,
                reason=stop.reason.value,
                started_on=stop.started_on,
                ended_on=stop.ended_on,
            )
            for stop in row.stops
        )
        events.append(
            RequestEvent(
                request_id=request.pk,
                type=EventType.IMPORTED,
                actor=actor,
                description=f"Imported from the legacy case system ({row.legacy_reference}).",
                after={
                    "status": row.status,
                    "received_on": row.received_on.isoformat(),
                    "due_on": request.due_on.isoformat() if request.due_on else None,
                    "closed_on": row.closed_on.isoformat() if row.closed_on else None,
                },
            )
        )
        result.by_kind[row.kind] = result.by_kind.get(row.kind, 0) + 1
    ClockStop.objects.bulk_create(stops)
    RequestEvent.objects.bulk_create(events)
    result.imported += len(batch)


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


_KINDS = list(RequestKind.values)


class _StreamedImport:
    """The whole-file import in passes over a seekable file, so memory does not grow with
    the file: only a small index of legacy references (one int each: the line, the kind
    and whether it was imported before) and one batch of rows are held at a time.

    check(): pass 1 parses every row and checks every non-review; pass 2 checks the
    internal reviews (their parent may be anywhere in the file). write(): pass 3 writes
    the non-reviews and pass 4 the reviews, batch by batch, in the caller's transaction;
    rows are parsed again rather than kept."""

    def __init__(self, stream, *, progress: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.progress = progress
        self.today = uk_today()
        self.rules = statutory_rules()
        self.units = dict(Unit.objects.values_list("name", "id"))
        self.users = dict(
            get_user_model().objects.filter(is_active=True).values_list("username", "id")
        )
        self.index: dict[str, int] = {}
        self.errors: list[RowError] = []
        self.result = ImportResult()
        self.earliest: date | None = None

    # The index: line << 4 | kind << 1 | imported before.
    def _line(self, ref: str) -> int:
        return self.index[ref] >> 4

    def _kind(self, ref: str) -> str:
        return _KINDS[(self.index[ref] >> 1) & 7]

    def _existing(self, ref: str) -> bool:
        return bool(self.index[ref] & 1)

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
            existing = set(
                InformationRequest.objects.filter(
                    legacy_reference__in=[r.legacy_reference for r in batch]
                ).values_list("legacy_reference", flat=True)
            )
            for row in batch:
                if row.legacy_reference in existing:
                    self.index[row.legacy_reference] |= 1
                    self.result.skipped_existing += 1
                elif row.kind != RequestKind.INTERNAL_REVIEW:
                    self._check(row, parent_kind=None)
        for batch in self._batches(self._parsed(reviews=True, errors=[])):
            self._check_reviews(batch)
        self.errors.sort(key=lambda e: (e.line, e.column))
        if self.errors:
            raise ImportRefused(self.errors)

    def _first_pass(self) -> Iterator[ParsedRow]:
        for line, raw in self._rows():
            parsed = _parse(line, raw, self.errors, units=self.units, users=self.users)
            if self.progress:
                self.progress(1)
            if parsed is None:
                continue
            ref = parsed.legacy_reference
            if ref in self.index:
                self.errors.append(
                    RowError(
                        line, "legacy_reference", f"'{ref}' is also on line {self._line(ref)}."
                    )
                )
                continue
            self.index[ref] = line << 4 | _KINDS.index(parsed.kind) << 1
            yield parsed

    def _check(self, row: ParsedRow, *, parent_kind: str | None) -> None:
        if row.review_of and row.kind != RequestKind.INTERNAL_REVIEW:
            self.errors.append(
                RowError(row.line, "review_of", "only internal_review rows review another request.")
            )
            return
        before = len(self.errors)
        _check_rules(row, self.errors, parent_kind=parent_kind, rules=self.rules, today=self.today)
        if len(self.errors) == before:
            self.result.imported += 1
            self.result.by_kind[row.kind] = self.result.by_kind.get(row.kind, 0) + 1

    def _review_parents(self, batch: list[ParsedRow]) -> dict[str, str]:
        """The kind of each parent named: from the file if it is there, else the database."""
        in_file = {r.review_of: self._kind(r.review_of) for r in batch if r.review_of in self.index}
        others = {r.review_of for r in batch if r.review_of and r.review_of not in in_file}
        return {
            **dict(
                InformationRequest.objects.filter(legacy_reference__in=others).values_list(
                    "legacy_reference", "kind"
                )
            ),
            **in_file,
        }

    def _check_reviews(self, batch: list[ParsedRow]) -> None:
        parents = self._review_parents(batch)
        for row in batch:
            ref = row.legacy_reference
            # Rows refused in the first pass (a duplicate) or imported before: not again.
            if self._line(ref) != row.line or self._existing(ref):
                continue
            self._check(row, parent_kind=parents.get(row.review_of) if row.review_of else None)

    def write(self, *, actor) -> ImportResult:
        """Passes 3 and 4, in the caller's transaction."""
        written = ImportResult(skipped_existing=self.result.skipped_existing)
        max_extension = self.rules.foi_max_extension_working_days
        for reviews in (False, True):
            for batch in self._batches(self._parsed(reviews=reviews, errors=[])):
                parents = self._review_parents(batch) if reviews else {}
                todo = []
                errors: list[RowError] = []
                for row in batch:
                    if self._existing(row.legacy_reference):
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
    importer = _StreamedImport(stream, progress=progress)
    importer.check()
    if dry_run:
        return importer.result
    with transaction.atomic():
        result = importer.write(actor=actor)
        if result.imported:
            # Snapshots are recomputed once, from the earliest month the file touched;
            # announced with the rows it imported, so the recomputation cannot be lost.
            outbox.announce(TIMELINESS_STREAM, importer.earliest, reason="Legacy import")
    return result


# ---------------------------------------------------------------------------------------
# Export: the same format back out
# ---------------------------------------------------------------------------------------


def _stops_text(stops: Iterable[ClockStop]) -> str:
    return ";".join(
        f"{stop.reason}:{stop.started_on.isoformat()}:{stop.ended_on.isoformat() if stop.ended_on else ''}"
        for stop in stops
    )


def export_rows(queryset=None, *, include_personal_data: bool = True) -> Iterator[list[str]]:
    """The header, then one row per request, streamed (constant memory)."""
    queryset = queryset if queryset is not None else InformationRequest.objects.all()
    queryset = (
        queryset.select_related("unit", "assigned_to", "requester", "parent")
        .prefetch_related("clock_stops")
        .order_by("id")
    )
    yield COLUMNS
    for request in queryset.iterator(chunk_size=2000):
        person = request.requester if include_personal_data else None
        values = {
            "legacy_reference": request.legacy_reference or request.reference,
            "kind": request.kind,
            "regime": request.regime,
            "received_on": request.received_on.isoformat(),
            "channel": request.channel,
            "requester_type": request.requester_type,
            "summary": request.summary,
            "unit": request.unit.name if request.unit else "",
            "assigned_to": request.assigned_to.username if request.assigned_to else "",
            "requester_name": person.name
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "requester_email": person.email
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "requester_address": person.address
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "requester_phone": person.phone
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "clock_stops": _stops_text(request.clock_stops.all()),
            "extended_on": request.extended_on.isoformat() if request.extended_on else "",
            "extension_working_days": str(request.extension_working_days or ""),
            "extension_reason": request.extension_reason,
            "complex": "true" if request.complex else "",
            "closed_on": request.closed_on.isoformat() if request.closed_on else "",
            "outcome": request.outcome,
            "exemptions": ";".join(request.exemptions),
            "late_reason": request.late_reason,
            "late_reason_detail": request.late_reason_detail,
            "withdrawn_on": request.withdrawn_on.isoformat() if request.withdrawn_on else "",
            "withdrawal_reason": request.withdrawal_reason,
            "lapsed_on": request.lapsed_on.isoformat() if request.lapsed_on else "",
            "review_of": (request.parent.legacy_reference or request.parent.reference)
            if request.parent
            else "",
        }
        yield [values[column] for column in COLUMNS]
