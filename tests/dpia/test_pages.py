"""The server-rendered pages: queue, form, assessment page and its actions, CSV,
calendar, the Data Board pipeline."""

from datetime import date, timedelta

import pytest
from django.test import Client

from core.dates import uk_today
from dpia import pipeline, services
from dpia.models import Assessment

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_dpo_queue_page_puts_the_most_urgent_first(build, dpo, on_day):
    on_day("2026-03-01")
    slow = build("submitted", title="Slow one")
    services.triage(assessment_id=slow.pk, actor=dpo, complexity="high", inherent_risk="high")
    on_day("2026-03-10")
    fast = build("submitted", title="Urgent one")
    services.triage(assessment_id=fast.pk, actor=dpo, complexity="low", inherent_risk="low")
    on_day("2026-03-22")
    html = signed_in(dpo).get("/assessments/").content.decode()
    assert html.index("Urgent one") < html.index("Slow one")
    assert html.index(">Late<") < html.index("Urgent one") < html.index(">Later<")


def test_new_assessment_form_shows_errors_and_creates_nothing(owner):
    response = signed_in(owner).post("/assessments/new/", {"kind": "dpia", "then": "draft"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a title for the assessment" in html
    assert response.context["form"].errors
    assert not Assessment.objects.exists()


def test_save_and_submit_without_risks_keeps_a_draft_and_says_why(owner, lead, unit):
    response = signed_in(owner).post(
        "/assessments/new/",
        {
            "kind": "dpia",
            "title": "Drone cameras",
            "description": "Aerial video",
            "unit": unit.pk,
            "asset_owner": owner.pk,
            "project_lead": lead.pk,
            "screening": ["systematic_monitoring"],
            "then": "submit",
        },
        follow=True,
    )
    assessment = Assessment.objects.get()
    assert assessment.status == "draft"
    assert assessment.screening["systematic_monitoring"] is True
    assert "record at least one risk" in response.content.decode()


def test_a_caseworker_sees_no_decision_form_and_cannot_post_one(build, owner):
    assessment = build("in_review")
    client = signed_in(owner)
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Record the decision" not in page
    response = client.post(
        f"/assessments/{assessment.pk}/decide/",
        {
            "decide-decision": "approved",
            "decide-advice": "ok",
            "decide-next_review_on_day": "1",
            "decide-next_review_on_month": "1",
            "decide-next_review_on_year": "2030",
        },
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "in_review"


def test_dpo_decides_on_the_page(build, dpo):
    assessment = build("in_review")
    client = signed_in(dpo)
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Record the decision" in page
    review = uk_today() + timedelta(days=365)
    response = client.post(
        f"/assessments/{assessment.pk}/decide/",
        {
            "version": assessment.version,
            "decide-decision": "approved_with_conditions",
            "decide-advice": "Go ahead",
            "decide-conditions": "Signage\nTraining",
            "decide-next_review_on_day": review.day,
            "decide-next_review_on_month": review.month,
            "decide-next_review_on_year": review.year,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Decision recorded" in html
    assert "Approved with conditions" in html
    assert "Training" in html


def test_bad_action_input_shows_the_error_summary_with_400(build, dpo):
    assessment = build("in_review")
    response = signed_in(dpo).post(
        f"/assessments/{assessment.pk}/decide/",
        {
            "decide-decision": "approved_with_conditions",
            "decide-advice": "ok",
            "decide-next_review_on_day": "31",
            "decide-next_review_on_month": "2",
            "decide-next_review_on_year": "2030",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The next review date must be a real date" in html
    assert f"<title>Error: {assessment.reference} – Rights Desk</title>" in html


def test_an_illegal_move_on_the_page_is_409_with_the_reason(build, dpo):
    assessment = build("submitted")
    response = signed_in(dpo).post(f"/assessments/{assessment.pk}/start-review/", {})
    assert response.status_code == 409
    assert "Only a triaged assessment can be taken into review" in response.content.decode()


def test_changes_since_the_last_review_are_shown(build, dpo, owner):
    assessment = build("changes_requested")
    services.update_answers(
        assessment_id=assessment.pk, actor=owner, title="Body-worn video, 31 days"
    )
    services.submit(assessment_id=assessment.pk, actor=owner)
    html = signed_in(dpo).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "What changed since the last review" in html
    assert "Body-worn video, 31 days" in html


def test_csv_export(build, dpo):
    build("submitted", title="=HYPERLINK(evil)")
    response = signed_in(dpo).get("/assessments/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("reference,kind,title,status")
    assert "'=HYPERLINK(evil)" in lines[1]
    assert "olive" not in response.content.decode()  # no names of people


def test_review_calendar_lists_review_dates(build, owner):
    assessment = build("decided")
    html = signed_in(owner).get("/assessments/calendar/").content.decode()
    assert assessment.reference in html
    assert f"{assessment.next_review_on:%B %Y}" in html


def test_pipeline_page_for_the_data_board_with_a_decided_assessment(build, dpo, make_user, on_day):
    on_day("2026-06-03")
    assessment = build("in_review")
    on_day("2026-06-13")
    services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved",
        advice="ok",
        next_review_on=date(2027, 6, 1),
    )
    pipeline.recompute_recent()
    board = signed_in(make_user("bob", role="data_board"))
    response = board.get("/assessments/pipeline/")
    assert response.status_code == 200
    june = next(row for row in response.context["rows"] if row.month == date(2026, 6, 1))
    assert (june.submitted, june.decided, june.median_days_to_decision) == (1, 1, 10.0)
    html = response.content.decode()
    assert "<svg" in html
    assert "June 2026" in html
    assert "DPIA pipeline" in html  # the board's nav item


def test_pipeline_is_not_for_caseworkers_and_pages_not_for_the_board(owner, make_user):
    assert signed_in(owner).get("/assessments/pipeline/").status_code == 403
    assert signed_in(make_user("bob", role="data_board")).get("/assessments/").status_code == 403


def test_nav_shows_assessments_to_people_who_use_them(owner):
    html = signed_in(owner).get("/home/").content.decode()
    assert 'href="/assessments/"' in html


def test_owner_signs_off_on_the_page_and_a_high_residual_risk_flags_the_ico(build, owner, dpo):
    assessment = build("decided", risk="high")
    client = signed_in(owner)
    assert (
        "Sign off as information asset owner"
        in client.get(f"/assessments/{assessment.pk}/").content.decode()
    )
    refused = client.post(
        f"/assessments/{assessment.pk}/sign-off/", {"sign-off-advice_followed": "no"}
    )
    assert refused.status_code == 400
    assert "Record why the DPO&#x27;s advice is not being followed" in refused.content.decode()
    response = client.post(
        f"/assessments/{assessment.pk}/sign-off/",
        {"sign-off-advice_followed": "no", "sign-off-reasons": "Operational need"},
        follow=True,
    )
    html = response.content.decode()
    assert "Waiting for the ICO" in html
    assert "not being followed, because: Operational need" in html
    dpo_page = signed_in(dpo).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Record the ICO's answer" in dpo_page
    assert "Close the assessment" not in dpo_page


def test_a_condition_is_completed_on_the_page(build, dpo, lead):
    assessment = build("in_review")
    services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved_with_conditions",
        advice="ok",
        conditions=["Publish a privacy notice"],
        next_review_on=uk_today() + timedelta(days=90),
    )
    condition = assessment.conditions.get()
    response = signed_in(lead).post(
        f"/assessments/{assessment.pk}/complete-condition/",
        {"complete-condition-condition": condition.pk, "complete-condition-note": "On the website"},
        follow=True,
    )
    assert "Condition completed" in response.content.decode()
    condition.refresh_from_db()
    assert condition.completion_note == "On the website"


def test_a_risk_is_removed_on_the_page(build, owner):
    assessment = build("draft")
    risk = assessment.risks.get()
    response = signed_in(owner).post(
        f"/assessments/{assessment.pk}/remove-risk/", {"remove-risk-risk": risk.pk}, follow=True
    )
    assert "Risk removed" in response.content.decode()
    assert not assessment.risks.exists()
