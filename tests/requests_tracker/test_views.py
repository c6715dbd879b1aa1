"""Caseworker and team-lead pages: what a user sees and what their clicks change."""

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from accounts.models import Unit
from requests_tracker import services
from requests_tracker.models import InformationRequest
from requests_tracker.vocabularies import Status

pytestmark = pytest.mark.django_db


def log(actor, kind="foi", received_on=date(2026, 3, 2), **extra):
    return services.log_request(
        actor=actor,
        kind=kind,
        regime=extra.pop("regime", "uk_gdpr" if kind == "roa" else ""),
        received_on=received_on,
        channel="email",
        requester_type="member_of_public",
        summary=extra.pop("summary", "Force budget for 2025/26"),
        requester=services.RequesterDetails(
            name=extra.pop("name", "Pat Example"), email=extra.pop("email", "pat@example.org")
        ),
        **extra,
    )


def date_fields(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


# ---------------------------------------------------------------------------------------
# My work
# ---------------------------------------------------------------------------------------


def test_my_work_lists_my_open_requests_soonest_first_with_days_left(
    signed_in, caseworker, make_user, on_day
):
    on_day("2026-03-24")
    colleague = make_user("cam")
    later = log(caseworker, received_on=date(2026, 3, 20), summary="Later", assigned_to=caseworker)
    sooner = log(caseworker, received_on=date(2026, 3, 2), summary="Sooner", assigned_to=caseworker)
    roa = log(caseworker, kind="roa", received_on=date(2026, 2, 20), assigned_to=caseworker)
    log(caseworker, summary="Someone else's", assigned_to=colleague)

    page = signed_in.get("/home/").content.decode()

    assert page.index(roa.reference) < page.index(sooner.reference) < page.index(later.reference)
    assert "Someone else&#x27;s" not in page
    # FOI received Monday 2 March: due Tuesday 31 March (17 March is St Patrick's Day,
    # a bank holiday in Northern Ireland), 5 working days after 24 March.
    assert "5 working days left" in page
    # ROA received 20 February: due 20 March, overdue by 4 calendar days.
    assert "Overdue by 4 days" in page
    assert "Due soon" in page
    counts = signed_in.get("/requests/mine/").context["counts"]
    assert counts == {"open": 3, "overdue": 1, "due_this_week": 1}


def test_my_work_shows_clock_stopped_and_extended_tags(signed_in, caseworker, on_day):
    on_day("2026-03-10")
    stopped = log(caseworker, assigned_to=caseworker)
    services.stop_clock(
        request_id=stopped.pk, actor=caseworker, reason="clarification", started_on=date(2026, 3, 9)
    )
    extended = log(caseworker, assigned_to=caseworker, summary="Big one")
    services.extend(
        request_id=extended.pk, actor=caseworker, extended_on=date(2026, 3, 10), reason="PIT"
    )
    page = signed_in.get("/home/").content.decode()
    assert "Clock stopped" in page
    assert "Extended" in page
    # Why, since when, for how long: what the caseworker is waiting for.
    assert "Clock stopped since 9 March 2026 (1 day): waiting for clarification" in page


def test_other_roles_get_a_plain_home_page(client, make_user):
    client.force_login(make_user("bailey", role="data_board"))
    page = client.get("/home/").content.decode()
    assert "Hello, bailey" in page
    assert "My work" not in page
    assert client.get("/requests/").status_code == 403


def test_my_work_and_the_list_use_a_constant_number_of_queries(signed_in, caseworker):
    counts = {}
    for total in (2, 24):
        while InformationRequest.objects.count() < total:
            log(caseworker, assigned_to=caseworker)
        for path in ("/home/", "/requests/"):
            with CaptureQueriesContext(connection) as queries:
                response = signed_in.get(path)
            assert response.status_code == 200
            counts.setdefault(path, []).append(len(queries))
    assert counts["/home/"][0] == counts["/home/"][1], counts
    assert counts["/requests/"][0] == counts["/requests/"][1], counts


def _request_selects(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and 'FROM "requests_tracker_informationrequest"' in q["sql"]
    ]


def test_the_work_lists_read_only_the_rows_and_columns_they_show(signed_in, caseworker, settings):
    """Issue 19: a list's queries are bounded by what the page shows (50 rows on My work,
    a page of 25 and a count that stops at 10,001 on All requests) and read the row's
    columns only, not every column of the request, requester, unit and parent."""
    from requests_tracker.views.lists import LIST_COUNT_LIMIT, MY_WORK_ROWS

    for _ in range(3):
        log(caseworker, assigned_to=caseworker)
    with CaptureQueriesContext(connection) as queries:
        signed_in.get("/requests/mine/")
    count, rows = _request_selects(queries)
    assert "COUNT(" in count
    assert "LIMIT" not in count
    assert f"LIMIT {MY_WORK_ROWS}" in rows
    for table in ("requests_tracker_requester", "accounts_unit", "accounts_user"):
        assert table not in rows, table
    assert "due_explanation" not in rows
    assert "legal_hold_reason" not in rows
    assert '"summary"' in rows

    with CaptureQueriesContext(connection) as queries:
        signed_in.get("/requests/?status=")
    count, rows = _request_selects(queries)
    assert f"LIMIT {LIST_COUNT_LIMIT + 1}" in count
    assert 0 < int(re.search(r"LIMIT (\d+)", rows).group(1)) <= 25
    assert "requests_tracker_requester" not in rows
    assert "accounts_unit" not in rows
    assert "accounts_user" in rows  # the assignee's name
    assert "due_explanation" not in rows


# ---------------------------------------------------------------------------------------
# All requests
# ---------------------------------------------------------------------------------------


def test_list_filters_search_sort_and_paginate(signed_in, caseworker, on_day):
    on_day("2026-04-20")
    for i in range(30):
        log(caseworker, received_on=date(2026, 3, 2), summary=f"Budget question {i}")
    eir = log(caseworker, kind="eir", received_on=date(2026, 4, 1), summary="Air quality")

    first = signed_in.get("/requests/")
    assert first.context["page"].paginator.count == 31
    assert len(first.context["rows"]) == 25
    assert 'aria-label="Page 2"' in first.content.decode()
    assert len(signed_in.get("/requests/?page=2").context["rows"]) == 6

    assert [r.pk for r in signed_in.get("/requests/?kind=eir").context["rows"]] == [eir.pk]
    assert [r.pk for r in signed_in.get("/requests/?search=air+qual").context["rows"]] == [eir.pk]
    assert [r.pk for r in signed_in.get(f"/requests/?search={eir.reference}").context["rows"]] == [
        eir.pk
    ]
    overdue = signed_in.get("/requests/?overdue=true").context["page"].paginator.count
    assert overdue == 30
    newest = signed_in.get("/requests/?sort=-received").context["rows"][0]
    assert newest.pk == eir.pk
    assert (
        signed_in.get("/requests/?received_after=2026-04-01").context["page"].paginator.count == 1
    )


def test_a_bad_filter_shows_an_error_not_a_crash(signed_in):
    response = signed_in.get("/requests/?due_before=not-a-date")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_csv_is_exactly_the_filtered_list(signed_in, caseworker):
    for i in range(30):
        log(caseworker, summary=f"Budget {i}")
    eir = log(
        caseworker, kind="eir", summary="Air quality", name="Eve Air", email="eve@example.org"
    )

    response = signed_in.get("/requests/export.csv?kind=eir")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["reference"] for row in rows] == [eir.reference]
    assert rows[0]["requester_email"] == "eve@example.org"

    everything = signed_in.get("/requests/export.csv")
    assert len(list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode())))) == 32


