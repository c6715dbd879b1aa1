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


@pytest.fixture
def two_years(make_user):
    """24 months of right of access requests, every one answered on time, so each year's
    average sits on the line, next to the other years' and near the target: the case in
    which the 2024 and 2025 labels used to overprint each other and the line."""
    cache.clear()
    casey = make_user("casey")
    first = add_months(month_start(uk_today()), -24)
    for index in range(24):
        month = add_months(first, index)
        for day in (2, 9):
            request = log(casey, month.replace(day=day).isoformat())
            close(casey, request, (month.replace(day=day) + timedelta(days=3)).isoformat())
    services.recompute_months(first=first)
    yield
    cache.clear()


OVERLAPS = """() => {
  const boxes = [];
  document.querySelectorAll("svg.rd-chart").forEach((svg, chart) => {
    svg.querySelectorAll("text").forEach((text) => {
      const r = text.getBoundingClientRect();
      boxes.push({chart, text: text.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
    });
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.chart !== b.chart) continue;
      if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) {
        overlaps.push(a.text + " / " + b.text);
      }
    }
  }
  return {count: boxes.length, overlaps};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_no_two_chart_labels_overlap_on_the_public_dashboard(page, two_years, width):
    page.set_viewport_size({"width": width, "height": 900})
    for kind in ("roa", "foi"):
        page.goto(f"/performance/?kind={kind}")
        expect(page.locator("svg.rd-chart").first).to_be_visible()
        result = page.evaluate(OVERLAPS)
        assert result["count"] > 10, result  # the axes, the target and the year averages
        assert result["overlaps"] == [], result["overlaps"]
    page.goto("/performance/?kind=roa")
    labels = page.locator("svg.rd-chart text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert any(label.startswith("Target (") for label in labels)
    assert sum(" average " in label for label in labels) >= 2


def test_a_caseworker_cannot_open_the_data_board(signed_in_page):
    page = signed_in_page("casey2", "caseworker")
    expect(page.get_by_role("link", name="Data Board")).to_have_count(0)
    response = page.goto("/data-board/")
    assert response.status == 403


def test_the_board_members_home_and_the_dpos_pack_with_its_commentary_form(
    signed_in_page, check_page, figures
):
    page = signed_in_page("bailey", "data_board")
    page.goto("/home/")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("against target")
    expect(page.locator("svg.rd-chart")).to_have_count(1)
    check_page(page, "board-home")
    page.get_by_role("link", name="Read the full Board pack").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Information requests:")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the pack as a PDF").click()
    assert download.value.suggested_filename.startswith("data-board-")
    page.get_by_role("button", name="Sign out").click()
    page = signed_in_page("dee", "dpo")
    page.goto("/data-board/")
    page.get_by_role("button", name="Save the commentary").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the commentary")
    check_page(page, "data-board-commentary-error")
    page.get_by_label("Commentary for the Board").fill("A steady month.")
    page.get_by_role("button", name="Save the commentary").click()
    expect(page.locator("#commentary")).to_contain_text("A steady month.")
    check_page(page, "data-board-pack")
