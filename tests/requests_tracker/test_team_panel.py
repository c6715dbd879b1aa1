"""A team lead's home shows the team's backlog by age and who holds overdue work."""

from datetime import date

import pytest

from requests_tracker import services

pytestmark = pytest.mark.django_db


def _log(actor, received_on, assignee=None):
    request = services.log_request(
        actor=actor,
        kind="foi",
        received_on=received_on,
        channel="email",
        requester_type="member_of_public",
        summary="Panel test",
        requester=services.RequesterDetails(name="Ann Example", email="ann@example.org"),
    )
    if assignee is not None:
        services.assign(request_id=request.pk, actor=actor, assignee=assignee)
    return request


def _panel(html: str) -> str:
    return html.split('id="h-team"', 1)[1].split("</section>", 1)[0]


def test_the_team_lead_sees_backlog_bands_and_overdue_holders(client, make_user, on_day):
    on_day("2026-06-01")
    lead = make_user("tess", role="team_lead")
    casey = make_user("casey", role="caseworker", first_name="Casey", last_name="Jones")
    _log(lead, date(2026, 3, 2), assignee=casey)  # long overdue
    _log(lead, date(2026, 3, 3), assignee=casey)
    _log(lead, date(2026, 5, 29))  # new, unassigned
    client.force_login(lead)
    panel = _panel(client.get("/home/").content.decode())
    assert "3 open requests, 2 overdue." in panel
    assert "Casey Jones: 2 overdue of 2" in panel
    assert "/requests/team/" in panel


def test_caseworkers_do_not_get_the_team_panel(client, caseworker):
    client.force_login(caseworker)
    assert 'id="h-team"' not in client.get("/home/").content.decode()
