"""Assessments built through the real services, at any point of the workflow."""

from datetime import timedelta

import pytest

from core.dates import uk_today
from dpia import services
from dpia.vocabularies import Status


@pytest.fixture
def unit(db):
    from accounts.models import Unit

    return Unit.objects.get_or_create(name="Disclosure Unit")[0]


@pytest.fixture
def dpo(make_user):
    return make_user("dana", role="dpo", email="dpo@example.org")


@pytest.fixture
def owner(make_user):
    """The information asset owner (a team lead)."""
    return make_user("olive", role="team_lead", email="olive@example.org")


@pytest.fixture
def lead(make_user):
    return make_user("leo", role="caseworker", email="leo@example.org")


@pytest.fixture
def build(owner, lead, dpo, unit):
    """build(status, **answers) → an assessment brought to `status` through the services."""

    def make(
        status: str = Status.DRAFT,
        *,
        title: str = "Body-worn video live streaming",
        risk: str = "medium",
        screening: dict | None = None,
        with_risk: bool = True,
        **extra,
    ):
        assessment = services.create_assessment(
            actor=owner,
            kind=extra.pop("kind", "dpia"),
            title=title,
            description="Live streaming from body-worn cameras to the control room.",
            unit=unit,
            asset_owner=owner,
            project_lead=lead,
            screening=screening if screening is not None else {"innovative_technology": True},
            **extra,
        )
        if not with_risk:
            assert status == Status.DRAFT
            return assessment
        services.add_risk(
            assessment_id=assessment.pk,
            actor=owner,
            description="Footage of bystanders is streamed",
            likelihood="possible",
            severity="significant",
            mitigation="Blur by default",
            residual_risk=risk,
            owner="Head of Operations",
        )
        if status == Status.DRAFT:
            return _fresh(assessment)
        services.submit(assessment_id=assessment.pk, actor=owner)
        if status == Status.SUBMITTED:
            return _fresh(assessment)
        services.triage(
            assessment_id=assessment.pk, actor=dpo, complexity="medium", inherent_risk="medium"
        )
        if status == Status.TRIAGED:
            return _fresh(assessment)
        services.start_review(assessment_id=assessment.pk, actor=dpo)
        if status == Status.IN_REVIEW:
            return _fresh(assessment)
        if status == Status.CHANGES_REQUESTED:
            services.request_changes(
                assessment_id=assessment.pk, actor=dpo, advice="Say how long footage is kept."
            )
            return _fresh(assessment)
        services.decide(
            assessment_id=assessment.pk,
            actor=dpo,
            decision="approved",
            advice="Proceed.",
            next_review_on=uk_today() + timedelta(days=365),
        )
        if status == Status.DECIDED:
            return _fresh(assessment)
        if status == Status.REVIEW_DUE:
            services.mark_review_due(assessment_id=assessment.pk)
            return _fresh(assessment)
        services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)
        services.close(assessment_id=assessment.pk, actor=dpo)
        assert status == Status.CLOSED
        return _fresh(assessment)

    return make


def _fresh(assessment):
    assessment.refresh_from_db()
    return assessment
