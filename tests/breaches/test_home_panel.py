"""The DPO's home shows breaches awaiting the regulator decision with their clocks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from breaches import services

pytestmark = pytest.mark.django_db


def _panel(html: str) -> str:
    return html.split('id="h-breach-clocks"', 1)[1].split("</section>", 1)[0]


def test_the_dpo_sees_each_clock_soonest_first(client, caseworker, dpo, on_day):
    on_day("2026-03-10")
    now = timezone.now()
    later = services.record_breach(
        actor=caseworker,
        aware_at=now - timedelta(hours=2),
        source="internal",
        nature="misdirected_email",
        summary="Email to the wrong person",
    )
    sooner = services.record_breach(
        actor=caseworker,
        aware_at=now - timedelta(hours=70),
        source="internal",
        nature="lost_or_stolen_device",
        summary="Laptop left on a train",
    )
    client.force_login(dpo)
    panel = _panel(client.get("/home/").content.decode())
    assert panel.index(sooner.reference) < panel.index(later.reference)
    assert "2 hours 0 minutes left" in panel
    assert "70 hours 0 minutes left" in panel
    assert panel.count("govuk-tag--orange") == 1  # only the one due within the window
    assert "2 breaches" in panel


def test_other_roles_do_not_get_the_panel(client, caseworker, board):
    services.record_breach(
        actor=caseworker,
        aware_at=timezone.now() - timedelta(hours=1),
        source="internal",
        nature="misdirected_email",
        summary="Email to the wrong person",
    )
    for user in (caseworker, board):
        client.force_login(user)
        assert 'id="h-breach-clocks"' not in client.get("/home/").content.decode()


def test_no_breach_waiting_says_so(client, dpo):
    client.force_login(dpo)
    assert "No breach is waiting for a decision" in client.get("/home/").content.decode()
