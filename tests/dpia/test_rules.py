"""The pure rules: screening, the tier table, target dates, risk scores, reminders."""

from datetime import date

import pytest

from dpia import rules

TABLE = rules.build_table(rules.DEFAULT_TRIAGE)


@pytest.mark.parametrize(
    ("complexity", "risk", "tier", "days", "reviewer"),
    [
        ("low", "low", "1", 10, "deputy_dpo"),
        ("low", "medium", "1", 10, "deputy_dpo"),
        ("low", "high", "3", 30, "dpo"),
        ("medium", "low", "1", 10, "deputy_dpo"),
        ("medium", "medium", "2", 20, "deputy_dpo"),
        ("medium", "high", "3", 30, "dpo"),
        ("high", "low", "2", 20, "deputy_dpo"),
        ("high", "medium", "3", 30, "dpo"),
        ("high", "high", "3", 30, "dpo"),
    ],
)
def test_default_tier_table_covers_every_combination(complexity, risk, tier, days, reviewer):
    found = TABLE.tier_for(complexity=complexity, risk=risk)
    assert (found.code, found.target_days, found.reviewer) == (tier, days, reviewer)


def test_every_high_inherent_risk_goes_to_the_dpo_in_the_default_table():
    for complexity in rules.LEVELS:
        assert TABLE.tier_for(complexity=complexity, risk="high").reviewer == "dpo"


@pytest.mark.parametrize(
    "bad", [{"complexity": "huge", "risk": "low"}, {"complexity": "low", "risk": ""}]
)
def test_unknown_levels_are_refused(bad):
    with pytest.raises(ValueError, match="Unknown"):
        TABLE.tier_for(**bad)


def test_a_configured_table_replaces_the_default():
    config = {
        "triage_days": 2,
        "tiers": {
            "fast": {"target_days": 3, "reviewer": "deputy_dpo"},
            "slow": {"target_days": 60, "reviewer": "dpo"},
        },
        "matrix": {
            level: {r: ("slow" if "high" in (level, r) else "fast") for r in rules.LEVELS}
            for level in rules.LEVELS
        },
    }
    table = rules.build_table(config)
    assert table.tier_for(complexity="low", risk="high").code == "slow"
    assert table.tier_for(complexity="medium", risk="medium").target_days == 3
    assert rules.provisional_target(date(2026, 3, 1), table) == date(2026, 3, 3)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c["matrix"].pop("high"), "no row for complexity 'high'"),
        (
            lambda c: c["matrix"]["low"].update(low="9"),
            r"matrix\['low'\]\['low'\] must name a tier",
        ),
        (lambda c: c["tiers"]["1"].update(target_days=0), "target_days of 1 or more"),
        (lambda c: c["tiers"]["2"].update(reviewer="intern"), "tier '2' is invalid"),
        (lambda c: c.pop("tiers"), "needs 'tiers' and 'matrix'"),
        (lambda c: c.update(triage_days=0), "triage_days must be at least 1"),
    ],
)
def test_broken_tables_are_refused_with_the_reason(mutate, message):
    import copy

    config = copy.deepcopy(rules.DEFAULT_TRIAGE)
    mutate(config)
    with pytest.raises(rules.TriageConfigError, match=message):
        rules.build_table(config)


def test_target_dates_are_calendar_days_from_the_submission():
    assert rules.target_date(date(2026, 12, 20), TABLE.tiers["1"]) == date(2026, 12, 30)
    assert rules.target_date(date(2026, 2, 20), TABLE.tiers["3"]) == date(2026, 3, 22)
    assert rules.provisional_target(date(2026, 2, 27), TABLE) == date(2026, 3, 4)


def test_any_one_indicator_requires_a_full_dpia():
    assert not rules.full_dpia_required({})
    assert not rules.full_dpia_required(dict.fromkeys(rules.SCREENING_CODES, False))
    for code in rules.SCREENING_CODES:
        assert rules.full_dpia_required({code: True})
    assert not rules.full_dpia_required({"not_a_question": True})


def test_screening_has_the_regulators_eleven_indicators():
    assert len(rules.SCREENING_CODES) == 11
    assert {"biometric_data", "systematic_monitoring", "transfer_outside_uk"} <= set(
        rules.SCREENING_CODES
    )


@pytest.mark.parametrize(
    ("likelihood", "severity", "level"),
    [
        ("remote", "minimal", "low"),
        ("remote", "significant", "low"),
        ("possible", "minimal", "low"),
        ("remote", "severe", "medium"),
        ("probable", "minimal", "medium"),
        ("possible", "significant", "medium"),
        ("possible", "severe", "high"),
        ("probable", "significant", "high"),
        ("probable", "severe", "high"),
    ],
)
def test_risk_matrix(likelihood, severity, level):
    assert rules.risk_score(likelihood, severity) == level


def test_review_reminder_starts_thirty_days_before():
    review = date(2026, 6, 30)
    assert not rules.review_reminder_due(review, date(2026, 5, 30))
    assert rules.review_reminder_due(review, date(2026, 5, 31))
    assert rules.review_reminder_due(review, date(2026, 7, 15))
    assert not rules.review_reminder_due(None, date(2026, 5, 31))


def test_late_only_after_the_target_day():
    assert not rules.is_late(date(2026, 3, 10), date(2026, 3, 10))
    assert rules.is_late(date(2026, 3, 10), date(2026, 3, 11))
    assert not rules.is_late(None, date(2026, 3, 11))


def test_diff_lists_changed_added_and_removed_answers():
    before = {"Title": "A", "Risk 1": "x", "Gone": "y"}
    after = {"Title": "B", "Risk 1": "x", "Risk 2": "z"}
    assert rules.diff_answers(before, after) == [
        {"field": "Title", "before": "A", "after": "B"},
        {"field": "Risk 2", "before": None, "after": "z"},
        {"field": "Gone", "before": "y", "after": None},
    ]
    assert rules.diff_answers(after, after) == []


def test_median():
    assert rules.median([]) is None
    assert rules.median([5]) == 5
    assert rules.median([9, 1, 4]) == 4
    assert rules.median([1, 2, 3, 10]) == 2.5


def test_a_triage_table_that_does_not_add_up_stops_manage_py_check(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.DPIA_TRIAGE = {"tiers": {}, "matrix": {}}
    with pytest.raises(SystemCheckError, match=r"dpia\.E001"):
        call_command("check")
    settings.DPIA_TRIAGE = None  # unset: the documented default
    call_command("check")
