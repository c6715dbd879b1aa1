"""core.sessions: a signed-in page that changes nothing renews the session's idle window
at most once a minute instead of writing the session row on every request."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker, settings, on_day):
    """Signed in at 09:00 on 2 March 2026."""
    settings.SESSION_ENGINE = "core.sessions"
    on_day("2026-03-02 09:00")
    client.force_login(caseworker)
    return client


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_a_page_that_changes_nothing_does_not_write_the_session_within_a_minute(signed_in, on_day):
    signed_in.get("/home/")
    expiry = session_row(signed_in).expire_date
    on_day("2026-03-02 09:00:50")
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get("/home/").status_code == 200
    assert not [sql for sql in writes(queries) if "django_session" in sql]
    assert session_row(signed_in).expire_date == expiry


def test_the_idle_window_is_renewed_once_it_would_move_by_more_than_a_minute(signed_in, on_day):
    signed_in.get("/home/")
    first = session_row(signed_in).expire_date
    on_day("2026-03-02 09:01:30")
    signed_in.get("/home/")
    renewed = session_row(signed_in).expire_date
    assert renewed - first == timedelta(seconds=90)
    # Used every 50 seconds, the session never ends: each minute renews it.
    for minute in range(2, 40):
        on_day(f"2026-03-02 09:{minute:02d}:30")
        assert signed_in.get("/home/").status_code == 200
    assert "casey" in signed_in.get("/home/").content.decode()


def test_a_session_idle_for_the_whole_window_has_ended(signed_in, on_day):
    signed_in.get("/home/")
    on_day("2026-03-02 09:00:59")
    signed_in.get("/home/")  # not written: within a minute
    # At most a minute short of the window after the last request: signed out.
    on_day("2026-03-02 09:30:00")
    response = signed_in.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_changed_session_is_written_at_once(signed_in, on_day):
    signed_in.get("/home/")
    on_day("2026-03-02 09:00:10")
    session = signed_in.session
    session["choice"] = "kept"
    session.save()
    assert Session.objects.get(session_key=session.session_key).get_decoded()["choice"] == "kept"
