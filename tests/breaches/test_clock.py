"""The 72-hour clock (docs/law.md, "Breaches: the 72-hour clock"): elapsed hours, computed
in UTC, across the clock changes; UK wall-clock input; the risk matrix."""

from datetime import UTC, datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breaches import clock
from core.dates import to_uk

UK = ZoneInfo("Europe/London")


def uk(*args) -> datetime:
    return datetime(*args, tzinfo=UK)


def test_deadline_is_72_elapsed_hours_in_winter():
    assert clock.report_due_at(uk(2026, 1, 12, 9, 0)) == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def test_deadline_across_the_march_clock_change_is_an_hour_later_on_the_wall_clock():
    # docs/law.md, "Breaches: the 72-hour clock": 10:00 on 29 March 2024 + 72 h is
    # 11:00 BST on 1 April, not 10:00.
    due = clock.report_due_at(uk(2024, 3, 29, 10, 0))
    assert to_uk(due) == uk(2024, 4, 1, 11, 0)
    assert to_uk(due).utcoffset() == timedelta(hours=1)
    # Naive wall-clock arithmetic would be an hour short of 72 hours.
    assert due - uk(2024, 3, 29, 10, 0) == timedelta(hours=72)


def test_deadline_across_the_march_2026_clock_change():
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
    due = clock.report_due_at(uk(2026, 3, 27, 14, 30))
    assert to_uk(due) == uk(2026, 3, 30, 15, 30)
    assert due == datetime(2026, 3, 30, 14, 30, tzinfo=UTC)


def test_deadline_across_the_october_clock_change_is_an_hour_earlier_on_the_wall_clock():
    # Clocks go back at 02:00 BST on Sunday 25 October 2026.
    aware = uk(2026, 10, 23, 14, 30)  # BST
    due = clock.report_due_at(aware)
    assert to_uk(due) == uk(2026, 10, 26, 13, 30)
    assert to_uk(due).utcoffset() == timedelta(0)
    assert due - aware == timedelta(hours=72)


def test_deadline_from_the_repeated_october_hour_depends_on_which_one():
    first = datetime(2026, 10, 25, 1, 30, tzinfo=UK, fold=0)  # 00:30 UTC
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UK, fold=1)  # 01:30 UTC
    assert clock.report_due_at(second) - clock.report_due_at(first) == timedelta(hours=1)
    assert to_uk(clock.report_due_at(first)) == uk(2026, 10, 28, 0, 30)


def test_deadline_refuses_naive_datetimes():
    with pytest.raises(clock.ClockError):
        clock.report_due_at(datetime(2026, 1, 1, 9, 0))


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2040, 12, 31),
        timezones=st.just(UK),
    )
)
def test_deadline_is_always_exactly_72_elapsed_hours(aware):
    due = clock.report_due_at(aware)
    assert due.astimezone(UTC) - aware.astimezone(UTC) == timedelta(hours=72)
    assert due.tzinfo is UTC


def test_hours_remaining_counts_elapsed_hours_and_goes_negative():
    due = clock.report_due_at(uk(2026, 3, 28, 12, 0))  # 12:00 GMT + 72 h = 13:00 BST 31 March
    assert to_uk(due) == uk(2026, 3, 31, 13, 0)
    assert clock.hours_remaining(due, uk(2026, 3, 28, 12, 0)) == 72.0
    # Noon BST on the 29th is 11:00 UTC: 49 elapsed hours remain, not 48.
    assert clock.hours_remaining(due, uk(2026, 3, 29, 12, 0)) == 49.0
    assert clock.hours_remaining(due, due + timedelta(minutes=90)) == -1.5
    assert clock.hours_remaining(due, due - timedelta(minutes=1)) == 0.0


def test_countdown_text():
    due = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert clock.countdown_text(due, due - timedelta(hours=41, minutes=5)) == (
        "41 hours 5 minutes left"
    )
    assert clock.countdown_text(due, due + timedelta(hours=1, minutes=1)) == (
        "Overdue by 1 hour 1 minute"
    )


def test_late_is_after_the_deadline_not_at_it():
    due = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert not clock.is_late(reported_at=due, due_at=due)
    assert clock.is_late(reported_at=due + timedelta(seconds=1), due_at=due)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-12T09:00", datetime(2026, 1, 12, 9, 0, tzinfo=UTC)),
        ("2026-07-12T09:00", datetime(2026, 7, 12, 8, 0, tzinfo=UTC)),
        ("2026-07-12T09:00:00+01:00", datetime(2026, 7, 12, 8, 0, tzinfo=UTC)),
        ("2026-07-12T08:00:00Z", datetime(2026, 7, 12, 8, 0, tzinfo=UTC)),
        ("2026-10-25T01:30:00+00:00", datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ],
)
def test_parse_uk_datetime(text, expected):
    assert clock.parse_uk_datetime(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a date and time"),
        ("yesterday", "ISO 8601"),
        ("2026-07-12", "time as well"),
        ("2026-03-29T01:30", "did not happen in the UK"),
        ("2026-10-25T01:30", "happened twice"),
    ],
)
def test_parse_uk_datetime_refuses_what_cannot_be_placed(text, message):
    with pytest.raises(clock.ClockError, match=message):
        clock.parse_uk_datetime(text)


def test_risk_matrix_is_complete_and_monotonic():
    order = list(clock.Risk)
    for likelihood, severity in product(clock.Likelihood, clock.Severity):
        risk = clock.assess_risk(likelihood, severity)
        assert risk in order
    assert clock.assess_risk("remote", "minimal") == clock.Risk.NO_RISK
    assert clock.assess_risk("probable", "severe") == clock.Risk.HIGH_RISK
    assert clock.assess_risk("possible", "significant") == clock.Risk.RISK
    # Worse likelihood or severity never lowers the risk.
    likelihoods, severities = list(clock.Likelihood), list(clock.Severity)
    for i, likelihood in enumerate(likelihoods):
        for j, severity in enumerate(severities):
            here = order.index(clock.assess_risk(likelihood, severity))
            if i + 1 < len(likelihoods):
                assert order.index(clock.assess_risk(likelihoods[i + 1], severity)) >= here
            if j + 1 < len(severities):
                assert order.index(clock.assess_risk(likelihood, severities[j + 1])) >= here