def test_csv_leaves_out_personal_data_the_user_may_not_see(client, caseworker, make_user):
    other_unit = Unit.objects.create(name="Professional Standards")
    outsider = make_user("olly", role="caseworker", unit=other_unit)
    lead = make_user("terry", role="team_lead", unit=other_unit)
    item = log(outsider, unit=other_unit, name="Secret Person", email="secret@example.org")
    # Assigned across units: visible to the assignee, but only the unit sees the requester.
    item.assigned_to = caseworker
    item.save()
    client.force_login(caseworker)
    text = b"".join(client.get("/requests/export.csv").streaming_content).decode()
    assert item.reference in text
    assert "secret@example.org" not in text
    assert "Secret Person" not in text
    listed = client.get("/requests/").content.decode()
    assert item.reference in listed
    assert "Force budget" not in listed
    assert "Hidden: another unit" in listed
    client.force_login(lead)
    text = b"".join(client.get("/requests/export.csv").streaming_content).decode()
    assert "secret@example.org" in text


def test_caseworker_cannot_see_another_units_requests(client, make_user, caseworker):
    other_unit = Unit.objects.create(name="Professional Standards")
    outsider = make_user("olly", role="caseworker", unit=other_unit)
    theirs = log(outsider, unit=other_unit, summary="Their request")
    client.force_login(caseworker)
    assert theirs.reference not in client.get("/requests/").content.decode()
    assert client.get(f"/requests/{theirs.pk}/").status_code == 404
    response = client.post(f"/requests/{theirs.pk}/note/", {"note-version": 1, "note-text": "x"})
    assert response.status_code == 404
    assert not theirs.events.filter(type="note").exists()


