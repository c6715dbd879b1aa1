"""A caseworker may log a request for another unit (handing it to the unit that holds the
information is normal). The write is committed, so the author gets a confirmation with
its reference, unit and due date, never an error and never its personal data
(docs/permissions.md)."""

from datetime import date

import pytest

from accounts.models import Unit
from requests_tracker.models import InformationRequest

from .test_api_validation import FOI
from .test_views import foi_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def custody(db):
    return Unit.objects.create(name="Custody Records")


def test_the_page_confirms_a_request_logged_for_another_unit(client, caseworker, custody, on_day):
    on_day("2026-03-04")
    client.force_login(caseworker)
    response = client.post("/requests/new/foi/", foi_form(unit=str(custody.pk)))
    item = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{item.pk}/logged/"
    confirmation = client.get(response["Location"])
    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert item.reference in page
    assert "Due Tuesday 31 March 2026" in page
    assert "It is now with Custody Records" in page
    assert "Pat Example" not in page
    assert "police horses" not in page
    assert f'href="/requests/{item.pk}/"' not in page  # it cannot open it
    assert item.unit == custody
    assert item.assigned_to is None  # the other unit's team lead assigns it
    # The request page itself stays out of reach.
    assert client.get(f"/requests/{item.pk}/").status_code == 404


def test_only_the_author_sees_that_confirmation(client, caseworker, make_user, custody, on_day):
    on_day("2026-03-04")
    client.force_login(caseworker)
    client.post("/requests/new/foi/", foi_form(unit=str(custody.pk)))
    item = InformationRequest.objects.get()
    client.force_login(make_user("other", role="caseworker"))
    assert client.get(f"/requests/{item.pk}/logged/").status_code == 404


def test_the_api_answers_201_with_a_receipt_without_personal_data(api, custody, on_day):
    on_day("2026-05-11")
    response = api.post("/api/v1/requests/", {**FOI, "unit": custody.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    item = InformationRequest.objects.get()
    assert body == {
        "id": item.pk,
        "reference": item.reference,
        "kind": "foi",
        "regime": "",
        "status": item.status,
        "received_on": "2026-05-01",
        "unit": custody.pk,
        "due_on": item.due_on.isoformat(),
        "due_explanation": item.due_explanation,
    }
    assert "Pat Example" not in response.content.decode()
    assert api.get(f"/api/v1/requests/{item.pk}/").status_code == 404


def test_the_api_answers_in_full_for_the_authors_own_unit(api, on_day):
    on_day("2026-05-11")
    response = api.post("/api/v1/requests/", FOI, format="json")
    assert response.status_code == 201
    assert response.json()["requester"]["name"] == "Pat Example"


def test_assigned_another_units_request_the_api_shows_no_requester_like_the_page(
    client, make_user, custody, on_day
):
    """One personal-data rule for page and API (core.policy.sees_personal_data)."""
    from rest_framework.test import APIClient

    from requests_tracker import services

    on_day("2026-05-11")
    helper = make_user("helper", role="caseworker", unit=custody)
    lead = make_user("lead", role="team_lead", unit=custody)
    item = services.log_request(
        actor=lead,
        kind="foi",
        received_on=date(2026, 5, 1),
        channel="email",
        requester_type="member_of_public",
        summary="Custody record",
        requester=services.RequesterDetails(name="Robin Example", email="robin@example.org"),
        unit=custody,
        assigned_to=helper,
    )
    # The caseworker then moves to another unit, the request still assigned to them.
    helper.unit = Unit.objects.get_or_create(name="Disclosure Unit")[0]
    helper.save()
    api = APIClient()
    api.force_authenticate(helper)
    body = api.get(f"/api/v1/requests/{item.pk}/").json()
    assert body["reference"] == item.reference
    assert body["requester"] is None
    client.force_login(helper)
    assert "Robin Example" not in client.get(f"/requests/{item.pk}/").content.decode()
