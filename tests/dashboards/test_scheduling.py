"""Recomputation after a request changes: announced durably in the outbox with the change,
drained after commit, coalesced, idempotent; the nightly job and the management command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from core import outbox
from core.models import FigureChange
from core.tasks import drain_figure_changes
from dashboards import services, tasks
from dashboards.models import MonthlySnapshot
from requests_tracker import services as request_services

from .builders import close, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Record what would go to the broker instead of running it."""
    calls = []
    monkeypatch.setattr(
        drain_figure_changes,
        "apply_async",
        lambda args=None, countdown=None, **kw: calls.append(countdown),
    )
    return calls


def pending():
    return list(FigureChange.objects.values_list("stream", "month"))


def test_a_change_is_recorded_with_it_and_drained_only_after_commit(
    make_user, on_day, sent, django_capture_on_commit_callbacks
):
    on_day("2026-03-10")
    casey = make_user("casey")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log(casey, "2026-02-20")
        # Durable before commit: the announcement is a row in the same transaction.
        assert pending() == [("timeliness", date(2026, 2, 1))]
    assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [5]  # after FIGURES_COALESCE_SECONDS, so a burst is drained once


def test_a_change_rolled_back_announces_nothing(make_user, on_day, sent):
    on_day("2026-03-10")
    casey = make_user("casey")

    def log_then_fail():
        with transaction.atomic():
            log(casey, "2026-02-20")
            raise RuntimeError("the caller's transaction fails")

    with pytest.raises(RuntimeError):
        log_then_fail()
    assert pending() == []


def test_a_burst_of_changes_is_drained_by_one_recomputation(
    make_user, on_day, sent, django_capture_on_commit_callbacks, monkeypatch
):
    on_day("2026-03-10")
    casey = make_user("casey")
    with django_capture_on_commit_callbacks(execute=True):
        requests = [log(casey, "2026-03-02") for _ in range(5)]
        for request in requests:
            close(casey, request, "2026-03-09")
    assert len(pending()) == 10
    calls = []
    original = services.recompute_months
    monkeypatch.setattr(
        services, "recompute_months", lambda **kw: calls.append(kw) or original(**kw)
    )
    assert drain_figure_changes() == {"breaches": 0, "dpia": 0, "timeliness": 10}
    assert [call["first"] for call in calls] == [date(2026, 3, 1)]
    assert pending() == []
    assert MonthlySnapshot.objects.get(kind="roa", unit=None, month=date(2026, 3, 1)).closed == 5
    # The other messages of the burst find nothing to do.
    assert drain_figure_changes() == {"breaches": 0, "dpia": 0, "timeliness": 0}
    assert len(calls) == 1


def test_a_failed_recomputation_keeps_the_changes_for_the_next_drain(
    make_user, on_day, sent, monkeypatch
):
    on_day("2026-03-10")
    casey = make_user("casey")
    log(casey, "2026-03-02")

    def broken(**kw):
        raise DatabaseError("connection lost")

    original = services.recompute_months
    monkeypatch.setattr(services, "recompute_months", broken)
    with pytest.raises(DatabaseError):
        outbox.drain("timeliness")
    assert pending() == [("timeliness", date(2026, 3, 1))]
    assert not MonthlySnapshot.objects.exists()
    monkeypatch.setattr(services, "recompute_months", original)
    assert outbox.drain("timeliness") == {"timeliness": 1}
    assert MonthlySnapshot.objects.get(kind="roa", unit=None, month=date(2026, 3, 1)).received == 1


@pytest.mark.parametrize(
    ("action", "first"),
    [
        ("close", "2026-02"),  # a late reply: February's due_met and March's closed
        ("withdraw", "2026-01"),  # withdrawn: every month since receipt changes
        ("extend", "2026-02"),  # the due date moves from 20 February
        ("stop", "2026-02"),
    ],
)
def test_each_change_recomputes_from_the_first_month_it_affects(
    make_user, on_day, sent, action, first
):
    on_day("2026-01-20")
    casey = make_user("casey")
    request = log(casey, "2026-01-20")  # due 20 February
    on_day("2026-02-10")
    FigureChange.objects.all().delete()
    if action == "close":
        on_day("2026-03-05")
        close(casey, request, "2026-03-05")
    elif action == "withdraw":
        request_services.withdraw(
            request_id=request.pk, actor=casey, withdrawn_on=date(2026, 2, 10), reason="Done"
        )
    elif action == "extend":
        request_services.extend(
            request_id=request.pk,
            actor=casey,
            extended_on=date(2026, 2, 10),
            reason="Thousands of pages",
        )
    else:
        request_services.stop_clock(
            request_id=request.pk,
            actor=casey,
            reason="clarification",
            started_on=date(2026, 2, 10),
        )
    assert [month.strftime("%Y-%m") for _, month in pending()] == [first]


