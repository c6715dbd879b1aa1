"""HTTP manners: HEAD is answered wherever GET is, and nothing that carries personal data
may be stored by a browser or a proxy; the public pages keep their public caching."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from breaches import services as breach_services
from requests_tracker import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(caseworker, on_day):
    on_day("2026-06-01")
    request = services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 5, 1),
        channel="email",
        requester_type="member_of_public",
        summary="Minutes of the estates committee",
        requester=services.RequesterDetails(name="Ada Example", email="ada@example.org"),
    )
    breach = breach_services.record_breach(
        actor=caseworker,
        aware_at=timezone.now() - timedelta(hours=2),
        source="internal",
        nature="misdirected_email",
        summary="Email sent to the wrong address",
        unit=caseworker.unit,
    )
    return {"request": request, "breach": breach}


def token_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


# --- HEAD ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/performance/",
        "/performance/methodology/",
        "/performance/data.csv",
        "/healthz",
        "/api/v1/performance/monthly/",
    ],
)
def test_head_is_answered_like_get_on_public_urls(path):
    get = Client().get(path)
    head = Client().head(path)
    assert get.status_code == 200
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_head_is_answered_like_get_for_signed_in_users(client, caseworker, make_user, records):
    client.force_login(caseworker)
    for path in ["/home/", f"/requests/{records['request'].pk}/", "/account/preferences/"]:
        head = client.head(path)
        assert head.status_code == client.get(path).status_code == 200, path
        assert head.content == b"", path
    client.force_login(make_user("dora", role="dpo"))
    for path in ["/data-board/", "/data-board/returns/", "/data-board/returns.csv"]:
        assert client.head(path).status_code == client.get(path).status_code == 200, path


def test_head_on_the_api_answers_like_get(caseworker, records):
    api = token_client(caseworker)
    path = f"/api/v1/requests/{records['request'].pk}/"
    head = api.head(path)
    assert head.status_code == api.get(path).status_code == 200
    assert head.content == b""


# --- Cache-Control ------------------------------------------------------------------------


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def assert_not_stored(response, path):
    directives = _directives(response)
    assert {"no-store", "private"} <= directives, f"{path}: Cache-Control {directives}"
    assert "public" not in directives, path


def test_pages_with_personal_data_are_never_stored(client, caseworker, records):
    client.force_login(caseworker)
    paths = [
        "/home/",
        f"/requests/{records['request'].pk}/",
        "/requests/",
        "/requests/export.csv",
        f"/breaches/{records['breach'].pk}/",
        "/breaches/export.csv",
        f"/api/v1/requests/{records['request'].pk}/",
        # A signed-in user's own name is in the header of every page, public ones too.
        "/performance/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_not_stored(response, path)
    # Refusals and errors to signed-in users are not stored either.
    assert_not_stored(client.get("/requests/999999/"), "a missing request")


def test_api_answers_to_a_token_are_never_stored(caseworker, records):
    api = token_client(caseworker)
    for path in [f"/api/v1/requests/{records['request'].pk}/", "/api/v1/requests/"]:
        response = api.get(path)
        assert response.status_code == 200, path
        assert_not_stored(response, path)


def test_public_pages_keep_their_public_caching_for_anonymous_users():
    for path in ["/performance/", "/performance/data.csv", "/api/v1/performance/monthly/"]:
        response = Client().get(path)
        assert response.status_code == 200, path
        directives = _directives(response)
        assert {"public", "max-age"} <= directives, f"{path}: Cache-Control {directives}"
        assert "no-store" not in directives, path
        assert response["ETag"], path


def test_one_api_root_lists_every_resource(caseworker):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(caseworker)
    root = client.get("/api/v1/")
    assert root.status_code == 200
    assert set(root.json()) == {
        "requests",
        "breaches",
        "assessments",
        "performance/monthly",
        "disclosure-log",
        "public/requests",
    }
    for name, url in root.json().items():
        # The public intake takes POST only: it answers a GET with 405, not an error page.
        expected = 405 if name == "public/requests" else 200
        assert client.get(url).status_code == expected, url
