"""Single sign-on in Chromium through a real OpenID Connect provider on loopback
(oidc-provider-mock, tests/oidc_provider.py): a mapped user lands with the right role and
unit, an unmapped one sees the "ask for access" page, a changed group moves the role at
the next sign-in, and signing out ends the session at the provider too."""

import pytest
from playwright.sync_api import expect

from accounts.models import Unit, User
from tests import oidc_provider
from tests.oidc_provider import GROUPS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings):
    from accounts import oidc

    Unit.objects.get_or_create(name="Disclosure Unit")
    Unit.objects.get_or_create(name="Records Management")
    with oidc_provider.running() as running:
        oidc_provider.configure(settings, running)
        yield running
    oidc.forget_metadata()


def sso_sign_in(page, sub: str) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with Force ID (test)").click()
    # The provider's own page (another origin on loopback): who is signing in.
    page.wait_for_url(lambda url: "/oauth2/authorize" in url)
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: "/oauth2/" not in url and "/sign-in/" not in url)


def sign_out(page, provider) -> None:
    page.get_by_role("button", name="Sign out").click()
    # RP-initiated logout: the provider's end-session page, then back to the start page.
    page.wait_for_url(lambda url: url.startswith(provider.url) and "end_session" in url)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda url: not url.startswith(provider.url))


def test_a_mapped_user_lands_with_their_role_and_unit(page, provider):
    provider.set_user("dana", groups=[GROUPS["dpo"], GROUPS["disclosure"]])

    sso_sign_in(page, "dana")

    expect(page.get_by_role("link", name="Data Board")).to_be_visible()
    user = User.objects.get(username="dana")
    assert user.roles == {"dpo"}
    assert user.unit.name == "Disclosure Unit"
    # No second factor asked here: the provider's sign-in is the strong one.
    page.goto("/access-log/")
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    sign_out(page, provider)
    page.goto("/access-log/")
    assert "/sign-in/" in page.url


def test_an_unmapped_user_sees_only_the_ask_for_access_page(page, provider, check_page):
    provider.set_user("colin", groups=[GROUPS["canteen"]])

    sso_sign_in(page, "colin")

    expect(
        page.get_by_role("heading", name="You do not have access to Rights Desk yet")
    ).to_be_visible()
    expect(page.get_by_text("your team lead or the Data Protection Officer")).to_be_visible()
    check_page(page, "sso-no-access")
    for path in ("/home/", "/requests/", "/breaches/", "/admin/"):
        page.goto(path)
        expect(
            page.get_by_role("heading", name="You do not have access to Rights Desk yet")
        ).to_be_visible()


def test_a_changed_group_moves_the_role_at_the_next_sign_in(page, provider):
    provider.set_user("casey", groups=[GROUPS["caseworker"], GROUPS["disclosure"]])
    sso_sign_in(page, "casey")
    expect(page.get_by_role("button", name="Log a request", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Data Board")).to_have_count(0)
    sign_out(page, provider)

    # The force moves Casey to the DPO's group and the records team.
    provider.set_user("casey", groups=[GROUPS["dpo"], GROUPS["records"]])
    sso_sign_in(page, "casey")

    expect(page.get_by_role("link", name="Data Board")).to_be_visible()
    user = User.objects.get(username="casey")
    assert user.roles == {"dpo"}
    assert user.unit.name == "Records Management"
