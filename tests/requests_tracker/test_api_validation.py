"""Bad input gets a clear 400 with field errors and changes nothing; illegal moves get 409."""

import pytest

from requests_tracker.models import InformationRequest, RequestEvent

pytestmark = pytest.mark.django_db

FOI = {
    "kind": "foi",
    "received_on": "2026-05-01",
    "channel": "email",
    "requester_type": "member_of_public",
    "summary": "Force budget for 2025/26",
    "requester": {"name": "Pat Example", "email": "pat@example.org"},
}


@pytest.fixture
def foi(api, on_day):
    on_day("2026-05-11")
    response = api.post("/api/v1/requests/", FOI, format="json")
    assert response.status_code == 201
    return response.json()


def snapshot():
    return (
        list(InformationRequest.objects.order_by("id").values()),
        RequestEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"received_on": "2026-13-01"}, "received_on", "real date"),
        ({"received_on": "01/05/2026"}, "received_on", "YYYY-MM-DD"),
        ({"received_on": "2026-05-12"}, "received_on", "future"),
        ({"kind": "complaint"}, "kind", "valid choice"),
        ({"kind": "internal_review"}, "kind", ""),
        ({"channel": "pigeon"}, "channel", "valid choice"),
        ({"requester_type": ""}, "requester_type", ""),
        ({"summary": ""}, "summary", ""),
        ({"regime": "uk_gdpr"}, "regime", "only to right-of-access"),
        ({"kind": "roa"}, "regime", "UK GDPR or DPA 2018 Part 3"),
        (
            {"requester": {"name": "No Address"}},
            "requester.email",
            "email address or a postal address",
        ),
        ({"requester": {"name": "", "email": "x@example.org"}}, "requester.name", "name"),
        (
            {"requester": {"name": "Bad", "email": "not-an-email"}},
            "requester.email",
            "correct format",
        ),
        ({"unit": 99999}, "unit", ""),
    ],
)
def test_create_rejects_bad_input_with_field_errors(api, on_day, change, field, words):
    on_day("2026-05-11")
    before = snapshot()
    response = api.post("/api/v1/requests/", {**FOI, **change}, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    flat = (
        {**errors, **{f"requester.{k}": v for k, v in errors.get("requester", {}).items()}}
        if isinstance(errors.get("requester"), dict)
        else errors
    )
    assert field in flat, errors
    assert words in " ".join(map(str, flat[field]))
    assert snapshot() == before


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"kind": ["foi"]}', b'{"requester": "me"}', b"null"],
)
def test_malformed_json_is_400_not_500(api, on_day, body):
    on_day("2026-05-11")
    response = api.generic("POST", "/api/v1/requests/", body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("action", "payload", "field", "words"),
    [
        (
            "stop-clock",
            {"reason": "identity", "started_on": "2026-05-05"},
            "reason",
            "applicant-blind",
        ),
        (
            "stop-clock",
            {"reason": "clarification", "started_on": "2026-04-30"},
            "started_on",
            "before the request was received",
        ),
        (
            "stop-clock",
            {"reason": "clarification", "started_on": "2026-05-12"},
            "started_on",
            "future",
        ),
        ("stop-clock", {"reason": "sleep", "started_on": "2026-05-05"}, "reason", "valid choice"),
        (
            "extend",
            {"extended_on": "2026-05-05", "reason": "PIT", "working_days": 21},
            "working_days",
            "",
        ),
        ("extend", {"extended_on": "2026-05-12", "reason": "PIT"}, "extended_on", "future"),
        ("close", {"closed_on": "2026-05-12", "outcome": "granted_in_full"}, "closed_on", "future"),
        (
            "close",
            {"closed_on": "2026-04-01", "outcome": "granted_in_full"},
            "closed_on",
            "before the request was received",
        ),
        (
            "close",
            {"closed_on": "2026-05-05", "outcome": "disclosed_in_full"},
            "outcome",
            "granted in full",
        ),
        ("close", {"closed_on": "2026-05-05", "outcome": "refused"}, "exemptions", "exemptions"),
        (
            "close",
            {"closed_on": "2026-05-05", "outcome": "refused", "exemptions": ["reg13"]},
            "exemptions",
            "reg13",
        ),
        (
            "close",
            {"closed_on": "2026-05-05", "outcome": "granted_in_full", "late_reason": "volume"},
            "late_reason",
            "on time",
        ),
        ("withdraw", {"withdrawn_on": "2026-05-05", "reason": ""}, "reason", ""),
        ("notes", {"text": ""}, "text", ""),
        ("assign", {"user": "nobody"}, "user", "no active user"),
    ],
)
def test_actions_reject_bad_input_and_change_nothing(api, foi, action, payload, field, words):
    before = snapshot()
    response = api.post(f"/api/v1/requests/{foi['id']}/{action}/", payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert snapshot() == before


def test_illegal_transitions_are_409_with_a_sentence(api, foi):
    url = f"/api/v1/requests/{foi['id']}"
    restart = api.post(f"{url}/restart-clock/", {"ended_on": "2026-05-05"}, format="json")
    assert restart.status_code == 409
    assert "The clock is not stopped" in restart.json()["detail"]
    reopen = api.post(f"{url}/reopen/", {"reason": "why not"}, format="json")
    assert reopen.status_code == 409
    review = api.post(f"{url}/internal-review/", {"received_on": "2026-05-05"}, format="json")
    assert review.status_code == 409
    assert "closed request" in review.json()["detail"]


def test_late_close_needs_detail_when_reason_is_other(api, foi, on_day):
    on_day("2026-06-30")
    url = f"/api/v1/requests/{foi['id']}"
    response = api.post(
        f"{url}/close/",
        {"closed_on": "2026-06-30", "outcome": "not_held", "late_reason": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert "late_reason_detail" in response.json()
    ok = api.post(
        f"{url}/close/",
        {
            "closed_on": "2026-06-30",
            "outcome": "not_held",
            "late_reason": "other",
            "late_reason_detail": "Records system outage",
        },
        format="json",
    )
    assert ok.status_code == 200
    assert ok.json()["on_time"] is False


def test_stale_version_is_409_and_changes_nothing(api, foi):
    url = f"/api/v1/requests/{foi['id']}"
    api.post(f"{url}/notes/", {"text": "Asked the Finance team"}, format="json")
    first = api.post(
        f"{url}/stop-clock/",
        {"reason": "fee", "started_on": "2026-05-05", "version": foi["version"]},
        format="json",
    )
    assert first.status_code == 200  # a note does not change the version
    before = snapshot()
    stale = api.post(
        f"{url}/close/",
        {"closed_on": "2026-05-06", "outcome": "granted_in_full", "version": foi["version"]},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert "changed by someone else" in stale.json()["detail"]
    assert snapshot() == before


def test_unknown_request_is_404(api):
    assert api.get("/api/v1/requests/999999/").status_code == 404
    assert api.post("/api/v1/requests/999999/close/", {}, format="json").status_code == 404
    assert api.get("/api/v1/requests/not-a-number/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "due_before=yesterday",
        "received_after=2026-02-30",
        "kind=parking",
        "status=done",
        "overdue=maybe",
        "unit=abc",
        "ordering=secret_field",
        "page=999",
        "page_size=abc",
    ],
)
def test_list_filters_never_500(api, foi, query):
    response = api.get(f"/api/v1/requests/?{query}")
    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"].startswith("application/json")


def test_a_stop_cannot_revive_a_missed_deadline(api, foi, on_day):
    on_day("2026-06-30")
    before = snapshot()
    response = api.post(
        f"/api/v1/requests/{foi['id']}/stop-clock/",
        {"reason": "clarification", "started_on": "2026-06-29"},
        format="json",
    )
    assert response.status_code == 400
    assert "had passed" in response.json()["started_on"][0]
    assert snapshot() == before


@pytest.mark.parametrize("path", ["/api/v1/requests/", "/api/v1/assessments/", "/api/v1/breaches/"])
def test_nul_characters_are_refused_not_a_server_error(api, on_day, path):
    on_day("2026-05-11")
    before = snapshot()
    response = api.post(path, {**FOI, "summary": "a\x00b", "project_lead": "x\x00"}, format="json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert snapshot() == before
