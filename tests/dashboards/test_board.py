"""The Data Board and the statutory returns: who may see them and what they show."""

import csv
import io

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def client_for(make_user, username, role):
    client = Client()
    client.force_login(make_user(username, role=role))
    return client


@pytest.mark.parametrize("role", ["data_board", "dpo", "admin"])
def test_board_members_the_dpo_and_admins_see_the_data_board(make_user, quarter, role):
    response = client_for(make_user, f"user-{role}", role).get("/data-board/?month=2026-02")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Information requests: February 2026" in text
    assert "Awaiting sign-off" in text  # top late reason
    assert "Section 31: law enforcement" in text  # exemption use
    assert "North Area" in text  # by unit
    assert "2025 compared with 2026" in text


@pytest.mark.parametrize("role", ["caseworker", "team_lead"])
def test_other_roles_are_refused_the_data_board(make_user, role):
    client = client_for(make_user, f"user-{role}", role)
    assert client.get("/data-board/").status_code == 403
    assert client.get("/data-board/returns/").status_code == 403
    assert client.get("/data-board/returns.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get("/data-board/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_the_board_nav_item_is_shown_to_board_roles_only(make_user):
    board = client_for(make_user, "bailey", "data_board").get("/performance/methodology/")
    assert 'href="/data-board/"' in board.content.decode()
    caseworker = client_for(make_user, "casey2", "caseworker").get("/performance/methodology/")
    assert 'href="/data-board/"' not in caseworker.content.decode()


def test_a_bad_month_is_explained_and_nothing_breaks(make_user, quarter):
    response = client_for(make_user, "bailey", "data_board").get("/data-board/?month=2026-14")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "YYYY-MM" in response.content.decode()


def test_the_quarterly_return_counts_the_quarter(make_user, quarter):
    client = client_for(make_user, "bailey", "data_board")
    response = client.get("/data-board/returns/?quarter=2026-Q1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "FOI and EIR requests: 2026 quarter 1" in text
    rows = list(
        csv.reader(
            io.StringIO(client.get("/data-board/returns.csv?quarter=2026-Q1").content.decode())
        )
    )
    assert rows[0] == ["quarter", "section", "measure", "foi", "eir", "total"]
    measures = {row[2]: row[3:] for row in rows[1:]}
    assert measures["Requests received"] == ["3", "1", "4"]
    assert measures["Requests processed (responded to)"] == ["3", "1", "4"]
    assert measures["Processed late"] == ["1", "0", "1"]
    assert measures["Granted in full"] == ["1", "0", "1"]
    assert measures["Granted in part"] == ["1", "0", "1"]
    assert measures["Refused in full"] == ["1", "0", "1"]
    assert measures["Information not held"] == ["0", "1", "1"]
    assert measures["Referred for internal review"] == ["1", "0", "1"]
    assert measures["Percentage processed in time"] == ["66.7", "100.0", "75.0"]
    assert measures["Section 40: personal information"] == ["2", "0", "2"]
    assert measures["Section 31: law enforcement"] == ["1", "0", "1"]


def test_a_bad_quarter_is_refused_clearly(make_user):
    client = client_for(make_user, "bailey", "data_board")
    assert client.get("/data-board/returns/?quarter=2026-Q7").status_code == 400
    assert client.get("/data-board/returns.csv?quarter=soon").status_code == 400
