"""A real Celery worker process, a real Redis broker and real PostgreSQL: a task sent
through the broker changes the database the test reads."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

from core.dates import uk_today
from requests_tracker import services
from requests_tracker.vocabularies import Status
from tests.services import Worker, database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    worker = Worker(
        database=database_url(connection), broker=settings.CELERY_BROKER_URL, pool="solo"
    ).start()
    yield worker
    worker.stop()


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_worker_runs_the_lapse_job_sent_through_the_broker(celery_worker_process, make_user):
    from requests_tracker.tasks import lapse_stalled_requests

    caseworker = make_user("casey")
    today = uk_today()
    request = services.log_request(
        actor=caseworker,
        kind="roa",
        regime="dpa_part3",
        received_on=today - timedelta(days=120),
        channel="post",
        requester_type="member_of_public",
        summary="My custody records",
        requester=services.RequesterDetails(name="Jo Example", address="1 High Street"),
    )
    services.stop_clock(
        request_id=request.pk,
        actor=caseworker,
        reason="identity",
        started_on=today - timedelta(days=120),
    )
    assert not lapse_stalled_requests.app.conf.task_always_eager
    lapse_stalled_requests.delay()

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        request.refresh_from_db()
        if request.status == Status.LAPSED:
            break
        assert celery_worker_process.poll() is None, "the worker process died"
        time.sleep(0.5)
    assert request.status == Status.LAPSED
    assert request.events.last().type == "lapsed"
