"""Every figure of docs/metrics.md on small hand-built data, computed by hand below.

Right-of-access requests (UK GDPR: due the same date next month, rolled past weekends):
  A received 05 Jan, due 05 Feb, closed 03 Feb (on time, 29 days)          Disclosure
  B received 12 Jan, due 12 Feb, closed 20 Feb (late, 39 days)             North
  C received 20 Jan, due 20 Feb, still open after its due date            North
  D received 26 Jan, withdrawn 02 Feb (would have been due 26 Feb)         Disclosure
  G received 07 Jan, identity never proved: clock never started, lapsed    Disclosure
  E received 02 Feb, due 02 Mar, closed 27 Feb (on time, 25 days)          Disclosure
  K received 02 Mar, due 02 Apr, closed 31 Mar — a month end (29 days)     Disclosure
  H received 10 Mar, waiting for identity: open, no due date               Disclosure
  I received 31 Mar, due 30 Apr — a month end — still open                 Disclosure
"""

from datetime import date

import pytest

from accounts.models import Unit
from dashboards import services
from dashboards.models import COUNT_FIELDS, MonthlySnapshot
from requests_tracker import services as request_services

from .builders import close, log

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR, MAY = (date(2026, m, 1) for m in range(1, 6))


@pytest.fixture
def hand_built(make_user, on_day):
    on_day("2026-05-20")
    disclosure = make_user("casey")
    north = make_user("nora", unit=Unit.objects.create(name="North"))
    a = log(disclosure, "2026-01-05")
    b = log(north, "2026-01-12")
    c = log(north, "2026-01-20")
    d = log(disclosure, "2026-01-26")
    g = log(disclosure, "2026-01-07")
    e = log(disclosure, "2026-02-02")
    k = log(disclosure, "2026-03-02")
    h = log(disclosure, "2026-03-10")
    i = log(disclosure, "2026-03-31")
    request_services.stop_clock(
        request_id=g.pk, actor=disclosure, reason="identity", started_on=date(2026, 1, 7)
    )
    request_services.stop_clock(
        request_id=h.pk, actor=disclosure, reason="identity", started_on=date(2026, 3, 10)
    )
    request_services.withdraw(
        request_id=d.pk, actor=disclosure, withdrawn_on=date(2026, 2, 2), reason="No longer needed"
    )
    assert request_services.lapse_stalled_requests(today=date(2026, 4, 10)) == [g.reference]
    close(disclosure, a, "2026-02-03")
    close(north, b, "2026-02-20")
    close(disclosure, e, "2026-02-27")
    close(disclosure, k, "2026-03-31")
    requests = {"a": a, "b": b, "c": c, "d": d, "e": e, "g": g, "h": h, "i": i, "k": k}
    for request in requests.values():
        request.refresh_from_db()
    # The statutory dates this hand computation relies on.
    assert [requests[x].due_on.isoformat() for x in "abceki"] == [
        "2026-02-05",
        "2026-02-12",
        "2026-02-20",
        "2026-03-02",
        "2026-04-02",
        "2026-04-30",
    ]
    assert requests["h"].due_on is None
    services.recompute_months(first=JAN, last=MAY)
    return {"north": north.unit, "disclosure": disclosure.unit, **requests}


def row(kind="roa", month=JAN, unit=None):
    return MonthlySnapshot.objects.get(kind=kind, month=month, unit=unit)


def figures(snapshot):
    return {
        **snapshot.published_values(),
        "pct_closed_on_time": None
        if snapshot.pct_closed_on_time is None
        else round(snapshot.pct_closed_on_time, 1),
        "pct_due_met": None if snapshot.pct_due_met is None else round(snapshot.pct_due_met, 1),
    }


