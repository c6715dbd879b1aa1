"""The import's two write paths: COPY into staging then INSERT … SELECT (PostgreSQL), and
bulk_create (SQLite, and the reference the COPY path is held to)."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection, transaction

from requests_tracker import legacy
from requests_tracker.demo import DemoHistory
from requests_tracker.legacy import streamed
from requests_tracker.models import (
    ClockStop,
    InformationRequest,
    ReferenceCounter,
    Requester,
    RequestEvent,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def history_file(on_day, make_user):
    """A few hundred demo rows of every kind (reviews, stops, extensions, closures,
    withdrawals, lapses), written as the legacy system would."""
    on_day(TODAY.isoformat())
    from accounts.models import Unit
    from requests_tracker.demo import FOI_UNIT, ROA_UNIT

    make_user("casey", unit=Unit.objects.create(name=ROA_UNIT))
    make_user("fran", unit=Unit.objects.create(name=FOI_UNIT))
    history = DemoHistory(
        today=TODAY, seed=11, staff={ROA_UNIT: ["casey"], FOI_UNIT: ["fran"]}, scale=0.004
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=legacy.COLUMNS)
    writer.writeheader()
    rows = 0
    for row in history.rows():
        writer.writerow({**dict.fromkeys(legacy.COLUMNS, ""), **row})
        rows += 1
    assert rows > 300
    return out.getvalue(), rows


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 50, so a few hundred rows cross many batch boundaries."""
    monkeypatch.setattr(streamed, "BATCH", 50)


def written() -> dict:
    """Everything an import writes, by natural keys (never ids or timestamps)."""
    requests = {}
    for request in InformationRequest.objects.select_related("requester", "parent"):
        values = {
            f.attname: getattr(request, f.attname)
            for f in InformationRequest._meta.concrete_fields
            if f.attname not in ("id", "requester_id", "parent_id", "created_at", "updated_at")
        }
        requester = request.requester
        values["requester"] = (
            requester.name,
            requester.email,
            requester.address,
            requester.phone,
            requester.disposed_at,
        )
        values["parent"] = request.parent.legacy_reference if request.parent else None
        values["stops"] = [
            (s.reason, s.started_on, s.ended_on, s.created_by_id)
            for s in ClockStop.objects.filter(request=request).order_by("id")
        ]
        values["events"] = [
            (e.type, e.actor_id, e.description, e.before, e.after)
            for e in RequestEvent.objects.filter(request=request)
        ]
        requests[request.legacy_reference] = values
    return {
        "requests": requests,
        "requesters": Requester.objects.count(),
        "counters": sorted(ReferenceCounter.objects.values_list("kind", "year", "last")),
    }


def bulk_create_import(text: str) -> legacy.ImportResult:
    """The SQLite path, whatever the database: check, then passes 3 and 4."""
    importer = legacy._StreamedImport(io.StringIO(text), progress=None)
    importer.check()
    with transaction.atomic():
        return importer.write(actor=None)


@pytest.mark.postgres  # COPY is PostgreSQL's
def test_the_copy_path_and_the_bulk_create_path_write_the_same_rows(history_file, small_batches):
    text, rows = history_file
    with transaction.atomic():
        copied = legacy.import_file(io.StringIO(text))
        by_copy = written()
        transaction.set_rollback(True)
    assert InformationRequest.objects.count() == 0
    bulk = bulk_create_import(text)
    by_bulk = written()
    assert copied.imported == bulk.imported == rows
    assert copied.by_kind == bulk.by_kind
    assert set(copied.by_kind) == {"roa", "foi", "eir", "internal_review"}
    assert by_copy == by_bulk
    assert any(values["stops"] for values in by_copy["requests"].values())
    assert any(values["parent"] for values in by_copy["requests"].values())
    # And the staging tables went with the transaction.
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pg_temp.legacy_import_stage')")
        assert cursor.fetchone() == (None,)


def test_a_refusal_in_the_last_row_of_a_large_file_leaves_nothing_written(
    history_file, small_batches
):
    """Every row but the last is valid and, on PostgreSQL, already staged by COPY when
    the last is refused: nothing is written, and the report is the usual one."""
    text, rows = history_file
    counters = sorted(ReferenceCounter.objects.values_list("kind", "year", "last"))
    bad = io.StringIO()
    csv.DictWriter(bad, fieldnames=legacy.COLUMNS).writerow(
        {
            **dict.fromkeys(legacy.COLUMNS, ""),
            "legacy_reference": "LAST-1",
            "kind": "foi",
            "received_on": "2026-02-30",
            "channel": "email",
            "requester_type": "member_of_public",
            "summary": "Fleet costs",
            "requester_name": "Lee Example",
            "requester_email": "lee@example.org",
        }
    )
    with pytest.raises(legacy.ImportRefused) as refused:
        legacy.import_file(io.StringIO(text + bad.getvalue()))
    assert [str(e) for e in refused.value.errors] == [
        f"line {rows + 2}, column received_on: '2026-02-30' is not a real date in the "
        "format YYYY-MM-DD."
    ]
    assert InformationRequest.objects.count() == 0
    assert Requester.objects.count() == 0
    assert ClockStop.objects.count() == 0
    assert RequestEvent.objects.count() == 0
    assert sorted(ReferenceCounter.objects.values_list("kind", "year", "last")) == counters
    # The same file without its last row imports whole.
    assert legacy.import_file(io.StringIO(text)).imported == rows


