"""The caseworker's whole lifecycle through the REST API, as another system would drive it."""

import pytest

pytestmark = pytest.mark.django_db

ROA = {
    "kind": "roa",
    "regime": "uk_gdpr",
    "received_on": "2026-03-02",
    "channel": "email",
    "requester_type": "member_of_public",
    "summary": "All records held about me",
    "requester": {"name": "Sam Example", "email": "sam@example.org"},
}


def post(api, url, payload, expected=200):
    response = api.post(url, payload, format="json")
    assert response.status_code == expected, response.content
    return response.json()


def test_right_of_access_lifecycle(api, on_day):
    on_day("2026-03-02")
    created = post(api, "/api/v1/requests/", ROA, expected=201)
    assert created["reference"] == "ROA-2026-00001"
    assert created["status"] == "open"
    # Identity held on receipt would start the clock at once: due one month on.
    assert created["clock_started_on"] == "2026-03-02"
    assert created["due_on"] == "2026-04-02"
    assert created["on_time"] is None
    url = f"/api/v1/requests/{created['id']}"

    # Proof of identity is asked for on the day of receipt: the clock has not started.
    held = post(api, f"{url}/stop-clock/", {"reason": "identity", "started_on": "2026-03-02"})
    assert held["status"] == "on_hold"
    assert held["clock_started_on"] is None
    assert held["due_on"] is None

    on_day("2026-03-09")
    started = post(api, f"{url}/restart-clock/", {"ended_on": "2026-03-09"})
    assert started["status"] == "open"
    assert started["clock_started_on"] == "2026-03-09"
    assert started["due_on"] == "2026-04-09"

    on_day("2026-03-20")
    post(api, f"{url}/stop-clock/", {"reason": "clarification", "started_on": "2026-03-16"})
    resumed = post(api, f"{url}/restart-clock/", {"ended_on": "2026-03-20"})
    # 16–20 March, both included: five days added before the roll.
    assert resumed["due_on"] == "2026-04-14"
    assert resumed["original_due_on"] == "2026-04-14"

    on_day("2026-04-01")
    extended = post(
        api,
        f"{url}/extend/",
        {"extended_on": "2026-04-01", "reason": "Several thousand pages across four systems"},
    )
    # Three months from the relevant time (9 June) plus five paused days is Sunday
    # 14 June 2026, which rolls to Monday 15 June.
    assert extended["due_on"] == "2026-06-15"
    assert extended["original_due_on"] == "2026-04-14"
    assert extended["extended"] is True

    on_day("2026-06-22")
    refused = api.post(
        f"{url}/close/",
        {"closed_on": "2026-06-19", "outcome": "disclosed_in_full"},
        format="json",
    )
    assert refused.status_code == 400
    assert "late_reason" in refused.json()

    closed = post(
        api,
        f"{url}/close/",
        {
            "closed_on": "2026-06-19",
            "outcome": "disclosed_in_full",
            "late_reason": "awaiting_business_area",
            "version": extended["version"],
        },
    )
    assert closed["status"] == "closed"
    assert closed["on_time"] is False
    assert closed["days_remaining"] is None

    detail = api.get(f"{url}/").json()
    assert [event["type"] for event in detail["events"]] == [
        "logged",
        "clock_stopped",
        "clock_restarted",
        "clock_stopped",
        "clock_restarted",
        "extended",
        "closed",
    ]
    assert detail["requester"] == {
        "name": "Sam Example",
        "email": "sam@example.org",
        "address": "",
        "phone": "",
    }
    assert [stop["reason"] for stop in detail["clock_stops"]] == ["identity", "clarification"]


def test_foi_request_review_lifecycle(api, on_day):
    on_day("2026-03-25")
    foi = post(
        api,
        "/api/v1/requests/",
        {
            "kind": "foi",
            "received_on": "2026-03-02",
            "channel": "web",
            "requester_type": "media",
            "summary": "Number of stop and search records in 2025",
            "requester": {"name": "A Journalist", "address": "1 Fleet Street, London"},
        },
        expected=201,
    )
    assert foi["reference"] == "FOI-2026-00001"
    assert foi["regime"] == ""
    # The 20th working day after 2 March, skipping St Patrick's Day (17 March): a
    # Northern Ireland bank holiday is a non-working day for FOIA everywhere in the UK.
    assert foi["due_on"] == "2026-03-31"
    assert "Saint Patrick's Day (Northern Ireland, 17 March 2026)" in foi["due_explanation"]
    assert foi["days_remaining"] == 4  # 26, 27, 30 and 31 March
    url = f"/api/v1/requests/{foi['id']}"
    closed = post(
        api,
        f"{url}/close/",
        {"closed_on": "2026-03-25", "outcome": "granted_in_part", "exemptions": ["s40"]},
    )
    assert closed["on_time"] is True
    assert closed["exemptions"] == ["s40"]

    on_day("2026-04-01")
    review = post(api, f"{url}/internal-review/", {"received_on": "2026-04-01"}, expected=201)
    assert review["kind"] == "internal_review"
    assert review["parent"] == "FOI-2026-00001"
    assert review["reference"] == "IR-2026-00001"
    # 20 working days after 1 April 2026, skipping Good Friday and Easter Monday.
    assert review["due_on"] == "2026-05-01"
    assert "Good Friday" in review["due_explanation"]

    on_day("2026-04-20")
    reviewed = post(
        api,
        f"/api/v1/requests/{review['id']}/close/",
        {"closed_on": "2026-04-20", "outcome": "upheld"},
    )
    assert reviewed["status"] == "closed"
    assert reviewed["on_time"] is True

    parent = api.get(f"{url}/").json()
    assert [event["type"] for event in parent["events"]] == ["logged", "closed", "review_opened"]
    review_detail = api.get(f"/api/v1/requests/{review['id']}/").json()
    assert [event["type"] for event in review_detail["events"]] == ["logged", "closed"]


def test_second_review_of_the_same_response_is_refused(api, on_day):
    on_day("2026-03-25")
    foi = post(
        api,
        "/api/v1/requests/",
        {**ROA, "kind": "foi", "regime": "", "received_on": "2026-03-02"},
        expected=201,
    )
    url = f"/api/v1/requests/{foi['id']}"
    post(api, f"{url}/close/", {"closed_on": "2026-03-25", "outcome": "not_held"})
    post(api, f"{url}/internal-review/", {"received_on": "2026-03-25"}, expected=201)
    again = api.post(f"{url}/internal-review/", {"received_on": "2026-03-25"}, format="json")
    assert again.status_code == 409
    assert "already has an internal review" in again.json()["detail"]