EXPECTED_ALL_UNITS = {
    JAN: {
        "received": 5,
        "closed": 0,
        "closed_on_time": 0,
        "pct_closed_on_time": None,
        "due": 0,
        "due_met": 0,
        "pct_due_met": None,
        "open_at_month_end": 3,
        "overdue_at_month_end": 0,
        "median_days_to_close": None,
    },
    FEB: {
        "received": 1,
        "closed": 3,
        "closed_on_time": 2,
        "pct_closed_on_time": 66.7,
        "due": 3,
        "due_met": 1,
        "pct_due_met": 33.3,
        "open_at_month_end": 1,
        "overdue_at_month_end": 1,
        "median_days_to_close": 29.0,
    },
    MAR: {
        "received": 3,
        "closed": 1,
        "closed_on_time": 1,
        "pct_closed_on_time": 100.0,
        "due": 1,
        "due_met": 1,
        "pct_due_met": 100.0,
        "open_at_month_end": 3,
        "overdue_at_month_end": 1,
        "median_days_to_close": 29.0,
    },
    APR: {
        "received": 0,
        "closed": 0,
        "closed_on_time": 0,
        "pct_closed_on_time": None,
        "due": 2,
        "due_met": 1,
        "pct_due_met": 50.0,
        "open_at_month_end": 3,
        "overdue_at_month_end": 2,
        "median_days_to_close": None,
    },
    MAY: {
        "received": 0,
        "closed": 0,
        "closed_on_time": 0,
        "pct_closed_on_time": None,
        "due": 0,
        "due_met": 0,
        "pct_due_met": None,
        "open_at_month_end": 3,
        "overdue_at_month_end": 2,
        "median_days_to_close": None,
    },
}


@pytest.mark.parametrize("month", list(EXPECTED_ALL_UNITS))
def test_every_figure_for_all_units_matches_the_hand_computation(hand_built, month):
    assert figures(row(month=month)) == EXPECTED_ALL_UNITS[month]


def test_a_unit_with_nothing_on_time_shows_zero_percent_not_no_data(hand_built):
    north_feb = figures(row(month=FEB, unit=hand_built["north"]))
    assert north_feb == {
        "received": 0,
        "closed": 1,
        "closed_on_time": 0,
        "pct_closed_on_time": 0.0,
        "due": 2,
        "due_met": 0,
        "pct_due_met": 0.0,
        "open_at_month_end": 1,
        "overdue_at_month_end": 1,
        "median_days_to_close": 39.0,
    }
    disclosure_feb = figures(row(month=FEB, unit=hand_built["disclosure"]))
    assert disclosure_feb["closed"] == 2
    assert disclosure_feb["pct_closed_on_time"] == 100.0
    assert disclosure_feb["median_days_to_close"] == 27.0  # 25 and 29: .5 rule, even count


def test_units_add_up_to_the_all_units_row(hand_built):
    for month in EXPECTED_ALL_UNITS:
        units = MonthlySnapshot.objects.filter(kind="roa", month=month, unit__isnull=False)
        for field in ("received", "closed", "due", "due_met", "open_at_month_end"):
            assert sum(getattr(s, field) for s in units) == getattr(row(month=month), field)


def test_withdrawn_and_lapsed_requests_count_only_as_received(hand_built):
    # D would have been due on 26 February and G would have been open at every month end.
    assert row(month=JAN).received == 5
    assert row(month=FEB).due == 3
    assert row(month=JAN).open_at_month_end == 3


def test_each_kind_has_a_row_every_month_even_with_no_requests(hand_built):
    foi = row(kind="foi", month=MAR)
    assert foi.published_values() == {
        "received": 0,
        "closed": 0,
        "closed_on_time": 0,
        "due": 0,
        "due_met": 0,
        "open_at_month_end": 0,
        "overdue_at_month_end": 0,
        "median_days_to_close": None,
    }
    assert foi.pct_due_met is None
    assert foi.pct_closed_on_time is None


def test_recomputing_twice_gives_identical_rows(hand_built):
    def snapshot_rows():
        return sorted(
            MonthlySnapshot.objects.values_list(
                "kind",
                "unit_id",
                "month",
                "received",
                "closed",
                "closed_on_time",
                "due",
                "due_met",
                "open_at_month_end",
                "overdue_at_month_end",
                "median_days_to_close",
                "breakdown",
                "revised_at",
            ),
            key=repr,
        )

    before = snapshot_rows()
    result = services.recompute_months(first=JAN, last=MAY)
    assert snapshot_rows() == before
    assert (result.created, result.updated, result.revised) == (0, 0, 0)
    # A narrower range recomputes its months to the same values (backlog included).
    services.recompute_months(first=APR, last=APR)
    assert snapshot_rows() == before


def test_disposing_of_requesters_personal_data_changes_no_snapshot(hand_built):
    from requests_tracker.models import Requester

    before = list(MonthlySnapshot.objects.order_by("id").values())
    Requester.objects.update(name="", email="", address="", phone="")
    Requester.objects.all().delete()
    services.recompute_months(first=JAN, last=MAY)
    after = list(MonthlySnapshot.objects.order_by("id").values())
    for row_before, row_after in zip(before, after, strict=True):
        row_before.pop("computed_at"), row_after.pop("computed_at")
        assert row_before == row_after


