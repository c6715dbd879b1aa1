"""/requests/export.csv cannot escape the access log: the entries are committed before
the first row leaves; a large export is a background job whose file only its owner can
download (logged again) until it is deleted; many requesters' records need a reason."""

import csv
import errno
import io
import threading
from datetime import date, timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.utils import timezone

from core import jobs
from core.models import AccessLogEntry, Job
from requests_tracker import services

EXPORT = "/requests/export.csv"


def log(actor, n: int, **extra):
    return [
        services.log_request(
            actor=actor,
            kind="foi",
            received_on=date(2026, 3, 2),
            channel="email",
            requester_type="member_of_public",
            summary=f"Force budget {i}",
            requester=services.RequesterDetails(name=f"Pat Example {i}", email="pat@example.org"),
            **extra,
        )
        for i in range(n)
    ]


@pytest.fixture
def dpo_client(client, make_user):
    dpo = make_user("dana", role="dpo")
    client.force_login(dpo)
    client.user = dpo
    return client


def _entries_seen_by_another_connection() -> int:
    """Count the export entries from a separate database connection (a new thread gets
    its own): only what is committed is there."""
    seen = []

    def count():
        try:
            seen.append(AccessLogEntry.objects.filter(action="export").count())
        finally:
            connection.close()

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    return seen[0]


@pytest.mark.django_db(transaction=True)
def test_the_access_log_is_committed_before_the_first_row_leaves(dpo_client, make_user, settings):
    settings.EXPORT_ASYNC_ROWS = 10_000
    settings.EXPORT_REASON_ROWS = 10_000
    log(make_user("casey"), 450)  # more rows than one chunk of the response
    response = dpo_client.get(EXPORT)
    assert response.streaming
    chunks = iter(response.streaming_content)
    first = next(chunks).decode()
    assert first.startswith("reference,kind")
    assert first.count("\r\n") < 451  # the client has not had every row yet
    # The worker could be killed right now: the log already holds every exported record.
    assert _entries_seen_by_another_connection() == 450
    entry = AccessLogEntry.objects.filter(action="export").first()
    assert entry.export_rows == 450
    assert entry.path == EXPORT
    assert entry.fields == ["summary", "requester.name", "requester.email"]
    rest = b"".join(chunks).decode()
    assert len(list(csv.reader(io.StringIO(first + rest)))) == 451
    assert AccessLogEntry.objects.filter(action="export").count() == 450  # not logged twice


@pytest.mark.django_db
def test_many_requesters_records_need_a_reason_that_goes_in_the_log(
    dpo_client, make_user, settings
):
    settings.EXPORT_REASON_ROWS = 2
    log(make_user("casey"), 3)
    page = dpo_client.get(EXPORT + "?kind=foi")
    assert page.status_code == 200
    assert not page.streaming
    assert "Why do you need these requesters" in page.content.decode()
    assert not AccessLogEntry.objects.exists()
    refused = dpo_client.post(EXPORT + "?kind=foi", {"reason": "  "})
    assert refused.status_code == 400
    assert "Enter why you need these requesters" in refused.content.decode()
    assert not AccessLogEntry.objects.exists()
    done = dpo_client.post(EXPORT + "?kind=foi", {"reason": "ICO audit IC-123"})
    assert done.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(done.streaming_content).decode())))
    assert len(rows) == 3
    entries = AccessLogEntry.objects.filter(action="export")
    assert entries.count() == 3
    assert set(entries.values_list("reason", "export_rows", "path")) == {
        ("ICO audit IC-123", 3, EXPORT + "?kind=foi")
    }


@pytest.mark.django_db
def test_a_few_requesters_records_download_at_once_without_a_reason(dpo_client, make_user):
    log(make_user("casey"), 2)
    response = dpo_client.get(EXPORT)
    assert response.streaming
    b"".join(response.streaming_content)
    assert AccessLogEntry.objects.filter(action="export", reason="").count() == 2


