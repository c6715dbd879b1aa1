"""The assessment workflow as declared (dpia/services/actions.py): who may do what at
each status, the same answer from the page and the API, and the service refusing a role
itself."""

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import TransitionError
from dpia import services
from dpia.services import WORKFLOW

pytestmark = pytest.mark.django_db

EDIT = ["edit", "add_risk", "remove_risk", "submit"]

#: stage → person → the actions available, in declared order.
AVAILABLE = {
    "draft": {"owner": EDIT, "lead": EDIT, "colleague": EDIT, "admin": EDIT, "dpo": []},
    "submitted": {"owner": [], "lead": [], "colleague": [], "admin": [], "dpo": ["triage"]},
    "triaged": {"owner": [], "lead": [], "colleague": [], "admin": [], "dpo": ["start_review"]},
    "in_review": {
        "owner": [],
        "lead": [],
        "colleague": [],
        "admin": [],
        "dpo": ["decide", "request_changes"],
    },
    "changes_requested": {"owner": EDIT, "lead": EDIT, "colleague": EDIT, "admin": EDIT, "dpo": []},
    "decided": {
        "owner": ["sign_off", "complete_condition"],
        "lead": ["complete_condition"],
        "colleague": [],
        "admin": [],
        "dpo": ["complete_condition"],
    },
    "signed_off": {
        "owner": ["complete_condition"],
        "lead": ["complete_condition"],
        "colleague": [],
        "admin": [],
        "dpo": ["complete_condition", "close"],
    },
    "waiting_for_the_ico": {
        "owner": ["complete_condition"],
        "lead": ["complete_condition"],
        "colleague": [],
        "admin": [],
        "dpo": ["complete_condition", "consultation_answer"],
    },
    "review_due": {
        "owner": [*EDIT, "sign_off", "complete_condition"],
        "lead": [*EDIT, "complete_condition"],
        "colleague": EDIT,
        "admin": EDIT,
        "dpo": ["complete_condition"],
    },
    "closed": {person: [] for person in ("owner", "lead", "colleague", "admin", "dpo")},
}


@pytest.fixture
def people(owner, lead, dpo, make_user):
    return {
        "owner": owner,
        "lead": lead,
        "colleague": make_user("cara", role="caseworker"),
        "admin": make_user("alex", role="admin", is_staff=True),
        "dpo": dpo,
    }


@pytest.fixture
def stage(build, owner):
    def make(name):
        if name == "signed_off":
            assessment = build("decided")
            services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)
        elif name == "waiting_for_the_ico":
            assessment = build("decided", risk="high")
            services.sign_off(assessment_id=assessment.pk, actor=owner, advice_followed=True)
        else:
            return build(name)
        assessment.refresh_from_db()
        return assessment

    return make


@pytest.mark.parametrize("name", list(AVAILABLE))
def test_who_may_do_what_at_each_stage(stage, people, name):
    assessment = stage(name)
    for person, user in people.items():
        got = [action.name for action in WORKFLOW.available(user, assessment)]
        assert got == AVAILABLE[name][person], (name, person)
    # Only the daily job marks a decided assessment due for review.
    system = [action.name for action in WORKFLOW.available(None, assessment)]
    assert system == (
        ["mark_review_due"] if name in ("decided", "signed_off", "waiting_for_the_ico") else []
    )


@pytest.mark.parametrize("name", ["draft", "in_review", "decided", "signed_off", "review_due"])
def test_the_page_and_the_api_list_the_same_actions(stage, people, client, name):
    from rest_framework.test import APIClient

    assessment = stage(name)
    for person, user in people.items():
        client.force_login(user)
        page = client.get(f"/assessments/{assessment.pk}/")
        assert page.status_code == 200
        api = APIClient()
        api.force_authenticate(user)
        body = api.get(f"/api/v1/assessments/{assessment.pk}/").json()
        expected = AVAILABLE[name][person]
        assert body["available_actions"] == expected, (name, person)
        assert page.context["actions"] == [WORKFLOW[n].slug for n in expected], (name, person)


def test_the_api_answers_what_may_be_done_after_an_action(stage, people):
    from rest_framework.test import APIClient

    assessment = stage("in_review")
    api = APIClient()
    api.force_authenticate(people["dpo"])
    response = api.post(
        f"/api/v1/assessments/{assessment.pk}/request-changes/",
        {"advice": "Say how long footage is kept.", "version": assessment.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["available_actions"] == AVAILABLE["changes_requested"]["dpo"]


def test_the_service_itself_refuses_a_person_who_may_not(stage, people):
    assessment = stage("decided")
    events = assessment.events.count()
    with pytest.raises(PermissionDenied, match="Only the daily job"):
        services.mark_review_due(assessment_id=assessment.pk, actor=people["dpo"])
    with pytest.raises(PermissionDenied, match="Only the information asset owner, the project"):
        services.complete_condition(
            assessment_id=assessment.pk, condition_id=1, actor=people["colleague"]
        )
    with pytest.raises(PermissionDenied, match="Only the information asset owner can sign off"):
        services.sign_off(assessment_id=assessment.pk, actor=people["lead"], advice_followed=True)
    assert assessment.events.count() == events


def test_the_guards_say_why_past_the_status(stage, people):
    assessment = stage("signed_off")
    with pytest.raises(TransitionError, match="is already signed off"):
        services.sign_off(assessment_id=assessment.pk, actor=people["owner"], advice_followed=True)
    with pytest.raises(TransitionError, match="is not waiting for the ICO"):
        services.record_consultation_answer(
            assessment_id=assessment.pk,
            actor=people["dpo"],
            answered_on=assessment.signed_off_on,
            outcome="Proceed",
        )
    assert WORKFLOW.refusal(assessment, "close") is None


def test_an_unknown_page_action_is_not_found(stage, people, client):
    assessment = stage("draft")
    client.force_login(people["owner"])
    assert client.post(f"/assessments/{assessment.pk}/explode/").status_code == 404
