"""Monthly breach figures for the Data Board: one GROUP BY per dimension, months in UK
time, idempotent."""

from datetime import date

import pytest
from django.core.management import call_command

from accounts.models import Unit
from breaches import services, snapshots
from breaches.models import BreachMonthSnapshot

pytestmark = pytest.mark.django_db


def decide(breach, dpo, *, reportable, likelihood="possible", severity="significant"):
    services.assess_risk(
        breach_id=breach.pk, actor=dpo, likelihood=likelihood, severity=severity, rationale="x"
    )
    services.decide(breach_id=breach.pk, actor=dpo, reportable=reportable, reasons="Because")


def row(dimension, month, key=""):
    return BreachMonthSnapshot.objects.get(dimension=dimension, month=month, key=key)


def test_figures_by_month_source_nature_risk_and_unit(record, dpo, make_user, at):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    uk = ZoneInfo("Europe/London")
    standards = Unit.objects.create(name="Professional Standards")
    at(2026, 3, 2, 9, 0)
    a = record(2026, 3, 1, 9, 0, source="internal")
    decide(a, dpo, reportable=True)  # decided 24 h after becoming aware
    services.report_to_regulator(
        breach_id=a.pk, actor=dpo, reported_at=datetime(2026, 3, 2, 9, 0, tzinfo=uk)
    )
    at(2026, 3, 10, 9, 0)
    b = record(2026, 3, 5, 9, 0, source="third_party", nature="cyber_incident", unit=standards)
    decide(b, dpo, reportable=True, likelihood="probable", severity="severe")  # 120 h
    services.report_to_regulator(
        breach_id=b.pk,
        actor=dpo,
        reported_at=datetime(2026, 3, 10, 9, 0, tzinfo=uk),
        late_reason="Processor told us late",
    )
    c = record(2026, 3, 6, 9, 0)  # undecided
    # 00:30 BST on 1 April is 23:30 UTC on 31 March: an April breach in UK time.
    at(2026, 4, 2, 9, 0)
    d = record(2026, 4, 1, 0, 30, source="external")
    at(2026, 4, 2, 9, 0)
    written = snapshots.recompute()
    assert written > 0

    march, april = date(2026, 3, 1), date(2026, 4, 1)
    total = row("all", march)
    assert (total.breaches, total.reported, total.reported_within_72h, total.decided) == (
        3,
        2,
        1,
        2,
    )
    assert total.pct_reported == 66.7
    assert total.pct_reported_within_72h == 50.0
    assert total.median_hours_to_decision == 72.0  # median of 24 and 120
    assert row("all", april).breaches == 1
    assert row("source", april, "external").breaches == 1
    assert row("source", march, "internal").breaches == 2
    assert row("source", march, "third_party").label == "Third party (processor or partner)"
    assert row("nature", march, "cyber_incident").breaches == 1
    assert row("risk", march, "high_risk").breaches == 1
    assert row("risk", march, "risk").breaches == 1
    assert row("risk", march, "").label == "Not assessed"
    assert row("unit", march, str(standards.pk)).label == "Professional Standards"
    assert row("unit", march, str(c.unit_id)).breaches == 2
    assert {a.pk, b.pk, c.pk, d.pk}


def test_recompute_is_idempotent_and_empty_months_have_zero_rows(record, at):
    at(2026, 3, 2, 9, 0)
    record(2026, 1, 10, 9, 0)
    snapshots.recompute()
    first = list(
        BreachMonthSnapshot.objects.values_list(
            "month", "dimension", "key", "breaches", "reported", "median_hours_to_decision"
        )
    )
    call_command("recompute_breach_snapshots")
    again = list(
        BreachMonthSnapshot.objects.values_list(
            "month", "dimension", "key", "breaches", "reported", "median_hours_to_decision"
        )
    )
    assert first == again
    february = row("all", date(2026, 2, 1))
    assert february.breaches == 0
    assert february.pct_reported is None  # no data, not 0%
    assert february.median_hours_to_decision is None


@pytest.fixture
def eager_tasks():
    """Run tasks in-process even when a broker is configured (the PostgreSQL run)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_a_change_recomputes_its_month_after_commit(
    record, dpo, at, django_capture_on_commit_callbacks, eager_tasks
):
    at(2026, 3, 2, 9, 0)
    with django_capture_on_commit_callbacks(execute=True):
        breach = record(2026, 3, 1, 9, 0)
    assert row("all", date(2026, 3, 1)).breaches == 1
    with django_capture_on_commit_callbacks(execute=True):
        decide(breach, dpo, reportable=False)
    assert row("all", date(2026, 3, 1)).decided == 1


def test_a_change_is_announced_in_its_own_transaction(record, dpo, at):
    """The outbox row commits with the change (core/outbox.py): a broker outage cannot
    lose the month's recomputation."""
    from core.models import FigureChange

    at(2026, 3, 2, 9, 0)
    breach = record(2026, 3, 1, 9, 0)
    FigureChange.objects.all().delete()
    decide(breach, dpo, reportable=False)  # assessed, then decided: one row each
    assert (
        list(FigureChange.objects.values_list("stream", "month"))
        == [("breaches", date(2026, 3, 1))] * 2
    )
