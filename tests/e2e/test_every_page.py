"""Every page, as a person sees it: each named URL that answers an HTML page is opened in
Chromium, as a role that may see it (and the home page as every role), and at 1280 and
390 px checked with axe-core (WCAG 2.2 A/AA), checked not to scroll sideways (a wide table
scrolls inside its own container), and photographed into test-results/screenshots/pages/.

The list of pages comes from the permission matrix, which fails when a URL is added
without an entry, so a new page is walked here without anyone remembering to add it."""

import re

import pytest
from django.db import models
from django.urls import reverse

from tests.e2e.conftest import SCREENSHOT_DIR, WCAG_TAGS, WIDTHS
from tests.e2e.sign_in import complete_two_factor
from tests.security.test_permission_matrix import MATRIX, ROLES, world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)

#: Who opens each page: the first of these roles the matrix lets in.
PREFERENCE = ("anonymous", "caseworker", "team_lead", "dpo", "data_board", "admin")
#: Pages not ours to fix, with the reason (the accessibility statement says so too).
NOT_CHECKED = {"api-docs": "Swagger UI, third-party software for developers"}
PASSWORD = "pw-for-tests-1"
#: Pages that show codes on purpose: the browsable API is for developers.
CODES_ALLOWED = {"api-root"}


def vocabulary_codes() -> set[str]:
    """Every stored code of every vocabulary that is not also a plain word ("open" is
    both): the codes a person must never read on a page."""
    from breaches import vocabularies as breach_vocabularies
    from dpia import vocabularies as dpia_vocabularies
    from requests_tracker import vocabularies as request_vocabularies

    codes = set(request_vocabularies.EXEMPTION_LABELS)
    for module in (request_vocabularies, breach_vocabularies, dpia_vocabularies):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                codes.update(str(v) for v in value.values)
    return {code for code in codes if "_" in code}


OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => !el.closest('.rd-scroll'))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
}"""


def _pages_by_role():
    by_role: dict[str, list[tuple[str, str | None]]] = {role: [] for role in ROLES}
    for name, (expected, key) in sorted(MATRIX.items()):
        if name in NOT_CHECKED:
            continue
        role = next((r for r in PREFERENCE if expected[r] == 200), None)
        if role is not None:
            by_role[role].append((name, key))
    for role in ROLES:
        if role != "anonymous" and ("home", None) not in by_role[role]:
            by_role[role].append(("home", None))
    return by_role


#: The service navigation's items, by the line they sit on.
NAV_LINES_JS = """() => new Set([...document.querySelectorAll('.govuk-service-navigation__item')]
  .map(item => Math.round(item.getBoundingClientRect().top))).size"""


def _codes_shown(page, codes: set[str]) -> list[str]:
    words = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", page.inner_text("body")))
    return sorted(words & codes)


def _check(page, axe, label: str, failures: list[str]) -> None:
    directory = SCREENSHOT_DIR / "pages"
    directory.mkdir(parents=True, exist_ok=True)
    for width, height, size in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        results = axe.run(page, options={"runOnly": WCAG_TAGS})
        if results.violations_count:
            failures.append(f"{label} at {width} px:\n{results.generate_report()}")
        if width >= 1280 and page.evaluate(NAV_LINES_JS) > 1:
            failures.append(f"{label} at {width} px: the navigation wraps onto a second line")
        wide = page.evaluate(OVERFLOW_JS)
        if wide:
            failures.append(f"{label} at {width} px scrolls sideways: {wide}")
        page.screenshot(path=directory / f"{label}-{size}.png", full_page=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible_and_fits_at_both_widths(browser, live_server, world, role):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = _pages_by_role()[role]
    if not pages:
        pytest.skip(f"no page is first seen as {role}")
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    if role != "anonymous":
        user = world["users"][role]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)
        complete_two_factor(page, user.username)
    failures: list[str] = []
    codes = vocabulary_codes()
    walked = 0
    for name, key in pages:
        kwargs = world["kwargs"][key] if key else {}
        url = reverse(name, kwargs=kwargs)
        # Downloads and API answers are not pages: ask first (with the same cookies).
        if not page.request.get(url).headers.get("content-type", "").startswith("text/html"):
            continue
        response = page.goto(url)
        if response.status != 200:
            failures.append(f"{name}: {response.status}")
            continue
        walked += 1
        _check(page, axe, f"{name.replace(':', '-')}--{role}", failures)
        shown = [] if name in CODES_ALLOWED else _codes_shown(page, codes)
        if shown:
            failures.append(f"{name} shows vocabulary codes, not words: {shown}")
    context.close()
    assert walked, f"no HTML page walked as {role}"
    assert not failures, "\n\n".join(failures)
