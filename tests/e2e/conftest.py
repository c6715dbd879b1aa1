"""Browser tests: Playwright drives the machine's Chromium (Debian's package) headless
against a live server. Marked e2e; skipped (or, in CI, failed) when Chromium is missing."""

import os
from pathlib import Path

import pytest

from tests import environment
from tests.e2e.sign_in import complete_two_factor

# Playwright's sync API runs an event loop in this thread; the ORM calls made by test
# set-up are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = environment.chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def signed_in_page(page, make_user):
    def sign_in(username: str = "casey", role: str = "caseworker"):
        make_user(username, role=role)
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("pw-for-tests-1")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)
        complete_two_factor(page, username)
        return page

    return sign_in


SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Every checked page is checked, and photographed, at a desktop and a phone width.
WIDTHS = [(1280, 900, "desktop"), (390, 844, "mobile")]


@pytest.fixture
def check_page():
    """Check the page the browser shows now: no axe-core WCAG 2.2 A/AA violation, and
    screenshots, at desktop and mobile widths (both checked), into test-results/screenshots/ (kept by CI,
    never committed)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, name: str) -> None:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        for width, height, label in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            results = axe.run(page, options={"runOnly": WCAG_TAGS})
            assert results.violations_count == 0, f"at {width} px: " + results.generate_report()
            page.screenshot(path=SCREENSHOT_DIR / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(size)

    return check
