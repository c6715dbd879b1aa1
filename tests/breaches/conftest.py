from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

UK = ZoneInfo("Europe/London")


@pytest.fixture
def at():
    """Travel to a UK wall-clock moment: at(2026, 3, 27, 14, 30)."""
    travellers = []

    def travel(*args):
        traveller = time_machine.travel(datetime(*args, tzinfo=UK), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def dpo(make_user):
    return make_user("dana", role="dpo", email="dana@example.org")


@pytest.fixture
def team_lead(make_user):
    return make_user("terry", role="team_lead")


@pytest.fixture
def board(make_user):
    return make_user("bailey", role="data_board")


@pytest.fixture
def admin_user(make_user):
    return make_user("alex", role="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for():
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def record(caseworker):
    """Record a breach through the service (aware_at is UK wall-clock args)."""
    from breaches import services

    def make(*aware, actor=None, source="internal", nature="misdirected_email", **extra):
        return services.record_breach(
            actor=actor or caseworker,
            aware_at=datetime(*aware, tzinfo=UK),
            source=source,
            nature=nature,
            summary=extra.pop("summary", "Email sent to the wrong address"),
            **extra,
        )

    return make
