"""A caseworker's and a team lead's day, in a real browser: every page is also checked
with axe (WCAG 2.2 A and AA) and photographed at desktop and mobile widths."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Unit, User
from core.dates import uk_today
from requests_tracker import services
from requests_tracker.models import InformationRequest

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, prefix: str, day) -> None:
    page.locator(f"#{prefix}_day").fill(str(day.day))
    page.locator(f"#{prefix}_month").fill(str(day.month))
    page.locator(f"#{prefix}_year").fill(str(day.year))


def open_action(page, title: str) -> None:
    page.locator("summary", has_text=title).click()


def log_for(actor, summary="Spending on police horses", **extra):
    return services.log_request(
        actor=actor,
        kind=extra.pop("kind", "foi"),
        received_on=extra.pop("received_on", uk_today()),
        channel="email",
        requester_type="member_of_public",
        summary=summary,
        requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
        **extra,
    )


def test_caseworker_logs_works_and_closes_a_foi_request(signed_in_page, check_page):
    page = signed_in_page("casey", "caseworker")
    today = uk_today()
    check_page(page, "my-work-empty")

    page.get_by_role("button", name="Log a request", exact=True).click()
    check_page(page, "log-choose-kind")
    page.get_by_label("Freedom of Information").check()
    page.get_by_role("button", name="Continue").click()

    # A mistake first: the GOV.UK error summary, and nothing logged.
    page.get_by_role("button", name="Log the request").click()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, "log-request-errors")

    fill_date(page, "id_received_on", today)
    page.get_by_label("What was asked for?").fill("How many police horses does the force keep?")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Full name").fill("Pat Example")
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_label("Type of requester").select_option("media")
    check_page(page, "log-request-foi")
    page.get_by_role("button", name="Log the request").click()

    item = InformationRequest.objects.get()
    expect(page.get_by_role("heading", name="Request logged")).to_be_visible()
    due_words = f"{item.due_on:%A} {item.due_on.day} {item.due_on:%B %Y}"
    expect(page.get_by_text(f"Due {due_words}")).to_be_visible()
    check_page(page, "log-request-confirmation")

    page.get_by_role("link", name="Back to my work").click()
    row = page.locator("tr", has_text=item.reference)
    expect(row).to_be_visible()
    assert f"{item.due_on.day} {item.due_on:%b %Y}" in row.inner_text()
    assert "working days left" in row.inner_text()
    check_page(page, "my-work")

    row.get_by_role("link", name=item.reference).click()
    expect(page.get_by_role("heading", name=item.reference)).to_be_visible()
    check_page(page, "request-open")

    open_action(page, "Stop the clock")
    page.get_by_label("Waiting for clarification").check()
    fill_date(page, "id_stop-clock-started_on", today)
    page.get_by_role("button", name="Stop the clock").click()
    expect(page.get_by_text("Clock stopped.")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Clock stopped").first).to_be_visible()
    check_page(page, "request-clock-stopped")

    open_action(page, "Restart the clock")
    fill_date(page, "id_restart-clock-ended_on", today)
    page.get_by_role("button", name="Restart the clock").click()
    expect(page.get_by_text("Clock restarted.")).to_be_visible()

    # Closing without an outcome is refused with an error summary that keeps the date.
    open_action(page, "Close with an outcome")
    fill_date(page, "id_close-closed_on", today)
    page.get_by_role("button", name="Close the request").click()
    expect(page.locator(".govuk-error-summary").get_by_text("Choose the outcome")).to_be_visible()
    assert page.locator("#id_close-closed_on_day").input_value() == str(today.day)
    check_page(page, "request-close-error")
    page.get_by_label("Granted in full").check()
    page.get_by_role("button", name="Close the request").click()
    expect(page.get_by_text("Request closed.")).to_be_visible()

    timeline = page.locator(".rq-timeline").inner_text()
    for event in ("Request logged", "Clock stopped", "Clock restarted", "Closed"):
        assert event in timeline
    assert "Closed on time" in timeline
    check_page(page, "request-closed")
    item.refresh_from_db()
    assert item.status == "closed"


def test_team_lead_reassigns_a_request(signed_in_page, make_user, check_page):
    page = signed_in_page("terry", "team_lead")
    terry = User.objects.get(username="terry")
    casey = make_user("casey", role="caseworker", first_name="Casey", last_name="Worker")
    cam = make_user("cam", role="caseworker", first_name="Cam", last_name="Other")
    late = log_for(terry, received_on=uk_today() - timedelta(days=60), assigned_to=casey)
    fresh = log_for(terry, summary="Air quality readings", kind="eir", assigned_to=casey)

    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Team backlog")).to_be_visible()
    expect(page.locator("tr", has_text=late.reference)).to_contain_text("Overdue")
    check_page(page, "team")
    page.get_by_label(f"Select {late.reference}").check()
    page.get_by_label("Reassign to").select_option(label="Cam Other")
    page.get_by_role("button", name="Reassign selected").click()
    expect(page.get_by_text("1 request assigned to Cam Other.")).to_be_visible()
    late.refresh_from_db()
    assert late.assigned_to == cam

    page.get_by_role("link", name="All requests").click()
    check_page(page, "all-requests")
    page.get_by_label(f"Select {fresh.reference}").check()
    page.get_by_label("Assign to").select_option(label="Cam Other")
    page.get_by_role("button", name="Assign selected").click()
    expect(page.get_by_text("1 request assigned to Cam Other.")).to_be_visible()
    fresh.refresh_from_db()
    assert fresh.assigned_to == cam

    page.goto(f"/requests/{fresh.pk}/")
    open_action(page, "Assign")
    page.locator("#id_assign-assignee").select_option(label="Casey Worker")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Request assigned.")).to_be_visible()
    assert "Assigned to Casey Worker." in page.locator(".rq-timeline").inner_text()
    fresh.refresh_from_db()
    assert fresh.assigned_to == casey


def test_caseworker_cannot_see_another_units_requests(signed_in_page, make_user, check_page):
    other = Unit.objects.create(name="Professional Standards")
    olly = make_user("olly", role="caseworker", unit=other)
    theirs = log_for(olly, unit=other, summary="Misconduct hearing papers")
    page = signed_in_page("casey", "caseworker")
    ours = log_for(User.objects.get(username="casey"), summary="Our own request")

    page.get_by_role("link", name="All requests").click()
    expect(page.get_by_role("link", name=ours.reference)).to_be_visible()
    assert page.get_by_text(theirs.reference).count() == 0
    page.get_by_label("Search by reference or summary").fill(theirs.reference)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No requests match")).to_be_visible()
    check_page(page, "all-requests-no-match")

    response = page.goto(f"/requests/{theirs.pk}/")
    assert response.status == 404
    assert re.search("not found", page.content(), re.IGNORECASE)


def test_preferences_page_turns_the_digest_off(signed_in_page, check_page):
    page = signed_in_page("casey", "caseworker")
    page.get_by_role("link", name="Email preferences").click()
    check_page(page, "preferences")
    page.get_by_label("No, do not email me").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("You will not get the reminder email.")).to_be_visible()
