import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from requests_tracker import legacy
from requests_tracker.models import ClockStop, InformationRequest, Requester, RequestEvent

pytestmark = pytest.mark.django_db


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=legacy.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in legacy.COLUMNS})
    return out.getvalue()


def row(ref: str, **values) -> dict:
    base = {
        "legacy_reference": ref,
        "kind": "foi",
        "received_on": "2025-03-03",
        "channel": "email",
        "requester_type": "member_of_public",
        "summary": "Police vehicle fleet",
        "unit": "Disclosure Unit",
        "requester_name": "Lee Example",
        "requester_email": "lee@example.org",
    }
    return {**base, **values}


GOOD = [
    row("L-1", closed_on="2025-03-20", outcome="granted_in_full"),
    row(
        "L-2",
        received_on="2025-01-06",
        closed_on="2025-03-03",
        outcome="refused",
        exemptions="s31;s40",
        late_reason="volume",
    ),
    row(
        "L-3",
        kind="roa",
        regime="dpa_part3",
        received_on="2025-11-25",
        clock_stops="identity:2025-11-25:2025-12-01;clarification:2025-12-05:2025-12-09",
        closed_on="2026-01-05",
        outcome="disclosed_in_part",
        exemptions="s45_4_b",
    ),
    row(
        "L-4",
        received_on="2025-06-02",
        withdrawn_on="2025-06-10",
        withdrawal_reason="No longer needed",
    ),
    row(
        "L-5",
        kind="roa",
        regime="uk_gdpr",
        received_on="2025-02-03",
        clock_stops="identity:2025-02-03:",
        lapsed_on="2025-06-01",
    ),
    row(
        "L-6",
        kind="internal_review",
        review_of="L-1",
        received_on="2025-03-24",
        requester_name="",
        requester_email="",
        closed_on="2025-04-01",
        outcome="upheld",
    ),
    row(
        "L-7",
        kind="eir",
        received_on="2025-04-01",
        extended_on="2025-04-20",
        extension_reason="Complex and voluminous",
        closed_on="2025-05-20",
        outcome="granted_in_full",
    ),
]


@pytest.fixture
def unit(make_user):
    make_user("casey")  # creates the Disclosure Unit


def test_valid_file_imports_every_row_with_statutory_dates(unit, on_day):
    on_day("2026-11-20")
    result = legacy.import_file(io.StringIO(csv_text(GOOD)))
    assert result.imported == 7
    assert InformationRequest.objects.count() == 7
    l1 = InformationRequest.objects.get(legacy_reference="L-1")
    assert l1.reference == "FOI-2025-00001"
    assert l1.due_on == date(2025, 4, 1)  # 20 working days after 3 March, skipping 17 March
    assert l1.on_time is True
    l2 = InformationRequest.objects.get(legacy_reference="L-2")
    assert l2.on_time is False
    assert l2.exemptions == ["s31", "s40"]
    l3 = InformationRequest.objects.get(legacy_reference="L-3")
    assert l3.clock_started_on == date(2025, 12, 1)
    # 1 Jan + 5 paused days = 6 Jan 2026 (1 Dec + 1 month = 1 Jan, which is a holiday,
    # but the paused days are added before the roll).
    assert l3.due_on == date(2026, 1, 6)
    assert ClockStop.objects.filter(request=l3).count() == 2
    assert InformationRequest.objects.get(legacy_reference="L-4").status == "withdrawn"
    assert InformationRequest.objects.get(legacy_reference="L-5").status == "lapsed"
    review = InformationRequest.objects.get(legacy_reference="L-6")
    assert review.parent == l1
    assert review.requester_id == l1.requester_id
    l7 = InformationRequest.objects.get(legacy_reference="L-7")
    assert l7.extended
    assert l7.due_on > l7.original_due_on
    assert set(RequestEvent.objects.values_list("type", flat=True)) == {"imported"}


def test_reimporting_the_same_file_does_not_duplicate(unit, on_day):
    on_day("2026-11-20")
    legacy.import_file(io.StringIO(csv_text(GOOD)))
    again = legacy.import_file(io.StringIO(csv_text(GOOD)))
    assert again.imported == 0
    assert again.skipped_existing == 7
    assert InformationRequest.objects.count() == 7


