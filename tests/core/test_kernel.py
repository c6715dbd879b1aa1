"""The casework kernel (core/kernel.py): one perform() for every declared action.

Exercised on a real model (a breach and its timeline) with actions declared here, so the
kernel's guarantees are tested apart from any app's domain rules.
"""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from breaches.models import Breach, BreachEvent
from breaches.vocabularies import EventType, Status
from core.errors import ConflictError, TransitionError
from core.kernel import Action, Workflow, invalid, values

pytestmark = pytest.mark.django_db


def _summary(change, *, summary: str):
    if not summary.strip():
        raise invalid("summary", "Say what happened.")
    before = change.values(["summary"])
    change.record.summary = summary
    change.event("Summary changed.", before=before, after=change.values(["summary"]))


def _assess(change):
    change.event("Assessed.")
    change.on_commit(lambda: calls.append(("after commit", change.record.pk)))


calls: list = []


def _is_dpo(actor, record) -> bool:
    return actor is not None and actor.has_role("dpo")


def _workflow(**overrides):
    saved = []
    workflow = Workflow(
        model=Breach,
        noun="breach",
        event_model=BreachEvent,
        event_field="breach",
        reference=lambda record: record.reference,
        saved=saved.append,
        actions=[
            Action(
                name="summarise",
                label="Change the summary",
                from_statuses={Status.OPEN, Status.ASSESSED},
                refusal="A decided breach keeps its summary.",
                event=EventType.DETAILS_UPDATED,
                run=_summary,
            ),
            Action(
                name="assess",
                label="Assess the risk",
                from_statuses={Status.OPEN},
                refusal="Only an open breach can be assessed.",
                target=Status.ASSESSED,
                event=EventType.ASSESSED,
                may=_is_dpo,
                denial="Only the DPO can assess.",
                run=_assess,
            ),
            Action(
                name="undo",
                label="Undo the assessment",
                from_statuses={Status.ASSESSED},
                target=Status.OPEN,
                event=EventType.DETAILS_UPDATED,
                run=lambda change: None,
            ),
            Action(
                name="look",
                label="Look",
                from_statuses=set(Status),
                changes_record=False,
                run=lambda change: "looked",
            ),
        ],
        **overrides,
    )
    return workflow, saved


@pytest.fixture
def breach(caseworker):
    from breaches import services
    from breaches.clock import UK

    return services.record_breach(
        actor=caseworker,
        aware_at=datetime(2026, 3, 2, 9, 0, tzinfo=UK),
        source="internal",
        nature="misdirected_email",
        summary="Email sent to the wrong address",
    )


@pytest.fixture
def dpo_user(make_user):
    return make_user("dana", role="dpo")


def test_perform_runs_the_work_saves_once_and_writes_its_event(breach, caseworker):
    workflow, saved = _workflow()
    result = workflow.perform(
        "summarise", pk=breach.pk, actor=caseworker, version=breach.version, summary="New"
    )
    breach.refresh_from_db()
    assert result == breach
    assert breach.summary == "New"
    assert breach.version == result.version
    assert saved == [result]
    event = breach.events.order_by("-id").first()
    assert event.type == EventType.DETAILS_UPDATED
    assert event.actor == caseworker
    assert event.before == {"summary": "Email sent to the wrong address"}
    assert event.after == {"summary": "New"}


def test_the_version_moves_by_one_per_change(breach, caseworker):
    workflow, _ = _workflow()
    start = breach.version
    workflow.perform("summarise", pk=breach.pk, actor=caseworker, version=start, summary="A")
    workflow.perform("summarise", pk=breach.pk, actor=caseworker, version=start + 1, summary="B")
    breach.refresh_from_db()
    assert breach.version == start + 2


def test_a_stale_version_is_a_conflict_and_changes_nothing(breach, caseworker):
    workflow, saved = _workflow()
    events = breach.events.count()
    with pytest.raises(ConflictError, match=r"you saw version 0, it is now version 1"):
        workflow.perform(
            "summarise", pk=breach.pk, actor=caseworker, version=breach.version - 1, summary="X"
        )
    breach.refresh_from_db()
    assert breach.summary == "Email sent to the wrong address"
    assert breach.events.count() == events
    assert saved == []


def test_without_a_version_the_check_is_skipped(breach, caseworker):
    workflow, _ = _workflow()
    workflow.perform("summarise", pk=breach.pk, actor=caseworker, summary="No version")
    breach.refresh_from_db()
    assert breach.summary == "No version"


