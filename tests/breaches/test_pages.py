"""Breach pages: recording, the register with its countdown and filters, the breach page
and its action forms (DPO-only decision), CSV export and the Data Board analysis."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from breaches import services, snapshots
from breaches.models import Breach

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


RECORD = {
    "summary": "Custody record emailed to the wrong solicitor",
    "aware_at_day": "27",
    "aware_at_month": "3",
    "aware_at_year": "2026",
    "aware_at_time": "14:30",
    "source": "internal",
    "nature": "misdirected_email",
}


def test_any_data_office_member_can_record_a_breach(signed_in, caseworker, at):
    at(2026, 3, 28, 9, 0)
    client = signed_in(caseworker)
    assert client.get(reverse("breaches:record")).status_code == 200
    response = client.post(reverse("breaches:record"), RECORD)
    breach = Breach.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("breaches:detail", args=[breach.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Report to the ICO by 30 March 2026 at 3:30pm" in page
    assert "53 hours 30 minutes left" in page
    assert "Only the Data Protection Officer" not in page  # not assessed yet
    assert breach.reported_by == caseworker


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"aware_at_day": "", "aware_at_month": "", "aware_at_year": "", "aware_at_time": ""},
            "Enter the date you became aware of the breach",
        ),
        ({"aware_at_day": ""}, "The date you became aware of the breach must include a day"),
        ({"aware_at_month": "13"}, "must be a real date"),
        ({"aware_at_time": "2.30pm"}, "24-hour format"),
        ({"aware_at_day": "29", "aware_at_time": "01:30"}, "did not happen in the UK"),
        ({"aware_at_year": "2027"}, "cannot be in the future"),
        ({"source": ""}, "Choose where the breach came from"),
        ({"summary": ""}, "Enter a summary of what happened"),
        ({"data_subjects_count": "lots"}, "whole number"),
    ],
)
def test_record_form_errors_use_the_error_summary(signed_in, caseworker, at, change, message):
    at(2026, 3, 30, 9, 0)
    response = signed_in(caseworker).post(reverse("breaches:record"), {**RECORD, **change})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message in body
    assert "<title>Error: Record a breach" in body
    assert not Breach.objects.exists()


def test_data_board_cannot_use_the_register_but_can_read_the_analysis(signed_in, board):
    client = signed_in(board)
    assert client.get(reverse("breaches:register")).status_code == 403
    assert client.get(reverse("breaches:record")).status_code == 403
    assert client.get(reverse("breaches:analysis")).status_code == 200


def test_caseworker_cannot_read_the_analysis(signed_in, caseworker):
    assert signed_in(caseworker).get(reverse("breaches:analysis")).status_code == 403


def assessed_breach(record, dpo, **assessment):
    breach = record(2026, 3, 27, 14, 30)
    services.assess_risk(
        breach_id=breach.pk,
        actor=dpo,
        likelihood=assessment.get("likelihood", "possible"),
        severity=assessment.get("severity", "significant"),
        rationale="Recipient is a solicitor",
    )
    return Breach.objects.get(pk=breach.pk)


def test_only_the_dpo_can_record_the_decision_on_the_page(
    signed_in, record, dpo, team_lead, admin_user, at
):
    at(2026, 3, 28, 9, 0)
    breach = assessed_breach(record, dpo)
    url = reverse("breaches:act", args=[breach.pk, "decide"])
    payload = {"decide-version": breach.version, "decide-reportable": "yes", "decide-reasons": "R"}
    for user in (team_lead, admin_user):
        client = signed_in(user)
        page = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
        assert "Record the regulator decision" not in page
        assert "Only the Data Protection Officer" in page
        assert client.post(url, payload).status_code == 403
    assert Breach.objects.get().reportable is None
    client = signed_in(dpo)
    assert (
        "Record the regulator decision"
        in client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    )
    response = client.post(url, payload)
    assert response.status_code == 302
    assert Breach.objects.get().reportable is True


def test_decision_form_errors_and_stale_version(signed_in, record, dpo, at):
    at(2026, 3, 28, 9, 0)
    breach = assessed_breach(record, dpo)
    client = signed_in(dpo)
    url = reverse("breaches:act", args=[breach.pk, "decide"])
    response = client.post(url, {"decide-version": breach.version})
    assert response.status_code == 400
    assert "Choose whether the breach must be reported" in response.content.decode()
    response = client.post(
        url,
        {"decide-version": breach.version - 1, "decide-reportable": "no", "decide-reasons": "x"},
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert Breach.objects.get().reportable is None


def test_late_report_on_the_page_needs_reasons(signed_in, record, dpo, at):
    at(2026, 3, 28, 9, 0)
    breach = assessed_breach(record, dpo)
    services.decide(breach_id=breach.pk, actor=dpo, reportable=True, reasons="Risk")
    breach.refresh_from_db()
    at(2026, 4, 1, 9, 0)
    client = signed_in(dpo)
    url = reverse("breaches:act", args=[breach.pk, "report"])
    report = {
        "report-version": breach.version,
        "report-reported_at_day": "31",
        "report-reported_at_month": "3",
        "report-reported_at_year": "2026",
        "report-reported_at_time": "10:00",
    }
    response = client.post(url, report)
    assert response.status_code == 400
    assert "after the 72-hour deadline" in response.content.decode()
    response = client.post(url, {**report, "report-late_reason": "Awaiting the processor"})
    assert response.status_code == 302
    assert Breach.objects.get().status == "reported"


def test_high_risk_close_on_the_page_asks_about_telling_people(signed_in, record, dpo, at):
    at(2026, 3, 28, 9, 0)
    breach = assessed_breach(record, dpo, likelihood="probable", severity="severe")
    services.decide(breach_id=breach.pk, actor=dpo, reportable=False, reasons="Contained")
    breach.refresh_from_db()
    client = signed_in(dpo)
    page = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "This breach is high risk" in page
    response = client.post(
        reverse("breaches:act", args=[breach.pk, "close"]),
        {"close-version": breach.version, "close-lessons_learned": "Training"},
    )
    assert response.status_code == 400
    assert "record whether the people affected were told" in response.content.decode()
    assert Breach.objects.get().status == "not_reportable"


def test_register_lists_filters_and_counts_down(signed_in, record, caseworker, at):
    at(2026, 3, 28, 9, 0)
    soon = record(2026, 3, 25, 12, 0, source="external")
    later = record(2026, 3, 28, 8, 0)
    client = signed_in(caseworker)
    page = client.get(reverse("breaches:register")).content.decode()
    assert soon.reference in page
    assert later.reference in page
    assert "3 hours 0 minutes left" in page
    assert "71 hours 0 minutes left" in page
    page = client.get(reverse("breaches:register"), {"due_within_24h": "true"}).content.decode()
    assert "1 found" in page
    page = client.get(reverse("breaches:register"), {"source": "internal"}).content.decode()
    assert "1 found" in page
    page = client.get(reverse("breaches:register"), {"aware_after": "2026-03-26"}).content.decode()
    assert "1 found" in page


def test_csv_export_has_the_register_without_free_text(signed_in, record, caseworker, at):
    at(2026, 3, 28, 9, 0)
    record(2026, 3, 27, 14, 30, summary="=HYPERLINK(evil) about J Bloggs")
    response = signed_in(caseworker).get(reverse("breaches:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["report_due_at"] == "2026-03-30T15:30:00+01:00"
    # A CSV for people carries words, not codes.
    assert rows[0]["source"] == "Internal"
    assert rows[0]["nature"] == "Misdirected email"
    assert rows[0]["status"] == "Open"
    assert "Bloggs" not in response.content.decode()


def test_details_can_be_completed_later(signed_in, record, caseworker, at):
    at(2026, 3, 28, 9, 0)
    breach = record(2026, 3, 27, 14, 30)
    client = signed_in(caseworker)
    url = reverse("breaches:edit", args=[breach.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": breach.version,
            "summary": "Custody record emailed to the wrong solicitor",
            "occurred_at_day": "27",
            "occurred_at_month": "3",
            "occurred_at_year": "2026",
            "occurred_at_time": "14:00",
            "security_properties": ["confidentiality"],
            "data_subjects_count": "1",
            "special_category_data": "on",
        },
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.security_properties == ["confidentiality"]
    assert breach.data_subjects_count == 1
    assert breach.special_category_data is True
    assert breach.events.last().type == "details_updated"


def test_analysis_page_shows_the_snapshot_figures(signed_in, record, dpo, board, at):
    at(2026, 3, 28, 9, 0)
    breach = assessed_breach(record, dpo)
    services.decide(breach_id=breach.pk, actor=dpo, reportable=False, reasons="Contained")
    snapshots.recompute()
    page = signed_in(board).get(reverse("breaches:analysis")).content.decode()
    assert "Breaches by source, per month" in page
    assert "<svg" in page
    assert 'id="table-source"' in page
    assert "Mar 2026" in page
    assert "Misdirected email" in page
    page = signed_in(board).get(reverse("breaches:analysis"), {"year": "2026"}).content.decode()
    assert "January 2026 to December 2026" in page
    assert date(2026, 3, 1)


def test_actions_are_added_and_completed_on_the_page(signed_in, record, team_lead, at):
    at(2026, 3, 28, 9, 0)
    breach = record(2026, 3, 27, 14, 30)
    client = signed_in(team_lead)
    url = reverse("breaches:act", args=[breach.pk, "action"])
    response = client.post(url, {"action-version": breach.version, "action-kind": "containment"})
    assert response.status_code == 400
    assert "Describe the action" in response.content.decode()
    response = client.post(
        url,
        {
            "action-version": breach.version,
            "action-kind": "containment",
            "action-description": "Ask the recipient to delete the email",
            "action-owner_name": "Disclosure team lead",
            "action-due_on_day": "29",
            "action-due_on_month": "3",
            "action-due_on_year": "2026",
        },
    )
    assert response.status_code == 302
    action = breach.actions.get()
    breach.refresh_from_db()
    response = client.post(
        reverse("breaches:complete_action", args=[breach.pk]),
        {"action": action.pk, "version": breach.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == date(2026, 3, 28)
    page = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "Action completed on 28 March 2026" in page


def test_register_page_queries_do_not_grow_with_the_list(signed_in, record, caseworker, at):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    at(2026, 3, 28, 9, 0)
    client = signed_in(caseworker)
    record(2026, 3, 27, 9, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("breaches:register"))
    for hour in range(10):
        record(2026, 3, 26, hour, 0)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("breaches:register"))
    assert len(many) == len(few)


def test_error_summary_follows_the_order_of_the_page(signed_in, caseworker):
    response = signed_in(caseworker).post(reverse("breaches:record"), {})
    body = response.content.decode()
    summary = body[body.index("govuk-error-summary__list") :]
    positions = [
        summary.index(text)
        for text in (
            "Enter a summary",
            "Enter the date you became aware",
            "Choose where the breach came from",
            "Choose what kind of breach",
        )
    ]
    assert positions == sorted(positions)


def test_reading_a_breach_is_recorded_in_the_access_log(client, make_user):
    from datetime import timedelta

    from django.utils import timezone

    from breaches import services as breach_services
    from core.models import AccessLogEntry

    casey = make_user("casey-breach-log")
    breach = breach_services.record_breach(
        actor=casey,
        aware_at=timezone.now() - timedelta(hours=2),
        source="internal",
        nature="misdirected_email",
        summary="Letter about J Smith sent to the wrong address",
        unit=casey.unit,
    )
    client.force_login(casey)
    assert client.get(f"/breaches/{breach.pk}/").status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.record_type, entry.record_reference, entry.action) == (
        "breach",
        breach.reference,
        "view",
    )