def test_a_review_of_a_request_imported_before_takes_its_requester_and_parent(
    history_file, small_batches
):
    """Parents in an earlier file: found in the table, not in this file's staging."""
    text, _rows = history_file
    lines = text.splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    reviews = [line for line in body if ",internal_review," in line]
    others = [line for line in body if ",internal_review," not in line]
    assert reviews
    assert legacy.import_file(io.StringIO(header + "".join(others))).imported == len(others)
    result = legacy.import_file(io.StringIO(header + "".join(reviews)))
    assert result.imported == len(reviews)
    for review in InformationRequest.objects.filter(kind="internal_review").select_related(
        "parent"
    ):
        assert review.parent is not None
        assert review.requester_id == review.parent.requester_id


def _row(ref: str, **values) -> dict:
    return {
        **dict.fromkeys(legacy.COLUMNS, ""),
        "legacy_reference": ref,
        "kind": "foi",
        "received_on": "2025-03-03",
        "channel": "email",
        "requester_type": "member_of_public",
        "summary": "Police vehicle fleet",
        "requester_name": "Lee Example",
        "requester_email": "lee@example.org",
        **values,
    }


def _text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=legacy.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


#: Duplicates and reviews' parents, which the import finds in SQL (its temporary table of
#: the file's references), across batch boundaries (batches of 50 in these tests).
TANGLED = [
    # Line 2: a review whose parent comes 60 lines later, in another batch.
    _row(
        "R-1", kind="internal_review", review_of="P-60", requester_name="", received_on="2025-04-01"
    ),
    *(_row(f"F-{i}") for i in range(3, 60)),
    # Line 60: a repeat of line 3's reference, and withdrawn before it was received:
    # only the repeat is reported (the rules are not applied to a repeat).
    _row("F-3", withdrawn_on="2025-01-01"),
    _row("P-60", closed_on="2025-03-20", outcome="granted_in_full"),
    # Line 62: the same reference again, as an ROA: the review's parent is line 61's FOI.
    _row("P-60", kind="roa", regime="uk_gdpr"),
    # Line 63: a review of a request whose first row is an ROA (line 64's FOI repeats it).
    _row(
        "R-2", kind="internal_review", review_of="Q-64", requester_name="", received_on="2025-04-01"
    ),
    _row("Q-64", kind="roa", regime="uk_gdpr"),
    _row("Q-64"),
    # Line 66: a review of nothing in the file or the database.
    _row(
        "R-3",
        kind="internal_review",
        review_of="NOWHERE",
        requester_name="",
        received_on="2025-04-01",
    ),
]

TANGLED_REPORT = [
    "line 60, column legacy_reference: 'F-3' is also on line 3.",
    "line 62, column legacy_reference: 'P-60' is also on line 61.",
    "line 63, column review_of: an internal review must name the legacy_reference of an FOI or EIR request.",
    "line 65, column legacy_reference: 'Q-64' is also on line 64.",
    "line 66, column review_of: an internal review must name the legacy_reference of an FOI or EIR request.",
]


def _refusal(run) -> list[str]:
    with pytest.raises(legacy.ImportRefused) as refused:
        run()
    return [str(e) for e in refused.value.errors]


def test_duplicates_and_reviews_parents_found_in_sql_give_the_row_by_row_report(
    on_day, small_batches
):
    """The same report whichever path writes (the COPY path on PostgreSQL, bulk_create
    on SQLite), and from a dry run: every repeat of an earlier line's reference, only
    that, and each review's parent taken from the first row with its reference."""
    on_day("2026-11-20")
    text = _text(TANGLED)
    assert _refusal(lambda: legacy.import_file(io.StringIO(text))) == TANGLED_REPORT
    assert _refusal(lambda: bulk_create_import(text)) == TANGLED_REPORT
    assert _refusal(lambda: legacy.import_file(io.StringIO(text), dry_run=True)) == TANGLED_REPORT
    assert InformationRequest.objects.count() == 0
    # Without the refused rows, it imports; the first review's parent is line 61's FOI,
    # found across batches.
    good = [r for n, r in enumerate(TANGLED, start=2) if n in range(2, 60) or n == 61]
    assert legacy.import_file(io.StringIO(_text(good))).imported == len(good)
    review = InformationRequest.objects.select_related("parent").get(legacy_reference="R-1")
    assert (review.parent.legacy_reference, review.parent.kind) == ("P-60", "foi")
    assert review.requester_id == review.parent.requester_id
    # Importing it again skips everything, and a repeat of an imported reference is still
    # a repeat (the first of the two was imported before: skipped, not refused).
    again = legacy.import_file(io.StringIO(_text(good)))
    assert (again.imported, again.skipped_existing) == (0, len(good))
    twice = _text([*good, _row("F-5")])
    expected = [f"line {len(good) + 2}, column legacy_reference: 'F-5' is also on line 5."]
    assert _refusal(lambda: legacy.import_file(io.StringIO(twice))) == expected
    assert _refusal(lambda: bulk_create_import(twice)) == expected


@pytest.mark.postgres  # COPY is PostgreSQL's
def test_the_two_paths_agree_on_a_file_with_reviews_before_their_parents(on_day, small_batches):
    """Row by row, the COPY path and bulk_create write the same requests when every
    review comes before its parent in the file (found in SQL in a later batch)."""
    on_day("2026-11-20")
    rows = []
    for i in range(40):
        rows.append(
            _row(
                f"R-{i}",
                kind="internal_review",
                review_of=f"P-{i}",
                requester_name="",
                received_on="2025-04-01",
            )
        )
    rows += [_row(f"P-{i}", closed_on="2025-03-20", outcome="granted_in_full") for i in range(40)]
    text = _text(rows)
    with transaction.atomic():
        copied = legacy.import_file(io.StringIO(text))
        by_copy = written()
        transaction.set_rollback(True)
    bulk = bulk_create_import(text)
    assert copied.imported == bulk.imported == 80
    assert by_copy == written()
    assert {v["parent"] for v in by_copy["requests"].values()} == {None} | {
        f"P-{i}" for i in range(40)
    }
