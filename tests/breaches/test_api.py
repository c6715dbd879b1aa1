"""The breaches API: the 72-hour deadline as other systems see it, validation (400),
stale versions and illegal moves (409), and DPO-only decisions (403)."""

from datetime import UTC, datetime, timedelta

import pytest

from breaches.models import Breach, BreachEvent

URL = "/api/v1/breaches/"

pytestmark = pytest.mark.django_db


def create(client, **payload):
    body = {
        "aware_at": "2026-03-27T14:30",
        "source": "internal",
        "nature": "misdirected_email",
        "summary": "Custody record emailed to the wrong solicitor",
        **payload,
    }
    return client.post(URL, body, format="json")


def test_create_takes_uk_local_time_and_deadline_crosses_the_march_clock_change(api, at):
    at(2026, 3, 28, 9, 0)
    response = create(api, aware_at="2026-03-27T14:30")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["aware_at"] == "2026-03-27T14:30:00+00:00"
    # 72 elapsed hours: 14:30 GMT Friday → 15:30 BST Monday (not 14:30).
    assert data["report_due_at"] == "2026-03-30T15:30:00+01:00"
    assert data["hours_remaining"] == 53.5
    assert data["reference"].startswith("BR-2026-")
    assert data["status"] == "open"
    assert data["events"][0]["type"] == "recorded"


def test_deadline_across_the_october_clock_change(api, at):
    at(2026, 10, 24, 9, 0)
    response = create(api, aware_at="2026-10-23T14:30")
    assert response.status_code == 201
    assert response.json()["report_due_at"] == "2026-10-26T13:30:00+00:00"


def test_create_takes_an_explicit_offset(api, at):
    at(2026, 7, 2, 9, 0)
    response = create(api, aware_at="2026-07-01T08:00:00Z")
    assert response.status_code == 201
    assert response.json()["aware_at"] == "2026-07-01T09:00:00+01:00"
    assert response.json()["report_due_at"] == "2026-07-04T09:00:00+01:00"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"aware_at": "2026-03-29T01:30"}, "aware_at"),  # skipped by the clocks
        ({"aware_at": "2026-10-25T01:30"}, "aware_at"),  # happened twice
        ({"aware_at": "27/03/2026"}, "aware_at"),
        ({"aware_at": "2027-01-01T09:00"}, "aware_at"),  # future
        ({"source": "aliens"}, "source"),
        ({"nature": "spilled_coffee"}, "nature"),
        ({"summary": ""}, "summary"),
        ({"security_properties": ["secrecy"]}, "security_properties"),
        ({"data_subjects_count": -1}, "data_subjects_count"),
        ({"occurred_at": "2026-03-28T09:00"}, "occurred_at"),  # after becoming aware
        ({"aware_at": 20260327}, "aware_at"),
    ],
)
def test_bad_input_is_400_with_field_errors_and_nothing_saved(api, at, payload, field):
    at(2026, 11, 1, 9, 0)
    response = create(api, **payload)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Breach.objects.exists()


def test_missing_everything_is_400_not_500(api):
    response = api.post(URL, {}, format="json")
    assert response.status_code == 400
    assert {"aware_at", "source", "nature", "summary"} <= set(response.json())


def breach_via_api(client, at):
    at(2026, 3, 28, 9, 0)
    return create(client).json()


def test_only_the_dpo_group_can_record_the_decision(
    api, client_for, team_lead, admin_user, dpo, at
):
    breach = breach_via_api(api, at)
    assess = client_for(team_lead).post(
        f"{URL}{breach['id']}/assess/",
        {"likelihood": "probable", "severity": "significant", "rationale": "Solicitor not bound"},
        format="json",
    )
    assert assess.status_code == 200, assess.json()
    assert assess.json()["risk"] == "high_risk"
    decision = {"reportable": True, "reasons": "High risk to the person"}
    for user in (api, client_for(team_lead), client_for(admin_user)):
        response = user.post(f"{URL}{breach['id']}/decide/", decision, format="json")
        assert response.status_code == 403
        assert "Data Protection Officer" in response.json()["detail"]
    assert Breach.objects.get().reportable is None
    response = client_for(dpo).post(f"{URL}{breach['id']}/decide/", decision, format="json")
    assert response.status_code == 200
    assert response.json()["reportable"] is True
    assert response.json()["decided_by"] == "dana"
    assert response.json()["dpo_consulted"] is True