def test_team_lead_bulk_assigns_and_a_caseworker_cannot(client, caseworker, make_user):
    lead = make_user("terry", role="team_lead")
    first, second = log(lead), log(lead)
    client.force_login(caseworker)
    assert (
        client.post(
            "/requests/assign/", {"requests": [first.pk], "assignee": caseworker.pk}
        ).status_code
        == 403
    )
    client.force_login(lead)
    response = client.post(
        "/requests/assign/", {"requests": [first.pk, second.pk], "assignee": caseworker.pk}
    )
    assert response.status_code == 302
    assert set(
        InformationRequest.objects.filter(assigned_to=caseworker).values_list("pk", flat=True)
    ) == {first.pk, second.pk}
    elsewhere = client.post(
        "/requests/assign/",
        {"requests": [first.pk], "assignee": caseworker.pk, "next": "//evil.example/"},
    )
    assert elsewhere["Location"] == "/requests/"
    missing = client.post("/requests/assign/", {"requests": [first.pk]})
    assert missing.status_code == 400
    assert "Choose who to assign the selected requests to" in missing.content.decode()


# ---------------------------------------------------------------------------------------
# Logging a request
# ---------------------------------------------------------------------------------------


def foi_form(**overrides):
    data = {
        **date_fields("received_on", date(2026, 3, 2)),
        "channel": "email",
        "requester_type": "member_of_public",
        "summary": "Number of police horses",
        "requester_name": "Pat Example",
        "requester_email": "pat@example.org",
        "unit": str(Unit.objects.get(name="Disclosure Unit").pk),
    }
    data.update(overrides)
    return data


def test_logging_a_foi_request_shows_the_due_date(signed_in, caseworker, on_day):
    on_day("2026-03-04")
    response = signed_in.post("/requests/new/foi/", foi_form())
    item = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{item.pk}/logged/"
    page = signed_in.get(response["Location"]).content.decode()
    assert item.reference in page
    assert "Due Tuesday 31 March 2026" in page
    assert escape(item.due_explanation) in page
    assert item.assigned_to == caseworker


