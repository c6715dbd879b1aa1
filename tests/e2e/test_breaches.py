"""Browser tests for the breach register: a caseworker records a breach, the DPO
assesses it and records the regulator decision, and after the snapshot job the Data
Board sees it in its month's figures with its source, nature and risk."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from breaches import snapshots
from breaches.models import Breach
from core.dates import to_uk
from tests.e2e.sign_in import complete_two_factor

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, username):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    complete_two_factor(page, username)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/breaches/" not in url)


def test_record_decide_and_see_it_in_the_data_board_figures(page, make_user, check_page):
    make_user("casey", role="caseworker")
    make_user("dana", role="dpo")
    make_user("bailey", role="data_board")
    aware = to_uk(timezone.now() - timedelta(hours=2))

    # A caseworker records a first report.
    sign_in(page, "casey")
    page.get_by_role("link", name="Breaches").click()
    page.get_by_role("button", name="Record a breach").click()
    page.get_by_role("button", name="Record the breach").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a summary")
    check_page(page, "breach-record-errors")
    page.get_by_label("What happened?").fill("Custody record emailed to the wrong solicitor")
    page.locator("#id_aware_at_day").fill(str(aware.day))
    page.locator("#id_aware_at_month").fill(str(aware.month))
    page.locator("#id_aware_at_year").fill(str(aware.year))
    page.locator("#id_aware_at_time").fill(f"{aware:%H:%M}")
    page.get_by_label("Internal", exact=True).check()
    page.get_by_label("Misdirected email", exact=True).check()
    page.get_by_role("button", name="Record the breach").click()

    breach = Breach.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(breach.reference)
    expect(page.locator(".rd-deadline")).to_contain_text("hours")
    expect(page.locator(".rd-deadline")).to_contain_text("left")
    expect(page.get_by_text("Record the regulator decision")).to_have_count(0)
    check_page(page, "breach-detail-recorded")
    sign_out(page)

    # The DPO assesses the risk and decides it must be reported.
    sign_in(page, "dana")
    page.goto(f"/breaches/{breach.pk}/")
    page.get_by_label("Probable", exact=True).check()
    page.get_by_label("Severe", exact=True).check()
    page.get_by_label("Reasons for this assessment").fill("Sensitive custody details")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Risk assessment recorded")
    decision = page.locator("form", has_text="Record the regulator decision")
    decision.get_by_label("Yes", exact=True).check()
    decision.get_by_label("Reasons for the decision").fill("High risk to the person")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("decision recorded")
    expect(page.get_by_text("Must be reported", exact=True)).to_be_visible()
    expect(page.get_by_text("Record the report to the ICO")).to_be_visible()
    check_page(page, "breach-detail-decided")
    breach.refresh_from_db()
    assert breach.reportable is True
    assert breach.decided_by.username == "dana"
    sign_out(page)

    # The nightly snapshot job runs; the Data Board sees the breach in its month.
    snapshots.recompute()
    sign_in(page, "bailey")
    page.get_by_role("link", name="Breach analysis").click()
    month = f"{aware:%b %Y}"
    source_table = page.locator("#table-source")
    expect(source_table.get_by_role("columnheader", name="Internal")).to_be_visible()
    expect(source_table.get_by_role("row", name=month)).to_contain_text("1")
    nature_table = page.locator("#table-nature")
    expect(nature_table.get_by_role("columnheader", name="Misdirected email")).to_be_visible()
    risk_table = page.locator("#table-risk")
    expect(risk_table.get_by_role("columnheader", name="High risk")).to_be_visible()
    expect(risk_table.get_by_role("row", name=month)).to_contain_text("1")
    reporting = page.locator("#table-reporting").get_by_role("row", name=month)
    expect(reporting).to_contain_text("1")
    check_page(page, "breach-analysis")


def test_register_is_accessible_with_filters(page, make_user, check_page):
    from breaches import services

    casey = make_user("casey", role="caseworker")
    services.record_breach(
        actor=casey,
        aware_at=timezone.now() - timedelta(hours=60),
        source="external",
        nature="cyber_incident",
        summary="Phishing",
    )
    sign_in(page, "casey")
    page.goto("/breaches/?due_within_24h=true")
    expect(page.get_by_text("1 found")).to_be_visible()
    expect(page.locator(".rd-countdown").first).to_contain_text("left")
    check_page(page, "breach-register")