@pytest.mark.django_db
def test_a_large_export_is_a_job_whose_file_only_its_owner_downloads(
    dpo_client, make_user, settings, django_capture_on_commit_callbacks, eager_celery
):
    settings.EXPORT_ASYNC_ROWS = 3
    settings.EXPORT_REASON_ROWS = 100
    casey = make_user("casey")
    log(casey, 5)
    page = dpo_client.get(EXPORT + "?sort=-received")
    assert "made in the background" in page.content.decode()
    assert not AccessLogEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = dpo_client.post(EXPORT + "?sort=-received", {})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.done, job.total) == ("requests_export", "done", 5, 5)
    # Logged when the file was made, before its first row, with the filter:
    made = AccessLogEntry.objects.filter(record_type="request")
    assert made.count() == 5
    assert set(made.values_list("path", "export_rows")) == {(EXPORT + "?sort=-received", 5)}

    status = dpo_client.get(f"/jobs/{job.pk}/")
    assert "Refresh" not in status  # finished: no more reloading
    assert f"/jobs/{job.pk}/download" in status.content.decode()
    download = dpo_client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 5
    assert rows[0]["requester_name"].startswith("Pat Example")
    downloaded = AccessLogEntry.objects.get(record_type="export_file")
    assert (downloaded.user, downloaded.export_rows, downloaded.record_id) == (
        dpo_client.user,
        5,
        job.pk,
    )

    # Nobody else, not even an admin, can see the job or its file.
    for role in ("caseworker", "admin"):
        client = Client()
        client.force_login(make_user(f"other-{role}", role=role))
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert client.get(f"/jobs/{job.pk}/download").status_code == 404

    # After JOB_FILE_HOURS the file is deleted and cannot be downloaded.
    path = job.file.path
    assert jobs.delete_expired_files(now=timezone.now() + timedelta(hours=23)) == 0
    assert jobs.delete_expired_files(now=timezone.now() + timedelta(hours=25)) == 1
    import os

    assert not os.path.exists(path)
    assert dpo_client.get(f"/jobs/{job.pk}/download").status_code == 404
    assert "has been deleted" in dpo_client.get(f"/jobs/{job.pk}/").content.decode()


# Transactional, as a real job's progress is written outside any transaction.
@pytest.mark.django_db(transaction=True)
def test_a_running_job_page_reloads_itself_without_an_inline_script(dpo_client):
    job = jobs.create(kind=Job.Kind.REQUESTS_EXPORT, owner=dpo_client.user)
    jobs.start(job.pk, total=200)
    jobs.progress(job, 50)
    response = dpo_client.get(f"/jobs/{job.pk}/")
    assert response["Refresh"] == "5"
    body = response.content.decode()
    assert "50 of 200 steps done (25%)" in body
    assert "Refresh this page" in body
    assert "<meta http-equiv" not in body.lower()


@pytest.mark.django_db
def test_a_full_disk_fails_the_job_in_words_and_keeps_no_file(
    dpo_client, make_user, settings, django_capture_on_commit_callbacks, eager_celery, monkeypatch
):
    settings.EXPORT_ASYNC_ROWS = 1
    log(make_user("casey"), 3)

    def full(self, name, content):
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:  # part of the file, then the disk is full
            handle.write(next(content.chunks()))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    with django_capture_on_commit_callbacks(execute=True):
        dpo_client.post(EXPORT, {})
    job = Job.objects.get()
    assert job.status == "failed"
    assert "ran out of disk space" in job.error
    assert not job.file
    assert not list((settings.JOB_FILES_DIR / "exports").iterdir())
    page = dpo_client.get(f"/jobs/{job.pk}/").content.decode()
    assert "ran out of disk space" in page
    assert dpo_client.get(f"/jobs/{job.pk}/download").status_code == 404