def test_a_later_change_to_an_ended_month_is_recorded_as_a_revision(hand_built):
    c = hand_built["c"]
    close(c.assigned_to or c.created_by, c, "2026-03-16")
    services.recompute_months(first=JAN, last=MAY, reason="Late reply recorded")
    march = row(month=MAR)
    assert march.closed == 2
    assert march.revised_at is not None
    revision = march.revisions.get()
    assert revision.reason == "Late reply recorded"
    assert revision.before["closed"] == 1
    assert revision.after["closed"] == 2
    assert ("overdue_at_month_end", 1, 0) in revision.changes()
    # February was not touched (C was still open at the end of February).
    assert row(month=FEB).revised_at is None
    assert not row(month=FEB).revisions.exists()
    # May has not ended: its figures move without a revision.
    assert row(month=MAY).open_at_month_end == 2
    assert not row(month=MAY).revisions.exists()


def test_breakdowns_for_the_data_board(hand_built):
    feb = row(month=FEB).breakdown
    assert feb["outcomes"] == {"disclosed_in_full": 3}
    assert feb["late_reasons"] == {"volume": 1}
    # A: 03 Feb after 05 Jan is 21 working days; B: 28; E: 19.
    assert feb["response_times"] == {"within_30": 2, "within_20": 1}
    jan = row(month=JAN).breakdown
    assert jan["requester_types"] == {"member_of_public": 5}
    # Backlog at the end of April: C (100 days), H (51 days), I (30 days).
    assert row(month=APR).breakdown["backlog_age"] == {"over_90": 1, "41_60": 1, "21_40": 1}


def test_a_bad_range_is_refused():
    with pytest.raises(ValueError, match="cannot be before"):
        services.recompute_months(first=MAR, last=JAN)


@pytest.mark.parametrize("first", [FEB, MAR, APR, MAY])
def test_an_incremental_recomputation_gives_the_same_rows_as_a_full_one(hand_built, first):
    def snapshot_rows():
        return sorted(
            MonthlySnapshot.objects.values_list(
                "kind", "unit_id", "month", *COUNT_FIELDS, "median_days_to_close", "breakdown"
            ),
            key=repr,
        )

    full = snapshot_rows()
    MonthlySnapshot.objects.filter(month__gte=first).delete()
    services.recompute_months(first=first, last=MAY, incremental=True)
    assert snapshot_rows() == full


def test_an_incremental_recomputation_without_a_stored_base_scans_all_history(hand_built):
    full = MonthlySnapshot.objects.get(kind="roa", unit=None, month=APR).open_at_month_end
    MonthlySnapshot.objects.all().delete()
    services.recompute_months(first=APR, last=MAY, incremental=True)
    assert MonthlySnapshot.objects.get(kind="roa", unit=None, month=APR).open_at_month_end == full


def test_recomputing_what_changes_announce_equals_a_full_recomputation(hand_built):
    """The path a change takes (the outbox: incremental, from the month it announces,
    reading only the requests that touch those months or are open) gives the rows a full
    recomputation from the first request does. A request received and closed in May
    recomputes May alone; a late closure and a withdrawal recompute from their months."""
    from core import outbox
    from core.models import FigureChange

    disclosure, north = hand_built["disclosure"], hand_built["north"]
    casey, nora = disclosure.members.get(), north.members.get()

    def snapshot_rows():
        return sorted(
            MonthlySnapshot.objects.values_list(
                "kind", "unit_id", "month", *COUNT_FIELDS, "median_days_to_close", "breakdown"
            ),
            key=repr,
        )

    FigureChange.objects.all().delete()  # the fixture's, recomputed in full already
    new = log(casey, "2026-05-06")
    close(casey, new, "2026-05-19")
    assert sorted(FigureChange.objects.values_list("month", flat=True)) == [MAY, MAY]
    outbox.drain()
    assert row(month=MAY).closed == 1
    one_month = snapshot_rows()
    services.recompute_months(first=JAN, last=MAY)
    assert snapshot_rows() == one_month

    close(nora, hand_built["c"], "2026-05-20")
    request_services.withdraw(
        request_id=hand_built["h"].pk,
        actor=casey,
        withdrawn_on=date(2026, 5, 20),
        reason="No longer needed",
    )
    outbox.drain()
    assert row(month=MAY).closed == 2
    assert row(month=MAY).open_at_month_end == 1  # I alone
    after_changes = snapshot_rows()
    MonthlySnapshot.objects.all().delete()
    services.recompute_months(first=JAN, last=MAY)
    assert snapshot_rows() == after_changes