BAD = [
    row("B-1"),
    row("B-2", received_on="2025-02-30"),
    row("B-3", kind="parking"),
    row("B-4", closed_on="2025-06-30", outcome="granted_in_full"),  # late, no reason
    row("B-5", clock_stops="identity:2025-03-04:2025-03-05"),  # FOI is applicant-blind
    row("B-1"),  # duplicate reference
    row("B-7", requester_email="", requester_address=""),
    row("B-8", unit="Nowhere"),
    row(
        "B-9",
        kind="roa",
        regime="dpa_part3",
        received_on="2025-03-03",
        extended_on="2025-03-10",
        extension_reason="x",
    ),
    row("B-10", received_on="2099-01-01"),
    row("B-11", kind="internal_review", review_of="B-404", requester_name=""),
]


def test_a_file_with_bad_rows_is_refused_whole_with_a_precise_report(unit, on_day):
    on_day("2026-11-20")
    before = (InformationRequest.objects.count(), Requester.objects.count())
    with pytest.raises(legacy.ImportRefused) as refused:
        legacy.import_file(io.StringIO(csv_text(BAD)))
    report = {(e.line, e.column): e.message for e in refused.value.errors}
    assert ("received_on") in {c for (line, c) in report if line == 3}
    assert "not a real date" in report[(3, "received_on")]
    assert "'parking' is not one of" in report[(4, "kind")]
    assert "late" in report[(5, "late_reason")]
    assert "applicant-blind" in report[(6, "clock_stops")]
    assert "also on line 2" in report[(7, "legacy_reference")]
    assert "email address or a postal address" in report[(8, "requester_email")]
    assert "no unit called 'Nowhere'" in report[(9, "unit")]
    assert "5 February 2026" in report[(10, "extended_on")]
    assert "future" in report[(11, "received_on")]
    assert "FOI or EIR" in report[(12, "review_of")]
    assert not any(line == 2 for line, _ in report)  # the good row is not blamed
    assert (InformationRequest.objects.count(), Requester.objects.count()) == before


def test_command_reports_and_leaves_the_database_unchanged(unit, on_day, tmp_path, capsys):
    on_day("2026-11-20")
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(BAD))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_requests", str(bad))
    assert "line 4, column kind" in capsys.readouterr().err
    assert InformationRequest.objects.count() == 0


def test_dry_run_imports_nothing(unit, on_day, tmp_path, capsys):
    on_day("2026-11-20")
    good = tmp_path / "good.csv"
    good.write_text(csv_text(GOOD))
    call_command("import_requests", str(good), "--dry-run")
    assert "would import 7 requests" in capsys.readouterr().out
    assert InformationRequest.objects.count() == 0


