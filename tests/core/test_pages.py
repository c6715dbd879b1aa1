import pytest
from django.urls import reverse


def test_landing_page_is_public_and_uses_the_design_system(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rights Desk" in body
    assert 'class="govuk-skip-link"' in body
    assert "govuk-phase-banner" in body
    assert "govuk-footer" in body


def test_home_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_and_out(client, make_user):
    make_user("casey", role="caseworker")
    response = client.post(reverse("login"), {"username": "casey", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Caseworker" in home.content.decode()
    out = client.post(reverse("logout"))
    assert out.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_shows_error_summary(client, make_user):
    make_user("casey")
    response = client.post(reverse("login"), {"username": "casey", "password": "nope"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_unknown_page_is_a_designed_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_api_url_is_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "caseworker",
        "team_lead",
        "dpo",
        "data_board",
        "admin",
    }


def test_healthz_reports_database_cache_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["cache"] in {"ok", "in-process"}
    assert data["broker"] in {"ok", "in-process"}


def test_healthz_says_degraded_but_stays_up_when_the_broker_is_unreachable(client, db, settings):
    """The site still serves pages and saves changes without the broker, so a load
    balancer must keep sending it traffic: 200, with the broken part named."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import OperationalError

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("core.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error"
