"""Table-driven tests of the statutory calendar (docs/law.md, "Counting days" to
"Clock stops"; the worked examples are listed under "Worked examples and the tests that
check them").

Every expected date below was worked out by hand from the published bank holidays of
the year concerned; the comment on each row says why.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from requests_tracker.statutory import (
    EIR_EXTENDED_WORKING_DAYS,
    FOI_WORKING_DAYS,
    PART3_EXTENSION_COMMENCEMENT,
    REVIEW_MAX_WORKING_DAYS,
    REVIEW_WORKING_DAYS,
    Calendar,
    Deadline,
    Kind,
    Part3CountFrom,
    Regime,
    Region,
    Rules,
    StatutoryError,
    Stop,
    StopReason,
    check_extension,
    check_new_stop,
    check_restart,
    compute_deadline,
    days_remaining,
)

D = date.fromisoformat
CAL = Calendar()
ID, CLAR, FEE, OTHER = (
    StopReason.IDENTITY,
    StopReason.CLARIFICATION,
    StopReason.FEE,
    StopReason.OTHER,
)


def stop(reason: StopReason, start: str, end: str | None = None) -> Stop:
    return Stop(reason, D(start), D(end) if end else None)


# ---------------------------------------------------------------------------
# Interface
# ---------------------------------------------------------------------------


def test_vocabularies_and_constants() -> None:
    assert [k.value for k in Kind] == ["roa", "foi", "eir", "internal_review"]
    assert [r.value for r in Regime] == ["uk_gdpr", "dpa_part3"]
    assert [r.value for r in Region] == ["EW", "SCT", "NIR", "UK"]
    assert [p.value for p in Part3CountFrom] == ["receipt", "day_after"]
    assert [s.value for s in StopReason] == ["identity", "clarification", "fee", "other"]
    assert date(2026, 2, 5) == PART3_EXTENSION_COMMENCEMENT
    assert (FOI_WORKING_DAYS, EIR_EXTENDED_WORKING_DAYS) == (20, 40)
    assert (REVIEW_WORKING_DAYS, REVIEW_MAX_WORKING_DAYS) == (20, 40)
    assert Rules() == Rules(Region.EW, Part3CountFrom.RECEIPT, 20, Calendar())


def test_statutory_error_is_a_value_error_naming_the_field() -> None:
    err = StatutoryError("No.", field="started_on")
    assert isinstance(err, ValueError)
    assert (str(err), err.field) == ("No.", "started_on")
    assert StatutoryError("No.").field is None


def test_value_objects_are_frozen_and_hashable() -> None:
    s = stop(CLAR, "2025-03-04", "2025-03-05")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.ended_on = None  # type: ignore[misc]
    calendar = Calendar(extra_non_working_days={D("2025-03-12")})  # type: ignore[arg-type]
    assert isinstance(calendar.extra_non_working_days, frozenset)
    assert hash(Rules(calendar=calendar)) == hash(Rules(calendar=calendar))


def test_plain_strings_from_the_database_are_accepted() -> None:
    as_enum = compute_deadline(kind=Kind.ROA, received_on=D("2026-06-30"), regime=Regime.DPA_PART3)
    as_str = compute_deadline(kind="roa", received_on=D("2026-06-30"), regime="dpa_part3")  # type: ignore[arg-type]
    assert as_enum == as_str
    assert CAL.is_roa_working_day(D("2026-01-02"), "SCT") is False  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Calendars (docs/law.md, "Counting days")
# ---------------------------------------------------------------------------

FOIA_DAYS = [
    ("2025-03-03", True, "an ordinary Monday"),
    ("2025-03-08", False, "Saturday"),
    ("2025-03-09", False, "Sunday"),
    ("2025-04-18", False, "Good Friday"),
    ("2025-04-21", False, "Easter Monday (not Scotland, but the union counts)"),
    ("2024-12-25", False, "Christmas Day"),
    ("2024-12-26", False, "Boxing Day"),
    ("2020-12-28", False, "Boxing Day substitute (26 Dec 2020 was a Saturday)"),
    ("2021-12-27", False, "Christmas Day substitute"),
    ("2021-12-28", False, "Boxing Day substitute"),
    ("2022-12-27", False, "Christmas Day substitute (Tuesday)"),
    ("2022-01-03", False, "New Year's Day substitute"),
    ("2026-01-02", False, "2 January, Scotland only"),
    ("2023-01-03", False, "2 January substitute, Scotland only"),
    ("2021-01-04", False, "2 January substitute on a Monday, Scotland only"),
    ("2026-08-03", False, "first Monday of August, Scotland only"),
    ("2026-11-30", False, "St Andrew's Day, Scotland only"),
    ("2025-12-01", False, "St Andrew's Day substitute (30 Nov 2025 was a Sunday)"),
    ("2024-12-02", False, "St Andrew's Day substitute (30 Nov 2024 was a Saturday)"),
    ("2026-06-15", False, "World Cup holiday, Scotland (needs holidays >= 0.91)"),
    ("2026-03-17", False, "St Patrick's Day, Northern Ireland only"),
    ("2024-03-18", False, "St Patrick's Day substitute, Northern Ireland"),
    ("2024-07-12", False, "Battle of the Boyne, Northern Ireland only"),
    ("2026-07-13", False, "Boyne substitute (12 Jul 2026 is a Sunday)"),
    ("2025-07-14", False, "Boyne substitute (12 Jul 2025 was a Saturday)"),
    ("2025-08-25", False, "late summer bank holiday (not Scotland)"),
    ("2020-05-04", True, "moved: the May Day holiday went to 8 May 2020"),
    ("2020-05-08", False, "VE Day holiday 2020"),
    ("2022-05-30", True, "moved: the spring holiday went to 2 June 2022"),
    ("2022-06-02", False, "spring bank holiday 2022"),
    ("2022-06-03", False, "Platinum Jubilee"),
    ("2022-09-19", False, "State Funeral of Queen Elizabeth II"),
    ("2023-05-08", False, "Coronation of King Charles III"),
    ("2025-12-24", True, "Christmas Eve is a working day"),
    ("2025-12-31", True, "New Year's Eve is a working day"),
]


@pytest.mark.parametrize(("day", "expected", "why"), FOIA_DAYS)
def test_foia_working_day(day: str, expected: bool, why: str) -> None:
    assert CAL.is_working_day(D(day)) is expected, why


ROA_DAYS = [
    # day, {region: expected}
    ("2026-01-02", {"EW": True, "SCT": False, "NIR": True, "UK": False}),
    ("2027-07-12", {"EW": True, "SCT": True, "NIR": False, "UK": False}),
    ("2025-04-21", {"EW": False, "SCT": True, "NIR": False, "UK": False}),
    ("2026-08-03", {"EW": True, "SCT": False, "NIR": True, "UK": False}),
    ("2026-08-31", {"EW": False, "SCT": True, "NIR": False, "UK": False}),
    ("2026-11-30", {"EW": True, "SCT": False, "NIR": True, "UK": False}),
    ("2026-06-15", {"EW": True, "SCT": False, "NIR": True, "UK": False}),
    ("2024-03-18", {"EW": True, "SCT": True, "NIR": False, "UK": False}),
    ("2025-12-25", {"EW": False, "SCT": False, "NIR": False, "UK": False}),
    ("2025-03-08", {"EW": False, "SCT": False, "NIR": False, "UK": False}),
    ("2022-06-03", {"EW": False, "SCT": False, "NIR": False, "UK": False}),
    ("2025-03-03", {"EW": True, "SCT": True, "NIR": True, "UK": True}),
]


@pytest.mark.parametrize(
    ("day", "region", "expected"),
    [(day, Region(r), e) for day, table in ROA_DAYS for r, e in table.items()],
)
def test_roa_working_day_by_region(day: str, region: Region, expected: bool) -> None:
    assert CAL.is_roa_working_day(D(day), region) is expected


def test_extra_non_working_day_is_honoured_by_every_calendar() -> None:
    extra = D("2025-03-12")  # a Wednesday
    calendar = Calendar(extra_non_working_days=frozenset({extra}))
    assert CAL.is_working_day(extra)
    assert not calendar.is_working_day(extra)
    for region in Region:
        assert CAL.is_roa_working_day(extra, region)
        assert not calendar.is_roa_working_day(extra, region)
    rules = Rules(calendar=calendar)
    # FOI: 3 March 2025 + 20 working days is 1 April; one more day off makes it 2 April.
    assert compute_deadline(kind=Kind.FOI, received_on=D("2025-03-03")).due_on == D("2025-04-01")
    foi = compute_deadline(kind=Kind.FOI, received_on=D("2025-03-03"), rules=rules)
    assert foi.due_on == D("2025-04-02")
    assert "additional non-working day (12 March 2025)" in foi.explanation
    # ROA: 12 February + 1 month = 12 March, now closed, rolls to 13 March.
    roa = compute_deadline(kind=Kind.ROA, received_on=D("2025-02-12"), rules=rules)
    assert roa.due_on == D("2025-03-13")
    assert "12 March 2025, additional non-working day; the next working day" in roa.explanation


ADD_WORKING_DAYS = [
    # start, n, skip, expected, why
    ("2025-03-03", 20, (), "2025-04-01", "St Patrick's Day 17 Mar 2025 is skipped"),
    ("2025-03-07", 1, (), "2025-03-10", "Friday -> Monday"),
    ("2025-03-08", 1, (), "2025-03-10", "Saturday -> Monday"),
    ("2025-03-31", 20, (), "2025-04-30", "Good Friday and Easter Monday"),
    ("2025-04-17", 1, (), "2025-04-22", "over the Easter weekend"),
    ("2020-05-01", 1, (), "2020-05-04", "4 May 2020 was a working day"),
    ("2020-05-07", 1, (), "2020-05-11", "8 May 2020 was not"),
    ("2022-05-27", 1, (), "2022-05-30", "30 May 2022 was a working day"),
    ("2022-06-01", 1, (), "2022-06-06", "2 and 3 June 2022 were not"),
    ("2022-09-16", 1, (), "2022-09-20", "state funeral"),
    ("2023-05-05", 1, (), "2023-05-09", "coronation"),
    ("2021-12-24", 1, (), "2021-12-29", "Christmas and Boxing Day substitutes"),
    ("2025-03-03", 20, (("2025-03-04", "2025-03-06"),), "2025-04-04", "3 fee days"),
    ("2025-03-03", 20, (("2025-03-07", "2025-03-10"),), "2025-04-03", "Fri-Mon fee: 2 days"),
    ("2025-03-03", 20, (("2025-03-08", "2025-03-09"),), "2025-04-01", "weekend only: none"),
    ("2025-03-03", 20, (("2025-02-01", "2025-03-03"),), "2025-04-01", "before the start"),
    (
        "2025-03-03",
        20,
        (("2025-03-04", "2025-03-04"), ("2025-03-11", "2025-03-11")),
        "2025-04-03",
        "two one-day fee periods",
    ),
]


@pytest.mark.parametrize(("start", "n", "skip", "expected", "why"), ADD_WORKING_DAYS)
def test_add_working_days(
    start: str, n: int, skip: tuple[tuple[str, str], ...], expected: str, why: str
) -> None:
    ranges = [(D(lo), D(hi)) for lo, hi in skip]
    assert CAL.add_working_days(D(start), n, skip=ranges) == D(expected), why


@pytest.mark.parametrize("n", [0, -1])
def test_add_working_days_needs_a_positive_count(n: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CAL.add_working_days(D("2025-03-03"), n)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-03-03", "2025-04-01", 20),
        ("2025-03-07", "2025-03-09", 0),  # Friday to Sunday
        ("2025-03-07", "2025-03-07", 0),
        ("2025-03-07", "2025-03-10", 1),
        ("2025-03-10", "2025-03-07", -1),
        ("2025-04-01", "2025-03-03", -20),
        ("2025-04-17", "2025-04-22", 1),  # Easter
        # 262 weekdays from 2 Jan 2024 to 1 Jan 2025, less 13 UK-wide holiday weekdays.
        ("2024-01-01", "2025-01-01", 249),
    ],
)
def test_working_days_after(start: str, end: str, expected: int) -> None:
    assert CAL.working_days_after(D(start), D(end)) == expected


HOLIDAYS_BETWEEN = [
    (
        "2020-12-24",
        "2020-12-31",
        None,
        [("2020-12-25", "Christmas Day"), ("2020-12-28", "Boxing Day (substitute day)")],
    ),
    (
        "2021-12-24",
        "2021-12-31",
        None,
        [
            ("2021-12-27", "Christmas Day (substitute day)"),
            ("2021-12-28", "Boxing Day (substitute day)"),
        ],
    ),
    (
        "2024-03-01",
        "2024-03-31",
        None,
        [
            ("2024-03-18", "Saint Patrick's Day (substitute day, Northern Ireland)"),
            ("2024-03-29", "Good Friday"),
        ],
    ),
    ("2024-03-01", "2024-03-31", Region.EW, [("2024-03-29", "Good Friday")]),
    (
        "2024-03-01",
        "2024-03-31",
        Region.NIR,
        [("2024-03-18", "Saint Patrick's Day (substitute day)"), ("2024-03-29", "Good Friday")],
    ),
    (
        "2023-01-01",
        "2023-01-03",
        None,
        [
            ("2023-01-02", "New Year's Day (substitute day) / New Year Holiday (Scotland)"),
            ("2023-01-03", "New Year Holiday (substitute day, Scotland)"),
        ],
    ),
    (
        "2025-11-24",
        "2025-12-05",
        None,
        [("2025-12-01", "Saint Andrew's Day (substitute day, Scotland)")],
    ),
    ("2025-04-14", "2025-04-25", Region.SCT, [("2025-04-18", "Good Friday")]),
    (
        "2025-04-14",
        "2025-04-25",
        Region.UK,
        [("2025-04-18", "Good Friday"), ("2025-04-21", "Easter Monday")],
    ),
    ("2025-03-10", "2025-03-14", None, []),
    ("2025-03-14", "2025-03-10", None, []),
]


@pytest.mark.parametrize(("start", "end", "region", "expected"), HOLIDAYS_BETWEEN)
def test_holidays_between(
    start: str, end: str, region: Region | None, expected: list[tuple[str, str]]
) -> None:
    got = CAL.holidays_between(D(start), D(end), region)
    assert got == [(D(d), name) for d, name in expected]


def test_holidays_between_names_the_world_cup_day_only_where_it_is_held() -> None:
    [(day, name)] = CAL.holidays_between(D("2026-06-15"), D("2026-06-15"))
    assert day == D("2026-06-15")
    assert "World Cup" in name
    assert name.endswith("(Scotland)")
    assert CAL.holidays_between(D("2026-06-15"), D("2026-06-15"), Region.EW) == []


def test_holidays_between_lists_extra_days_once_and_never_weekends() -> None:
    calendar = Calendar(
        extra_non_working_days=frozenset({D("2025-03-12"), D("2025-03-15"), D("2025-12-25")})
    )
    assert calendar.holidays_between(D("2025-03-10"), D("2025-03-16")) == [
        (D("2025-03-12"), "additional non-working day")
    ]
    assert calendar.holidays_between(D("2025-12-25"), D("2025-12-25"), Region.EW) == [
        (D("2025-12-25"), "Christmas Day")
    ]


# ---------------------------------------------------------------------------
# Right of access (docs/law.md, "Right of access")
# ---------------------------------------------------------------------------

P3_DAY_AFTER = Rules(part3_count_from=Part3CountFrom.DAY_AFTER)
GDPR, PART3 = Regime.UK_GDPR, Regime.DPA_PART3

ROA_CASES = [
    # id, received, kwargs, (clock_started, original_due, due)
    ("3 Sep -> 3 Oct", "2025-09-03", {}, ("2025-09-03", "2025-10-03", "2025-10-03")),
    (
        "1 Jan (holiday) -> 1 Feb (Thu)",
        "2024-01-01",
        {},
        ("2024-01-01", "2024-02-01", "2024-02-01"),
    ),
    (
        "1 Jan -> 1 Feb 2025 is a Saturday -> Mon 3 Feb",
        "2025-01-01",
        {},
        ("2025-01-01", "2025-02-03", "2025-02-03"),
    ),
    ("31 Jan -> 28 Feb", "2025-01-31", {}, ("2025-01-31", "2025-02-28", "2025-02-28")),
    (
        "31 Jan -> 29 Feb in a leap year",
        "2024-01-31",
        {},
        ("2024-01-31", "2024-02-29", "2024-02-29"),
    ),
    (
        "last day of month rolls: 28 Feb 2026 is a Saturday",
        "2026-01-31",
        {},
        ("2026-01-31", "2026-03-02", "2026-03-02"),
    ),
    (
        "last day of month rolls: 28 Feb 2027 is a Sunday",
        "2027-01-31",
        {},
        ("2027-01-31", "2027-03-01", "2027-03-01"),
    ),
    (
        "Mon 25 Nov 2024 -> Fri 27 Dec 2024",
        "2024-11-25",
        {},
        ("2024-11-25", "2024-12-27", "2024-12-27"),
    ),
    (
        "received on a Saturday counts from that day",
        "2025-03-08",
        {},
        ("2025-03-08", "2025-04-08", "2025-04-08"),
    ),
    ("Easter Monday rolls under EW", "2025-03-21", {}, ("2025-03-21", "2025-04-22", "2025-04-22")),
    (
        "Easter Monday does not roll under SCT",
        "2025-03-21",
        {"rules": Rules(roa_region=Region.SCT)},
        ("2025-03-21", "2025-04-21", "2025-04-21"),
    ),
    # Part 3 start day
    (
        "Part 3 day after: 30 June -> 1 August (Fri)",
        "2025-06-30",
        {"regime": PART3, "rules": P3_DAY_AFTER},
        ("2025-06-30", "2025-08-01", "2025-08-01"),
    ),
    (
        "Part 3 day after: 1 Aug 2026 is a Saturday -> Mon 3 Aug",
        "2026-06-30",
        {"regime": PART3, "rules": P3_DAY_AFTER},
        ("2026-06-30", "2026-08-03", "2026-08-03"),
    ),
    (
        "Part 3 day after, Scotland: 3 Aug 2026 is a holiday -> 4 Aug",
        "2026-06-30",
        {
            "regime": PART3,
            "rules": Rules(roa_region=Region.SCT, part3_count_from=Part3CountFrom.DAY_AFTER),
        },
        ("2026-06-30", "2026-08-04", "2026-08-04"),
    ),
    (
        "Part 3 default counts from receipt",
        "2025-06-30",
        {"regime": PART3},
        ("2025-06-30", "2025-07-30", "2025-07-30"),
    ),
    (
        "day-after setting does not touch UK GDPR",
        "2025-06-30",
        {"regime": GDPR, "rules": P3_DAY_AFTER},
        ("2025-06-30", "2025-07-30", "2025-07-30"),
    ),
    (
        "no regime is read as UK GDPR",
        "2025-06-30",
        {"regime": None, "rules": P3_DAY_AFTER},
        ("2025-06-30", "2025-07-30", "2025-07-30"),
    ),
    (
        "Part 3 day after: 30 Jan -> 31 Jan + 1 month = 28 Feb",
        "2025-01-30",
        {"regime": PART3, "rules": P3_DAY_AFTER},
        ("2025-01-30", "2025-02-28", "2025-02-28"),
    ),
    # Region of the roll
    (
        "2 Jan 2026 does not roll under EW",
        "2025-12-02",
        {},
        ("2025-12-02", "2026-01-02", "2026-01-02"),
    ),
    (
        "2 Jan 2026 rolls under SCT",
        "2025-12-02",
        {"rules": Rules(roa_region=Region.SCT)},
        ("2025-12-02", "2026-01-05", "2026-01-05"),
    ),
    (
        "2 Jan 2026 rolls under UK",
        "2025-12-02",
        {"rules": Rules(roa_region=Region.UK)},
        ("2025-12-02", "2026-01-05", "2026-01-05"),
    ),
    (
        "2 Jan 2026 does not roll under NIR",
        "2025-12-02",
        {"rules": Rules(roa_region=Region.NIR)},
        ("2025-12-02", "2026-01-02", "2026-01-02"),
    ),
    (
        "12 Jul 2027 does not roll under EW",
        "2027-06-12",
        {},
        ("2027-06-12", "2027-07-12", "2027-07-12"),
    ),
    (
        "12 Jul 2027 rolls under NIR",
        "2027-06-12",
        {"rules": Rules(roa_region=Region.NIR)},
        ("2027-06-12", "2027-07-13", "2027-07-13"),
    ),
    (
        "12 Jul 2027 rolls under UK",
        "2027-06-12",
        {"rules": Rules(roa_region=Region.UK)},
        ("2027-06-12", "2027-07-13", "2027-07-13"),
    ),
    (
        "12 Jul 2027 does not roll under SCT",
        "2027-06-12",
        {"rules": Rules(roa_region=Region.SCT)},
        ("2027-06-12", "2027-07-12", "2027-07-12"),
    ),
    # Extension: three months from the relevant time, then rolled
    (
        "extended: 25 Nov 2024 + 3 months = 25 Feb 2025, not 27 Dec + 2 months",
        "2024-11-25",
        {"extended": True},
        ("2024-11-25", "2024-12-27", "2025-02-25"),
    ),
    (
        "extended: 31 Jan + 3 months = 30 Apr, not 28 Feb + 2 months",
        "2025-01-31",
        {"extended": True},
        ("2025-01-31", "2025-02-28", "2025-04-30"),
    ),
    (
        "extended: 1 Jun 2025 is a Sunday -> 2 Jun",
        "2025-03-01",
        {"extended": True},
        ("2025-03-01", "2025-04-01", "2025-06-02"),
    ),
    (
        "Part 3 extension, day after: 3 Apr 2026 is Good Friday -> 7 Apr; 3 Jun",
        "2026-03-02",
        {"regime": PART3, "rules": P3_DAY_AFTER, "extended": True},
        ("2026-03-02", "2026-04-07", "2026-06-03"),
    ),
    # Identity and fee: the relevant time
    (
        "identity received 10 Mar -> 10 Apr",
        "2025-03-03",
        {"stops": [stop(ID, "2025-03-03", "2025-03-10")]},
        ("2025-03-10", "2025-04-10", "2025-04-10"),
    ),
    (
        "identity confirmed on the day of receipt",
        "2025-03-03",
        {"stops": [stop(ID, "2025-03-03", "2025-03-03")]},
        ("2025-03-03", "2025-04-03", "2025-04-03"),
    ),
    (
        "fee received 20 Mar -> 20 Apr (Sun), 21 Apr (Easter Mon) -> 22 Apr",
        "2025-03-03",
        {"stops": [stop(FEE, "2025-03-05", "2025-03-20")]},
        ("2025-03-20", "2025-04-22", "2025-04-22"),
    ),
    (
        "identity then fee: the later one starts the clock",
        "2025-03-03",
        {"stops": [stop(ID, "2025-03-03", "2025-03-05"), stop(FEE, "2025-03-05", "2025-03-12")]},
        ("2025-03-12", "2025-04-14", "2025-04-14"),
    ),
    (
        "Part 3 day after the relevant time",
        "2025-03-03",
        {"regime": PART3, "rules": P3_DAY_AFTER, "stops": [stop(ID, "2025-03-03", "2025-03-10")]},
        ("2025-03-10", "2025-04-11", "2025-04-11"),
    ),
    # Clarification: paused days added before the roll
    (
        "clarification 10-14 Mar: 5 days",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-10", "2025-03-14")]},
        ("2025-03-03", "2025-04-08", "2025-04-08"),
    ),
    (
        "one-day clarification",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-05", "2025-03-05")]},
        ("2025-03-03", "2025-04-04", "2025-04-04"),
    ),
    (
        "paused days then the roll: 20 Dec + 5 = 25 Dec -> 27 Dec",
        "2024-11-20",
        {"stops": [stop(CLAR, "2024-11-21", "2024-11-25")]},
        ("2024-11-20", "2024-12-27", "2024-12-27"),
    ),
    (
        "a day shared by two stops is paused once",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-04", "2025-03-06"), stop(CLAR, "2025-03-06", "2025-03-07")]},
        ("2025-03-03", "2025-04-07", "2025-04-07"),
    ),
    (
        "clarification before the relevant time does not count",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-03", "2025-03-05"), stop(ID, "2025-03-05", "2025-03-10")]},
        ("2025-03-10", "2025-04-10", "2025-04-10"),
    ),
    (
        "clarification from the relevant time: 10 Apr + 3 = 13 Apr (Sun) -> 14 Apr",
        "2025-03-03",
        {"stops": [stop(ID, "2025-03-03", "2025-03-10"), stop(CLAR, "2025-03-10", "2025-03-12")]},
        ("2025-03-10", "2025-04-14", "2025-04-14"),
    ),
    (
        "extended with paused days: 3 Jun + 5 = 8 Jun (Sun) -> 9 Jun",
        "2025-03-03",
        {"extended": True, "stops": [stop(CLAR, "2025-03-10", "2025-03-14")]},
        ("2025-03-03", "2025-04-08", "2025-06-09"),
    ),
    (
        "Part 3 day after: 1 Aug + 2 paused = 3 Aug (Sun) -> 4 Aug",
        "2025-06-30",
        {"regime": PART3, "rules": P3_DAY_AFTER, "stops": [stop(CLAR, "2025-06-30", "2025-07-01")]},
        ("2025-06-30", "2025-08-04", "2025-08-04"),
    ),
    # Other stops are recorded only
    (
        "an open 'other' stop has no effect",
        "2025-09-03",
        {"stops": [stop(OTHER, "2025-09-05")]},
        ("2025-09-03", "2025-10-03", "2025-10-03"),
    ),
    (
        "a closed 'other' stop has no effect",
        "2025-09-03",
        {"stops": [stop(OTHER, "2025-09-05", "2025-09-20")]},
        ("2025-09-03", "2025-10-03", "2025-10-03"),
    ),
]


@pytest.mark.parametrize(
    ("received", "kwargs", "expected"),
    [pytest.param(r, k, e, id=i) for i, r, k, e in ROA_CASES],
)
def test_roa_deadline(
    received: str, kwargs: dict[str, object], expected: tuple[str, str, str]
) -> None:
    got = compute_deadline(kind=Kind.ROA, received_on=D(received), **kwargs)  # type: ignore[arg-type]
    assert (got.clock_started_on, got.original_due_on, got.due_on) == tuple(D(e) for e in expected)


@pytest.mark.parametrize(
    ("stops", "expected_clock", "explanation"),
    [
        (
            [stop(ID, "2025-03-03")],
            None,
            "The clock has not started: waiting for proof of identity.",
        ),
        ([stop(FEE, "2025-03-04")], None, "The clock has not started: waiting for the fee."),
        (
            [stop(ID, "2025-03-03", "2025-03-04"), stop(FEE, "2025-03-04")],
            None,
            "The clock has not started: waiting for the fee.",
        ),
        (
            [stop(CLAR, "2025-03-04")],
            "2025-03-03",
            "The clock is stopped: waiting for clarification since 4 March 2025.",
        ),
    ],
)
def test_roa_without_a_deadline_while_stopped(
    stops: list[Stop], expected_clock: str | None, explanation: str
) -> None:
    got = compute_deadline(kind=Kind.ROA, received_on=D("2025-03-03"), stops=stops)
    clock = D(expected_clock) if expected_clock else None
    assert got == Deadline(clock, None, None, explanation)


def test_roa_identity_after_a_clarification_follows_the_relevant_time() -> None:
    """Paused days only count from the relevant time (Art. 12A: the days "do not count
    towards" a period that has not begun). Because months differ in length, a later
    relevant time can therefore give an earlier deadline: 30 Mar + 1 month + 2 paused
    days = 2 May, but a relevant time of 1 Apr (30-31 Mar then fall before it) gives
    1 May. This is the chosen reading (docs/law.md, "Clarification
    pause"), not an accident."""
    clarification = stop(CLAR, "2025-03-30", "2025-03-31")
    before = compute_deadline(kind=Kind.ROA, received_on=D("2025-03-30"), stops=[clarification])
    after = compute_deadline(
        kind=Kind.ROA,
        received_on=D("2025-03-30"),
        stops=[clarification, stop(ID, "2025-03-31", "2025-04-01")],
    )
    assert (before.due_on, after.due_on) == (D("2025-05-02"), D("2025-05-01"))


# ---------------------------------------------------------------------------
# FOIA, EIR and internal reviews (docs/law.md, "FOI requests", "EIR requests",
# "Internal reviews")
# ---------------------------------------------------------------------------

FOI_CASES = [
    # id, received, kwargs, (receipt, original_due, due)
    (
        "20th working day following Mon 3 Mar 2025 (St Patrick's Day)",
        "2025-03-03",
        {},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
    ("Thursday receipt", "2025-05-08", {}, ("2025-05-08", "2025-06-06", "2025-06-06")),
    (
        "Friday receipt (spring bank holiday)",
        "2025-05-09",
        {},
        ("2025-05-09", "2025-06-09", "2025-06-09"),
    ),
    (
        "Saturday receipt shares Friday's deadline",
        "2025-05-10",
        {},
        ("2025-05-10", "2025-06-09", "2025-06-09"),
    ),
    (
        "Sunday receipt shares Friday's deadline",
        "2025-05-11",
        {},
        ("2025-05-11", "2025-06-09", "2025-06-09"),
    ),
    ("Good Friday and Easter Monday", "2025-03-31", {}, ("2025-03-31", "2025-04-30", "2025-04-30")),
    (
        "received on Good Friday (early May bank holiday)",
        "2025-04-18",
        {},
        ("2025-04-18", "2025-05-20", "2025-05-20"),
    ),
    ("Christmas 2021 substitutes", "2021-12-01", {}, ("2021-12-01", "2021-12-31", "2021-12-31")),
    (
        "Christmas 2020, Boxing Day substitute, Scottish 4 Jan 2021",
        "2020-12-10",
        {},
        ("2020-12-10", "2021-01-13", "2021-01-13"),
    ),
    (
        "Christmas 2022 and New Year 2023 substitutes",
        "2022-12-15",
        {},
        ("2022-12-15", "2023-01-18", "2023-01-18"),
    ),
    ("2 January (Scotland)", "2025-12-05", {}, ("2025-12-05", "2026-01-08", "2026-01-08")),
    (
        "first Monday of August (Scotland)",
        "2026-07-20",
        {},
        ("2026-07-20", "2026-08-18", "2026-08-18"),
    ),
    ("St Andrew's Day (Scotland)", "2026-11-10", {}, ("2026-11-10", "2026-12-09", "2026-12-09")),
    (
        "St Andrew's Day substitute (Scotland)",
        "2025-11-20",
        {},
        ("2025-11-20", "2025-12-19", "2025-12-19"),
    ),
    (
        "World Cup holiday 15 June 2026 (Scotland)",
        "2026-06-01",
        {},
        ("2026-06-01", "2026-06-30", "2026-06-30"),
    ),
    ("12 July (Northern Ireland)", "2024-07-01", {}, ("2024-07-01", "2024-07-30", "2024-07-30")),
    (
        "12 July substitute (Northern Ireland)",
        "2026-07-01",
        {},
        ("2026-07-01", "2026-07-30", "2026-07-30"),
    ),
    (
        "4 May 2020 was a working day, 8 May was not",
        "2020-04-24",
        {},
        ("2020-04-24", "2020-05-26", "2020-05-26"),
    ),
    (
        "30 May 2022 was a working day, 2-3 June were not",
        "2022-05-13",
        {},
        ("2022-05-13", "2022-06-14", "2022-06-14"),
    ),
    ("state funeral 19 Sep 2022", "2022-09-05", {}, ("2022-09-05", "2022-10-04", "2022-10-04")),
    ("coronation 8 May 2023", "2023-04-24", {}, ("2023-04-24", "2023-05-24", "2023-05-24")),
    # Clarification: treated as received when it arrives
    (
        "clarification received 10 Mar",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-04", "2025-03-10")]},
        ("2025-03-10", "2025-04-08", "2025-04-08"),
    ),
    (
        "clarification received on a Saturday",
        "2025-05-01",
        {"stops": [stop(CLAR, "2025-05-02", "2025-05-10")]},
        ("2025-05-10", "2025-06-09", "2025-06-09"),
    ),
    (
        "two clarifications: the last one counts",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-03", "2025-03-05"), stop(CLAR, "2025-03-06", "2025-03-10")]},
        ("2025-03-10", "2025-04-08", "2025-04-08"),
    ),
    # Fees: working days from notice to payment, both included, not counted
    (
        "fee 4-6 Mar: 3 working days",
        "2025-03-03",
        {"stops": [stop(FEE, "2025-03-04", "2025-03-06")]},
        ("2025-03-03", "2025-04-04", "2025-04-04"),
    ),
    (
        "fee Fri 7 - Mon 10 Mar: 2 working days",
        "2025-03-03",
        {"stops": [stop(FEE, "2025-03-07", "2025-03-10")]},
        ("2025-03-03", "2025-04-03", "2025-04-03"),
    ),
    (
        "fee paid the day it was asked for: 1 working day",
        "2025-03-03",
        {"stops": [stop(FEE, "2025-03-04", "2025-03-04")]},
        ("2025-03-03", "2025-04-02", "2025-04-02"),
    ),
    (
        "fee before a clarification no longer matters",
        "2025-03-03",
        {"stops": [stop(FEE, "2025-03-04", "2025-03-06"), stop(CLAR, "2025-03-06", "2025-03-10")]},
        ("2025-03-10", "2025-04-08", "2025-04-08"),
    ),
    (
        "clarification, then a fee",
        "2025-03-03",
        {"stops": [stop(CLAR, "2025-03-04", "2025-03-10"), stop(FEE, "2025-03-11", "2025-03-12")]},
        ("2025-03-10", "2025-04-10", "2025-04-10"),
    ),
    # No effect
    (
        "identity stops have no effect (applicant-blind)",
        "2025-03-03",
        {"stops": [stop(ID, "2025-03-03", "2025-03-20")]},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
    (
        "an open 'other' stop has no effect",
        "2025-03-03",
        {"stops": [stop(OTHER, "2025-03-05")]},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
    # Public interest extension (s.10(3))
    (
        "extended by the default 20 working days",
        "2025-03-03",
        {"extended": True},
        ("2025-03-03", "2025-04-01", "2025-05-01"),
    ),
    (
        "extended by 10 working days",
        "2025-03-03",
        {"extended": True, "extension_working_days": 10},
        ("2025-03-03", "2025-04-01", "2025-04-15"),
    ),
    (
        "extended by 1 working day",
        "2025-03-03",
        {"extended": True, "extension_working_days": 1},
        ("2025-03-03", "2025-04-01", "2025-04-02"),
    ),
    (
        "default extension follows the setting",
        "2025-03-03",
        {"extended": True, "rules": Rules(foi_max_extension_working_days=10)},
        ("2025-03-03", "2025-04-01", "2025-04-15"),
    ),
    (
        "extension days are ignored unless extended",
        "2025-03-03",
        {"extension_working_days": 10},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
    (
        "extension with fee days still skipped",
        "2025-03-03",
        {
            "extended": True,
            "extension_working_days": 10,
            "stops": [stop(FEE, "2025-03-04", "2025-03-06")],
        },
        ("2025-03-03", "2025-04-04", "2025-04-22"),
    ),
]


@pytest.mark.parametrize(
    ("received", "kwargs", "expected"),
    [pytest.param(r, k, e, id=i) for i, r, k, e in FOI_CASES],
)
def test_foi_deadline(
    received: str, kwargs: dict[str, object], expected: tuple[str, str, str]
) -> None:
    got = compute_deadline(kind=Kind.FOI, received_on=D(received), **kwargs)  # type: ignore[arg-type]
    assert (got.clock_started_on, got.original_due_on, got.due_on) == tuple(D(e) for e in expected)


EIR_AND_REVIEW_CASES = [
    # id, kind, kwargs, (receipt, original_due, due) - all received Mon 3 Mar 2025
    ("EIR: 20 working days", Kind.EIR, {}, ("2025-03-03", "2025-04-01", "2025-04-01")),
    (
        "EIR extended: 40 in total",
        Kind.EIR,
        {"extended": True},
        ("2025-03-03", "2025-04-01", "2025-05-01"),
    ),
    (
        "EIR extended: extension days ignored",
        Kind.EIR,
        {"extended": True, "extension_working_days": 5},
        ("2025-03-03", "2025-04-01", "2025-05-01"),
    ),
    (
        "EIR clarification",
        Kind.EIR,
        {"stops": [stop(CLAR, "2025-03-04", "2025-03-10")]},
        ("2025-03-10", "2025-04-08", "2025-04-08"),
    ),
    (
        "EIR fee",
        Kind.EIR,
        {"stops": [stop(FEE, "2025-03-04", "2025-03-06")]},
        ("2025-03-03", "2025-04-04", "2025-04-04"),
    ),
    (
        "review of FOI: 20",
        Kind.INTERNAL_REVIEW,
        {"review_of": Kind.FOI},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
    (
        "review of unspecified kind is of FOI",
        Kind.INTERNAL_REVIEW,
        {},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
    (
        "review of FOI extended: 40",
        Kind.INTERNAL_REVIEW,
        {"review_of": Kind.FOI, "extended": True},
        ("2025-03-03", "2025-04-01", "2025-05-01"),
    ),
    (
        "review of EIR: 40 (reg 11(4))",
        Kind.INTERNAL_REVIEW,
        {"review_of": Kind.EIR},
        ("2025-03-03", "2025-05-01", "2025-05-01"),
    ),
    (
        "review of EIR: nothing extends it",
        Kind.INTERNAL_REVIEW,
        {"review_of": Kind.EIR, "extended": True},
        ("2025-03-03", "2025-05-01", "2025-05-01"),
    ),
    (
        "review clarification",
        Kind.INTERNAL_REVIEW,
        {"stops": [stop(CLAR, "2025-03-04", "2025-03-10")]},
        ("2025-03-10", "2025-04-08", "2025-04-08"),
    ),
    (
        "review: fee stops have no effect",
        Kind.INTERNAL_REVIEW,
        {"stops": [stop(FEE, "2025-03-04", "2025-03-06")]},
        ("2025-03-03", "2025-04-01", "2025-04-01"),
    ),
]


@pytest.mark.parametrize(
    ("kind", "kwargs", "expected"),
    [pytest.param(k, kw, e, id=i) for i, k, kw, e in EIR_AND_REVIEW_CASES],
)
def test_eir_and_review_deadline(
    kind: Kind, kwargs: dict[str, object], expected: tuple[str, str, str]
) -> None:
    got = compute_deadline(kind=kind, received_on=D("2025-03-03"), **kwargs)  # type: ignore[arg-type]
    assert (got.clock_started_on, got.original_due_on, got.due_on) == tuple(D(e) for e in expected)


@pytest.mark.parametrize("kind", [Kind.FOI, Kind.EIR, Kind.INTERNAL_REVIEW])
@pytest.mark.parametrize(
    ("stops", "receipt", "wording"),
    [
        ([stop(CLAR, "2025-03-04")], "2025-03-03", "waiting for clarification since 4 March 2025"),
        (
            [stop(CLAR, "2025-03-04", "2025-03-10"), stop(CLAR, "2025-03-12")],
            "2025-03-10",
            "waiting for clarification since 12 March 2025",
        ),
    ],
)
def test_information_request_without_a_deadline_while_clarification_awaited(
    kind: Kind, stops: list[Stop], receipt: str, wording: str
) -> None:
    got = compute_deadline(kind=kind, received_on=D("2025-03-03"), stops=stops)
    assert (got.clock_started_on, got.original_due_on, got.due_on) == (D(receipt), None, None)
    assert wording in got.explanation


@pytest.mark.parametrize("kind", [Kind.FOI, Kind.EIR])
def test_information_request_without_a_deadline_while_fee_awaited(kind: Kind) -> None:
    got = compute_deadline(kind=kind, received_on=D("2025-03-03"), stops=[stop(FEE, "2025-03-04")])
    assert (got.clock_started_on, got.original_due_on, got.due_on) == (D("2025-03-03"), None, None)
    assert got.explanation.startswith(
        "The clock is stopped: waiting for the fee since 4 March 2025"
    )


@pytest.mark.parametrize("days", [0, -5])
def test_foi_extension_must_be_positive(days: int) -> None:
    with pytest.raises(StatutoryError) as err:
        compute_deadline(
            kind=Kind.FOI, received_on=D("2025-03-03"), extended=True, extension_working_days=days
        )
    assert err.value.field == "extension_working_days"


@pytest.mark.parametrize("review_of", [Kind.ROA, Kind.INTERNAL_REVIEW])
def test_review_must_be_of_foi_or_eir(review_of: Kind) -> None:
    with pytest.raises(StatutoryError, match="only be of an FOI or EIR request") as err:
        compute_deadline(
            kind=Kind.INTERNAL_REVIEW, received_on=D("2025-03-03"), review_of=review_of
        )
    assert err.value.field == "review_of"


# ---------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------

EXPLANATIONS = [
    (
        "FOI over Easter",
        {"kind": Kind.FOI, "received_on": D("2025-03-31")},
        "20 working days after 31 March 2025, the date of receipt, skipping Good Friday "
        "(18 April 2025) and Easter Monday (21 April 2025).",
    ),
    (
        "ROA over Christmas",
        {"kind": Kind.ROA, "received_on": D("2024-11-25")},
        "One calendar month from 25 November 2024 (the relevant time) is 25 December 2024, "
        "Christmas Day; the next working day is 27 December 2024.",
    ),
    (
        "FOI with fee days",
        {
            "kind": Kind.FOI,
            "received_on": D("2025-03-03"),
            "stops": [stop(FEE, "2025-03-04", "2025-03-06")],
        },
        "20 working days after 3 March 2025, the date of receipt, not counting 3 working days "
        "(4 March 2025 to 6 March 2025) while a fee was awaited, skipping Saint Patrick's Day "
        "(Northern Ireland, 17 March 2025).",
    ),
    (
        "FOI with clarification",
        {
            "kind": Kind.FOI,
            "received_on": D("2025-03-03"),
            "stops": [stop(CLAR, "2025-03-04", "2025-03-10")],
        },
        "20 working days after 10 March 2025, when the clarification was received, skipping "
        "Saint Patrick's Day (Northern Ireland, 17 March 2025).",
    ),
    (
        "FOI extension",
        {
            "kind": Kind.FOI,
            "received_on": D("2025-05-12"),
            "extended": True,
            "extension_working_days": 5,
        },
        "25 working days (20, plus a public interest extension of 5 working days) after "
        "12 May 2025, the date of receipt, skipping Spring Bank Holiday (26 May 2025). "
        "Without the extension it would be 10 June 2025.",
    ),
    (
        "FOI, no holidays",
        {"kind": Kind.FOI, "received_on": D("2025-09-01")},
        "20 working days after 1 September 2025, the date of receipt.",
    ),
    (
        "FOI, Scottish day",
        {"kind": Kind.FOI, "received_on": D("2026-11-10")},
        "20 working days after 10 November 2026, the date of receipt, skipping Saint Andrew's "
        "Day (Scotland, 30 November 2026).",
    ),
    (
        "internal review of FOI",
        {"kind": Kind.INTERNAL_REVIEW, "received_on": D("2025-09-01")},
        "20 working days after 1 September 2025, when the review request was received.",
    ),
    (
        "EIR extended",
        {"kind": Kind.EIR, "received_on": D("2025-09-01"), "extended": True},
        "40 working days (20, extended to 40 because the request is complex and voluminous) "
        "after 1 September 2025, the date of receipt. Without the extension it would be "
        "29 September 2025.",
    ),
    (
        "ROA plain",
        {"kind": Kind.ROA, "received_on": D("2025-09-03")},
        "One calendar month from 3 September 2025 (the relevant time) is 3 October 2025.",
    ),
    (
        "ROA weekend roll",
        {"kind": Kind.ROA, "received_on": D("2025-01-01")},
        "One calendar month from 1 January 2025 (the relevant time) is 1 February 2025, "
        "a Saturday; the next working day is 3 February 2025.",
    ),
    (
        "ROA last day of the month",
        {"kind": Kind.ROA, "received_on": D("2025-01-31")},
        "One calendar month from 31 January 2025 (the relevant time) is 28 February 2025 "
        "(the last day of that month).",
    ),
    (
        "ROA paused for clarification",
        {
            "kind": Kind.ROA,
            "received_on": D("2025-03-03"),
            "stops": [stop(CLAR, "2025-03-10", "2025-03-14")],
        },
        "One calendar month from 3 March 2025 (the relevant time) is 3 April 2025; adding "
        "5 days paused while clarification was awaited (10 March 2025 to 14 March 2025) gives "
        "8 April 2025.",
    ),
    (
        "ROA identity then extension",
        {
            "kind": Kind.ROA,
            "received_on": D("2025-03-03"),
            "stops": [stop(ID, "2025-03-03", "2025-03-10")],
            "extended": True,
        },
        "The clock started on 10 March 2025, when proof of identity was received. Three "
        "calendar months (one month extended by two further months) from 10 March 2025 (the "
        "relevant time) is 10 June 2025. Without the extension it would be 10 April 2025.",
    ),
    (
        "ROA Part 3 day after",
        {
            "kind": Kind.ROA,
            "received_on": D("2025-06-30"),
            "regime": PART3,
            "rules": P3_DAY_AFTER,
        },
        "One calendar month from 1 July 2025 (the day after the relevant time, 30 June 2025) "
        "is 1 August 2025.",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "expected"), [pytest.param(k, e, id=i) for i, k, e in EXPLANATIONS]
)
def test_explanation(kwargs: dict[str, object], expected: str) -> None:
    assert compute_deadline(**kwargs).explanation == expected  # type: ignore[arg-type]


def test_explanation_dates_have_no_leading_zero() -> None:
    text = compute_deadline(kind=Kind.FOI, received_on=D("2025-03-03")).explanation
    assert "3 March 2025" in text
    assert not re.search(r"\b0\d ", text)


# ---------------------------------------------------------------------------
# Validation of actions (docs/law.md, "Extensions", "Clock stops")
# ---------------------------------------------------------------------------

TODAY = D("2025-03-20")
RECEIVED = D("2025-03-03")

NEW_STOP_ALLOWED = [
    ("ROA identity on the day of receipt", Kind.ROA, ID, "2025-03-03", []),
    ("ROA fee", Kind.ROA, FEE, "2025-03-10", []),
    ("ROA clarification today", Kind.ROA, CLAR, "2025-03-20", []),
    ("FOI clarification", Kind.FOI, CLAR, "2025-03-04", []),
    ("FOI fee", Kind.FOI, FEE, "2025-03-04", []),
    ("EIR fee", Kind.EIR, FEE, "2025-03-04", []),
    ("review clarification", Kind.INTERNAL_REVIEW, CLAR, "2025-03-04", []),
    ("review: other", Kind.INTERNAL_REVIEW, OTHER, "2025-03-04", []),
    ("FOI: other", Kind.FOI, OTHER, "2025-03-04", []),
    (
        "starts the day the previous stop ended",
        Kind.FOI,
        FEE,
        "2025-03-10",
        [stop(CLAR, "2025-03-04", "2025-03-10")],
    ),
    (
        "after several closed stops",
        Kind.ROA,
        CLAR,
        "2025-03-15",
        [stop(ID, "2025-03-03", "2025-03-05"), stop(FEE, "2025-03-06", "2025-03-12")],
    ),
]


@pytest.mark.parametrize(
    ("kind", "reason", "started", "stops"),
    [pytest.param(k, r, s, st, id=i) for i, k, r, s, st in NEW_STOP_ALLOWED],
)
def test_check_new_stop_allows(
    kind: Kind, reason: StopReason, started: str, stops: list[Stop]
) -> None:
    check_new_stop(
        kind=kind,
        reason=reason,
        started_on=D(started),
        received_on=RECEIVED,
        stops=stops,
        today=TODAY,
    )


NEW_STOP_REFUSED = [
    ("in the future", Kind.ROA, CLAR, "2025-03-21", [], "started_on", "cannot be in the future"),
    (
        "before receipt",
        Kind.FOI,
        CLAR,
        "2025-03-02",
        [],
        "started_on",
        "before the request was received",
    ),
    (
        "FOI identity",
        Kind.FOI,
        ID,
        "2025-03-04",
        [],
        "reason",
        "^Information requests are applicant-blind: ",
    ),
    (
        "EIR identity",
        Kind.EIR,
        ID,
        "2025-03-04",
        [],
        "reason",
        "^Information requests are applicant-blind: ",
    ),
    (
        "review identity",
        Kind.INTERNAL_REVIEW,
        ID,
        "2025-03-04",
        [],
        "reason",
        "^Information requests are applicant-blind: ",
    ),
    ("review fee", Kind.INTERNAL_REVIEW, FEE, "2025-03-04", [], "reason", "internal review"),
    (
        "another stop still open",
        Kind.ROA,
        CLAR,
        "2025-03-10",
        [stop(ID, "2025-03-04")],
        "started_on",
        "already stopped",
    ),
    (
        "an open 'other' stop also blocks",
        Kind.FOI,
        CLAR,
        "2025-03-10",
        [stop(OTHER, "2025-03-04")],
        "started_on",
        "already stopped",
    ),
    (
        "overlaps the previous stop",
        Kind.FOI,
        FEE,
        "2025-03-09",
        [stop(CLAR, "2025-03-04", "2025-03-10")],
        "started_on",
        "on or after 10 March 2025",
    ),
]


@pytest.mark.parametrize(
    ("kind", "reason", "started", "stops", "field", "message"),
    [pytest.param(k, r, s, st, f, m, id=i) for i, k, r, s, st, f, m in NEW_STOP_REFUSED],
)
def test_check_new_stop_refuses(
    kind: Kind, reason: StopReason, started: str, stops: list[Stop], field: str, message: str
) -> None:
    with pytest.raises(StatutoryError, match=message) as err:
        check_new_stop(
            kind=kind,
            reason=reason,
            started_on=D(started),
            received_on=RECEIVED,
            stops=stops,
            today=TODAY,
        )
    assert err.value.field == field
    assert str(err.value).endswith(".")


@pytest.mark.parametrize(
    ("open_stop", "ended", "message"),
    [
        (stop(CLAR, "2025-03-10"), "2025-03-09", "before it was stopped"),
        (stop(CLAR, "2025-03-10"), "2025-03-21", "cannot be in the future"),
        (stop(CLAR, "2025-03-10", "2025-03-12"), "2025-03-15", "already ended on 12 March 2025"),
    ],
)
def test_check_restart_refuses(open_stop: Stop, ended: str, message: str) -> None:
    with pytest.raises(StatutoryError, match=message) as err:
        check_restart(stop=open_stop, ended_on=D(ended), today=TODAY)
    assert err.value.field == "ended_on"


@pytest.mark.parametrize("ended", ["2025-03-10", "2025-03-15", "2025-03-20"])
def test_check_restart_allows(ended: str) -> None:
    check_restart(stop=stop(CLAR, "2025-03-10"), ended_on=D(ended), today=TODAY)


def ext(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "kind": Kind.FOI,
        "regime": None,
        "received_on": RECEIVED,
        "extended_on": D("2025-03-20"),
        "original_due_on": D("2025-04-01"),
        "already_extended": False,
        "working_days": 20,
        "review_of": None,
        "today": TODAY,
    }
    base.update(overrides)
    return base


EXTENSION_ALLOWED = [
    ("FOI", ext()),
    ("FOI default days", ext(working_days=None)),
    ("FOI 1 day", ext(working_days=1)),
    (
        "FOI 30 days when the setting allows",
        ext(working_days=30, rules=Rules(foi_max_extension_working_days=30)),
    ),
    ("FOI on the original due date", ext(extended_on=D("2025-04-01"), today=D("2025-04-01"))),
    ("EIR", ext(kind=Kind.EIR, working_days=None)),
    ("EIR with 20", ext(kind=Kind.EIR, working_days=20)),
    ("review of FOI", ext(kind=Kind.INTERNAL_REVIEW, review_of=Kind.FOI, working_days=None)),
    ("ROA UK GDPR", ext(kind=Kind.ROA, regime=GDPR, working_days=None)),
    (
        "ROA notice on the original due date",
        ext(kind=Kind.ROA, regime=GDPR, extended_on=D("2025-04-01"), today=D("2025-04-02")),
    ),
    (
        "Part 3 received on commencement day",
        ext(
            kind=Kind.ROA,
            regime=PART3,
            received_on=PART3_EXTENSION_COMMENCEMENT,
            extended_on=D("2026-02-10"),
            original_due_on=D("2026-03-05"),
            today=D("2026-02-10"),
        ),
    ),
]


@pytest.mark.parametrize("kwargs", [pytest.param(k, id=i) for i, k in EXTENSION_ALLOWED])
def test_check_extension_allows(kwargs: dict[str, object]) -> None:
    check_extension(**kwargs)  # type: ignore[arg-type]


EXTENSION_REFUSED = [
    ("in the future", ext(extended_on=D("2025-03-21")), "extended_on", "cannot be in the future"),
    (
        "before receipt",
        ext(extended_on=D("2025-03-02")),
        "extended_on",
        "before the request was received",
    ),
    ("already extended", ext(already_extended=True), None, "already been extended"),
    (
        "ROA after the first month",
        ext(kind=Kind.ROA, regime=GDPR, original_due_on=D("2025-03-19")),
        "extended_on",
        "within the first month",
    ),
    (
        "Part 3 received before 5 Feb 2026",
        ext(
            kind=Kind.ROA,
            regime=PART3,
            received_on=D("2026-02-04"),
            extended_on=D("2026-02-10"),
            original_due_on=D("2026-03-04"),
            today=D("2026-02-10"),
        ),
        "extended_on",
        r"s\.54\(3A\).*5 February 2026",
    ),
    ("FOI 0 days", ext(working_days=0), "working_days", "between 1 and 20 working days"),
    ("FOI 21 days", ext(working_days=21), "working_days", "between 1 and 20 working days"),
    (
        "FOI over the setting",
        ext(working_days=11, rules=Rules(foi_max_extension_working_days=10)),
        "working_days",
        "between 1 and 10 working days",
    ),
    (
        "FOI after the original due date",
        ext(original_due_on=D("2025-03-19")),
        "extended_on",
        "before the original deadline has passed",
    ),
    (
        "EIR after the original due date",
        ext(kind=Kind.EIR, working_days=None, original_due_on=D("2025-03-19")),
        "extended_on",
        "before the original deadline has passed",
    ),
    ("EIR with 10 days", ext(kind=Kind.EIR, working_days=10), "working_days", "40 in total"),
    (
        "review of EIR",
        ext(kind=Kind.INTERNAL_REVIEW, review_of=Kind.EIR, working_days=None),
        "extended_on",
        r"EIR reg 11\(4\)",
    ),
    ("clock not started", ext(original_due_on=None), "extended_on", "no deadline to extend"),
    (
        "ROA clock stopped",
        ext(kind=Kind.ROA, regime=GDPR, original_due_on=None),
        "extended_on",
        "no deadline to extend",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [pytest.param(k, f, m, id=i) for i, k, f, m in EXTENSION_REFUSED],
)
def test_check_extension_refuses(
    kwargs: dict[str, object], field: str | None, message: str
) -> None:
    with pytest.raises(StatutoryError, match=message) as err:
        check_extension(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


# ---------------------------------------------------------------------------
# days_remaining (uk_date: tests/core/test_dates.py)
# ---------------------------------------------------------------------------

DAYS_REMAINING = [
    # kind, due, today, expected
    (Kind.ROA, None, "2025-03-31", None),
    (Kind.FOI, None, "2025-03-31", None),
    (Kind.ROA, "2025-04-03", "2025-03-31", 3),
    (Kind.ROA, "2025-04-03", "2025-04-03", 0),
    (Kind.ROA, "2025-04-03", "2025-04-06", -3),
    (Kind.FOI, "2025-04-01", "2025-04-01", 0),
    (Kind.FOI, "2025-04-01", "2025-03-31", 1),
    (Kind.FOI, "2025-04-01", "2025-03-28", 2),  # Friday
    (Kind.FOI, "2025-04-01", "2025-03-29", 2),  # Saturday
    (Kind.FOI, "2025-04-01", "2025-04-02", -1),
    (Kind.FOI, "2025-04-01", "2025-04-07", -4),
    (Kind.EIR, "2025-03-28", "2025-03-29", -1),  # passed on a Saturday: never 0
    (Kind.EIR, "2025-03-28", "2025-03-31", -1),
    (Kind.INTERNAL_REVIEW, "2025-03-28", "2025-04-01", -2),
    (Kind.FOI, "2025-04-17", "2025-04-22", -1),  # Easter in between
    (Kind.FOI, "2025-04-22", "2025-04-17", 1),
]


@pytest.mark.parametrize(("kind", "due", "today", "expected"), DAYS_REMAINING)
def test_days_remaining(kind: Kind, due: str | None, today: str, expected: int | None) -> None:
    due_on = D(due) if due else None
    assert days_remaining(kind=kind, due_on=due_on, today=D(today)) == expected


def test_days_remaining_uses_the_configured_calendar() -> None:
    rules = Rules(calendar=Calendar(extra_non_working_days=frozenset({D("2025-03-12")})))
    assert days_remaining(kind=Kind.FOI, due_on=D("2025-03-13"), today=D("2025-03-11")) == 2
    assert (
        days_remaining(kind=Kind.FOI, due_on=D("2025-03-13"), today=D("2025-03-11"), rules=rules)
        == 1
    )
