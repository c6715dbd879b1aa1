"""Two-factor for password sign-ins, through the real sign-in form and pages (these tests
opt out of the suite's force_login shortcut): required for the DPO and administrators by
default, configurable, relaxed only for `make run`'s demo users, the admin site behind it."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.two_factor_codes import app_device, code_for

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor_unverified]


def password_sign_in(client, username, password="pw-for-tests-1", next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


@pytest.fixture
def dpo(make_user):
    return make_user("dana", role="dpo")


def test_a_dpo_enrols_an_authenticator_app_at_their_first_sign_in(client, dpo):
    response = password_sign_in(client, "dana")
    assert response["Location"] == reverse("home")
    # Every page sends them to enrolment first.
    response = client.get(reverse("access-log"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))

    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in body
    device = TOTPDevice.objects.get(user=dpo, confirmed=False)
    assert re.search(r'id="two-factor-key">[A-Z2-7 ]{20,}<', body)

    wrong = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "The code is not right" in wrong.content.decode()
    assert client.get(reverse("access-log")).status_code == 302

    time.sleep(1.1)  # django-otp locks the device for a second after one wrong code
    done = client.post(
        reverse("accounts:two-factor-setup"),
        {"code": code_for(device), "next": reverse("access-log")},
    )
    body = done.content.decode()
    assert "Two-factor sign-in is on" in body
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", body)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=dpo).count() == 10
    assert client.get(reverse("access-log")).status_code == 200


def test_an_enrolled_dpo_enters_a_code_and_lands_where_they_were_going(client, dpo):
    device = app_device(dpo)
    password_sign_in(client, "dana")
    response = client.get(reverse("access-log"))
    assert response["Location"] == f"{reverse('accounts:two-factor-verify')}?next=%2Faccess-log%2F"

    wrong = client.post(
        reverse("accounts:two-factor-verify"), {"code": "123456", "next": "/access-log/"}
    )
    assert wrong.status_code == 400
    time.sleep(1.1)
    right = client.post(
        reverse("accounts:two-factor-verify"), {"code": code_for(device), "next": "/access-log/"}
    )
    assert right["Location"] == "/access-log/"
    assert client.get("/access-log/").status_code == 200


def test_an_unverified_session_cannot_enrol_a_new_app_over_the_old_one(client, dpo):
    app_device(dpo)
    password_sign_in(client, "dana")
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response["Location"] == reverse("accounts:two-factor-verify")
    assert not TOTPDevice.objects.filter(user=dpo, confirmed=False).exists()


def test_a_recovery_code_works_once(client, dpo):
    from accounts import two_factor

    app_device(dpo)
    codes = two_factor.new_recovery_codes(dpo)
    password_sign_in(client, "dana")
    assert client.post(reverse("accounts:two-factor-verify"), {"code": codes[0]})[
        "Location"
    ] == reverse("home")
    client.post(reverse("logout"))

    password_sign_in(client, "dana")
    again = client.post(reverse("accounts:two-factor-verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert client.get(reverse("access-log")).status_code == 302
    time.sleep(1.1)
    assert client.post(reverse("accounts:two-factor-verify"), {"code": codes[1]}).status_code == 302
    assert client.get(reverse("access-log")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, dpo):
    from accounts import two_factor

    device = app_device(dpo)
    old = two_factor.new_recovery_codes(dpo)
    password_sign_in(client, "dana")
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(device)})
    body = client.post(reverse("accounts:two-factor-recovery-codes")).content.decode()
    new = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", body)
    assert len(new) == 10
    assert not set(new) & set(old)
    client.post(reverse("logout"))
    password_sign_in(client, "dana")
    assert client.post(reverse("accounts:two-factor-verify"), {"code": old[0]}).status_code == 400


def test_the_admin_site_is_behind_two_factor(client, make_user):
    admin = make_user("alex", role="admin", is_staff=True, is_superuser=True)
    app_device(admin)
    client.post(reverse("admin:login"), {"username": "alex", "password": "pw-for-tests-1"})
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(app_device(admin))})
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_a_caseworker_needs_no_second_factor_by_default(client, make_user):
    make_user("casey", role="caseworker")
    password_sign_in(client, "casey")
    assert client.get(reverse("requests:list")).status_code == 200


def test_a_setting_extends_two_factor_to_every_role(client, make_user, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["all"]
    make_user("casey", role="caseworker")
    password_sign_in(client, "casey")
    response = client.get(reverse("requests:list"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_a_setting_relaxes_it(client, dpo, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    password_sign_in(client, "dana")
    assert client.get(reverse("access-log")).status_code == 200


def test_the_api_refuses_an_unverified_session(client, dpo):
    password_sign_in(client, "dana")
    response = client.get("/api/v1/requests/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_make_run_relaxes_it_for_the_demo_users_only_and_says_so(client, settings, make_user):
    settings.TWO_FACTOR_RELAXED_FOR_DEMO_USERS = True
    call_command("create_demo_users", stdout=__import__("io").StringIO())
    page = client.get(reverse("login")).content.decode()
    assert "the demo users (make run) sign in without two-factor" in page
    password_sign_in(client, "dpo", password="rights-desk-demo")
    assert client.get(reverse("access-log")).status_code == 200
    client.post(reverse("logout"))

    # Anyone else with the DPO role still needs it.
    make_user("dana", role="dpo")
    password_sign_in(client, "dana")
    assert client.get(reverse("access-log")).status_code == 302


def test_without_the_demo_setting_the_demo_dpo_needs_two_factor(client):
    call_command("create_demo_users", stdout=__import__("io").StringIO())
    assert "without two-factor" not in client.get(reverse("login")).content.decode()
    password_sign_in(client, "dpo", password="rights-desk-demo")
    assert client.get(reverse("access-log")).status_code == 302


def test_production_refuses_the_demo_relaxation():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; settings.SECRET_KEY",
        ],
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 60,
            "TWO_FACTOR_RELAXED_FOR_DEMO_USERS": "true",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TWO_FACTOR_RELAXED_FOR_DEMO_USERS is for `make run` only" in result.stderr


def test_an_administrator_resets_two_factor_by_deleting_the_device(client, dpo, make_user):
    app_device(dpo)
    admin = make_user("alex", role="admin", is_staff=True, is_superuser=True)
    admin_device = app_device(admin)
    client.post(reverse("admin:login"), {"username": "alex", "password": "pw-for-tests-1"})
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(admin_device)})
    device = TOTPDevice.objects.get(user=dpo)
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=dpo).exists()
    assert User.objects.get(pk=dpo.pk).is_active
    assert Group.objects.filter(name="dpo").exists()
