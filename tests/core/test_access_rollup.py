"""The unusual-access report reads daily totals (core.models.AccessLogDay) kept as the
log is written: they must always agree with the raw log, whichever way it was written."""

import importlib
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from accounts.models import Unit
from core import access
from core.models import AccessLogDay, AccessLogEntry

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")


class Record:
    def __init__(self, pk, reference, unit_id):
        self.pk, self.reference, self.unit_id = pk, reference, unit_id


def raw_totals() -> dict:
    """The same figures counted from every entry of the log."""
    outside = Q(record_unit__isnull=False) & (
        Q(user_unit__isnull=True) | ~Q(record_unit=F("user_unit"))
    )
    return {
        (row["day"], row["user_id"]): (row["views"], row["outside"])
        for row in AccessLogEntry.objects.annotate(day=TruncDate("at"))
        .values("day", "user_id")
        .annotate(views=Count("id"), outside=Count("id", filter=outside))
        .order_by()
    }


def rollup() -> dict:
    return {
        (row.day, row.user_id): (row.views, row.outside_unit) for row in AccessLogDay.objects.all()
    }


def write_a_month(make_user):
    """Views, exports and direct writes by three users over several UK days, including
    the hour either side of midnight in summer time (UTC is an hour behind)."""
    home = Unit.objects.create(name="Home unit")
    other = Unit.objects.create(name="Other unit")
    casey = make_user("casey", unit=home)
    nosy = make_user("nosy", unit=home)
    floater = make_user("floater", unit=None)
    floater.unit = None
    floater.save()
    moments = [
        datetime(2026, 6, 1, 9, 0, tzinfo=UK),
        datetime(2026, 6, 1, 23, 30, tzinfo=UK),  # 22:30 UTC: still 1 June in the UK
        datetime(2026, 6, 2, 0, 30, tzinfo=UK),  # 23:30 UTC on 1 June: 2 June in the UK
        datetime(2026, 6, 20, 12, 0, tzinfo=UK),
    ]
    for n, moment in enumerate(moments):
        with time_machine.travel(moment, tick=False):
            access.record_access(
                user=casey,
                records=[Record(i, f"ROA-{i}", home.pk) for i in range(5 + n)],
                record_type="request",
                fields=["requester.name"],
                action="view",
            )
            access.record_access(
                user=nosy,
                records=[Record(i, f"ROA-{i}", other.pk if i % 3 else None) for i in range(70)],
                record_type="request",
                fields=["requester.name"],
                action="export",
                export_rows=70,
            )
            access.record_access(
                user=floater,
                records=[Record(i, f"FOI-{i}", home.pk) for i in range(3)],
                record_type="request",
                fields=["summary"],
                action="api",
            )
            AccessLogEntry(
                user=casey,
                user_unit=home,
                action="view",
                record_type="document",
                record_id=n,
                record_reference=f"DOC-{n}",
                record_unit=other,
            ).save()
    return casey, nosy, floater


def test_the_daily_totals_agree_with_the_raw_log(make_user):
    write_a_month(make_user)
    assert rollup() == raw_totals()
    days = {day for day, _ in rollup()}
    assert [d.isoformat() for d in sorted(days)] == ["2026-06-01", "2026-06-02", "2026-06-20"]
    # 1 June: two moments; the batches of 1000 entries write one total per day, too.
    casey_first = AccessLogDay.objects.get(user__username="casey", day="2026-06-01")
    assert (casey_first.views, casey_first.outside_unit) == (5 + 6 + 2, 2)


def test_the_report_from_the_totals_is_the_report_from_the_log(make_user):
    write_a_month(make_user)
    with time_machine.travel(datetime(2026, 6, 21, 12, 0, tzinfo=UK), tick=False):
        report = access.unusual_access(today=datetime(2026, 6, 21).date())
    by_name = {row.username: row for row in report}
    # nosy: 2 of every 3 of 280 exported rows were another unit's; 140 on 1 June.
    assert by_name["nosy"].outside_unit == 4 * 46
    assert (by_name["nosy"].busiest_day.isoformat(), by_name["nosy"].busiest_day_views) == (
        "2026-06-01",
        140,
    )
    assert by_name["nosy"].usual_daily_views == round(280 / 30, 1)
    # A user with no unit: every unit's record is outside theirs (12, under the threshold).
    floater = AccessLogDay.objects.filter(user__username="floater")
    assert sum(d.outside_unit for d in floater) == sum(d.views for d in floater) == 12
    assert sorted(by_name) == ["nosy"]


def test_migration_0006_fills_the_totals_from_the_log_as_it_stood(make_user):
    write_a_month(make_user)
    expected = rollup()
    AccessLogDay.objects.all().delete()
    migration = importlib.import_module("core.migrations.0006_access_log_daily_totals")
    # The function reads only the editor's connection (SQLite refuses a schema editor
    # inside the test's transaction).
    migration.fill_from_log(apps, SimpleNamespace(connection=connection))
    assert rollup() == expected == raw_totals()
