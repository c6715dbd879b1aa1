"""The DPO's queue puts the most urgent assessment first (hand-built data)."""

import pytest

from dpia import services
from dpia.selectors import dpo_queue, queue_sections, visible_assessments

pytestmark = pytest.mark.django_db


def test_queue_orders_by_tier_target_date_and_splits_late_and_this_week(build, dpo, on_day):
    on_day("2026-03-01")
    slow = build("submitted", title="Tier 3 from 1 March")
    services.triage(
        assessment_id=slow.pk, actor=dpo, complexity="high", inherent_risk="high"
    )  # 31 Mar
    on_day("2026-03-10")
    fast = build("submitted", title="Tier 1 from 10 March")
    services.triage(
        assessment_id=fast.pk, actor=dpo, complexity="low", inherent_risk="low"
    )  # 20 Mar
    services.start_review(assessment_id=fast.pk, actor=dpo)
    on_day("2026-03-12")
    build("decided", title="Already decided")
    build("changes_requested", title="With the owner")
    build("draft", title="Not submitted")
    on_day("2026-03-18")
    fresh = build("submitted", title="Untriaged from 18 March")  # triage due 23 Mar
    on_day("2026-03-22")

    queue = list(dpo_queue())
    assert [a.title for a in queue] == [
        "Tier 1 from 10 March",
        "Untriaged from 18 March",
        "Tier 3 from 1 March",
    ]
    sections = queue_sections()
    assert [a.pk for a in sections.late] == [fast.pk]
    assert [a.pk for a in sections.due_this_week] == [fresh.pk]
    assert [a.pk for a in sections.later] == [slow.pk]


def test_ties_go_to_the_longest_waiting(build, dpo, on_day):
    on_day("2026-03-01")
    older = build("submitted", title="Older")
    services.triage(
        assessment_id=older.pk, actor=dpo, complexity="medium", inherent_risk="medium"
    )  # 21 Mar
    on_day("2026-03-11")
    newer = build("submitted", title="Newer")
    services.triage(
        assessment_id=newer.pk, actor=dpo, complexity="low", inherent_risk="low"
    )  # 21 Mar
    assert [a.pk for a in dpo_queue()] == [older.pk, newer.pk]


def test_visibility_is_least_privilege(build, make_user, dpo, owner):
    from accounts.models import Unit

    assessment = build("draft")
    elsewhere = make_user("eve", role="caseworker", unit=Unit.objects.create(name="Elsewhere"))
    board = make_user("bob", role="data_board")
    assert list(visible_assessments(dpo)) == [assessment]
    assert list(visible_assessments(owner)) == [assessment]
    assert list(visible_assessments(elsewhere)) == []
    assert list(visible_assessments(board)) == []
