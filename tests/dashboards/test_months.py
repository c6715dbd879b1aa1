"""Quarters and the statistics behind the figures (months: tests/core/test_dates.py)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import round_pct
from dashboards.months import mean, median_from_counts, parse_quarter, quarter_months


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, None),
        ({29: 1}, 29),
        ({25: 1, 29: 1}, 27.0),
        ({25: 1, 26: 1}, 25.5),
        ({10: 2, 40: 1}, 10),
        ({1: 1, 2: 1, 3: 1, 100: 1}, 2.5),
        ({0: 3, 5: 3}, 2.5),
    ],
)
def test_median_takes_the_middle_or_halfway_between_the_two_middles(counts, expected):
    assert median_from_counts(counts) == expected


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_median_from_counts_equals_the_median_of_the_list(values):
    from statistics import median

    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    assert median_from_counts(counts) == median(values)


def test_quarters():
    assert parse_quarter("2020-Q1") == (2020, 1)
    assert parse_quarter("2020q4") == (2020, 4)
    assert quarter_months(2020, 2) == [date(2020, 4, 1), date(2020, 5, 1), date(2020, 6, 1)]
    with pytest.raises(ValueError, match="YYYY-QN"):
        parse_quarter("2020-Q5")


def test_rounding_is_half_up_and_no_data_stays_none():
    assert round_pct(66.66666) == 66.7
    assert round_pct(76.25) == 76.3
    assert round_pct(0.05) == 0.1
    assert round_pct(99.5, 0) == 100
    assert round_pct(None) is None


def test_mean_of_monthly_percentages_leaves_out_months_without_data():
    assert mean([50.0, None, 100.0]) == 75.0
    assert mean([None, None]) is None
