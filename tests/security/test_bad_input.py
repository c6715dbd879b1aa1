"""Bad input is a 400 (or a 404 for an id no record can have), never a 500, on SQLite and
PostgreSQL alike: numbers out of the database's range in filters, page parameters and
paths, and JSON bodies too large or too deeply nested."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/requests/", "/api/v1/breaches/", "/api/v1/assessments/"]
OUT_OF_RANGE = ["-2.6e+160", "8e29", "99999999999999999999", "1e400", "0", "-1", "NaN", "x"]


@pytest.fixture
def admin_api(make_user):
    user = make_user("ada", role="admin")
    user.groups.add(Group.objects.get_or_create(name="dpo")[0])
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_unit_filter_out_of_range_is_a_400_with_the_field(admin_api, url, value):
    response = admin_api.get(url, {"unit": value})
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["unit"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("name", ["page", "page_size"])
def test_page_parameters_out_of_range_never_fail(admin_api, url, name):
    for value in OUT_OF_RANGE:
        assert admin_api.get(url, {name: value}).status_code in {200, 404}, (name, value)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/requests/99999999999999999999/",
        "/api/v1/breaches/99999999999999999999/",
        "/api/v1/assessments/99999999999999999999/",
        "/requests/99999999999999999999/",
        "/breaches/99999999999999999999/",
        "/assessments/99999999999999999999/",
    ],
)
def test_an_id_no_record_can_have_is_a_404(admin_api, client, make_user, path):
    client.force_login(make_user("dee", role="dpo"))
    answer = (client if not path.startswith("/api/") else admin_api).get(path)
    assert answer.status_code == 404


@pytest.mark.parametrize("depth", [21, 5_000, 100_000])
def test_json_nested_too_deep_is_a_400(api, depth):
    body = "[" * depth + "]" * depth
    response = api.post("/api/v1/requests/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 20 levels" in response.json()["detail"]


def test_a_json_body_over_a_megabyte_is_a_400(api):
    body = '{"summary": "' + "x" * (1024 * 1024) + '"}'
    response = api.post("/api/v1/requests/", body, content_type="application/json")
    assert response.status_code == 400
    assert "larger than 1024 KB" in response.json()["detail"]


def test_ordinary_nesting_is_accepted(api, on_day):
    from tests.requests_tracker.test_api_validation import FOI

    on_day("2026-05-11")
    assert api.post("/api/v1/requests/", FOI, format="json").status_code == 201
