"""No recomputation is lost on a bad day: a real Celery worker, a real Redis broker that
the test stops and starts, and real PostgreSQL.

- Broker down while requests are closed, then back: the public figures are right within
  60 s with no further change (the outbox rows wait; beat's drain recomputes them).
- The worker's pool process killed with SIGKILL in the middle of a recomputation: the
  task goes back on the queue and runs again (reject on worker lost).
- The whole worker killed in the middle of a recomputation, then started again: the
  figures are right within 60 s of the restart (the drain at worker start-up).
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from datetime import date, timedelta

import kombu.pools
import psycopg
import pytest
from django.db import connection

from core import outbox
from core.dates import month_start, uk_today
from core.models import FigureChange
from dashboards.models import MonthlySnapshot
from requests_tracker import services
from requests_tracker.vocabularies import TIMELINESS_STREAM
from tests.services import Worker, database_url, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.redis_server]


@pytest.fixture
def broker(redis_server):
    """The private redis-server as the broker of this process and of the workers."""
    return redis_server


@contextmanager
def publishing_to(url: str, monkeypatch):
    """Point this process's Celery producer at `url` (the broker the test controls).
    Celery reads CELERY_BROKER_URL from the environment before its own settings."""
    from config.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", url)

    def reset():
        kombu.pools.reset()  # closes and forgets every producer and connection pool
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    reset()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        reset()
        app.conf.broker_url = before


@pytest.fixture
def workers(transactional_db, broker, monkeypatch):
    started: list[Worker] = []

    def start(**kwargs) -> Worker:
        worker = Worker(database=database_url(connection), broker=broker.url(0), **kwargs)
        started.append(worker.start())
        return worker

    with publishing_to(broker.url(0), monkeypatch):
        yield start
    for worker in started:
        worker.stop()


def log_requests(actor, n: int, received: date):
    requests = []
    for i in range(n):
        requests.append(
            services.log_request(
                actor=actor,
                kind="roa",
                regime="uk_gdpr",
                received_on=received,
                channel="email",
                requester_type="member_of_public",
                summary=f"Request {i}",
                requester=services.RequesterDetails(name="Sam Example", email="sam@example.org"),
            )
        )
    return requests


def close_all(actor, requests, closed_on: date) -> list[float]:
    durations = []
    for request in requests:
        started = time.monotonic()
        services.close_request(
            request_id=request.pk,
            actor=actor,
            closed_on=closed_on,
            outcome="disclosed_in_full",
        )
        durations.append(time.monotonic() - started)
    return durations


def closed_in(month: date) -> int | None:
    row = MonthlySnapshot.objects.filter(kind="roa", unit=None, month=month).first()
    return None if row is None else row.closed


def figures_settled(month: date, closed: int) -> bool:
    return closed_in(month) == closed and not FigureChange.objects.exists()


def test_broker_down_while_requests_close_then_back_the_figures_are_right_within_60_s(
    workers, broker, make_user, settings
):
    settings.FIGURES_COALESCE_SECONDS = 1
    today = uk_today()
    month = month_start(today)
    casey = make_user("casey")
    workers(beat=True)  # beat inside the worker: FIGURES_DRAIN_SECONDS at its default
    requests = log_requests(casey, 20, received=max(month, today - timedelta(days=3)))
    wait_for(lambda: figures_settled(month, 0), 60, "the logged requests' figures")
    time.sleep(3)  # the worker has run every drain it was sent (each after 1 s)

    broker.kill()
    durations = close_all(casey, requests, today)
    # Every close committed and answered promptly; the recomputation waits in the outbox.
    assert max(durations) < 3, durations
    assert FigureChange.objects.filter(stream=TIMELINESS_STREAM).count() == 20
    assert closed_in(month) == 0

    broker.start()  # the same port, empty: every message sent before the outage is gone
    back = time.monotonic()
    wait_for(lambda: figures_settled(month, 20), 60, "the figures after the broker came back")
    print(f"figures right {time.monotonic() - back:.1f} s after the broker came back")


@contextmanager
def drains_held_up():
    """Hold the timeliness drain's advisory lock from another connection, so a drain
    that starts waits inside its recomputation transaction."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [outbox.lock_key(TIMELINESS_STREAM)])
        try:
            yield other
        finally:
            other.execute("SELECT pg_advisory_unlock_all()")


def waiting_for_the_lock(other) -> bool:
    row = other.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    ).fetchone()
    return row[0] > 0


@pytest.mark.parametrize("what", ["pool process", "whole worker"])
def test_a_worker_killed_mid_recomputation_loses_nothing(workers, make_user, what):
    today = uk_today()
    month = month_start(today)
    casey = make_user("casey")
    worker = workers()
    [request] = log_requests(casey, 1, received=max(month, today - timedelta(days=3)))
    wait_for(lambda: figures_settled(month, 0), 60, "the logged request's figures")

    with drains_held_up() as other:
        close_all(casey, [request], today)
        wait_for(lambda: waiting_for_the_lock(other), 30, "the drain to start and wait")
        if what == "pool process":
            [child] = worker.children()
            os.kill(child, signal.SIGKILL)
        else:
            worker.kill()
    assert closed_in(month) == 0
    assert FigureChange.objects.count() == 1
    restarted = time.monotonic()
    if what == "whole worker":
        workers()
    wait_for(lambda: figures_settled(month, 1), 60, "the figures after the worker died")
    print(f"{what} killed: figures right {time.monotonic() - restarted:.1f} s later")