def test_a_missing_record_is_a_validation_error():
    workflow, _ = _workflow()
    with pytest.raises(ValidationError) as error:
        workflow.perform("summarise", pk=987654, actor=None, summary="X")
    assert error.value.messages == ["That breach does not exist."]


def test_the_status_table_refuses_with_the_declared_words(breach, dpo_user):
    workflow, _ = _workflow()
    with pytest.raises(TransitionError) as error:
        workflow.perform("undo", pk=breach.pk, actor=dpo_user)
    # An empty refusal still names the record and its status.
    assert str(error.value) == f"{breach.reference} is open."
    workflow.perform("assess", pk=breach.pk, actor=dpo_user)
    with pytest.raises(TransitionError) as error:
        workflow.perform("assess", pk=breach.pk, actor=dpo_user)
    assert (
        str(error.value) == f"Only an open breach can be assessed. {breach.reference} is assessed."
    )


def test_permission_is_checked_before_the_status(breach, caseworker, dpo_user):
    workflow, _ = _workflow()
    workflow.perform("assess", pk=breach.pk, actor=dpo_user)
    # Now assessed: a caseworker is told they may not, not what state the breach is in.
    with pytest.raises(PermissionDenied, match=r"Only the DPO can assess\."):
        workflow.perform("assess", pk=breach.pk, actor=caseworker)
    with pytest.raises(PermissionDenied):
        workflow.perform("assess", pk=breach.pk, actor=None)


def test_target_status_and_after_commit_work(breach, dpo_user, django_capture_on_commit_callbacks):
    workflow, _ = _workflow()
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.perform("assess", pk=breach.pk, actor=dpo_user)
    breach.refresh_from_db()
    assert breach.status == Status.ASSESSED
    assert len(callbacks) == 1
    assert calls == [("after commit", breach.pk)]


def test_after_commit_work_never_runs_when_the_change_fails(
    breach, dpo_user, django_capture_on_commit_callbacks
):
    def fail_after_scheduling(change):
        change.on_commit(lambda: calls.append("must not run"))
        raise invalid("summary", "No.")

    workflow, _ = _workflow()
    workflow.actions["summarise"] = Action(
        name="summarise",
        label="x",
        from_statuses={Status.OPEN},
        event=EventType.DETAILS_UPDATED,
        run=fail_after_scheduling,
    )
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        workflow.perform("summarise", pk=breach.pk, actor=dpo_user)
    assert calls == []


def test_bad_input_rolls_back_everything(breach, caseworker):
    workflow, saved = _workflow()
    events = breach.events.count()
    with pytest.raises(ValidationError) as error:
        workflow.perform("summarise", pk=breach.pk, actor=caseworker, summary="  ")
    assert error.value.message_dict == {"summary": ["Say what happened."]}
    assert Breach.objects.get(pk=breach.pk).version == breach.version
    assert Breach.objects.get(pk=breach.pk).summary == "Email sent to the wrong address"
    assert breach.events.count() == events
    assert saved == []


def test_default_event_when_the_work_records_none(breach, dpo_user):
    workflow, _ = _workflow()
    workflow.perform("assess", pk=breach.pk, actor=dpo_user)
    workflow.perform("undo", pk=breach.pk, actor=dpo_user)
    last = breach.events.order_by("-id").first()
    assert Breach.objects.get(pk=breach.pk).status == Status.OPEN
    assert (last.type, last.description, last.actor) == (
        EventType.DETAILS_UPDATED,
        "Undo the assessment.",
        dpo_user,
    )


def test_an_action_that_changes_nothing_keeps_the_version(breach, caseworker):
    workflow, saved = _workflow()
    version = Breach.objects.get(pk=breach.pk).version
    assert workflow.perform("look", pk=breach.pk, actor=caseworker) == "looked"
    assert Breach.objects.get(pk=breach.pk).version == version
    assert saved == []


def test_available_follows_status_then_permission_in_declared_order(breach, caseworker, dpo_user):
    workflow, _ = _workflow()
    names = lambda actor: [a.name for a in workflow.available(actor, breach)]  # noqa: E731
    assert names(dpo_user) == ["summarise", "assess", "look"]
    assert names(caseworker) == ["summarise", "look"]
    breach.status = Status.CLOSED
    assert names(dpo_user) == ["look"]


def test_an_action_is_declared_once():
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(
            model=Breach,
            noun="breach",
            event_model=BreachEvent,
            event_field="breach",
            actions=[
                Action(name="x", label="x", from_statuses=set(), run=print),
                Action(name="x", label="y", from_statuses=set(), run=print),
            ],
        )


