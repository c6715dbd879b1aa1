"""Recomputation after a request changes: after commit, coalesced, idempotent; the nightly
job and the management command."""

from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from dashboards import services, tasks
from dashboards.models import MonthlySnapshot
from requests_tracker import services as request_services

from .builders import close, log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sent(monkeypatch):
    """Record what would go to the broker instead of running it."""
    calls = []
    monkeypatch.setattr(
        tasks.recompute_from_month,
        "apply_async",
        lambda args=None, countdown=None, **kw: calls.append((tuple(args), countdown)),
    )
    return calls


def test_nothing_is_scheduled_until_the_transaction_commits(
    make_user, on_day, sent, django_capture_on_commit_callbacks
):
    on_day("2026-03-10")
    casey = make_user("casey")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log(casey, "2026-02-20")
    assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [(("2026-02", "Requests changed"), 5)]


def test_a_burst_of_changes_schedules_one_recomputation(
    make_user, on_day, sent, django_capture_on_commit_callbacks
):
    on_day("2026-03-10")
    casey = make_user("casey")
    with django_capture_on_commit_callbacks(execute=True):
        requests = [log(casey, "2026-03-02") for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        for request in requests:
            close(casey, request, "2026-03-09")
    assert sent == [(("2026-03", "Requests changed"), 5)]
    # Once the task has started it releases the month: the next change schedules again.
    services.claim_pending(date(2026, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        log(casey, "2026-03-09")
    assert len(sent) == 2


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
    make_user, on_day, sent, django_capture_on_commit_callbacks, action, first
):
    on_day("2026-01-20")
    casey = make_user("casey")
    request = log(casey, "2026-01-20")  # due 20 February
    on_day("2026-02-10")
    services.claim_pending(date(2026, 1, 1))
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
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
    assert [args[0] for args, _ in sent] == [first]


def test_the_task_recomputes_up_to_this_month_and_is_safe_to_run_twice(make_user, on_day):
    on_day("2026-03-10")
    casey = make_user("casey")
    close(casey, log(casey, "2026-02-02"), "2026-02-20")
    assert tasks.recompute_from_month("2026-01") == {"first": "2026-01", "last": "2026-03"}
    fields = ("kind", "unit_id", "month", "closed", "due", "open_at_month_end", "breakdown")
    rows = sorted(MonthlySnapshot.objects.values_list(*fields), key=repr)
    tasks.recompute_from_month("2026-01")
    assert sorted(MonthlySnapshot.objects.values_list(*fields), key=repr) == rows
    assert MonthlySnapshot.objects.get(kind="roa", unit=None, month=date(2026, 2, 1)).closed == 1


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
    assert "Recomputed 15 months (2025-01 to 2026-03)" in out.getvalue()
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
