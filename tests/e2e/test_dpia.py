"""Browser test of the DPIA journey: submit → triage → request changes → resubmit →
approve with conditions, with accessibility checks of each page on the way."""

from datetime import timedelta

import pytest

from core.dates import uk_today
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


def choose(page, group, option):
    page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def test_submit_triage_request_changes_resubmit_approve_with_conditions(
    page, make_user, check_page
):
    make_user("olive", role="team_lead", first_name="Olive", last_name="Owner")
    make_user("dana", role="dpo", first_name="Dana", last_name="Officer")

    # The owner drafts, adds a risk and submits.
    sign_in(page, "olive")
    page.get_by_role("link", name="Assessments").click()
    page.get_by_role("button", name="Start a new assessment").click()
    page.get_by_role("button", name="Save as draft").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    choose(page, "What are you assessing?", "Data protection impact assessment")
    page.get_by_label("Title").fill("Live facial recognition pilot")
    page.get_by_label("Describe the processing").fill(
        "Cameras at events match faces to a watchlist."
    )
    page.get_by_label("Information asset owner").select_option(label="Olive Owner")
    page.get_by_label("Project lead").select_option(label="Olive Owner")
    page.get_by_label("Does it process biometric data to identify people?").check()
    check_page(page, "dpia-form")
    page.get_by_role("button", name="Save as draft").click()
    assert "was saved as a draft" in page.locator(".govuk-notification-banner").inner_text()
    reference = page.locator(".govuk-caption-l").inner_text().split(" ")[0]

    page.get_by_text("Add a risk", exact=True).last.click()
    page.get_by_label("Risk", exact=True).fill("People not on the watchlist are scanned")
    choose(page, "Likelihood of harm", "Probable")
    choose(page, "Severity of harm", "Significant")
    page.get_by_label("Mitigation").fill("Images of non-matches deleted immediately")
    choose(page, "Residual risk after mitigation", "Medium")
    page.get_by_label("Risk owner (post)").fill("Head of Operations")
    page.get_by_role("button", name="Add the risk").click()
    assert "People not on the watchlist are scanned" in page.locator("table").first.inner_text()
    page.get_by_role("button", name="Submit to the DPO").click()
    assert "Submitted" in page.locator("main .govuk-tag").first.inner_text()
    sign_out(page)

    # The DPO triages, reviews and asks for changes.
    sign_in(page, "dana")
    page.goto("/assessments/")
    check_page(page, "dpia-queue")
    page.get_by_role("link", name=reference).first.click()
    choose(page, "Complexity", "High")
    choose(page, "Inherent risk", "High")
    page.get_by_role("button", name="Triage").click()
    assert "Tier 3" in page.locator(".govuk-summary-list").first.inner_text()
    page.get_by_role("button", name="Start the review").click()
    check_page(page, "dpia-review")
    page.get_by_label("What needs to change").fill("Say how long matches are kept.")
    page.get_by_role("button", name="Request changes").click()
    assert "Changes requested" in page.locator("main .govuk-tag").first.inner_text()
    sign_out(page)

    # The owner changes the answers and resubmits.
    sign_in(page, "olive")
    page.goto("/assessments/")
    page.get_by_role("link", name=reference).first.click()
    assert "Say how long matches are kept." in page.inner_text("main")
    page.get_by_role("link", name="Change the answers").click()
    page.get_by_label("Describe the processing").fill(
        "Cameras at events match faces to a watchlist. Matches kept 31 days."
    )
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Resubmit to the DPO").click()
    sign_out(page)

    # The DPO sees what changed and approves with conditions.
    sign_in(page, "dana")
    page.goto("/assessments/")
    page.get_by_role("link", name=reference).first.click()
    changes = page.locator("table", has_text="Matches kept 31 days.")
    assert changes.is_visible()
    choose(page, "Complexity", "High")
    choose(page, "Inherent risk", "High")
    page.get_by_role("button", name="Triage").click()
    page.get_by_role("button", name="Start the review").click()
    choose(page, "Decision", "Approved with conditions")
    page.get_by_label("DPO advice", exact=True).fill("Approved for a three-month pilot.")
    page.get_by_label("Conditions (approved with conditions only)").fill(
        "Publish the watchlist criteria\nReport the false-match rate monthly"
    )
    review = uk_today() + timedelta(days=180)
    date_group = page.get_by_role("group", name="Next review date")
    date_group.get_by_label("Day").fill(str(review.day))
    date_group.get_by_label("Month").fill(str(review.month))
    date_group.get_by_label("Year").fill(str(review.year))
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in page.locator(".govuk-notification-banner").inner_text()
    summary = page.locator(".govuk-summary-list").first.inner_text()
    assert "Approved with conditions" in summary
    conditions = page.locator("table", has_text="Publish the watchlist criteria").inner_text()
    assert "Report the false-match rate monthly" in conditions
    check_page(page, "dpia-decided")


def test_pipeline_and_calendar_pages_are_accessible(page, make_user, check_page, on_day):
    from accounts.models import Unit
    from dpia import pipeline, services

    owner = make_user("olive", role="team_lead")
    dpo = make_user("dana", role="dpo")
    make_user("bob", role="data_board")
    unit = Unit.objects.get(name="Disclosure Unit")
    assessment = services.create_assessment(
        actor=owner,
        kind="dpia",
        title="Drones",
        description="Aerial video",
        unit=unit,
        asset_owner=owner,
        project_lead=owner,
    )
    services.submit(assessment_id=assessment.pk, actor=owner)
    services.triage(assessment_id=assessment.pk, actor=dpo, complexity="low", inherent_risk="low")
    services.start_review(assessment_id=assessment.pk, actor=dpo)
    services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved",
        advice="ok",
        next_review_on=uk_today() + timedelta(days=60),
    )
    pipeline.recompute_recent()
    sign_in(page, "bob")
    page.get_by_role("link", name="DPIA pipeline").click()
    assert page.locator("svg[role=img]").count() == 2
    check_page(page, "dpia-pipeline")
    sign_out(page)
    sign_in(page, "olive")
    page.goto("/assessments/calendar/")
    assert assessment.reference in page.inner_text("main")
    check_page(page, "dpia-calendar")
