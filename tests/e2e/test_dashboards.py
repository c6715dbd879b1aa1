"""Browser tests of the timeliness pages: readable without JavaScript, accessible (axe
WCAG 2.2 A/AA) at desktop and mobile widths, and the Data Board's access rule."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from core.dates import add_months, month_start, uk_today
from dashboards import services
from tests.dashboards.builders import close, log

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def figures(make_user):
    """A few requests over the last three months, answered on time and late."""
    cache.clear()
    casey = make_user("casey")
    today = uk_today()
    first = add_months(month_start(today), -2)
    for offset, days_to_answer, kind in [
        (1, 10, "roa"),
        (3, 40, "roa"),
        (5, 5, "foi"),
        (8, 60, "foi"),
    ]:
        request = log(casey, (first + timedelta(days=offset)).isoformat(), kind=kind)
        request.refresh_from_db()
        closed = first + timedelta(days=offset + days_to_answer)
        if closed < today:
            close(casey, request, closed.isoformat())
    services.recompute_months(first=first)
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/performance/", "performance"),
        ("/performance/?kind=foi", "performance-foi"),
        ("/performance/methodology/", "performance-methodology"),
    ],
)
def test_public_performance_pages_are_accessible(page, check_page, figures, path, name):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name)


def test_the_figures_are_readable_without_javascript(browser, live_server, figures):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/performance/")
    expect(page.locator("svg.rd-chart").first).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    expect(page.locator(".rd-headline").first).to_contain_text("%")
    context.close()


def test_the_data_board_and_returns_are_accessible(signed_in_page, check_page, figures):
    page = signed_in_page("bailey", "data_board")
    page.get_by_role("link", name="Data Board").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Information requests:")
    check_page(page, "data-board")
    page.get_by_role("link", name="Statutory returns: quarterly FOI and EIR publication").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FOI and EIR requests")
    check_page(page, "data-board-returns")
    page.get_by_role("textbox", name="Quarter").fill("next week")
    page.get_by_role("button", name="Show quarter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("YYYY-QN")
    check_page(page, "data-board-returns-error")


def test_a_caseworker_cannot_open_the_data_board(signed_in_page):
    page = signed_in_page("casey2", "caseworker")
    expect(page.get_by_role("link", name="Data Board")).to_have_count(0)
    response = page.goto("/data-board/")
    assert response.status == 403