def test_values_are_json_ready(breach, caseworker):
    got = values(breach, ["aware_at", "created_by", "status"])
    assert got["created_by"] == caseworker.username
    assert got["aware_at"] == "2026-03-02T09:00:00+00:00"
    assert got["status"] == "open"
    breach.aware_at = datetime(2026, 7, 2, 9, 0, tzinfo=UTC)
    assert values(breach, ["aware_at"])["aware_at"] == "2026-07-02T10:00:00+01:00"


def test_timeline_events_are_append_only(breach):
    event = breach.events.first()
    event.description = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_the_breach_reference_is_used_in_messages(breach, caseworker):
    workflow, _ = _workflow()
    with pytest.raises(ConflictError, match=breach.reference):
        workflow.perform("summarise", pk=breach.pk, actor=caseworker, version=99, summary="x")


def _guarded_workflow():
    def _never_twice(actor, record):
        if record.summary == "Done":
            return f"{record.reference} is already done."
        return None

    def _finish(change):
        change.record.summary = "Done"

    def _nothing(change):
        change.unchanged = True

    return Workflow(
        model=Breach,
        noun="breach",
        event_model=BreachEvent,
        event_field="breach",
        reference=lambda record: record.reference,
        actions=[
            Action(
                name="finish_up",
                label="Finish",
                from_statuses={Status.OPEN},
                refusal="Only an open breach can be finished.",
                guard=_never_twice,
                event=EventType.DETAILS_UPDATED,
                run=_finish,
            ),
            Action(
                name="tidy",
                label="Tidy",
                slug="tidy-up",
                done="Tidied up.",
                from_statuses={Status.OPEN},
                event=EventType.DETAILS_UPDATED,
                run=_nothing,
            ),
        ],
    )


def test_a_guard_refuses_past_the_status_and_hides_the_action(breach, caseworker):
    workflow = _guarded_workflow()
    assert [a.name for a in workflow.available(caseworker, breach)] == ["finish_up", "tidy"]
    workflow.perform("finish_up", pk=breach.pk, actor=caseworker)
    breach.refresh_from_db()
    assert [a.name for a in workflow.available(caseworker, breach)] == ["tidy"]
    events = breach.events.count()
    with pytest.raises(TransitionError) as error:
        workflow.perform("finish_up", pk=breach.pk, actor=caseworker)
    assert str(error.value) == f"{breach.reference} is already done."
    assert breach.events.count() == events
    # The status is checked before the guard: the status refusal wins.
    breach.status = Status.CLOSED
    assert workflow.refusal(breach, "finish_up") == (
        f"Only an open breach can be finished. {breach.reference} is closed."
    )


def test_an_unchanged_record_keeps_its_version_and_gets_no_event(breach, caseworker):
    workflow = _guarded_workflow()
    version, events = breach.version, breach.events.count()
    workflow.perform("tidy", pk=breach.pk, actor=caseworker, version=version)
    breach.refresh_from_db()
    assert breach.version == version
    assert breach.events.count() == events


def test_an_action_is_found_by_its_page_slug():
    workflow = _guarded_workflow()
    assert workflow["finish_up"].slug == "finish-up"
    assert workflow.by_slug("finish-up") is workflow["finish_up"]
    assert workflow.by_slug("tidy-up") is workflow["tidy"]
    assert workflow.by_slug("tidy") is None


def test_an_action_says_what_was_done():
    workflow = _guarded_workflow()
    assert workflow["tidy"].done == "Tidied up."
    assert workflow["finish_up"].done == "Finish."


def test_an_action_builds_its_page_form_with_its_prefix_and_declared_arguments(breach):
    from django import forms

    class SummaryForm(forms.Form):
        summary = forms.CharField()

    def unprefixed_for_open(actor, record):
        return {"prefix": None} if record.status == Status.OPEN else {}

    action = Action(
        name="summarise",
        label="Change the summary",
        from_statuses={Status.OPEN},
        run=_summary,
        form=SummaryForm,
        form_kwargs=unprefixed_for_open,
    )
    form = action.build_form(None, breach, {"summary": "New"}, initial={"summary": "Old"})
    assert form.prefix is None
    assert form.is_valid()
    assert form.initial == {"summary": "Old"}
    breach.status = Status.CLOSED
    form = action.build_form(None, breach, {"summarise-summary": "New"})
    assert form.prefix == "summarise"
    assert form.is_valid()
    assert form.cleaned_data == {"summary": "New"}
    with pytest.raises(ValueError, match="no page form"):
        Action(name="x", label="x", from_statuses=set(), run=print).build_form(None, breach)
