"""Security behaviour a reviewer would check: lock-out, CSP, sessions, tokens, hashing,
and no personal data in logs."""

import logging
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failed_sign_ins_lock_the_account_out(client, make_user, settings):
    make_user("casey")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "casey", "wrong").status_code == 200
    locked = sign_in(client, "casey", "wrong")
    assert locked.status_code == 429
    assert "too many failed attempts" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert sign_in(client, "casey", "pw-for-tests-1").status_code == 429


def test_a_successful_sign_in_resets_the_failure_count(client, make_user):
    make_user("casey")
    for _ in range(3):
        sign_in(client, "casey", "wrong")
    assert sign_in(client, "casey", "pw-for-tests-1").status_code == 302
    client.post(reverse("logout"))
    for _ in range(3):
        assert sign_in(client, "casey", "wrong").status_code == 200


@pytest.mark.parametrize("path", ["/", "/sign-in/", "/api/docs/"])
def test_pages_send_a_strict_csp_and_have_no_inline_scripts(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.content.decode(), re.S)
    assert scripts, "expected the page to load its scripts"
    for attributes, body in scripts:
        assert "src=" in attributes, f"inline script on {path}"
        assert not body.strip(), f"inline script on {path}"


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sessions_expire_after_inactivity(client, make_user, settings):
    make_user("casey")
    sign_in(client, "casey", "pw-for-tests-1")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_expired_api_tokens_are_refused(make_user):
    user = make_user("casey")
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/requests/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=91))
    response = client.get("/api/v1/requests/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_passwords_are_hashed_with_argon2(make_user, settings):
    from config import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = make_user("argon")
    user.set_password("a long passphrase for testing")
    assert user.password.startswith("argon2")


def test_no_personal_data_in_logs_during_a_whole_lifecycle(api, on_day, caplog):
    caplog.set_level(logging.DEBUG)
    on_day("2026-06-01")
    name, email, address, phone = (
        "Persephone Quill",
        "persephone.quill@example.org",
        "7 Larkspur Row",
        "07700900461",
    )
    created = api.post(
        "/api/v1/requests/",
        {
            "kind": "roa",
            "regime": "uk_gdpr",
            "received_on": "2026-05-01",
            "channel": "email",
            "requester_type": "member_of_public",
            "summary": "Everything you hold",
            "requester": {"name": name, "email": email, "address": address, "phone": phone},
        },
        format="json",
    ).json()
    url = f"/api/v1/requests/{created['id']}"
    api.post(
        f"{url}/stop-clock/", {"reason": "clarification", "started_on": "2026-05-05"}, format="json"
    )
    api.post(f"{url}/restart-clock/", {"ended_on": "2026-05-08"}, format="json")
    api.post(
        f"{url}/close/", {"closed_on": "2026-05-20", "outcome": "sideways"}, format="json"
    )  # 400
    api.post(
        f"{url}/close/", {"closed_on": "2026-05-20", "outcome": "disclosed_in_full"}, format="json"
    )
    api.get(f"{url}/")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert created["reference"] in logged  # the log does say what happened
    for secret in (name, email, address, phone, "Persephone", "Quill"):
        assert secret not in logged
