import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from requests_tracker import services
from requests_tracker.models import InformationRequest
from requests_tracker.vocabularies import Status

FOI = {
    "kind": "foi",
    "received_on": "2026-05-01",
    "channel": "email",
    "requester_type": "member_of_public",
    "summary": "Force budget for 2025/26",
    "requester": {"name": "Pat Example", "email": "pat@example.org"},
}


def log_foi(actor, received_on=date(2026, 5, 1), **extra):
    return services.log_request(
        actor=actor,
        kind="foi",
        received_on=received_on,
        channel="email",
        requester_type="member_of_public",
        summary=extra.pop("summary", "Budget"),
        requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
        **extra,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("send_version", [True, False])
def test_two_concurrent_closes_one_succeeds_one_conflicts(caseworker, send_version):
    request = log_foi(caseworker)
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    bodies: list[dict] = []

    def close(day: str) -> None:
        client = APIClient()
        client.force_authenticate(caseworker)
        payload = {"closed_on": day, "outcome": "granted_in_full"}
        if send_version:
            payload["version"] = request.version
        barrier.wait()
        try:
            response = client.post(f"/api/v1/requests/{request.pk}/close/", payload, format="json")
            statuses.append(response.status_code)
            bodies.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(d,)) for d in ("2026-05-05", "2026-05-06")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [200, 409]
    conflict = bodies[statuses.index(409)]
    assert conflict["code"] in {"stale_version", "invalid_transition"}
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.events.filter(type="closed").count() == 1


@pytest.mark.django_db
def test_list_uses_a_constant_number_of_queries(api, caseworker, django_assert_max_num_queries):
    for i in range(30):
        log_foi(caseworker, summary=f"Request {i}", assigned_to=caseworker)
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/requests/?page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 6


@pytest.mark.django_db
def test_list_filters(api, caseworker, on_day):
    on_day("2026-06-30")
    overdue = log_foi(caseworker, received_on=date(2026, 5, 1), summary="Overdue budget request")
    current = log_foi(caseworker, received_on=date(2026, 6, 29), summary="Fresh request")
    closed = log_foi(caseworker, received_on=date(2026, 5, 1), summary="Answered one")
    services.close_request(
        request_id=closed.pk, actor=caseworker, closed_on=date(2026, 5, 5), outcome="not_held"
    )

    def refs(query: str) -> set[str]:
        response = api.get(f"/api/v1/requests/?{query}")
        assert response.status_code == 200, response.content
        return {row["reference"] for row in response.json()["results"]}

    assert refs("overdue=true") == {overdue.reference}
    assert refs("overdue=false") == {current.reference, closed.reference}
    assert refs("status=closed") == {closed.reference}
    assert refs("search=fresh") == {current.reference}
    assert refs(f"search={overdue.reference}") == {overdue.reference}
    assert refs("received_after=2026-06-01") == {current.reference}
    assert refs("due_before=2026-06-02") == {overdue.reference, closed.reference}
    assert refs("due_before=2026-06-01") == set()
    assert refs("kind=roa") == set()
    ordered = api.get("/api/v1/requests/?ordering=-received_on").json()["results"]
    assert ordered[0]["reference"] == current.reference


@pytest.mark.django_db
def test_requests_of_another_unit_are_invisible(make_user, caseworker):
    from accounts.models import Unit

    other_unit = Unit.objects.create(name="Professional Standards")
    outsider = make_user("olly", role="caseworker", unit=other_unit)
    request = log_foi(caseworker)
    client = APIClient()
    client.force_authenticate(outsider)
    assert client.get(f"/api/v1/requests/{request.pk}/").status_code == 404
    assert client.get("/api/v1/requests/").json()["count"] == 0


@pytest.mark.django_db
def test_data_board_members_and_anonymous_users_cannot_use_the_requests_api(make_user):
    board = make_user("bailey", role="data_board")
    client = APIClient()
    assert client.get("/api/v1/requests/").status_code == 401
    client.force_authenticate(board)
    assert client.get("/api/v1/requests/").status_code == 403
    assert client.post("/api/v1/requests/", FOI, format="json").status_code == 403


@pytest.mark.django_db
def test_caseworker_may_assign_only_themselves(api, caseworker, make_user):
    colleague = make_user("cam", role="caseworker")
    request = log_foi(caseworker)
    mine = api.post(f"/api/v1/requests/{request.pk}/assign/", {"user": "casey"}, format="json")
    assert mine.status_code == 200
    assert mine.json()["assigned_to"] == "casey"
    theirs = api.post(
        f"/api/v1/requests/{request.pk}/assign/", {"user": colleague.username}, format="json"
    )
    assert theirs.status_code == 403
    lead = make_user("terry", role="team_lead")
    client = APIClient()
    client.force_authenticate(lead)
    assigned = client.post(f"/api/v1/requests/{request.pk}/assign/", {"user": "cam"}, format="json")
    assert assigned.status_code == 200
    assert assigned.json()["assigned_to"] == "cam"


