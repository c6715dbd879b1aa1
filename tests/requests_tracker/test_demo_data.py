from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from requests_tracker.demo import DemoHistory
from requests_tracker.models import InformationRequest

pytestmark = pytest.mark.django_db

STAFF = {"Disclosure Unit": ["a"], "Freedom of Information Unit": ["b"]}


def test_demo_history_is_deterministic():
    first = list(DemoHistory(today=date(2026, 11, 25), staff=STAFF, scale=0.01).rows())
    second = list(DemoHistory(today=date(2026, 11, 25), staff=STAFF, scale=0.01).rows())
    assert first == second
    assert len(first) > 800


def test_seed_demo_loads_a_lawful_history_that_improves(on_day, capsys):
    on_day("2026-11-25")
    call_command("seed_demo", "--scale", "0.03")
    assert "Demo data:" in capsys.readouterr().out
    requests = InformationRequest.objects.all()
    assert requests.filter(kind="roa").count() > requests.filter(kind="foi").count() > 0
    assert requests.filter(kind="internal_review", parent__isnull=False).exists()
    assert requests.filter(status="lapsed").exists()
    assert requests.filter(status="withdrawn").exists()
    assert requests.filter(assigned_to__username="caseworker", status="open").exists()

    def share_on_time(year: int) -> float:
        due = requests.filter(kind="roa", due_on__year=year).exclude(
            status__in=["withdrawn", "lapsed"]
        )
        met = due.filter(closed_on__lte=F("due_on")).count()
        return met / due.count()

    assert share_on_time(2019) < 0.55 < share_on_time(2021)
    # Loading twice is refused; --if-empty makes it a no-op.
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "0.01")
    count = requests.count()
    call_command("seed_demo", "--if-empty")
    assert InformationRequest.objects.count() == count
