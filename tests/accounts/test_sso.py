"""Single sign-on against a real OpenID Connect provider on loopback (tests/oidc_provider.py):
accounts made and updated at sign-in, roles and unit from the groups claim, every change
in the role-change log, refused tokens, and sign-out at the provider."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from accounts import oidc
from accounts.models import RoleChange, User
from tests import oidc_provider
from tests.oidc_provider import GROUPS

pytestmark = pytest.mark.django_db


def test_a_mapped_user_is_created_with_the_role_and_unit_of_their_groups(client, provider, units):
    provider.set_user("dana", groups=[GROUPS["canteen"], GROUPS["dpo"], GROUPS["records"]])

    response = oidc_provider.sign_in(client, "dana")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(username="dana")
    assert user.oidc_subject == "dana"
    assert user.roles == {"dpo"}
    assert user.unit == units["records"]
    assert user.email == "dana@force.example.police.uk"
    assert not user.has_usable_password()
    # Single sign-on sessions are not asked for a second factor here (the provider's).
    assert client.get(reverse("access-log")).status_code == 200
    logged = set(
        RoleChange.objects.filter(user=user).values_list("kind", "change", "value", "source")
    )
    assert logged == {
        ("role", "granted", "dpo", "sso"),
        ("unit", "granted", "Records Management", "sso"),
    }


def test_an_unmapped_user_signs_in_to_the_ask_for_access_page_only(
    client, provider, units, settings
):
    settings.ACCESS_REQUEST_CONTACT = "the Information Management team (ext. 4321)"
    provider.set_user("colin", groups=[GROUPS["canteen"]])

    response = oidc_provider.sign_in(client, "colin")

    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.request["PATH_INFO"] == reverse("accounts:no-access")
    assert "the Information Management team (ext. 4321)" in page.content.decode()
    assert User.objects.get(username="colin").roles == set()
    for path in (reverse("home"), reverse("requests:list"), "/api/v1/"):
        assert client.get(path).status_code in (302, 403)


def test_a_changed_group_moves_the_role_and_unit_at_the_next_sign_in(client, provider, units):
    provider.set_user("casey", groups=[GROUPS["caseworker"], GROUPS["disclosure"]])
    oidc_provider.sign_in(client, "casey")
    assert User.objects.get(username="casey").roles == {"caseworker"}
    client.post(reverse("logout"))

    provider.set_user("casey", groups=[GROUPS["team_lead"], GROUPS["records"]])
    oidc_provider.sign_in(client, "casey")

    user = User.objects.get(username="casey")
    assert user.roles == {"team_lead"}
    assert user.unit == units["records"]
    assert User.objects.filter(username="casey").count() == 1
    changes = list(
        RoleChange.objects.filter(user=user).order_by("id").values_list("kind", "change", "value")
    )
    assert changes[-4:] == [
        ("role", "granted", "team_lead"),
        ("role", "removed", "caseworker"),
        ("unit", "removed", "Disclosure Unit"),
        ("unit", "granted", "Records Management"),
    ]


def test_a_tampered_id_token_is_refused(client, provider, units, settings):
    """The ID token's claims were changed in transit (the DPO group added): its signature
    no longer matches, and nobody is signed in."""
    provider.set_user("mallory", groups=[GROUPS["caseworker"]])
    token_endpoint = oidc.metadata()["token_endpoint"]
    with oidc_provider.tampering_token_endpoint(token_endpoint) as tampering:
        settings.OIDC_OP_TOKEN_ENDPOINT = tampering
        response = oidc_provider.sign_in(client, "mallory")

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="mallory").exists()
    page = client.get(reverse("login")).content.decode()
    assert "Single sign-on did not work" in page


def test_the_tampering_proxy_changes_only_the_claims():
    """The tampered token differs from the real one in its claims, not in its signature
    (so the refusal above is the signature check's)."""
    real = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtIiwiZ3JvdXBzIjpbXX0.c2lnbmF0dXJl"
    forged = oidc_provider.tamper(real)
    assert forged.split(".")[0] == real.split(".")[0]
    assert forged.split(".")[2] == real.split(".")[2]
    assert forged.split(".")[1] != real.split(".")[1]


def test_an_expired_id_token_is_refused(client, settings, units):
    with oidc_provider.running(access_token_max_age=timedelta(seconds=-600)) as expired:
        oidc_provider.configure(settings, expired, OIDC_CLOCK_SKEW_SECONDS=60)
        expired.set_user("late", groups=[GROUPS["dpo"]])
        response = oidc_provider.sign_in(client, "late")
    oidc.forget_metadata()

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="late").exists()