@pytest.mark.django_db
def test_token_authentication_and_revocation(caseworker, capsys):
    call_command("create_api_token", "casey")
    key = capsys.readouterr().out.strip()
    assert len(key) == 40
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/requests/").status_code == 200
    call_command("create_api_token", "casey", "--revoke")
    assert client.get("/api/v1/requests/").status_code == 401


@pytest.mark.django_db
def test_create_api_token_for_unknown_user_fails_clearly():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user called 'ghost'"):
        call_command("create_api_token", "ghost")


@pytest.mark.django_db
def test_schema_lists_every_action_and_vocabulary(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for action in (
        "stop-clock",
        "restart-clock",
        "extend",
        "assign",
        "close",
        "withdraw",
        "reopen",
        "notes",
        "internal-review",
    ):
        assert f"/api/v1/requests/{{id}}/{action}/" in paths, action
    enums = {
        name: component.get("enum")
        for name, component in schema["components"]["schemas"].items()
        if "enum" in component
    }
    flat = {value for values in enums.values() for value in values if value}
    assert {"in_person", "elected_representative", "awaiting_third_party", "overturned"} <= flat
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_lapse_job_lapses_only_long_stalled_requests(caseworker, on_day, settings):
    settings.CLOCK_STOP_LAPSE_DAYS = 90
    on_day("2026-03-01")
    stalled = log_foi(caseworker, received_on=date(2026, 2, 2))
    services.stop_clock(
        request_id=stalled.pk, actor=caseworker, reason="clarification", started_on=date(2026, 2, 3)
    )
    recent = log_foi(caseworker, received_on=date(2026, 2, 2))
    services.stop_clock(
        request_id=recent.pk, actor=caseworker, reason="fee", started_on=date(2026, 2, 27)
    )
    on_day("2026-05-04")  # 90 days after 3 February
    assert services.lapse_stalled_requests() == []
    on_day("2026-05-05")
    assert services.lapse_stalled_requests() == [stalled.reference]
    assert services.lapse_stalled_requests() == []  # idempotent
    stalled.refresh_from_db()
    recent.refresh_from_db()
    assert stalled.status == Status.LAPSED
    assert stalled.events.last().type == "lapsed"
    assert recent.status == Status.ON_HOLD
    # Reopening a lapsed request puts it back on hold, clock still stopped.
    reopened = services.reopen(
        request_id=stalled.pk, actor=caseworker, reason="Reply found in post room"
    )
    assert reopened.status == Status.ON_HOLD


@pytest.mark.django_db
def test_extra_non_working_day_moves_open_but_not_closed_due_dates(caseworker, on_day):
    from requests_tracker.models import ExtraNonWorkingDay

    on_day("2026-05-05")
    open_one = log_foi(caseworker, received_on=date(2026, 5, 1))
    closed_one = log_foi(caseworker, received_on=date(2026, 5, 1))
    services.close_request(
        request_id=closed_one.pk, actor=caseworker, closed_on=date(2026, 5, 5), outcome="not_held"
    )
    due_before = open_one.due_on
    ExtraNonWorkingDay.objects.create(date=date(2026, 5, 14), name="Proclaimed holiday")
    call_command("recompute_due_dates")
    open_one.refresh_from_db()
    closed_one.refresh_from_db()
    assert open_one.due_on > due_before
    assert closed_one.due_on == due_before
    assert open_one.events.last().type == "due_date_recalculated"


@pytest.mark.django_db
def test_references_are_sequential_per_kind_and_year(caseworker, on_day):
    on_day("2027-01-05")
    first = log_foi(caseworker, received_on=date(2026, 12, 30))
    second = log_foi(caseworker, received_on=date(2026, 12, 31))
    third = log_foi(caseworker, received_on=date(2027, 1, 4))
    assert [first.reference, second.reference, third.reference] == [
        "FOI-2026-00001",
        "FOI-2026-00002",
        "FOI-2027-00001",
    ]
    assert InformationRequest.objects.count() == 3


@pytest.mark.django_db
def test_api_views_of_personal_data_are_in_the_access_log(api, caseworker):
    from core.models import AccessLogEntry

    request = log_foi(caseworker)
    assert api.get("/api/v1/requests/").status_code == 200  # lists show no personal data
    assert AccessLogEntry.objects.count() == 0
    api.get(f"/api/v1/requests/{request.pk}/")
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.record_reference) == (
        caseworker,
        "api",
        request.reference,
    )
    assert entry.fields == [
        "requester.name",
        "requester.email",
        "requester.address",
        "requester.phone",
    ]