def test_an_exports_log_is_written_from_its_query_with_the_daily_totals(make_user, on_day):
    """The export's entries are written by one INSERT … SELECT from the export's own
    query (core.access.record_access_of_query): one per request whose requester the
    exporter sees, none for the others, and the daily totals (AccessLogDay, which the
    unusual-access report reads) raised by exactly those entries, other units' records
    counted as outside. A second export the same day adds to the same day's totals."""
    from django.db.models import Count, F, Q
    from django.http import QueryDict

    from accounts.models import Unit
    from core.models import AccessLogDay
    from requests_tracker import exports

    on_day("2026-03-10", hour=23)  # 23:00 UTC+0 in March: still 10 March in the UK
    home, other = Unit.objects.create(name="Home"), Unit.objects.create(name="Away")
    clerk = make_user("clerk", role="caseworker", unit=home)
    dpo = make_user("dana", role="dpo", unit=home)
    mine = log(clerk, 3, unit=home)
    theirs = log(clerk, 2, unit=other)
    for user, expected in ((clerk, mine), (dpo, mine + theirs)):
        _, queryset = exports.filtered_requests(user, QueryDict("status="))
        logged = exports.log_export(
            user, queryset, rows=5, reason="Audit", path=EXPORT + "?status=", ip_address="10.0.0.9"
        )
        entries = AccessLogEntry.objects.filter(user=user, action="export")
        assert logged == len(expected) == entries.count()
        assert sorted(entries.values_list("record_id", "record_reference", "record_unit_id")) == (
            sorted((r.pk, r.reference, r.unit_id) for r in expected)
        )
        entry = entries.first()
        assert (entry.export_rows, entry.reason, entry.ip_address, entry.fields) == (
            5,
            "Audit",
            "10.0.0.9",
            exports.PERSONAL_FIELDS,
        )
        assert (entry.user_unit_id, entry.path) == (home.pk, EXPORT + "?status=")
    # The clerk exports again: the same day's totals grow.
    _, queryset = exports.filtered_requests(clerk, QueryDict("status="))
    exports.log_export(clerk, queryset, rows=5, reason="", path=EXPORT, ip_address=None)
    outside = Q(record_unit__isnull=False) & ~Q(record_unit=F("user_unit"))
    raw = {
        (row["user_id"]): (row["views"], row["outside"])
        for row in AccessLogEntry.objects.values("user_id")
        .annotate(views=Count("id"), outside=Count("id", filter=outside))
        .order_by()
    }
    days = {
        row.user_id: (row.views, row.outside_unit)
        for row in AccessLogDay.objects.filter(day=date(2026, 3, 10))
    }
    assert days == raw == {clerk.pk: (6, 0), dpo.pk: (5, 2)}
    assert AccessLogDay.objects.count() == 2


def test_an_export_of_nothing_the_user_may_see_logs_nothing(make_user):
    """A user whose role sees no requester details: the filter matches nothing (no SQL
    at all), so no entry and no daily total."""
    from django.http import QueryDict

    from core.models import AccessLogDay
    from requests_tracker import exports

    clerk = make_user("clerk", role="caseworker")
    log(clerk, 2)
    reader = make_user("reader", role=None)
    _, queryset = exports.filtered_requests(clerk, QueryDict("status="))
    assert (
        exports.log_export(reader, queryset, rows=2, reason="", path=EXPORT, ip_address=None) == 0
    )
    assert not AccessLogEntry.objects.exists()
    assert not AccessLogDay.objects.exists()


@pytest.mark.postgres  # cursor_tuple_fraction is PostgreSQL's
def test_the_export_plans_its_cursor_for_every_row_then_puts_the_setting_back(make_user):
    """The export's server-side cursor is planned for reading all of it (not its first
    tenth, PostgreSQL's default for cursors); the session's setting is as it was after."""
    from django.http import QueryDict

    from requests_tracker import exports

    clerk = make_user("clerk", role="caseworker")
    log(clerk, 3)

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            return cursor.fetchone()[0]

    before = setting()
    assert before != "1"
    at_declare = []

    def watch(execute, sql, params, many, context):
        if "requester__email" in sql:  # the rows' query, declared as a cursor
            at_declare.append(setting())
        return execute(sql, params, many, context)

    _, queryset = exports.filtered_requests(clerk, QueryDict("status="))
    with connection.execute_wrapper(watch):
        rows = list(exports.csv_rows(clerk, queryset))
    assert len(rows) == 4
    assert at_declare == ["1"]
    assert setting() == before