def test_a_code_issued_to_another_client_is_refused(client, provider, units, settings):
    """The code was issued to another application: the provider refuses to swap it."""
    provider.set_user("eve", groups=[GROUPS["dpo"]])
    start = client.get(reverse("sso-start"))
    settings.OIDC_RP_CLIENT_ID = "some-other-application"
    import requests

    answer = requests.post(start["Location"], data={"sub": "eve"}, allow_redirects=False, timeout=5)
    callback = urlparse(answer.headers["Location"])
    response = client.get(f"{callback.path}?{callback.query}")
    assert response["Location"] == reverse("login")
    assert not User.objects.filter(username="eve").exists()


def test_a_replayed_callback_is_refused(client, provider, units):
    provider.set_user("rita", groups=[GROUPS["caseworker"]])
    start = client.get(reverse("sso-start"))
    import requests

    answer = requests.post(
        start["Location"], data={"sub": "rita"}, allow_redirects=False, timeout=5
    )
    callback = urlparse(answer.headers["Location"])
    assert client.get(f"{callback.path}?{callback.query}")["Location"] == reverse("home")
    client.post(reverse("logout"))
    again = client.get(f"{callback.path}?{callback.query}")
    assert again["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_disabled_account_cannot_sign_in_with_sso(client, provider, units):
    provider.set_user("gone", groups=[GROUPS["caseworker"]])
    oidc_provider.sign_in(client, "gone")
    client.post(reverse("logout"))
    User.objects.filter(username="gone").update(is_active=False)

    response = oidc_provider.sign_in(client, "gone")

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "Your account is disabled" in client.get(reverse("login")).content.decode()


def test_a_local_account_of_the_same_username_is_not_taken_over(client, provider, units, make_user):
    local = make_user("dana", role="caseworker")
    provider.set_user("someone-else", username="dana", groups=[GROUPS["dpo"]])

    response = oidc_provider.sign_in(client, "someone-else")

    assert response["Location"] == reverse("login")
    local.refresh_from_db()
    assert local.oidc_subject is None
    assert local.roles == {"caseworker"}


def test_sign_out_ends_the_session_at_the_provider_too(client, provider, units):
    provider.set_user("dana", groups=[GROUPS["dpo"]])
    oidc_provider.sign_in(client, "dana")
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("logout"))

    target = urlparse(response["Location"])
    assert (
        f"{target.scheme}://{target.netloc}{target.path}" == oidc.metadata()["end_session_endpoint"]
    )
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session


def test_a_password_sign_out_stays_on_the_site(client, provider, make_user):
    user = make_user("casey")
    client.force_login(user)
    assert client.post(reverse("logout"))["Location"] == reverse("landing")


def test_password_sign_in_can_be_switched_off(client, provider, make_user, settings):
    make_user("casey")
    settings.LOCAL_PASSWORD_SIGN_IN = False
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Force ID (test)" in page
    assert 'name="password"' not in page
    client.post(reverse("login"), {"username": "casey", "password": "pw-for-tests-1"})
    assert "_auth_user_id" not in client.session
    # Nor through the admin's own sign-in page.
    client.post(reverse("admin:login"), {"username": "casey", "password": "pw-for-tests-1"})
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_offers_both_while_password_sign_in_is_on(client, provider):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Force ID (test)" in page
    assert 'name="password"' in page


def test_single_sign_on_pages_do_not_exist_when_it_is_not_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("sso-start")).status_code == 404
    assert client.get(reverse("sso-callback")).status_code == 404
    assert "Sign in with" not in client.get(reverse("login")).content.decode()