def test_the_drain_recomputes_up_to_this_month_and_is_safe_to_run_twice(make_user, on_day):
    on_day("2026-03-10")
    casey = make_user("casey")
    close(casey, log(casey, "2026-02-02"), "2026-02-20")
    assert outbox.drain("timeliness") == {"timeliness": 2}
    assert MonthlySnapshot.objects.filter(unit=None, month=date(2026, 3, 1)).exists()
    fields = ("kind", "unit_id", "month", "closed", "due", "open_at_month_end", "breakdown")
    rows = sorted(MonthlySnapshot.objects.values_list(*fields), key=repr)
    services.recompute_announced([date(2026, 2, 1)], "again")
    assert sorted(MonthlySnapshot.objects.values_list(*fields), key=repr) == rows
    assert MonthlySnapshot.objects.get(kind="roa", unit=None, month=date(2026, 2, 1)).closed == 1


def test_beat_drains_the_outbox_and_an_unknown_stream_is_refused(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["drain-figure-changes"]
    assert schedule["task"] == "core.tasks.drain_figure_changes"
    assert schedule["schedule"].total_seconds() <= 60
    with pytest.raises(ValueError, match="No figures"):
        outbox.announce("nonsense", date(2026, 1, 1), reason="x")


def test_the_nightly_job_recomputes_the_last_13_months(on_day, settings):
    on_day("2026-03-10")
    assert tasks.recompute_recent_months() == {"first": "2025-03", "last": "2026-03"}
    assert MonthlySnapshot.objects.filter(unit=None).count() == 13 * 4
    schedule = settings.CELERY_BEAT_SCHEDULE["recompute-timeliness-last-13-months"]
    assert schedule["task"] == "dashboards.tasks.recompute_recent_months"


def test_the_command_recomputes_a_range(make_user, on_day):
    on_day("2026-03-10")
    casey = make_user("casey")
    log(casey, "2025-06-02")
    out = StringIO()
    call_command("recompute_timeliness", "--from", "2025-01", "--no-progress", stdout=out)
    # From the first request's month: nothing earlier has figures.
    assert "Recomputed 10 months (2025-06 to 2026-03)" in out.getvalue()
    assert MonthlySnapshot.objects.get(kind="roa", unit=None, month=date(2025, 6, 1)).received == 1
    again = StringIO()
    call_command("recompute_timeliness", "--no-progress", stdout=again)  # from the first request
    assert "Recomputed 10 months (2025-06 to 2026-03)" in again.getvalue()
    assert "0 updated" in again.getvalue()


def test_the_command_in_chunks_gives_the_same_rows_as_one_recomputation(make_user, on_day):
    # Later chunks continue the backlog from the month the chunk before stored: a request
    # open across chunk boundaries, one closed late in another chunk, one never closed.
    on_day("2026-03-10")
    casey = make_user("casey")
    close(casey, log(casey, "2025-06-02"), "2025-09-22")
    close(casey, log(casey, "2025-07-14", kind="foi"), "2025-08-01")
    log(casey, "2025-08-04")
    services.recompute_months(first=date(2025, 6, 1), last=date(2026, 3, 1))
    fields = ("kind", "unit_id", "month", "received", "closed", "due", "due_met")
    fields += ("open_at_month_end", "overdue_at_month_end", "median_days_to_close", "breakdown")
    full = sorted(MonthlySnapshot.objects.values_list(*fields), key=repr)
    assert (
        MonthlySnapshot.objects.get(
            kind="roa", unit=None, month=date(2025, 8, 1)
        ).published_values()["overdue_at_month_end"]
        == 1
    )
    MonthlySnapshot.objects.all().delete()
    call_command("recompute_timeliness", "--chunk", "2", "--no-progress", stdout=StringIO())
    assert sorted(MonthlySnapshot.objects.values_list(*fields), key=repr) == full


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2025-13"], "YYYY-MM"),
        (["--from", "2025-06", "--to", "2025-01"], "cannot be before"),
    ],
)
def test_the_command_refuses_bad_ranges(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("recompute_timeliness", *arguments, "--no-progress")
