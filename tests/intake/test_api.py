"""POST /api/v1/public/requests/: 202, every 400, 429 (intake/api.py)."""

from datetime import date

import pytest
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from intake.models import Submission

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/requests/"
GOOD = {
    "kind": "foi",
    "name": "Perpetua Ashcombe",
    "email": "perpetua@example.net",
    "request": "The number of horses in the mounted section",
}


@pytest.fixture
def public():
    return APIClient()


def test_a_request_is_taken_with_its_reference_and_due_date(public, on_day):
    on_day("2026-06-03")
    response = public.post(URL, GOOD, format="json")
    assert response.status_code == 202
    submission = Submission.objects.get()
    assert response.json() == {
        "reference": submission.reference,
        "received_on": "2026-06-03",
        "due_on": "2026-07-02",
        "due_words": "2 July 2026",
        "email_confirmation_sent": True,
    }
    assert submission.received_on == date(2026, 6, 3)


def test_right_of_access_without_identity_says_why_there_is_no_due_date(public):
    data = {**GOOD, "kind": "roa", "about": "myself", "records": ["custody", "calls"]}
    response = public.post(URL, data, format="json")
    assert response.status_code == 202
    assert response.json()["due_on"] is None
    assert "proof of your identity" in response.json()["due_words"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "internal_review"}, "kind"),
        ({"name": ""}, "name"),
        ({"email": "nope"}, "email"),
        ({"email": ""}, "email"),
        ({"request": ""}, "request"),
        ({"request": "x" * 10_001}, "request"),
        ({"kind": "roa"}, "about"),
        ({"kind": "roa", "about": "someone_else"}, "subject_name"),
        ({"kind": "roa", "about": "myself", "records": ["diaries"]}, "records"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(public, change, field):
    response = public.post(URL, {**GOOD, **change}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert all(isinstance(message, str) for message in response.json()[field])
    assert not Submission.objects.exists()


def test_the_address_limit_is_a_429_in_words(public, settings):
    settings.INTAKE_LIMIT_PER_ADDRESS = 1
    assert public.post(URL, GOOD, format="json").status_code == 202
    response = public.post(URL, GOOD, format="json")
    assert response.status_code == 429
    assert "one address in a day" in response.json()["detail"]
    assert Submission.objects.count() == 1


def test_the_client_throttle_is_a_429(public, monkeypatch):
    # The rates are read when DRF's throttle class is defined (as tests/dashboards does).
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "intake": "2/hour"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    for number in range(2):
        data = {**GOOD, "email": f"person{number}@example.net"}
        assert public.post(URL, data, format="json").status_code == 202
    response = public.post(URL, {**GOOD, "email": "third@example.net"}, format="json")
    assert response.status_code == 429
    assert "Retry-After" in response
    assert Submission.objects.count() == 2


def test_get_is_not_allowed_and_no_sign_in_is_needed(public):
    assert public.get(URL).status_code == 405
