"""core/dates.py: UK dates and times, calendar months and GOV.UK date words.

The oracles are independent of the module: the zone is built here, months are counted
by hand or with dateutil, and clock-change instants are the published ones.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core import dates
from core.dates import (
    NaiveDatetimeError,
    add_months,
    format_month,
    long_date,
    long_datetime,
    month_bounds,
    month_end,
    month_start,
    months_back,
    months_between,
    parse_month,
    to_uk,
    uk_date,
    uk_midnight,
    uk_now,
    uk_time,
    uk_today,
    wall_time,
)

LONDON = ZoneInfo("Europe/London")
PROPERTY = settings(max_examples=300, deadline=None, database=None)
DAYS = st.dates(date(1901, 1, 1), date(2199, 12, 31))
MONTHS = DAYS.map(lambda d: d.replace(day=1))
INSTANTS = st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31), timezones=st.just(UTC))


# --- the zone ------------------------------------------------------------------------------


def test_the_uk_zone_is_europe_london():
    assert dates.UK.key == "Europe/London"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2025, 7, 1, 23, 30, tzinfo=UTC), "2025-07-02"),  # BST evening
        (datetime(2025, 1, 15, 23, 30, tzinfo=UTC), "2025-01-15"),  # GMT
        (datetime(2025, 3, 30, 0, 30, tzinfo=UTC), "2025-03-30"),  # before the change
        (datetime(2025, 10, 25, 23, 30, tzinfo=UTC), "2025-10-26"),  # last BST night
        (datetime(2025, 10, 26, 23, 30, tzinfo=UTC), "2025-10-26"),  # GMT again
        (datetime(2025, 7, 2, 9, 30, tzinfo=timezone(timedelta(hours=10))), "2025-07-02"),
    ],
)
def test_uk_date(moment: datetime, expected: str) -> None:
    # Moved from tests/requests_tracker/test_statutory.py (statutory.uk_date).
    assert uk_date(moment) == date.fromisoformat(expected)


def test_uk_date_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="time zone"):
        uk_date(datetime(2025, 7, 1, 23, 30))


@pytest.mark.parametrize("convert", [to_uk, uk_date, uk_time, long_datetime])
def test_every_conversion_refuses_naive_datetimes(convert) -> None:
    with pytest.raises(NaiveDatetimeError):
        convert(datetime(2026, 1, 1, 9, 0))


@settings(max_examples=150, deadline=None, database=None)
@given(st.datetimes(datetime(2000, 1, 1), datetime(2035, 12, 31), timezones=st.just(UTC)))
def test_uk_date_is_the_utc_date_or_the_next(moment: datetime) -> None:
    # Moved from tests/requests_tracker/test_statutory_properties.py.
    assert uk_date(moment) in {moment.date(), moment.date() + timedelta(days=1)}
    if moment.month in (1, 2, 11, 12):  # GMT: the UK date is the UTC date
        assert uk_date(moment) == moment.date()


@PROPERTY
@given(INSTANTS)
@example(datetime(1998, 10, 25, 1, 0, tzinfo=UTC))  # the repeated hour, found by hypothesis
def test_to_uk_is_the_same_instant_at_a_gmt_or_bst_offset(moment: datetime) -> None:
    local = to_uk(moment)
    # The same instant (compared as timestamps: Python never calls a time in the repeated
    # hour of an October clock change equal to a time in another zone, PEP 495).
    assert local.timestamp() == moment.timestamp()
    assert local.utcoffset() in {timedelta(0), timedelta(hours=1)}
    assert local.replace(tzinfo=None) == moment.astimezone(LONDON).replace(tzinfo=None)
    assert uk_date(moment) == local.date()


@pytest.mark.parametrize(
    ("utc", "wall", "offset_hours"),
    [
        # Clocks go forward at 01:00 UTC on the last Sunday of March...
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 0, 59), 0),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 3, 29, 2, 0), 1),
        # ...and back at 01:00 UTC on the last Sunday of October: 01:xx happens twice.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30), 1),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30), 0),
        (datetime(2024, 3, 31, 1, 0, tzinfo=UTC), datetime(2024, 3, 31, 2, 0), 1),
        (datetime(2024, 10, 27, 1, 0, tzinfo=UTC), datetime(2024, 10, 27, 1, 0), 0),
    ],
)
def test_to_uk_across_the_clock_changes(utc: datetime, wall: datetime, offset_hours: int) -> None:
    local = to_uk(utc)
    assert local.replace(tzinfo=None) == wall
    assert local.utcoffset() == timedelta(hours=offset_hours)


def test_the_late_evening_of_a_bst_day_is_already_the_next_uk_day():
    assert uk_date(datetime(2026, 6, 30, 23, 0, tzinfo=UTC)) == date(2026, 7, 1)
    assert uk_date(datetime(2026, 6, 30, 22, 59, tzinfo=UTC)) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("frozen", "today"),
    [
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),  # BST
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2026, 12, 31)),  # GMT
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),
    ],
)
def test_uk_now_and_today_follow_the_uk_clock_not_utc(frozen: datetime, today: date) -> None:
    with time_machine.travel(frozen, tick=False):
        now = uk_now()
        assert now == frozen
        assert now.tzinfo is not None
        assert now.utcoffset() == frozen.astimezone(LONDON).utcoffset()
        assert uk_today() == today


@PROPERTY
@given(DAYS)
def test_uk_midnight_starts_the_uk_day(day: date) -> None:
    start = uk_midnight(day)
    assert start.tzinfo is not None
    assert uk_date(start) == day
    assert to_uk(start).time() == time(0, 0)
    assert uk_date(start - timedelta(microseconds=1)) == day - timedelta(days=1)


def test_uk_days_are_23_and_25_hours_long_on_the_clock_change_days():
    def hours(day: date) -> timedelta:
        # Elapsed time: in UTC (subtracting two times in one zone is wall-clock arithmetic).
        return uk_midnight(day + timedelta(days=1)).astimezone(UTC) - uk_midnight(day)

    assert hours(date(2026, 3, 29)) == timedelta(hours=23)
    assert hours(date(2026, 10, 25)) == timedelta(hours=25)
    assert hours(date(2026, 10, 26)) == timedelta(hours=24)


# --- months --------------------------------------------------------------------------------


def test_month_ends_include_leap_years():
    # Moved from tests/dashboards/test_months.py.
    assert month_end(date(2020, 2, 1)) == date(2020, 2, 29)
    assert month_end(date(2021, 2, 1)) == date(2021, 2, 28)
    assert month_end(date(2021, 12, 1)) == date(2021, 12, 31)
    assert month_end(date(1900, 2, 1)) == date(1900, 2, 28)
    assert month_end(date(2000, 2, 14)) == date(2000, 2, 29)


def test_adding_months_crosses_years():
    # Moved from tests/dashboards/test_months.py.
    assert add_months(date(2020, 11, 1), 3) == date(2021, 2, 1)
    assert add_months(date(2021, 1, 1), -1) == date(2020, 12, 1)
    assert len(list(months_between(date(2019, 1, 15), date(2020, 12, 3)))) == 24


def test_add_months_answers_a_first_of_the_month_whatever_the_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 1)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 1)
    assert add_months(date(2026, 5, 17), 0) == date(2026, 5, 1)


@PROPERTY
@given(DAYS)
def test_month_start_and_end_bound_the_day(day: date) -> None:
    first, last = month_start(day), month_end(day)
    assert first.day == 1
    assert (first.year, first.month) == (last.year, last.month) == (day.year, day.month)
    assert first <= day <= last
    assert last.day == calendar.monthrange(day.year, day.month)[1]
    assert (last + timedelta(days=1)).day == 1
    assert month_start(first) == first


@PROPERTY
@given(DAYS, st.integers(-1200, 1200))
def test_add_months_matches_relativedelta_on_the_first_of_the_month(day: date, count: int):
    assert add_months(day, count) == month_start(day) + relativedelta(months=count)


@PROPERTY
@given(MONTHS, st.integers(-600, 600), st.integers(-600, 600))
def test_add_months_round_trips_and_composes(month: date, a: int, b: int) -> None:
    assert add_months(add_months(month, a), -a) == month
    assert add_months(add_months(month, a), b) == add_months(month, a + b)
    assert (add_months(month, a) > month) == (a > 0)


@PROPERTY
@given(DAYS, DAYS)
def test_months_between_is_every_month_once_in_order(a: date, b: date) -> None:
    first, last = min(a, b), max(a, b)
    months = months_between(first, last)
    expected = (last.year - first.year) * 12 + last.month - first.month + 1
    assert len(months) == expected
    assert months[0] == month_start(first)
    assert months[-1] == month_start(last)
    assert all(m.day == 1 for m in months)
    assert all(add_months(x, 1) == y for x, y in pairwise(months))


def test_months_between_is_empty_when_last_is_in_an_earlier_month():
    assert months_between(date(2026, 5, 1), date(2026, 4, 30)) == []
    assert months_between(date(2026, 5, 31), date(2026, 5, 1)) == [date(2026, 5, 1)]


@PROPERTY
@given(DAYS, st.integers(1, 120))
def test_months_back_ends_with_the_month_and_has_count_months(day: date, count: int) -> None:
    months = months_back(day, count)
    assert len(months) == count
    assert months[-1] == month_start(day)
    assert months == months_between(add_months(day, -(count - 1)), day)


def test_months_back_of_nothing_is_empty():
    assert months_back(date(2026, 5, 5), 0) == []
    assert months_back(date(2026, 5, 5), -3) == []
    assert months_back(date(2026, 2, 5), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


@PROPERTY
@given(DAYS.filter(lambda d: 1990 <= d.year <= 2060), st.integers(0, 30))
def test_month_bounds_are_the_uk_instants_where_the_months_begin(day: date, span: int) -> None:
    last = add_months(day, span)
    start, end = month_bounds(day, last)
    assert to_uk(start).replace(tzinfo=None) == datetime.combine(month_start(day), time())
    assert to_uk(end).replace(tzinfo=None) == datetime.combine(add_months(last, 1), time())
    # The last instant in range is in the last month; the first out of range is not.
    assert month_start(uk_date(end - timedelta(microseconds=1))) == month_start(last)
    assert uk_date(start) == month_start(day)


def test_month_bounds_of_a_summer_month_start_at_23_00_utc():
    start, end = month_bounds(date(2026, 7, 9), date(2026, 7, 9))
    assert start == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 7, 31, 23, 0, tzinfo=UTC)
    winter, _ = month_bounds(date(2026, 1, 9), date(2026, 1, 9))
    assert winter == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2020-13", "2020-00", "20-01", "2020/01", "", "January 2020"])
def test_bad_months_are_refused_with_the_expected_form(text):
    # Moved from tests/dashboards/test_months.py.
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)


@pytest.mark.parametrize("text", ["1899-12", "2020-1", "2020-001", "02020-01", "2020-01-01"])
def test_more_bad_months_are_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)


def test_months_parse_and_format_at_the_edges():
    assert parse_month("2020-01") == date(2020, 1, 1)
    assert parse_month(" 2026-10 ") == date(2026, 10, 1)
    assert format_month(date(2020, 1, 1)) == "2020-01"
    assert format_month(date(2026, 10, 31)) == "2026-10"


@PROPERTY
@given(MONTHS.filter(lambda d: d.year >= 1900))
def test_parse_month_inverts_format_month(month: date) -> None:
    assert parse_month(format_month(month)) == month
    assert format_month(month) == f"{month:%Y-%m}"


# --- GOV.UK words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 10, 1), "1 October 2026"),
        (date(2026, 1, 9), "9 January 2026"),
        (date(2025, 12, 31), "31 December 2025"),
        (date(2024, 2, 29), "29 February 2024"),
    ],
)
def test_long_dates_have_no_leading_zero(day: date, text: str) -> None:
    assert long_date(day) == text


@PROPERTY
@given(DAYS)
def test_long_date_is_day_month_name_year(day: date) -> None:
    number, month, year = long_date(day).split(" ")
    assert number == str(day.day)
    assert not number.startswith("0")
    assert month == calendar.month_name[day.month]
    assert year == str(day.year)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 1, 5, 9, 30, tzinfo=UTC), "9:30am"),
        (datetime(2026, 7, 5, 8, 30, tzinfo=UTC), "9:30am"),  # BST
        (datetime(2026, 1, 5, 17, 0, tzinfo=UTC), "5pm"),
        (datetime(2026, 1, 5, 12, 0, tzinfo=UTC), "midday"),
        (datetime(2026, 1, 5, 0, 0, tzinfo=UTC), "midnight"),
        (datetime(2026, 7, 5, 23, 0, tzinfo=UTC), "midnight"),  # BST: midnight on the 6th
        (datetime(2026, 1, 5, 0, 5, tzinfo=UTC), "12:05am"),
        (datetime(2026, 1, 5, 12, 45, tzinfo=UTC), "12:45pm"),
        (datetime(2026, 1, 5, 23, 59, tzinfo=UTC), "11:59pm"),
    ],
)
def test_uk_times_are_in_govuk_style(moment: datetime, text: str) -> None:
    assert uk_time(moment) == text


def test_long_datetime_uses_the_uk_date_and_time():
    assert long_datetime(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2026 at 12:30am"
    assert long_datetime(datetime(2026, 3, 30, 14, 30, tzinfo=UTC)) == "30 March 2026 at 3:30pm"


@PROPERTY
@given(INSTANTS)
def test_uk_time_names_every_minute_of_the_uk_clock(moment: datetime) -> None:
    local = moment.astimezone(LONDON)
    text = uk_time(moment)
    if (local.hour, local.minute) == (0, 0):
        assert text == "midnight"
    elif (local.hour, local.minute) == (12, 0):
        assert text == "midday"
    else:
        parsed = datetime.strptime(text.upper(), "%I:%M%p" if ":" in text else "%I%p")
        assert (parsed.hour, parsed.minute) == (local.hour, local.minute)
        assert not text.startswith("0")


@pytest.mark.parametrize(
    ("clock", "text"),
    [
        (time(1, 30), "1:30am"),
        (time(0, 0), "midnight"),
        (time(12, 0), "midday"),
        (time(13, 5), "1:05pm"),
    ],
)
def test_wall_times_are_in_govuk_style(clock: time, text: str) -> None:
    assert wall_time(clock) == text
