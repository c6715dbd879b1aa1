"""`manage.py export_requests` writes personal data only in someone's name, logged."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from core.models import AccessLogEntry
from requests_tracker import legacy
from requests_tracker.models import InformationRequest
from tests.requests_tracker.test_legacy_import import GOOD, csv_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(make_user, on_day):
    make_user("casey")  # creates the Disclosure Unit the rows name
    on_day("2026-11-20")
    legacy.import_file(io.StringIO(csv_text(GOOD)))
    return InformationRequest.objects.filter(requester__isnull=False)


def _rows(path):
    return list(csv.DictReader(path.open(newline="", encoding="utf-8")))


def test_personal_data_export_is_logged_in_the_name_of_who_asked(imported, make_user, tmp_path):
    auditor = make_user("audrey", role="admin")
    out = tmp_path / "all.csv"
    stdout = io.StringIO()
    call_command(
        "export_requests", str(out), "--by", "audrey", "--reason", "ICO audit", stdout=stdout
    )
    entries = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert entries.count() == imported.count() > 0
    assert set(entries.values_list("record_id", flat=True)) == set(
        imported.values_list("pk", flat=True)
    )
    entry = entries.first()
    assert entry.user == auditor
    assert entry.reason == "ICO audit"
    assert entry.path == "manage.py export_requests"
    assert "requester.name" in entry.fields
    assert any(row["requester_name"] for row in _rows(out))
    assert f"{imported.count()} access-log entries in the name of audrey" in stdout.getvalue()


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ([], "say who it is for and why"),
        (["--by", "audrey"], "say who it is for and why"),
        (["--reason", "audit"], "say who it is for and why"),
        (["--by", "nobody", "--reason", "audit"], "no active user called 'nobody'"),
    ],
)
def test_without_who_and_why_nothing_is_written_or_logged(
    imported, make_user, tmp_path, arguments, words
):
    make_user("audrey", role="admin")
    out = tmp_path / "refused.csv"
    with pytest.raises(CommandError, match=words):
        call_command("export_requests", str(out), *arguments)
    assert not out.exists()
    assert not AccessLogEntry.objects.exists()


def test_without_personal_data_needs_no_name_and_writes_none(imported, tmp_path):
    out = tmp_path / "plain.csv"
    call_command("export_requests", str(out), "--without-personal-data")
    rows = _rows(out)
    assert len(rows) == InformationRequest.objects.count()
    assert not any(row["requester_name"] or row["requester_email"] for row in rows)
    assert not AccessLogEntry.objects.exists()
