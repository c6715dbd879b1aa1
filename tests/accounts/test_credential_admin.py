"""The admin site shows who holds a credential, never the credential itself."""

import pytest
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.models import RoleChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(make_user, client):
    user = make_user("alex", role="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def credentials(make_user):
    holder = make_user("holly")
    token = Token.objects.create(user=holder)
    totp = TOTPDevice.objects.create(user=holder, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=holder, name="recovery", confirmed=True)
    StaticToken.objects.create(device=static, token="rcvy1234")
    return holder, token, totp, static


DEVICES = [("otp_totp", "totpdevice"), ("otp_static", "staticdevice")]


def _secrets(token, totp):
    return [token.key, totp.key, "rcvy1234"]


@pytest.mark.parametrize(("app", "model"), DEVICES)
def test_device_pages_show_who_but_no_secret(administrator, credentials, app, model):
    _holder, token, totp, static = credentials
    device = totp if model == "totpdevice" else static
    for url in (
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_change", args=[device.pk]),
    ):
        response = administrator.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "holly" in page
        for secret in _secrets(token, totp):
            assert secret not in page, f"{url} shows a secret"


@pytest.mark.parametrize(("app", "model"), DEVICES)
def test_devices_cannot_be_added_or_edited_only_revoked(administrator, credentials, app, model):
    _holder, _token, totp, static = credentials
    device = totp if model == "totpdevice" else static
    assert administrator.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    change = reverse(f"admin:{app}_{model}_change", args=[device.pk])
    assert administrator.post(change, {"name": "changed"}).status_code == 403
    delete = reverse(f"admin:{app}_{model}_delete", args=[device.pk])
    assert administrator.post(delete, {"post": "yes"}).status_code == 302
    assert not type(device).objects.filter(pk=device.pk).exists()


def test_tokens_have_no_admin_pages_whose_address_would_be_the_key():
    with pytest.raises(NoReverseMatch):
        reverse("admin:authtoken_tokenproxy_changelist")


def test_the_user_page_says_a_token_is_issued_without_showing_it(administrator, credentials):
    holder, token, totp, _static = credentials
    page = administrator.get(reverse("admin:accounts_user_change", args=[holder.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "API token" in text
    assert "Issued " in text
    for secret in _secrets(token, totp):
        assert secret not in text


def test_revoking_tokens_from_the_user_list_deletes_and_logs_them(administrator, credentials):
    holder, _token, _totp, _static = credentials
    response = administrator.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "revoke_api_tokens", "_selected_action": [holder.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 API token(s) revoked." in response.content.decode()
    assert not Token.objects.filter(user=holder).exists()
    logged = RoleChange.objects.get(user=holder, value="API token")
    assert logged.change == RoleChange.Change.REMOVED
    assert logged.actor.username == "alex"
