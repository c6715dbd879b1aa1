"""/api/v1/assessments/: the workflow over HTTP, filters, 400/403/409 answers."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from core.dates import uk_today

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def as_owner(owner):
    return client_for(owner)


@pytest.fixture
def as_dpo(dpo):
    return client_for(dpo)


def _create(client, the_unit, **extra):
    payload = {
        "kind": "dpia",
        "title": "Natural-language triage of emails",
        "description": "Classify incoming emails with an NLP model.",
        "unit": the_unit.pk,
        "asset_owner": "olive",
        "project_lead": "leo",
        "screening": {"innovative_technology": True, "profiling_automated_decisions": True},
        **extra,
    }
    return client.post(URL, payload, format="json")


def test_the_whole_journey_over_the_api(as_owner, as_dpo, unit, lead, on_day):
    on_day("2026-05-04")
    created = _create(as_owner, unit)
    assert created.status_code == 201, created.data
    body = created.data
    pk = body["id"]
    assert body["status"] == "draft"
    assert body["full_dpia_required"] is True
    assert body["reference"].startswith("DPIA-2026-")

    refused = as_owner.post(f"{URL}{pk}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert "at least one risk" in refused.data["risks"][0]

    risk = as_owner.post(
        f"{URL}{pk}/risks/",
        {
            "description": "Misclassification hides urgent requests",
            "likelihood": "possible",
            "severity": "significant",
            "mitigation": "Human check",
            "residual_risk": "low",
            "owner": "Head of Data Office",
        },
        format="json",
    )
    assert risk.status_code == 201
    assert as_owner.post(f"{URL}{pk}/submit/", {}, format="json").data["status"] == "submitted"
    triaged = as_dpo.post(
        f"{URL}{pk}/triage/", {"complexity": "high", "inherent_risk": "medium"}, format="json"
    )
    assert (triaged.data["tier"], triaged.data["reviewer_level"], triaged.data["target_on"]) == (
        "3",
        "dpo",
        "2026-06-03",
    )
    as_dpo.post(f"{URL}{pk}/start-review/", {}, format="json")
    changes = as_dpo.post(
        f"{URL}{pk}/request-changes/", {"advice": "Add the retention period."}, format="json"
    )
    assert changes.data["status"] == "changes_requested"
    patched = as_owner.patch(
        f"{URL}{pk}/", {"description": "Classify emails; kept 30 days."}, format="json"
    )
    assert patched.status_code == 200, patched.data
    assert as_owner.post(f"{URL}{pk}/submit/", {}, format="json").data["status"] == "submitted"
    as_dpo.post(
        f"{URL}{pk}/triage/", {"complexity": "high", "inherent_risk": "medium"}, format="json"
    )
    as_dpo.post(f"{URL}{pk}/start-review/", {}, format="json")
    decided = as_dpo.post(
        f"{URL}{pk}/decide/",
        {
            "decision": "approved_with_conditions",
            "advice": "Approved.",
            "conditions": ["Publish a privacy notice"],
            "next_review_on": "2027-05-04",
        },
        format="json",
    )
    assert decided.status_code == 200, decided.data
    assert decided.data["status"] == "decided"
    condition = decided.data["conditions"][0]["id"]
    assert len(decided.data["versions"]) == 2
    done = client_for(lead).post(
        f"{URL}{pk}/complete-condition/", {"condition": condition}, format="json"
    )
    assert done.data["conditions"][0]["completed_on"] == "2026-05-04"
    signed = as_owner.post(f"{URL}{pk}/sign-off/", {"advice_followed": True}, format="json")
    assert signed.data["signed_off_on"] == "2026-05-04"


def test_decisions_are_for_the_dpo_only(build, as_owner, make_user):
    assessment = build("in_review")
    for client in (as_owner, client_for(make_user("ada", role="admin"))):
        response = client.post(
            f"{URL}{assessment.pk}/decide/",
            {
                "decision": "approved",
                "advice": "ok",
                "next_review_on": (uk_today() + timedelta(days=30)).isoformat(),
            },
            format="json",
        )
        assert response.status_code == 403
        assert "Only the Data Protection Officer" in response.data["detail"]
    assert (
        client_for(make_user("ada2", role="admin")).get(f"{URL}{assessment.pk}/").data["status"]
        == "in_review"
    )


def test_an_illegal_move_is_409_with_a_readable_sentence(build, as_dpo):
    assessment = build("draft")
    response = as_dpo.post(
        f"{URL}{assessment.pk}/triage/",
        {"complexity": "low", "inherent_risk": "low"},
        format="json",
    )
    assert response.status_code == 409
    assert response.data["code"] == "invalid_transition"
    assert "Only a submitted assessment can be triaged" in response.data["detail"]


def test_a_stale_version_is_409(build, as_owner):
    assessment = build("draft")
    as_owner.patch(f"{URL}{assessment.pk}/", {"title": "One"}, format="json")
    response = as_owner.patch(
        f"{URL}{assessment.pk}/", {"title": "Two", "version": assessment.version}, format="json"
    )
    assert response.status_code == 409
    assert response.data["code"] == "stale_version"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "pia"}, "kind"),
        ({"title": ""}, "title"),
        ({"asset_owner": "nobody"}, "asset_owner"),
        ({"unit": 999}, "unit"),
        ({"next_review_on": "31/12/2027"}, "next_review_on"),
        ({"screening": {"biometric_data": "perhaps"}}, "screening"),
    ],
)
def test_bad_input_is_400_with_the_field_and_nothing_created(as_owner, unit, lead, payload, field):
    response = _create(as_owner, unit, **payload)
    assert response.status_code == 400
    assert field in response.data
    assert as_owner.get(URL).data["count"] == 0


def test_bad_decision_input_is_400_never_500(build, as_dpo):
    assessment = build("in_review")
    for payload in (
        {},
        {"decision": "maybe", "advice": "x"},
        {"decision": "approved", "advice": "x", "next_review_on": "2020-01-01"},
        {"decision": "approved", "advice": "x", "conditions": "not a list"},
    ):
        response = as_dpo.post(f"{URL}{assessment.pk}/decide/", payload, format="json")
        assert response.status_code == 400, (payload, response.status_code)


def test_filters(build, as_dpo, dpo, on_day):
    on_day("2026-03-01")
    old = build("submitted", title="Old")  # triage due 6 March
    on_day("2026-03-05")
    build("draft", title="Draft", kind="dsa")
    triaged = build("triaged", title="Triaged")  # tier 2 from 5 March: 25 March
    on_day("2026-03-10")

    def refs(query):
        return sorted(item["title"] for item in as_dpo.get(URL + query).data["results"])

    assert refs("?overdue=true") == ["Old"]
    assert refs("?overdue=false") == ["Draft", "Triaged"]
    assert refs("?kind=dsa") == ["Draft"]
    assert refs("?status=submitted") == ["Old"]
    assert refs("?tier=2") == ["Triaged"]
    assert refs(f"?unit={old.unit_id}") == ["Draft", "Old", "Triaged"]
    assert as_dpo.get(URL + "?status=nonsense").status_code == 400
    assert triaged.pk


def test_roles_without_assessment_work_are_refused(make_user):
    response = client_for(make_user("bob", role="data_board")).get(URL)
    assert response.status_code == 403


def test_schema_lists_the_actions():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for action in (
        "submit",
        "triage",
        "request-changes",
        "decide",
        "complete-condition",
        "sign-off",
    ):
        assert f"/api/v1/assessments/{{id}}/{action}/" in paths


def test_risks_are_added_and_removed_only_while_editable(build, as_owner):
    assessment = build("draft")
    risk = assessment.risks.get()
    other = build("draft", title="Other")
    wrong = as_owner.post(
        f"{URL}{assessment.pk}/remove-risk/", {"risk": other.risks.get().pk}, format="json"
    )
    assert wrong.status_code == 400
    removed = as_owner.post(f"{URL}{assessment.pk}/remove-risk/", {"risk": risk.pk}, format="json")
    assert removed.status_code == 200
    assert removed.data["risks"] == []
    submitted = build("submitted", title="Submitted")
    refused = as_owner.post(
        f"{URL}{submitted.pk}/remove-risk/", {"risk": submitted.risks.get().pk}, format="json"
    )
    assert refused.status_code == 409
    assert submitted.risks.count() == 1
