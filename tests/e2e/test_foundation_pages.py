import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_reaches_the_home_page_and_sign_out_leaves(signed_in_page):
    page = signed_in_page("casey", "caseworker")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    expect(page.get_by_text("Caseworker")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/home/" not in url)
    page.goto("/home/")
    assert "/sign-in/" in page.url


def test_wrong_password_shows_the_error_summary(page, make_user):
    make_user("casey")
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "landing"),
        ("/sign-in/", "sign-in"),
        ("/no-such-page/", "404"),
        ("/accessibility/", "accessibility-statement"),
        ("/privacy/", "privacy-notice"),
        ("/cookies/", "cookies"),
    ],
)
def test_public_pages_are_accessible(page, check_page, path, name):
    page.goto(path)
    assert page.locator("link[rel=stylesheet]").count() == 1
    check_page(page, name)


def test_home_page_is_accessible_when_signed_in(signed_in_page, check_page):
    page = signed_in_page("dana", "dpo")
    check_page(page, "home")