def test_decision_before_assessment_is_409(api, client_for, dpo, at):
    breach = breach_via_api(api, at)
    response = client_for(dpo).post(
        f"{URL}{breach['id']}/decide/", {"reportable": False, "reasons": "x"}, format="json"
    )
    assert response.status_code == 409
    assert "risk assessment first" in response.json()["detail"]


def test_stale_version_is_409_and_changes_nothing(api, client_for, dpo, at):
    breach = breach_via_api(api, at)
    response = client_for(dpo).post(
        f"{URL}{breach['id']}/assess/",
        {"likelihood": "remote", "severity": "minimal", "rationale": "x", "version": 99},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert Breach.objects.get().risk == ""


def assessed(client, breach_id, likelihood="possible", severity="significant"):
    response = client.post(
        f"{URL}{breach_id}/assess/",
        {"likelihood": likelihood, "severity": severity, "rationale": "Contained quickly"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_decision_not_to_report_needs_reasons_and_keeps_them(api, client_for, dpo, at):
    breach = breach_via_api(api, at)
    client = client_for(dpo)
    assessed(client, breach["id"], "remote", "minimal")
    response = client.post(
        f"{URL}{breach['id']}/decide/", {"reportable": False, "reasons": "  "}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        f"{URL}{breach['id']}/decide/",
        {"reportable": False, "reasons": "Recalled unread within the hour"},
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "not_reportable"
    assert data["decision_reasons"] == "Recalled unread within the hour"
    assert data["hours_remaining"] is None


def test_report_after_the_deadline_needs_a_late_reason(api, client_for, dpo, at):
    breach = breach_via_api(api, at)  # due 2026-03-30T15:30+01:00
    client = client_for(dpo)
    assessed(client, breach["id"])
    client.post(
        f"{URL}{breach['id']}/decide/", {"reportable": True, "reasons": "Risk"}, format="json"
    )
    at(2026, 4, 2, 9, 0)
    late = {"reported_at": "2026-03-30T15:31", "regulator_reference": "ICO/123"}
    response = client.post(f"{URL}{breach['id']}/report/", late, format="json")
    assert response.status_code == 400
    assert "72-hour deadline" in response.json()["late_reason"][0]
    response = client.post(
        f"{URL}{breach['id']}/report/",
        {**late, "late_reason": "Waited for the processor's account"},
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "reported"
    assert data["late_report_reason"] == "Waited for the processor's account"
    assert data["reported_at"] == "2026-03-30T15:31:00+01:00"


def test_report_at_the_deadline_is_in_time(api, client_for, dpo, at):
    breach = breach_via_api(api, at)
    client = client_for(dpo)
    assessed(client, breach["id"])
    client.post(
        f"{URL}{breach['id']}/decide/", {"reportable": True, "reasons": "Risk"}, format="json"
    )
    at(2026, 4, 2, 9, 0)
    response = client.post(
        f"{URL}{breach['id']}/report/",
        {"reported_at": "2026-03-30T15:30:00+01:00", "late_reason": "ignored"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["late_report_reason"] == ""


def test_high_risk_breach_cannot_close_without_an_answer_on_telling_people(
    api, client_for, dpo, at
):
    breach = breach_via_api(api, at)
    client = client_for(dpo)
    assessed(client, breach["id"], "probable", "severe")
    client.post(
        f"{URL}{breach['id']}/decide/", {"reportable": True, "reasons": "Risk"}, format="json"
    )
    client.post(f"{URL}{breach['id']}/report/", {"reported_at": "2026-03-28T08:00"}, format="json")
    close = {"lessons_learned": "Check addresses before sending"}
    response = client.post(f"{URL}{breach['id']}/close/", close, format="json")
    assert response.status_code == 400
    assert "high risk" in response.json()["subjects_notified"][0]
    response = client.post(
        f"{URL}{breach['id']}/notify-subjects/", {"notified": True}, format="json"
    )
    assert response.status_code == 400
    assert "notified_at" in response.json()
    response = client.post(
        f"{URL}{breach['id']}/notify-subjects/",
        {"notified": True, "notified_at": "2026-03-28T08:30"},
        format="json",
    )
    assert response.status_code == 200
    response = client.post(f"{URL}{breach['id']}/close/", close, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    response = client.post(f"{URL}{breach['id']}/close/", close, format="json")
    assert response.status_code == 409


def test_not_told_needs_reasons(api, client_for, dpo, at):
    breach = breach_via_api(api, at)
    response = client_for(dpo).post(
        f"{URL}{breach['id']}/notify-subjects/", {"notified": False}, format="json"
    )
    assert response.status_code == 400
    assert "reasons" in response.json()


def test_actions_are_added_with_owner_and_due_date(api, client_for, team_lead, at):
    breach = breach_via_api(api, at)
    client = client_for(team_lead)
    response = client.post(
        f"{URL}{breach['id']}/actions/",
        {"kind": "containment", "description": "Ask recipient to delete", "due_on": "2026-03-29"},
        format="json",
    )
    assert response.status_code == 400
    assert "owner_name" in response.json()
    response = client.post(
        f"{URL}{breach['id']}/actions/",
        {
            "kind": "containment",
            "description": "Ask recipient to delete",
            "due_on": "2026-03-29",
            "owner_name": "Disclosure team lead",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["actions"][0]["owner_name"] == "Disclosure team lead"


def test_caseworker_cannot_assess(api, at):
    breach = breach_via_api(api, at)
    response = api.post(
        f"{URL}{breach['id']}/assess/",
        {"likelihood": "remote", "severity": "minimal", "rationale": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_data_board_and_anonymous_cannot_use_the_register(client_for, board, client):
    assert client_for(board).get(URL).status_code == 403
    assert client.get(URL).status_code in (401, 403)


def test_list_filters(api, record, at, make_user):
    at(2026, 3, 28, 9, 0)
    soon = record(2026, 3, 25, 12, 0, source="external")  # due 28 Mar 12:00 GMT: 3 h left
    record(2026, 3, 27, 12, 0, nature="lost_or_stolen_device")
    missed = record(2026, 2, 1, 12, 0)  # deadline long passed, still undecided
    ids = lambda r: {row["reference"] for row in r.json()["results"]}  # noqa: E731
    assert ids(api.get(URL, {"due_within_24h": "true"})) == {soon.reference, missed.reference}
    assert len(ids(api.get(URL, {"due_within_24h": "false"}))) == 1
    assert ids(api.get(URL, {"source": "external"})) == {soon.reference}
    assert len(ids(api.get(URL, {"nature": "lost_or_stolen_device"}))) == 1
    assert len(ids(api.get(URL, {"aware_after": "2026-03-01"}))) == 2
    assert len(ids(api.get(URL, {"aware_before": "2026-02-01"}))) == 1
    assert api.get(URL, {"source": "nope"}).status_code == 400
    assert api.get(URL, {"aware_after": "yesterday"}).status_code == 400


def test_caseworker_sees_only_their_units_breaches(api, record, make_user, at):
    from accounts.models import Unit

    at(2026, 3, 28, 9, 0)
    other_unit = Unit.objects.create(name="Professional Standards")
    stranger = make_user("sam", role="caseworker", unit=other_unit)
    hidden = record(2026, 3, 27, 9, 0, actor=stranger)
    mine = record(2026, 3, 27, 10, 0)
    refs = {row["reference"] for row in api.get(URL).json()["results"]}
    assert refs == {mine.reference}
    assert api.get(f"{URL}{hidden.pk}/").status_code == 404


def test_timeline_is_append_only(record, at):
    at(2026, 3, 28, 9, 0)
    breach = record(2026, 3, 27, 9, 0)
    event = BreachEvent.objects.get(breach=breach)
    event.description = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_schema_names_the_vocabularies(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    enums = {
        tuple(sorted(component.get("enum", [])))
        for component in schema["components"]["schemas"].values()
    }
    assert ("external", "internal", "third_party") in enums
    assert ("availability", "confidentiality", "integrity") in enums
    assert ("high_risk", "no_risk", "risk") in enums


def test_hours_remaining_is_negative_once_passed(api, at):
    at(2026, 3, 28, 9, 0)
    breach = create(api, aware_at="2026-03-24T09:00").json()
    assert breach["hours_remaining"] == -(24.0)
    assert datetime.fromisoformat(breach["report_due_at"]).astimezone(UTC) == datetime(
        2026, 3, 27, 9, 0, tzinfo=UTC
    ) + timedelta(0)
