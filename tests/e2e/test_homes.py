"""Issue 15, finished for every role: the home content each role signs in to, in a real
browser (the Board member's home is in test_dashboards.py)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from breaches import services as breach_services
from core.dates import uk_today
from requests_tracker import services

pytestmark = pytest.mark.django_db(transaction=True)


def log_foi(actor, received_on, summary):
    return services.log_request(
        actor=actor,
        kind="foi",
        received_on=received_on,
        channel="email",
        requester_type="member_of_public",
        summary=summary,
        requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
    )


def test_the_dpo_home_shows_each_breach_clock_the_dpia_queue_and_unusual_access(
    signed_in_page, make_user
):
    casey = make_user("casey", role="caseworker")
    breach = breach_services.record_breach(
        actor=casey,
        aware_at=timezone.now() - timedelta(hours=5),
        source="internal",
        nature="misdirected_email",
        summary="Email sent to the wrong address",
    )
    page = signed_in_page("dana", "dpo")
    page.goto("/home/")
    clocks = page.locator("section", has=page.locator("#h-breach-clocks"))
    expect(clocks).to_contain_text(breach.reference)
    # 72 hours from awareness, 5 of them gone: 66 or 67 hours left on the clock.
    expect(clocks).to_contain_text("hours")
    expect(clocks).to_contain_text("left")
    left = re.search(r"(\d+) hours? \d+ minutes? left", clocks.inner_text())
    assert left is not None, clocks.inner_text()
    assert int(left.group(1)) in (66, 67), left.group(0)
    queue = page.locator("section", has=page.locator("#h-dpia-queue"))
    expect(queue).to_contain_text("No assessment is waiting for triage")
    unusual = page.locator("section", has=page.locator("#h-unusual-access"))
    expect(unusual).to_contain_text("Nobody's access to personal data looked unusual")


def test_my_work_says_why_a_clock_stopped_since_when_and_for_how_long(signed_in_page):
    page = signed_in_page("casey", "caseworker")
    from accounts.models import User

    casey = User.objects.get(username="casey")
    today = uk_today()
    item = log_foi(casey, today - timedelta(days=10), "Parking fines")
    services.assign(request_id=item.pk, actor=casey, assignee=casey)  # My work: theirs
    stopped_on = today - timedelta(days=3)
    services.stop_clock(
        request_id=item.pk, actor=casey, reason="clarification", started_on=stopped_on
    )
    page.goto("/home/")
    row = page.locator("tr", has=page.get_by_text(item.reference))
    expect(row).to_contain_text("Clock stopped")
    expect(row).to_contain_text(
        f"Clock stopped since {stopped_on.day} {stopped_on:%B %Y} (3 days): waiting for clarification"
    )


def test_the_team_leads_home_shows_the_backlog_and_who_holds_overdue_work(
    signed_in_page, make_user
):
    casey = make_user("casey", role="caseworker")
    today = uk_today()
    overdue = log_foi(casey, today - timedelta(days=60), "Overdue one")
    log_foi(casey, today - timedelta(days=1), "Fresh one")
    page = signed_in_page("terry", "team_lead")
    page.goto("/home/")
    team = page.locator("section", has=page.locator("#h-team"))
    expect(team).to_contain_text("2 open requests, 1 overdue.")
    expect(team).to_contain_text("Who holds overdue work")
    expect(team).to_contain_text("1 overdue of")
    team.get_by_role("link", name="Backlog, overdue list and reassignment").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(overdue.reference).first).to_be_visible()
