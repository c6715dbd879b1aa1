"""Reading and validating legacy rows with the services' own rules."""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.contrib.auth import get_user_model

from accounts.models import Unit
from core.csv_files import unguard

from .. import statutory
from ..models import InformationRequest
from ..selectors import statutory_rules, uk_today
from ..services import (
    RequesterDetails,
    closure_errors,
    date_problem,
    regime_errors,
    requester_errors,
)
from ..vocabularies import (
    Channel,
    RequesterType,
    RequestKind,
    Status,
    StopReason,
)
from .format import COLUMNS, REQUIRED_COLUMNS, ImportRefused, ParsedRow, RowError

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
        # Our exports guard formula-like text with one leading apostrophe; take it off
        # (only a value starting with one can be guarded: most are not looked at twice).
        value = self.raw.get(column) or ""
        if value:
            value = (unguard(value) if value[0] == "'" else value).strip()
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
        if len(pieces) not in (2, 3) or pieces[0] not in _STOP_REASON_CODES:
            row.fail(
                "clock_stops",
                f"'{part.strip()}' is not reason:YYYY-MM-DD:YYYY-MM-DD with a reason from "
                f"{', '.join(_STOP_REASON_CODES)}.",
            )
            continue
        started = row.parse_day("clock_stops", pieces[1])
        ended = row.parse_day("clock_stops", pieces[2]) if len(pieces) == 3 and pieces[2] else None
        if started is not None:
            stops.append(statutory.Stop(statutory.StopReason(pieces[0]), started, ended))
    return stops


#: The codes each column takes. Django's `Choices.values` builds a new list at every
#: call: at two to five calls per row that was a fifth of an import's time.
_KIND_CODES = tuple(RequestKind.values)
_CHANNEL_CODES = tuple(Channel.values)
_REQUESTER_TYPE_CODES = tuple(RequesterType.values)
_STOP_REASON_CODES = tuple(StopReason.values)

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
    kind = row.code("kind", _KIND_CODES)
    regime = row.text("regime")
    if kind in _KIND_CODES:
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
        received_on=row.day("received_on", required=True),  # type: ignore[arg-type]
        channel=row.code("channel", _CHANNEL_CODES),
        requester_type=row.code("requester_type", _REQUESTER_TYPE_CODES),
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


@functools.lru_cache(maxsize=4096)
def _deadline(
    kind: statutory.Kind,
    received_on: date,
    regime: statutory.Regime | None,
    stops: tuple[statutory.Stop, ...],
    extended: bool,
    extension_working_days: int | None,
    review_of: statutory.Kind | None,
    rules: statutory.Rules,
) -> statutory.Deadline:
    """statutory.compute_deadline, remembered: it is pure (plain values in, a frozen
    Deadline out), and a file's rows share few combinations of its inputs (most have no
    stop, and many were received on the same day), so an import works most out once.
    Bounded, so memory stays flat in the file's size."""
    return statutory.compute_deadline(
        kind=kind,
        received_on=received_on,
        regime=regime,
        stops=stops,
        extended=extended,
        extension_working_days=extension_working_days,
        review_of=review_of,
        rules=rules,
    )


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
    review_of = statutory.Kind(parent_kind) if row.kind == RequestKind.INTERNAL_REVIEW else None  # type: ignore[arg-type]
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
    extended = row.extended_on is not None
    if extended:
        # The due date before the extension, which the extension is checked against.
        # (Not extended, it would be the due date below: worked out once.)
        original = _deadline(
            kind, row.received_on, regime, tuple(row.stops), row.complex, None, review_of, rules
        )
        try:
            statutory.check_extension(
                kind=kind,
                regime=regime,
                received_on=row.received_on,
                extended_on=row.extended_on,  # type: ignore[arg-type]
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
    row.deadline = _deadline(
        kind,
        row.received_on,
        regime,
        tuple(row.stops),
        extended or row.complex,
        row.extension_working_days,
        review_of,
        rules,
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