def test_wrong_header_is_refused(unit, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,kind\nX,foi\n")
    with pytest.raises(CommandError):
        call_command("import_requests", str(bad))


def test_round_trip_export_then_import_gives_the_same_requests(unit, on_day, tmp_path, make_user):
    on_day("2026-11-20")
    legacy.import_file(io.StringIO(csv_text(GOOD)))
    exported = tmp_path / "export.csv"
    export_for = make_user("exporter", role="admin").username
    call_command("export_requests", str(exported), "--by", export_for, "--reason", "migration")
    fields = (
        "legacy_reference",
        "kind",
        "status",
        "received_on",
        "clock_started_on",
        "due_on",
        "closed_on",
        "outcome",
        "late_reason",
    )
    first = sorted(InformationRequest.objects.values_list(*fields))
    InformationRequest.objects.filter(parent__isnull=False).delete()
    InformationRequest.objects.all().delete()
    call_command("import_requests", str(exported))
    assert sorted(InformationRequest.objects.values_list(*fields)) == first


def test_the_dpo_import_page_refuses_a_bad_file_with_the_report(client, make_user, on_day):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    on_day("2026-11-20")
    client.force_login(make_user("dana", role="dpo"))
    url = reverse("requests-import")
    bad = SimpleUploadedFile("bad.csv", csv_text(BAD).encode(), content_type="text/csv")
    response = client.post(url, {"file": bad})
    body = response.content.decode()
    assert response.status_code == 200
    assert "nothing was imported" in body
    assert "applicant-blind" in body
    assert InformationRequest.objects.count() == 0
    good = SimpleUploadedFile("good.csv", csv_text(GOOD).encode(), content_type="text/csv")
    response = client.post(url, {"file": good}, follow=True)
    assert "Imported 7 requests" in response.content.decode()
    assert InformationRequest.objects.count() == 7


def test_only_the_dpo_and_admins_may_import(client, make_user):
    from django.urls import reverse

    client.force_login(make_user("casey", role="caseworker"))
    assert client.get(reverse("requests-import")).status_code == 403


def test_an_import_recomputes_the_snapshots_once(
    unit, on_day, django_capture_on_commit_callbacks, eager_celery
):
    from dashboards.models import MonthlySnapshot

    on_day("2026-11-20")
    with django_capture_on_commit_callbacks(execute=True):
        legacy.import_file(io.StringIO(csv_text(GOOD)))
    march = MonthlySnapshot.objects.get(kind="foi", unit__isnull=True, month=date(2025, 3, 1))
    assert march.received == 1
    assert march.closed == 2


FORMULAS = {
    "L-1": ('=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0"),
    "L-2": ("-2+3", "@SUM(1+1)"),
    # Text that really begins with an apostrophe comes back exactly as well (in an import
    # file it is written as our exports write it: one more apostrophe).
    "L-4": ("''=already quoted", "'Brien"),
}


def test_formulas_are_exported_as_text_and_import_back_exactly(unit, on_day, tmp_path, make_user):
    on_day("2026-11-20")
    rows = [
        {**r, "summary": FORMULAS[r["legacy_reference"]][0],
         "requester_name": FORMULAS[r["legacy_reference"]][1]}
        if r["legacy_reference"] in FORMULAS else r
        for r in GOOD
    ]  # fmt: skip
    legacy.import_file(io.StringIO(csv_text(rows)))
    assert InformationRequest.objects.get(legacy_reference="L-4").summary == "'=already quoted"
    exported = tmp_path / "export.csv"
    export_for = make_user("exporter", role="admin").username
    call_command("export_requests", str(exported), "--by", export_for, "--reason", "migration")
    cells = {cell for line in csv.reader(exported.open(newline="")) for cell in line}
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert {"'-2+3", "'@SUM(1+1)", "''=already quoted"} <= cells
    assert "'Brien" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    first = sorted(InformationRequest.objects.values_list("legacy_reference", "summary"))
    names = sorted(Requester.objects.values_list("name", flat=True))
    InformationRequest.objects.filter(parent__isnull=False).delete()
    InformationRequest.objects.all().delete()
    Requester.objects.all().delete()
    call_command("import_requests", str(exported))
    assert sorted(InformationRequest.objects.values_list("legacy_reference", "summary")) == first
    assert sorted(Requester.objects.values_list("name", flat=True)) == names
    assert InformationRequest.objects.get(legacy_reference="L-2").summary == "-2+3"
    assert Requester.objects.filter(name="'Brien").exists()


def latin1_file(tmp_path):
    """GOOD, saved by a spreadsheet as Windows Latin-1: 'é' is the single byte 0xE9."""
    lines = csv_text(GOOD).splitlines(keepends=True)
    lines[2] = lines[2].replace("Police vehicle fleet", "Caf\u00e9 licences")
    path = tmp_path / "latin1.csv"
    path.write_bytes("".join(lines).encode("latin-1"))
    return path, 3, lines[2].index("\u00e9") + 1


def test_a_latin1_file_is_refused_naming_the_line_and_column_of_the_byte(
    unit, tmp_path, capsys, monkeypatch
):
    from requests_tracker.management.commands.import_requests import Command

    path, line, column = latin1_file(tmp_path)
    expected = (
        f"Line {line}, column {column}: this byte is not UTF-8 text (0xE9). "
        "Save the file as 'CSV UTF-8' and try again."
    )
    # run_from_argv closes every connection when it ends; keep the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:  # what `manage.py import_requests` does
        Command().run_from_argv(["manage.py", "import_requests", str(path)])
    assert exit_.value.code != 0
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert "UnicodeDecodeError" not in err
    assert InformationRequest.objects.count() == 0


def test_the_import_page_names_the_undecodable_byte_too(client, make_user, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("dana", role="dpo"))
    path, line, column = latin1_file(tmp_path)
    upload = SimpleUploadedFile("latin1.csv", path.read_bytes(), content_type="text/csv")
    response = client.post("/requests/import/", {"file": upload})
    assert response.status_code == 200
    assert f"Line {line}, column {column}: this byte is not UTF-8 text (0xE9)" in (
        response.content.decode()
    )
    assert InformationRequest.objects.count() == 0


def test_a_byte_order_mark_and_multibyte_text_are_fine_and_columns_count_characters():
    text = "ab\u00e9\u20ac,x\n" + "caf\u00e9\u20ac\xff"
    data = codecs_bom() + text.encode("utf-8")[:-2] + b"\xff\n"
    lines = legacy.decoded_lines(io.BytesIO(data))
    assert next(lines) == "ab\u00e9\u20ac,x\n"
    with pytest.raises(legacy.FileNotUTF8) as error:
        next(lines)
    assert (error.value.line, error.value.column, error.value.byte) == (2, 6, 0xFF)


def codecs_bom() -> bytes:
    import codecs

    return codecs.BOM_UTF8


def test_a_large_upload_is_imported_by_a_job_with_progress(
    client, make_user, on_day, settings, django_capture_on_commit_callbacks, eager_celery
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Job

    on_day("2026-11-20")
    settings.IMPORT_ASYNC_BYTES = 100
    dpo = make_user("dana", role="dpo")
    client.force_login(dpo)
    good = SimpleUploadedFile("good.csv", csv_text(GOOD).encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/requests/import/", {"file": good})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.owner, job.done, job.total) == ("done", dpo, 14, 14)
    assert "Imported 7 requests" in client.get(response["Location"]).content.decode()
    assert InformationRequest.objects.count() == 7
    assert not job.file  # the upload is deleted once imported
    assert not any(p.is_file() for p in settings.JOB_FILES_DIR.rglob("*.csv"))

    bad = SimpleUploadedFile("bad.csv", csv_text(BAD).encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/requests/import/", {"file": bad})
    page = client.get(response["Location"]).content.decode()
    assert "problems found; nothing was imported" in page
    assert "applicant-blind" in page
    assert InformationRequest.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_a_second_import_while_one_runs_is_told_whose_is_running(make_user, tmp_path, on_day):
    """Two connections (threads): the first holds the import lock as a running import
    does; the second, from the command line, is refused in words and changes nothing."""
    import threading

    from core import jobs
    from core.models import Job

    on_day("2026-11-20")
    dana = make_user("dana", role="dpo", first_name="Dana", last_name="Scully")
    make_user("casey")
    good = tmp_path / "good.csv"
    good.write_text(csv_text(GOOD))
    holding, release = threading.Event(), threading.Event()

    def first_import():
        try:
            job = jobs.create(kind=Job.Kind.REQUESTS_IMPORT, owner=dana)
            jobs.start(job.pk)
            with jobs.one_at_a_time(Job.Kind.REQUESTS_IMPORT, me=job):
                holding.set()
                release.wait(30)
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=first_import)
    thread.start()
    try:
        assert holding.wait(30)
        with pytest.raises(CommandError) as refused:
            call_command("import_requests", str(good))
    finally:
        release.set()
        thread.join()
    message = str(refused.value)
    assert "Another import of requests from the legacy system is running" in message
    assert "started by Dana Scully (dana) at midday on 20 November 2026" in message
    assert InformationRequest.objects.count() == 0
    # Once the first has finished, the same file imports.
    call_command("import_requests", str(good))
    assert InformationRequest.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_never_end_in_an_integrity_error(make_user, tmp_path):
    """Both start together (a barrier after checking the file, before writing): one
    imports, the other is refused in words or finds everything imported; never a
    traceback, never a duplicate."""
    import contextlib
    import threading

    make_user("casey")
    good = tmp_path / "good.csv"
    good.write_text(csv_text(GOOD))
    barrier = threading.Barrier(2, timeout=3)
    original = legacy._StreamedImport.check

    def check_then_wait(self):
        original(self)
        # A broken barrier: the other import was refused before it checked anything.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()

    outcomes = []

    def run():
        try:
            call_command("import_requests", str(good))
            outcomes.append("imported")
        except CommandError as error:
            outcomes.append(str(error))
        except Exception as error:  # an IntegrityError here is the fault this test is for
            outcomes.append(repr(error))
        finally:
            from django.db import connection

            connection.close()

    legacy._StreamedImport.check = check_then_wait
    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        legacy._StreamedImport.check = original
    assert "imported" in outcomes
    other = next(o for o in outcomes if o != "imported") if outcomes.count("imported") == 1 else ""
    assert "IntegrityError" not in " ".join(outcomes)
    assert other == "" or "Another import of requests from the legacy system is running" in other
    assert InformationRequest.objects.count() == 7
