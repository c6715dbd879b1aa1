"""The state machine edge to edge, DPO-only decisions, sign-off, conditions, versions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.dates import uk_today
from core.errors import ConflictError, TransitionError
from dpia import services
from dpia.models import AnswerVersion, AssessmentEvent
from dpia.vocabularies import Consultation, Status

pytestmark = pytest.mark.django_db


def _run(action, assessment, *, dpo, owner):
    """Call `action` with arguments that are valid whenever the status allows it."""
    pk = assessment.pk
    next_year = uk_today() + timedelta(days=365)
    calls = {
        "edit": lambda: services.update_answers(assessment_id=pk, actor=owner, title="New title"),
        "submit": lambda: services.submit(assessment_id=pk, actor=owner),
        "triage": lambda: services.triage(
            assessment_id=pk, actor=dpo, complexity="low", inherent_risk="low"
        ),
        "start_review": lambda: services.start_review(assessment_id=pk, actor=dpo),
        "request_changes": lambda: services.request_changes(
            assessment_id=pk, actor=dpo, advice="More detail."
        ),
        "decide": lambda: services.decide(
            assessment_id=pk,
            actor=dpo,
            decision="approved",
            advice="Fine.",
            next_review_on=next_year,
        ),
        "sign_off": lambda: services.sign_off(assessment_id=pk, actor=owner, advice_followed=True),
        "mark_review_due": lambda: services.mark_review_due(assessment_id=pk),
        "close": lambda: services.close(assessment_id=pk, actor=dpo),
    }
    if action == "close" and assessment.status in ("decided", "review_due"):
        services.sign_off(assessment_id=pk, actor=owner, advice_followed=True)
    return calls[action]()


EXPECTED = {
    # action: (statuses it may start from, status it leads to or None if unchanged)
    "edit": ({"draft", "changes_requested", "review_due"}, None),
    "submit": ({"draft", "changes_requested", "review_due"}, "submitted"),
    "triage": ({"submitted"}, "triaged"),
    "start_review": ({"triaged"}, "in_review"),
    "request_changes": ({"in_review"}, "changes_requested"),
    "decide": ({"in_review"}, "decided"),
    "sign_off": ({"decided", "review_due"}, None),
    "mark_review_due": ({"decided"}, "review_due"),
    "close": ({"decided", "review_due"}, "closed"),
}


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_transition_edge_to_edge(build, dpo, owner, status, action):
    assessment = build(status)
    allowed, leads_to = EXPECTED[action]
    events_before = assessment.events.count()
    if status in allowed:
        _run(action, assessment, dpo=dpo, owner=owner)
        assessment.refresh_from_db()
        assert assessment.status == (leads_to or status)
        assert assessment.events.count() > events_before
    else:
        with pytest.raises(TransitionError) as refused:
            _run(action, assessment, dpo=dpo, owner=owner)
        assert assessment.reference in str(refused.value)
        assessment.refresh_from_db()
        assert assessment.status == status
        assert assessment.events.count() == events_before


def test_the_transition_table_matches_the_documented_state_machine():
    for action, (allowed, leads_to) in EXPECTED.items():
        assert set(services.WORKFLOW[action].from_statuses) == allowed, action
        assert services.WORKFLOW[action].target == leads_to, action


def test_submit_triage_request_changes_resubmit_approve(build, dpo, owner, on_day):
    on_day("2026-03-02")
    assessment = build("draft", with_risk=False)
    services.add_risk(
        assessment_id=assessment.pk,
        actor=owner,
        description="Faces of bystanders",
        likelihood="probable",
        severity="significant",
        residual_risk="medium",
        owner="Ops",
    )
    assessment = services.submit(assessment_id=assessment.pk, actor=owner)
    assert assessment.status == Status.SUBMITTED
    assert assessment.target_on.isoformat() == "2026-03-07"  # 5 days to triage
    on_day("2026-03-03")
    assessment = services.triage(
        assessment_id=assessment.pk, actor=dpo, complexity="high", inherent_risk="high"
    )
    assert (assessment.tier, assessment.reviewer_level) == ("3", "dpo")
    assert assessment.target_on.isoformat() == "2026-04-01"  # 30 days from 2 March
    services.start_review(assessment_id=assessment.pk, actor=dpo)
    services.request_changes(assessment_id=assessment.pk, actor=dpo, advice="Retention period?")
    on_day("2026-03-10")
    services.update_answers(
        assessment_id=assessment.pk,
        actor=owner,
        description="Live streaming; footage kept 31 days.",
    )
    assessment = services.submit(assessment_id=assessment.pk, actor=owner)
    assert assessment.status == Status.SUBMITTED
    assert assessment.first_submitted_on.isoformat() == "2026-03-02"
    assert assessment.submitted_on.isoformat() == "2026-03-10"
    assert assessment.tier == ""  # triaged again after a resubmission
    services.triage(assessment_id=assessment.pk, actor=dpo, complexity="low", inherent_risk="low")
    services.start_review(assessment_id=assessment.pk, actor=dpo)
    on_day("2026-03-12")
    assessment = services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved_with_conditions",
        advice="Approved if signage is up.",
        conditions=["Put up signage", " ", "Train staff"],
        next_review_on=uk_today() + timedelta(days=365),
    )
    assert assessment.status == Status.DECIDED
    assert assessment.decided_on.isoformat() == "2026-03-12"
    assert [c.text for c in assessment.conditions.all()] == ["Put up signage", "Train staff"]
    types = list(assessment.events.values_list("type", flat=True))
    assert types == [
        "created",
        "risk_added",
        "submitted",
        "triaged",
        "review_started",
        "changes_requested",
        "edited",
        "submitted",
        "triaged",
        "review_started",
        "decided",
    ]


def test_versions_show_what_changed_since_the_last_review(build, dpo, owner):
    assessment = build("changes_requested")
    services.update_answers(
        assessment_id=assessment.pk,
        actor=owner,
        title="Live facial recognition",
        screening={"biometric_data": True, "innovative_technology": True},
    )
    services.submit(assessment_id=assessment.pk, actor=owner)
    first, second = AnswerVersion.objects.filter(assessment=assessment)
    from dpia.rules import diff_answers

    changes = {
        c["field"]: (c["before"], c["after"]) for c in diff_answers(first.answers, second.answers)
    }
    assert changes["Title"] == ("Body-worn video live streaming", "Live facial recognition")
    assert changes["Screening: Does it process biometric data to identify people?"] == ("No", "Yes")
    assert len(changes) == 2


@pytest.mark.parametrize("role", ["caseworker", "team_lead", "admin", "data_board"])
def test_only_the_dpo_triages_reviews_and_decides(build, make_user, role):
    other = make_user(f"not-dpo-{role}", role=role)
    submitted = build("submitted", title="A")
    with pytest.raises(PermissionDenied, match="Only the Data Protection Officer"):
        services.triage(
            assessment_id=submitted.pk, actor=other, complexity="low", inherent_risk="low"
        )
    in_review = build("in_review", title="B")
    with pytest.raises(PermissionDenied):
        services.decide(
            assessment_id=in_review.pk,
            actor=other,
            decision="approved",
            advice="ok",
            next_review_on=uk_today() + timedelta(days=30),
        )
    with pytest.raises(PermissionDenied):
        services.request_changes(assessment_id=in_review.pk, actor=other, advice="no")
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert in_review.decision == ""


def test_decision_input_is_checked_field_by_field(build, dpo):
    assessment = build("in_review")
    with pytest.raises(ValidationError) as error:
        services.decide(
            assessment_id=assessment.pk,
            actor=dpo,
            decision="approved_with_conditions",
            advice=" ",
            conditions=[],
            next_review_on=uk_today(),
        )
    assert set(error.value.message_dict) == {"advice", "conditions", "next_review_on"}
    with pytest.raises(ValidationError) as error:
        services.decide(
            assessment_id=assessment.pk, actor=dpo, decision="changes_requested", advice="x"
        )
    assert "Request changes" in error.value.message_dict["decision"][0]
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW


def test_a_rejection_needs_no_review_date(build, dpo, owner):
    assessment = build("in_review")
    assessment = services.decide(
        assessment_id=assessment.pk, actor=dpo, decision="rejected", advice="Too intrusive."
    )
    assert assessment.next_review_on is None
    with pytest.raises(TransitionError, match="rejected"):
        services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)


def test_submitting_needs_risks_when_screening_says_full_dpia(build, owner):
    assessment = build("draft", with_risk=False)
    with pytest.raises(ValidationError, match="at least one risk"):
        services.submit(assessment_id=assessment.pk, actor=owner)
    plain = build("draft", title="Staff rota", screening={}, with_risk=False)
    assert services.submit(assessment_id=plain.pk, actor=owner).status == Status.SUBMITTED


def test_a_dsa_needs_partners_basis_and_flows(build, owner):
    dsa = build("draft", kind="dsa", screening={}, with_risk=False)
    with pytest.raises(ValidationError, match="partner organisations, lawful basis, data flows"):
        services.submit(assessment_id=dsa.pk, actor=owner)
    services.update_answers(
        assessment_id=dsa.pk,
        actor=owner,
        partner_organisations="County Council",
        lawful_basis="Crime and Disorder Act 1998 s.115",
        data_flows="Monthly CSV",
    )
    assert services.submit(assessment_id=dsa.pk, actor=owner).status == Status.SUBMITTED
    assert dsa.reference.startswith("DSA-")


def test_sign_off_by_the_asset_owner_only_and_reasons_when_advice_not_followed(
    build, owner, lead, dpo
):
    assessment = build("decided")
    with pytest.raises(PermissionDenied, match="information asset owner"):
        services.sign_off(assessment_id=assessment.pk, actor=lead, advice_followed=True)
    with pytest.raises(ValidationError, match="why the DPO's advice is not being followed"):
        services.sign_off(
            assessment_id=assessment.pk, actor=owner, advice_followed=False, reasons=""
        )
    signed = services.sign_off(
        assessment_id=assessment.pk,
        actor=owner,
        advice_followed=False,
        reasons="Operational need outweighs it.",
    )
    assert signed.advice_followed is False
    assert signed.advice_not_followed_reasons == "Operational need outweighs it."
    assert signed.consultation == Consultation.NOT_NEEDED
    with pytest.raises(TransitionError, match="already signed off"):
        services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)


def test_accepting_a_high_residual_risk_flags_prior_consultation_until_answered(build, owner, dpo):
    assessment = build("decided", risk="high")
    signed = services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)
    assert signed.high_residual_risk_accepted
    assert signed.consultation == Consultation.PENDING
    with pytest.raises(TransitionError, match="waiting for the ICO"):
        services.close(assessment_id=assessment.pk, actor=dpo)
    with pytest.raises(ValidationError):
        services.record_consultation_answer(
            assessment_id=assessment.pk,
            actor=dpo,
            answered_on=uk_today() + timedelta(days=1),
            outcome="ok",
        )
    services.record_consultation_answer(
        assessment_id=assessment.pk,
        actor=dpo,
        answered_on=uk_today(),
        outcome="Proceed with safeguards.",
    )
    assert services.close(assessment_id=assessment.pk, actor=dpo).status == Status.CLOSED


def test_conditions_are_tracked_to_completion_before_closing(build, owner, lead, dpo, make_user):
    assessment = build("in_review")
    services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved_with_conditions",
        advice="ok",
        conditions=["Signage"],
        next_review_on=uk_today() + timedelta(days=90),
    )
    condition = assessment.conditions.get()
    with pytest.raises(TransitionError, match="conditions still to complete"):
        services.close(assessment_id=assessment.pk, actor=dpo)
    stranger = make_user("sam", role="caseworker")
    with pytest.raises(PermissionDenied):
        services.complete_condition(
            assessment_id=assessment.pk, condition_id=condition.pk, actor=stranger
        )
    services.complete_condition(
        assessment_id=assessment.pk, condition_id=condition.pk, actor=lead, note="Done"
    )
    condition.refresh_from_db()
    assert (condition.completed_by, condition.completion_note) == (lead, "Done")
    with pytest.raises(TransitionError, match="already completed"):
        services.complete_condition(
            assessment_id=assessment.pk, condition_id=condition.pk, actor=owner
        )
    with pytest.raises(TransitionError, match="not been signed off"):
        services.close(assessment_id=assessment.pk, actor=dpo)
    services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)
    assert services.close(assessment_id=assessment.pk, actor=dpo).status == Status.CLOSED


def test_a_rejected_assessment_closes_without_sign_off(build, dpo):
    assessment = build("in_review")
    services.decide(assessment_id=assessment.pk, actor=dpo, decision="rejected", advice="No.")
    assert services.close(assessment_id=assessment.pk, actor=dpo).status == Status.CLOSED


def test_a_stale_version_is_a_conflict(build, owner):
    assessment = build("draft")
    services.update_answers(assessment_id=assessment.pk, actor=owner, title="First")
    with pytest.raises(ConflictError, match="changed by someone else"):
        services.update_answers(
            assessment_id=assessment.pk, actor=owner, title="Second", version=assessment.version
        )
    assessment.refresh_from_db()
    assert assessment.title == "First"


def test_people_outside_the_unit_cannot_edit(build, make_user):
    from accounts.models import Unit

    elsewhere = make_user("eve", role="caseworker", unit=Unit.objects.create(name="Elsewhere"))
    assessment = build("draft")
    with pytest.raises(PermissionDenied):
        services.update_answers(assessment_id=assessment.pk, actor=elsewhere, title="Mine now")


def test_unknown_screening_questions_are_refused(owner, lead, unit):
    with pytest.raises(ValidationError, match="Unknown screening question: astrology"):
        services.create_assessment(
            actor=owner,
            kind="dpia",
            title="x",
            unit=unit,
            asset_owner=owner,
            project_lead=lead,
            screening={"astrology": True},
        )


def test_timeline_and_versions_are_append_only(build):
    assessment = build("submitted")
    event = AssessmentEvent.objects.filter(assessment=assessment).first()
    event.description = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    version = assessment.versions.get()
    with pytest.raises(ValueError, match="append-only"):
        version.save()
