"""Two-factor in Chromium: a DPO enrols an authenticator app at their first password
sign-in (QR code page, recovery codes), then signs in again with a code; each page is
checked for accessibility."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.two_factor_codes import code_for

pytestmark = pytest.mark.django_db(transaction=True)


def password_sign_in(page, username):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def test_a_dpo_enrols_then_signs_in_with_a_code(page, make_user, check_page):
    dpo = make_user("dana", role="dpo")
    password_sign_in(page, "dana")
    page.goto("/access-log/")

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to add Rights Desk to an authenticator app")
    ).to_be_visible()
    check_page(page, "two-factor-set-up")
    device = TOTPDevice.objects.get(user=dpo, confirmed=False)
    page.get_by_label("Code from your app").fill(code_for(device))
    page.get_by_role("button", name="Turn on two-factor").click()

    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_page(page, "two-factor-recovery-codes")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    password_sign_in(page, "dana")
    page.goto("/access-log/")
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    check_page(page, "two-factor-verify-error")
    page.wait_for_timeout(1100)  # django-otp's wait after a wrong code
    page.get_by_label("Code").fill(code_for(TOTPDevice.objects.get(user=dpo)))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
