"""Property-based tests of the statutory calendar (docs/law.md, "Counting days" to
"Clock stops")."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from requests_tracker.statutory import (
    Calendar,
    Kind,
    Part3CountFrom,
    Regime,
    Region,
    Rules,
    Stop,
    StopReason,
    compute_deadline,
    days_remaining,
)

# Moderate runs: the whole file takes a few seconds. No example database in the tree.
PROPERTY = settings(max_examples=150, deadline=None, database=None)

FIRST, LAST = date(2000, 1, 1), date(2035, 12, 31)
DATES = st.dates(FIRST, LAST)
INFORMATION_KINDS = st.sampled_from([Kind.FOI, Kind.EIR, Kind.INTERNAL_REVIEW])
ALL_KINDS = st.sampled_from(list(Kind))

# Reasons a caseworker may record per kind (check_new_stop refuses the others).
REASONS = {
    Kind.ROA: [StopReason.IDENTITY, StopReason.FEE, StopReason.CLARIFICATION, StopReason.OTHER],
    Kind.FOI: [StopReason.CLARIFICATION, StopReason.FEE, StopReason.OTHER],
    Kind.EIR: [StopReason.CLARIFICATION, StopReason.FEE, StopReason.OTHER],
    Kind.INTERNAL_REVIEW: [StopReason.CLARIFICATION, StopReason.OTHER],
}


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """The library calendar, sometimes with a few proclaimed extra days."""
    extra = draw(st.frozensets(DATES, max_size=4))
    return Calendar(extra_non_working_days=extra)


@st.composite
def rules(draw: st.DrawFn) -> Rules:
    return Rules(
        roa_region=draw(st.sampled_from(list(Region))),
        part3_count_from=draw(st.sampled_from(list(Part3CountFrom))),
        foi_max_extension_working_days=draw(st.integers(1, 30)),
        calendar=draw(calendars()),
    )


@st.composite
def closed_stops(
    draw: st.DrawFn,
    kind: Kind,
    after: date,
    reasons: list[StopReason] | None = None,
    count: tuple[int, int] = (0, 3),
) -> list[Stop]:
    """Closed, non-overlapping stops in order, starting on or after `after`."""
    allowed = reasons if reasons is not None else REASONS[kind]
    stops: list[Stop] = []
    cursor = after
    for _ in range(draw(st.integers(*count))):
        start = cursor + timedelta(days=draw(st.integers(0, 20)))
        end = start + timedelta(days=draw(st.integers(0, 40)))
        stops.append(Stop(draw(st.sampled_from(allowed)), start, end))
        cursor = end  # the next stop may start on the day this one ended
    return stops


@st.composite
def cases(draw: st.DrawFn, kinds: st.SearchStrategy[Kind] = ALL_KINDS) -> dict[str, object]:
    """Keyword arguments for compute_deadline that a caseworker could produce."""
    kind = draw(kinds)
    received = draw(DATES)
    case: dict[str, object] = {
        "kind": kind,
        "received_on": received,
        "stops": draw(closed_stops(kind, received)),
        "extended": draw(st.booleans()),
        "rules": draw(rules()),
    }
    if kind == Kind.ROA:
        case["regime"] = draw(st.sampled_from(list(Regime)))
    if kind == Kind.FOI:
        case["extension_working_days"] = draw(st.none() | st.integers(1, 30))
    if kind == Kind.INTERNAL_REVIEW:
        case["review_of"] = draw(st.sampled_from([None, Kind.FOI, Kind.EIR]))
    return case


def due(case: dict[str, object]) -> date:
    result = compute_deadline(**case)  # type: ignore[arg-type]
    assert result.due_on is not None  # every stop in these cases is closed
    return result.due_on


# ---------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------


@PROPERTY
@given(cases())
def test_due_date_is_never_before_the_clock_start(case: dict[str, object]) -> None:
    result = compute_deadline(**case)  # type: ignore[arg-type]
    assert result.clock_started_on is not None
    assert result.original_due_on is not None
    assert result.due_on is not None
    assert result.clock_started_on < result.original_due_on <= result.due_on
    assert result.explanation


@PROPERTY
@given(cases(INFORMATION_KINDS))
def test_information_due_date_is_a_working_day(case: dict[str, object]) -> None:
    rules_: Rules = case["rules"]  # type: ignore[assignment]
    assert rules_.calendar.is_working_day(due(case))


@PROPERTY
@given(cases(st.just(Kind.ROA)))
def test_roa_due_date_is_a_working_day_of_its_region(case: dict[str, object]) -> None:
    rules_: Rules = case["rules"]  # type: ignore[assignment]
    assert rules_.calendar.is_roa_working_day(due(case), rules_.roa_region)


@PROPERTY
@given(cases(st.just(Kind.ROA)))
def test_roa_due_date_is_about_a_month_or_three_after_the_relevant_time(
    case: dict[str, object],
) -> None:
    result = compute_deadline(**case)  # type: ignore[arg-type]
    assert result.clock_started_on is not None
    assert result.due_on is not None
    stops: list[Stop] = case["stops"]  # type: ignore[assignment]
    paused = sum(
        (s.ended_on - s.started_on).days + 1
        for s in stops
        if s.reason == StopReason.CLARIFICATION and s.ended_on is not None
    )
    months_days = 92 if case["extended"] else 31
    span = (result.due_on - result.clock_started_on).days
    # at least 28 days; at most a (long) month or three, a start-day shift, the paused
    # days and a roll over a long weekend of holidays (and a few extra days)
    assert 28 <= span <= months_days + 1 + paused + 10


@PROPERTY
@given(cases(INFORMATION_KINDS))
def test_information_due_date_counts_exactly_the_statutory_working_days(
    case: dict[str, object],
) -> None:
    """A second, brute-force oracle: count the working days from receipt to the due
    date, less those spent waiting for a fee."""
    result = compute_deadline(**case)  # type: ignore[arg-type]
    assert result.clock_started_on is not None
    assert result.due_on is not None
    rules_: Rules = case["rules"]  # type: ignore[assignment]
    kind = case["kind"]
    stops: list[Stop] = case["stops"]  # type: ignore[assignment]
    fees = [
        (s.started_on, s.ended_on)
        for s in stops
        if s.reason == StopReason.FEE and s.ended_on is not None and kind != Kind.INTERNAL_REVIEW
    ]
    counted = 0
    day = result.clock_started_on
    while day < result.due_on:
        day += timedelta(days=1)
        if rules_.calendar.is_working_day(day) and not any(lo <= day <= hi for lo, hi in fees):
            counted += 1
    extended = bool(case["extended"])
    if kind == Kind.FOI:
        extra = case["extension_working_days"]
        if extra is None:
            extra = rules_.foi_max_extension_working_days
        expected = 20 + extra if extended else 20  # type: ignore[operator]
    elif kind == Kind.EIR:
        expected = 40 if extended else 20
    elif case["review_of"] == Kind.EIR:
        expected = 40
    else:
        expected = 40 if extended else 20
    assert counted == expected


@PROPERTY
@given(st.data(), cases())
def test_adding_a_closed_stop_never_makes_the_deadline_earlier(
    data: st.DataObject, case: dict[str, object]
) -> None:
    kind: Kind = case["kind"]  # type: ignore[assignment]
    stops: list[Stop] = case["stops"]  # type: ignore[assignment]
    reasons = REASONS[kind]
    if kind == Kind.ROA and any(s.reason == StopReason.CLARIFICATION for s in stops):
        # Paused days count only from the relevant time, so a later relevant time can
        # drop earlier paused days (see test_statutory.py,
        # test_roa_identity_after_a_clarification_follows_the_relevant_time).
        reasons = [StopReason.CLARIFICATION, StopReason.OTHER]
    after = max([s.ended_on for s in stops if s.ended_on], default=case["received_on"])
    [extra] = data.draw(closed_stops(kind, after, reasons, count=(1, 1)))  # type: ignore[arg-type]
    assert due({**case, "stops": [*stops, extra]}) >= due(case)


@PROPERTY
@given(cases())
def test_extending_never_makes_the_deadline_earlier(case: dict[str, object]) -> None:
    assert due({**case, "extended": True}) >= due({**case, "extended": False})


@PROPERTY
@given(
    st.dates(FIRST, LAST).map(lambda d: d + timedelta(days=(4 - d.weekday()) % 7)),
    INFORMATION_KINDS,
    calendars(),
)
def test_friday_saturday_and_sunday_receipts_share_a_deadline(
    friday: date, kind: Kind, calendar: Calendar
) -> None:
    assert friday.weekday() == 4
    rules_ = Rules(calendar=calendar)
    deadlines = {
        compute_deadline(kind=kind, received_on=friday + timedelta(days=i), rules=rules_).due_on
        for i in range(3)
    }
    assert len(deadlines) == 1


@PROPERTY
@given(cases())
def test_nothing_remains_on_the_due_date(case: dict[str, object]) -> None:
    due_on = due(case)
    assert days_remaining(kind=case["kind"], due_on=due_on, today=due_on, rules=case["rules"]) == 0  # type: ignore[arg-type]


@PROPERTY
@given(cases(), st.integers(-400, 400))
def test_days_remaining_is_negative_exactly_when_the_deadline_has_passed(
    case: dict[str, object], offset: int
) -> None:
    due_on = due(case)
    today = due_on + timedelta(days=offset)
    left = days_remaining(kind=case["kind"], due_on=due_on, today=today, rules=case["rules"])  # type: ignore[arg-type]
    assert left is not None
    assert (left < 0) == (today > due_on)
    if offset < 0:
        assert left > 0  # due dates are working days: at least the due date itself remains


# ---------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------


@PROPERTY
@given(DATES, st.integers(1, 60), calendars())
def test_add_working_days_and_working_days_after_agree(
    start: date, n: int, calendar: Calendar
) -> None:
    end = calendar.add_working_days(start, n)
    assert end > start
    assert calendar.is_working_day(end)
    assert calendar.working_days_after(start, end) == n
    assert calendar.working_days_after(end, start) == -n


@PROPERTY
@given(DATES, st.integers(-120, 120), calendars())
def test_working_days_after_matches_a_day_by_day_count(
    start: date, span: int, calendar: Calendar
) -> None:
    end = start + timedelta(days=span)
    lo, hi = min(start, end), max(start, end)
    brute = sum(
        1 for i in range(1, (hi - lo).days + 1) if calendar.is_working_day(lo + timedelta(days=i))
    )
    assert calendar.working_days_after(start, end) == (brute if end >= start else -brute)


@PROPERTY
@given(DATES, st.integers(0, 60), st.none() | st.sampled_from(list(Region)), calendars())
def test_holidays_between_names_each_non_working_weekday_once(
    start: date, span: int, region: Region | None, calendar: Calendar
) -> None:
    end = start + timedelta(days=span)
    named = calendar.holidays_between(start, end, region)
    days = [d for d, _ in named]
    assert days == sorted(set(days))
    assert all(name for _, name in named)
    closed_weekdays = [
        d
        for d in (start + timedelta(days=i) for i in range(span + 1))
        if d.weekday() < 5
        and not (
            calendar.is_working_day(d) if region is None else calendar.is_roa_working_day(d, region)
        )
    ]
    assert days == closed_weekdays