def test_logging_with_mistakes_shows_each_error_and_logs_nothing(signed_in, on_day):
    on_day("2026-03-04")
    response = signed_in.post(
        "/requests/new/foi/",
        foi_form(
            received_on_day="31",
            received_on_month="2",
            summary="",
            requester_email="",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date the request was received must be a real date" in page
    assert "Enter a summary of what was asked for" in page
    assert 'href="#id_received_on_day"' in page
    assert 'value="31"' in page  # what was typed is kept
    assert InformationRequest.objects.count() == 0
    future = signed_in.post(
        "/requests/new/foi/", foi_form(**date_fields("received_on", date(2026, 3, 9)))
    )
    assert "The date received cannot be in the future." in future.content.decode()
    assert InformationRequest.objects.count() == 0


def test_roa_form_asks_for_the_regime(signed_in, on_day):
    on_day("2026-03-04")
    response = signed_in.post("/requests/new/roa/", foi_form())
    assert "Choose whether the request is under UK GDPR or DPA 2018 Part 3" in (
        response.content.decode()
    )
    ok = signed_in.post("/requests/new/roa/", foi_form(regime="dpa_part3"))
    assert ok.status_code == 302
    assert InformationRequest.objects.get().regime == "dpa_part3"


def test_duplicate_warning_needs_confirmation(signed_in, caseworker, on_day):
    on_day("2026-03-20")
    earlier = log(caseworker, received_on=date(2026, 3, 2), email="Pat@Example.org")
    warned = signed_in.post(
        "/requests/new/foi/", foi_form(**date_fields("received_on", date(2026, 3, 19)))
    )
    assert warned.status_code == 400
    assert earlier.reference in warned.content.decode()
    assert InformationRequest.objects.count() == 1
    confirmed = signed_in.post(
        "/requests/new/foi/",
        foi_form(**date_fields("received_on", date(2026, 3, 19)), confirm_not_duplicate="on"),
    )
    assert confirmed.status_code == 302
    assert InformationRequest.objects.count() == 2
    # A different kind is not a duplicate.
    assert signed_in.post("/requests/new/eir/", foi_form()).status_code == 302


# ---------------------------------------------------------------------------------------
# The request page
# ---------------------------------------------------------------------------------------


def offered(page: str) -> set[str]:
    slugs = ("stop-clock", "restart-clock", "extend", "assign", "close", "internal-review")
    slugs += ("reopen", "withdraw", "note")
    return {slug for slug in slugs if f'id="action-{slug}"' in page}


def test_only_valid_actions_are_offered(signed_in, caseworker, on_day):
    on_day("2026-03-10")
    item = log(caseworker, assigned_to=caseworker)
    page = signed_in.get(f"/requests/{item.pk}/").content.decode()
    assert offered(page) == {"stop-clock", "extend", "close", "withdraw", "note"}
    assert escape(item.due_explanation) in page

    services.stop_clock(
        request_id=item.pk, actor=caseworker, reason="clarification", started_on=date(2026, 3, 9)
    )
    page = signed_in.get(f"/requests/{item.pk}/").content.decode()
    assert offered(page) == {"restart-clock", "withdraw", "note"}

    services.restart_clock(request_id=item.pk, actor=caseworker, ended_on=date(2026, 3, 10))
    services.close_request(
        request_id=item.pk, actor=caseworker, closed_on=date(2026, 3, 10), outcome="granted_in_full"
    )
    page = signed_in.get(f"/requests/{item.pk}/").content.decode()
    assert offered(page) == {"reopen", "internal-review", "note"}


def test_identity_received_is_offered_for_a_roa_waiting_for_id(signed_in, caseworker, on_day):
    on_day("2026-03-10")
    item = log(caseworker, kind="roa", assigned_to=caseworker)
    response = signed_in.post(
        f"/requests/{item.pk}/stop-clock/",
        {"stop-clock-version": item.version, "stop-clock-reason": "identity"}
        | date_fields("stop-clock-started_on", date(2026, 3, 2)),
    )
    assert response.status_code == 302
    page = signed_in.get(f"/requests/{item.pk}/").content.decode()
    assert "Record identity received" in page
    item.refresh_from_db()
    response = signed_in.post(
        f"/requests/{item.pk}/restart-clock/",
        {"restart-clock-version": item.version}
        | date_fields("restart-clock-ended_on", date(2026, 3, 9)),
    )
    item.refresh_from_db()
    assert item.status == Status.OPEN
    assert item.due_on == date(2026, 4, 9)


def test_stop_restart_close_through_the_page_fills_the_timeline(signed_in, caseworker, on_day):
    on_day("2026-03-20")
    item = log(caseworker, assigned_to=caseworker)
    signed_in.post(
        f"/requests/{item.pk}/stop-clock/",
        {"stop-clock-version": 1, "stop-clock-reason": "clarification"}
        | date_fields("stop-clock-started_on", date(2026, 3, 4)),
    )
    signed_in.post(
        f"/requests/{item.pk}/restart-clock/",
        {"restart-clock-version": 2} | date_fields("restart-clock-ended_on", date(2026, 3, 6)),
    )
    response = signed_in.post(
        f"/requests/{item.pk}/close/",
        {"close-version": 3, "close-outcome": "granted_in_full"}
        | date_fields("close-closed_on", date(2026, 3, 20)),
        follow=True,
    )
    item.refresh_from_db()
    assert item.status == Status.CLOSED
    page = response.content.decode()
    assert f"{item.reference}: Request closed." in page
    for text in ("Clock stopped", "Clock restarted", "Closed on time on 20 March 2026"):
        assert text in page


def test_refused_action_shows_an_error_summary_and_changes_nothing(signed_in, caseworker, on_day):
    on_day("2026-04-20")
    item = log(caseworker, assigned_to=caseworker)  # due 31 March 2026: late now
    response = signed_in.post(
        f"/requests/{item.pk}/close/",
        {"close-version": 1, "close-outcome": "granted_in_full"}
        | date_fields("close-closed_on", date(2026, 4, 20)),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "The response is late (it was due by 31 March 2026): choose why." in page
    assert 'href="#id_close-late_reason"' in page
    item.refresh_from_db()
    assert item.status == Status.OPEN

    invalid = signed_in.post(
        f"/requests/{item.pk}/reopen/", {"reopen-version": 1, "reopen-reason": "x"}
    )
    assert invalid.status_code == 409
    assert "That action is not available" in invalid.content.decode()


def test_a_stale_edit_keeps_what_the_user_typed(signed_in, caseworker, make_user, on_day):
    on_day("2026-03-20")
    item = log(caseworker, assigned_to=caseworker)
    seen = item.version
    services.extend(
        request_id=item.pk, actor=caseworker, extended_on=date(2026, 3, 20), reason="PIT"
    )

    response = signed_in.post(
        f"/requests/{item.pk}/withdraw/",
        {"withdraw-version": seen, "withdraw-reason": "Requester said thanks, no longer needed"}
        | date_fields("withdraw-withdrawn_on", date(2026, 3, 19)),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "was changed by someone else" in page
    assert "Requester said thanks, no longer needed" in page
    assert 'value="19"' in page
    item.refresh_from_db()
    assert item.status == Status.OPEN
    # Sending the kept entry again applies it to the latest version.
    assert f'name="withdraw-version" value="{item.version}"' in page
    again = signed_in.post(
        f"/requests/{item.pk}/withdraw/",
        {"withdraw-version": item.version, "withdraw-reason": "No longer needed"}
        | date_fields("withdraw-withdrawn_on", date(2026, 3, 19)),
    )
    assert again.status_code == 302


def test_team_page_for_team_leads_only(client, caseworker, make_user, on_day):
    on_day("2026-04-20")
    lead = make_user("terry", role="team_lead")
    late = log(lead, assigned_to=caseworker)
    log(lead, received_on=date(2026, 4, 17))
    client.force_login(caseworker)
    assert client.get("/requests/team/").status_code == 403
    client.force_login(lead)
    response = client.get("/requests/team/")
    assert response.status_code == 200
    assert dict(response.context["bands"][i][:2] for i in range(5)) == {
        "0 to 20 days": 1,
        "21 to 40 days": 0,
        "41 to 60 days": 1,
        "61 to 90 days": 0,
        "Over 90 days": 0,
    }
    assert [r.pk for r in response.context["overdue"]] == [late.pk]
    by_assignee = {row["assigned_to__username"]: row for row in response.context["by_assignee"]}
    assert by_assignee["casey"]["overdue"] == 1
    assert by_assignee[None]["open"] == 1


def test_digest_preference_can_be_turned_off(signed_in, caseworker):
    assert signed_in.get("/account/preferences/").status_code == 200
    response = signed_in.post("/account/preferences/", {"wants_digest": "no"}, follow=True)
    assert "You will not get the reminder email." in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.wants_digest is False
    assert signed_in.post("/account/preferences/", {}).status_code == 400


def test_extend_and_internal_review_through_the_page(signed_in, caseworker, on_day):
    on_day("2026-03-20")
    item = log(caseworker, assigned_to=caseworker)
    response = signed_in.post(
        f"/requests/{item.pk}/extend/",
        {"extend-version": 1, "extend-reason": "Public interest test", "extend-working_days": "10"}
        | date_fields("extend-extended_on", date(2026, 3, 20)),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.extended
    assert item.extension_working_days == 10
    page = signed_in.get(f"/requests/{item.pk}/").content.decode()
    assert "extend" not in offered(page)  # only one extension
    assert "Public interest test" in page

    services.close_request(
        request_id=item.pk,
        actor=caseworker,
        closed_on=date(2026, 3, 20),
        outcome="refused",
        exemptions=["s31"],
        version=item.version,
    )
    item.refresh_from_db()
    response = signed_in.post(
        f"/requests/{item.pk}/internal-review/",
        {"internal-review-version": item.version}
        | date_fields("internal-review-received_on", date(2026, 3, 20)),
    )
    assert response.status_code == 302
    review = InformationRequest.objects.get(parent=item)
    assert review.kind == "internal_review"
    page = signed_in.get(f"/requests/{item.pk}/").content.decode()
    assert review.reference in page
    again = signed_in.post(
        f"/requests/{item.pk}/internal-review/",
        {"internal-review-version": item.version}
        | date_fields("internal-review-received_on", date(2026, 3, 20)),
    )
    assert again.status_code == 409
    assert "already has an internal review" in again.content.decode()


@pytest.mark.django_db
def test_page_views_and_exports_of_personal_data_are_in_the_access_log(client, make_user):
    from datetime import date

    from core.models import AccessLogEntry
    from requests_tracker import services

    casey = make_user("casey-log")
    request = services.log_request(
        actor=casey,
        kind="foi",
        received_on=date(2026, 1, 5),
        channel="email",
        requester_type="member_of_public",
        summary="Budget",
        requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
    )
    client.force_login(casey)
    client.get(f"/requests/{request.pk}/")
    b"".join(client.get("/requests/export.csv").streaming_content)
    entries = list(AccessLogEntry.objects.order_by("id").values_list("action", "record_reference"))
    assert entries == [("view", request.reference), ("export", request.reference)]
    board = make_user("bailey-log", role="data_board")
    client.force_login(board)
    assert client.get(f"/requests/{request.pk}/").status_code == 403
    assert AccessLogEntry.objects.count() == 2


def test_all_requests_opens_on_the_open_requests_and_any_status_shows_the_rest(
    signed_in, caseworker, on_day
):
    on_day("2026-04-20")
    still_open = log(caseworker, summary="Still open")
    closed = log(caseworker, summary="Answered long ago")
    services.close_request(
        request_id=closed.pk,
        actor=caseworker,
        closed_on=date(2026, 3, 10),
        outcome="granted_in_full",
    )
    page = signed_in.get("/requests/").content.decode()
    assert still_open.reference in page
    assert closed.reference not in page
    assert '<option value="open" selected>' in page
    everything = signed_in.get("/requests/?status=").content.decode()
    assert still_open.reference in everything
    assert closed.reference in everything
    # The CSV of the page is the page: open requests unless asked otherwise.
    response = signed_in.get("/requests/export.csv")
    exported = b"".join(response.streaming_content).decode()
    assert still_open.reference in exported
    assert closed.reference not in exported


def test_team_page_pages_the_overdue_list_with_the_reassign_control_first(
    client, caseworker, make_user, on_day
):
    on_day("2026-06-01")
    lead = make_user("terry", role="team_lead")
    for i in range(27):
        log(lead, received_on=date(2026, 3, 2), summary=f"Overdue {i}")
    client.force_login(lead)
    first = client.get("/requests/team/")
    html = first.content.decode()
    assert len(first.context["overdue"]) == 25
    assert "27 overdue, longest overdue first: 1 to 25 shown." in html
    assert html.index('id="bulk-assign"') < html.index('name="requests"')
    second = client.get("/requests/team/?page=2")
    assert len(second.context["overdue"]) == 2
    assert "26 to 27 shown" in second.content.decode()


def test_my_work_shows_the_soonest_due_and_links_to_the_rest(
    signed_in, caseworker, on_day, monkeypatch
):
    """My work reads only what it shows (issue 19): the first MY_WORK_ROWS by deadline;
    the counts still cover every open request."""
    from requests_tracker.views import lists

    monkeypatch.setattr(lists, "MY_WORK_ROWS", 3)
    on_day("2026-03-24")
    made = [
        log(caseworker, received_on=date(2026, 3, day), assigned_to=caseworker)
        for day in (2, 20, 5, 16, 9)
    ]
    page = signed_in.get("/home/").content.decode()
    shown = sorted(made, key=lambda r: r.received_on)[:3]
    hidden = sorted(made, key=lambda r: r.received_on)[3:]
    assert page.index(shown[0].reference) < page.index(shown[1].reference)
    assert page.index(shown[1].reference) < page.index(shown[2].reference)
    assert all(r.reference not in page for r in hidden)
    assert "you have 2 more open or on hold" in page
    assert f"/requests/?assigned_to={caseworker.username}&amp;status=" in page
    assert '<p class="rd-figure">5</p>' in page


def test_all_requests_counts_up_to_a_limit_then_says_more_than(
    signed_in, caseworker, on_day, monkeypatch
):
    """A wide filter does not count the whole table (issue 19): past LIST_COUNT_LIMIT the
    page says "More than" and the pages stop there."""
    from requests_tracker.views import lists

    monkeypatch.setattr(lists, "LIST_COUNT_LIMIT", 3)
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    on_day("2026-03-24")
    for day in (2, 5, 9, 16, 20):
        log(caseworker, received_on=date(2026, 3, day), assigned_to=caseworker)
    page = signed_in.get("/requests/", {"status": ""}).content.decode()
    assert "More than 3 requests" in page
    assert "narrow the filters to reach the rest" in page
    assert 'aria-label="Page 2"' in page
    assert 'aria-label="Page 3"' not in page
    monkeypatch.setattr(lists, "LIST_COUNT_LIMIT", 5)
    exact = signed_in.get("/requests/", {"status": ""}).content.decode()
    assert "5 requests" in exact
    assert "More than" not in exact
