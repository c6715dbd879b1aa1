"""Database invariants behind the services, and the server-rendered charts."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Unit
from breaches import charts, services, snapshots
from breaches.models import Breach, BreachMonthSnapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change",
    [
        {"status": "lost"},
        {"source": "aliens"},
        {"status": "reported"},  # reported needs reported_at and a decision
        {"status": "closed"},  # closed needs closed_at and a decision
    ],
)
def test_the_database_refuses_impossible_breaches(record, at, change):
    at(2026, 3, 28, 9, 0)
    breach = record(2026, 3, 27, 9, 0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Breach.objects.filter(pk=breach.pk).update(**change)


def test_stale_edit_is_refused(record, caseworker, at):
    from core.errors import ConflictError

    at(2026, 3, 28, 9, 0)
    breach = record(2026, 3, 27, 9, 0)
    services.update_details(breach_id=breach.pk, actor=caseworker, version=1, records_count=3)
    with pytest.raises(ConflictError):
        services.update_details(breach_id=breach.pk, actor=caseworker, version=1, records_count=4)
    assert Breach.objects.get().records_count == 3


def test_risk_chart_keeps_the_scale_order_and_escapes_labels(record, dpo, at):
    at(2026, 3, 28, 9, 0)
    unit = Unit.objects.create(name='<script>alert("x")</script>')
    for likelihood, severity in [("probable", "severe"), ("remote", "minimal")]:
        breach = record(2026, 3, 27, 9, 0, unit=unit)
        services.assess_risk(
            breach_id=breach.pk,
            actor=dpo,
            likelihood=likelihood,
            severity=severity,
            rationale="x",
        )
    snapshots.recompute()
    months = [date(2026, 3, 1)]
    rows = list(BreachMonthSnapshot.objects.all())
    risk = charts.dimension_panel(months, rows, "risk")
    assert [row["label"] for row in risk.rows] == ["No risk", "High risk"]
    unit_panel = charts.dimension_panel(months, rows, "unit")
    assert "<script>" not in unit_panel.svg
    assert unit_panel.rows[0]["label"] == unit.name  # escaped by the template
    assert unit_panel.svg.count("<rect") == 1
    assert risk.table == [{"label": "Mar 2026", "values": [1, 1]}]


def test_breach_percentages_round_half_up_like_every_other_figure():
    # 49 / 400 is exactly 12.25%: half up gives 12.3 (Python's round would give 12.2).
    snapshot = BreachMonthSnapshot(breaches=400, reported=49, reported_within_72h=49)
    assert snapshot.pct_reported == 12.3
    assert snapshot.pct_reported_within_72h == 100.0
