"""Pipeline snapshots for the Data Board."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from core.dates import uk_today
from dpia import pipeline, services
from dpia.models import PipelineSnapshot

pytestmark = pytest.mark.django_db


def _snap(month: str, tier: str = "") -> PipelineSnapshot:
    return PipelineSnapshot.objects.get(month=date.fromisoformat(month + "-01"), tier=tier)


def _decide(assessment, dpo):
    return services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved",
        advice="ok",
        next_review_on=uk_today() + timedelta(days=365),
    )


def test_a_decided_assessment_shows_in_its_months_figures(
    build, dpo, on_day, django_capture_on_commit_callbacks, eager_celery
):
    # The drain the decision enqueues runs here and now, with or without a broker.
    on_day("2026-01-20")
    a = build("in_review")  # submitted 20 Jan, tier 2 (medium/medium): target 9 Feb
    on_day("2026-02-14")
    with django_capture_on_commit_callbacks(execute=True):
        _decide(a, dpo)  # the outbox drain recomputes February after commit
    feb = _snap("2026-02")
    assert (feb.decided, feb.submitted) == (1, 0)
    assert feb.median_days_to_decision == 25
    assert _snap("2026-02", "2").decided == 1
    assert _snap("2026-02", "2").median_days_to_decision == 25
    assert _snap("2026-02", "1").decided == 0


def test_month_end_figures_in_review_and_late(build, dpo, on_day):
    on_day("2026-01-05")
    late = build("in_review", title="late")  # tier 2: target 25 Jan
    on_day("2026-01-28")
    build("submitted", title="fresh")  # untriaged: target 2 Feb
    on_day("2026-02-10")
    _decide(late, dpo)
    on_day("2026-03-01")
    pipeline.recompute(date(2026, 1, 1), date(2026, 2, 1))
    jan, feb = _snap("2026-01"), _snap("2026-02")
    assert (jan.submitted, jan.in_review_at_month_end, jan.late_at_month_end) == (2, 2, 1)
    assert (feb.decided, feb.in_review_at_month_end, feb.late_at_month_end) == (1, 1, 1)
    assert _snap("2026-01", "2").late_at_month_end == 1
    assert jan.median_days_to_decision is None


def test_median_of_an_even_count_and_recompute_is_idempotent(build, dpo, on_day):
    on_day("2026-04-01")
    first = build("in_review", title="one")
    on_day("2026-04-03")
    second = build("in_review", title="two")
    on_day("2026-04-11")
    _decide(first, dpo)  # 10 days
    _decide(second, dpo)  # 8 days
    pipeline.recompute(date(2026, 4, 1))
    before = list(
        PipelineSnapshot.objects.values_list("month", "tier", "decided", "median_days_to_decision")
    )
    pipeline.recompute(date(2026, 4, 1))
    after = list(
        PipelineSnapshot.objects.values_list("month", "tier", "decided", "median_days_to_decision")
    )
    assert before == after
    assert _snap("2026-04").median_days_to_decision == 9.0
    assert PipelineSnapshot.objects.filter(month=date(2026, 4, 1)).count() == 4  # 3 tiers + all


def test_command_recomputes_a_range(build, on_day, capsys):
    on_day("2026-05-15")
    build("submitted")
    call_command("compute_dpia_pipeline", "--from", "2026-04", "--to", "2026-05")
    assert _snap("2026-05").submitted == 1
    assert _snap("2026-04").submitted == 0
    assert "8 pipeline snapshot rows written" in capsys.readouterr().out


def test_command_refuses_bad_months():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("compute_dpia_pipeline", "--from", "May")


def test_a_decision_is_announced_in_its_own_transaction(build, dpo, on_day):
    """The outbox row commits with the decision (core/outbox.py)."""
    from core.models import FigureChange

    on_day("2026-01-20")
    a = build("in_review")
    on_day("2026-02-14")
    FigureChange.objects.all().delete()
    _decide(a, dpo)
    assert list(FigureChange.objects.values_list("stream", "month")) == [("dpia", date(2026, 2, 1))]
