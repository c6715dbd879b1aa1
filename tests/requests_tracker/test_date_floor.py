"""Dates have a floor (settings.EARLIEST_DATE, default 1 January 2000): a mistyped year
is refused with a field error in the API, a form error on the page and a line/column
refusal in the importer, and never reaches the figures."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from dashboards.models import MonthlySnapshot
from requests_tracker import legacy
from requests_tracker.models import InformationRequest

from .test_api_validation import FOI
from .test_legacy_import import csv_text, row
from .test_views import date_fields, foi_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("received_on", ["0001-01-01", "1026-05-01", "1999-12-31"])
def test_the_api_refuses_a_request_received_before_the_earliest_date(api, on_day, received_on):
    on_day("2026-05-11")
    response = api.post("/api/v1/requests/", {**FOI, "received_on": received_on}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["received_on"] == [
        "The date received cannot be before 1 January 2000: check the year."
    ]
    assert InformationRequest.objects.count() == 0
    assert not MonthlySnapshot.objects.exists()


def test_the_earliest_date_is_a_setting_and_is_itself_allowed(api, on_day, settings):
    on_day("2026-05-11")
    settings.EARLIEST_DATE = date(2010, 4, 1)
    refused = api.post("/api/v1/requests/", {**FOI, "received_on": "2010-03-31"}, format="json")
    assert refused.status_code == 400
    assert "1 April 2010" in refused.json()["received_on"][0]
    accepted = api.post("/api/v1/requests/", {**FOI, "received_on": "2010-04-01"}, format="json")
    assert accepted.status_code == 201, accepted.content


def test_the_page_says_what_is_wrong_and_keeps_what_was_typed(client, caseworker, on_day):
    on_day("2026-03-04")
    client.force_login(caseworker)
    response = client.post(
        "/requests/new/foi/", foi_form(**date_fields("received_on", date(1026, 3, 2)))
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date received cannot be before 1 January 2000: check the year." in page
    assert 'value="1026"' in page
    assert InformationRequest.objects.count() == 0


def test_the_importer_refuses_the_line_and_column(make_user, on_day):
    make_user("casey")
    on_day("2026-11-20")
    text = csv_text([row("L-1"), row("L-2", received_on="0001-01-01")])
    with pytest.raises(legacy.ImportRefused) as refused:
        legacy.import_file(io.StringIO(text))
    [error] = refused.value.errors
    assert (error.line, error.column) == (3, "received_on")
    assert "before 1 January 2000" in error.message
    assert InformationRequest.objects.count() == 0


def test_a_recomputation_never_plans_months_before_the_first_request(make_user, on_day):
    from tests.dashboards.builders import log

    on_day("2026-03-10")
    log(make_user("casey"), "2025-06-02")
    out = StringIO()
    call_command("recompute_timeliness", "--from", "1900-01", "--no-progress", stdout=out)
    assert "Recomputed 10 months (2025-06 to 2026-03)" in out.getvalue()
    assert MonthlySnapshot.objects.order_by("month").first().month == date(2025, 6, 1)
