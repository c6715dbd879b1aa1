"""The chaser job through a real Celery worker (real Redis and PostgreSQL), sending
through a real SMTP server on loopback."""

import re
from datetime import date

import pytest
from django.db import connection

from casefile.models import ChaseKind, DataRequest
from tests.services import Worker, database_url, wait_for
from tests.smtp_server import SMTPServer

DONE = re.compile(r"Task casefile\.tasks\.chase_data_requests\[[^\]]+\] (succeeded|raised)")


@pytest.fixture
def smtp_and_worker(transactional_db, settings):
    from config.celery import app

    app.control.purge()  # runs left queued by an interrupted earlier test
    smtp = SMTPServer().start()
    worker = Worker(
        database=database_url(connection),
        broker=settings.CELERY_BROKER_URL,
        pool="solo",
        env={
            **smtp.env(),
            "DATA_REQUEST_CHASE_EVERY_WORKING_DAYS": "2",
            "DATA_REQUEST_ESCALATE_AFTER_CHASES": "2",
        },
    ).start()
    yield smtp, worker
    worker.stop()
    smtp.stop()


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_an_unanswered_data_request_is_chased_on_the_right_days_then_escalated(
    smtp_and_worker, information_request, caseworker
):
    from casefile.tasks import chase_data_requests

    smtp, worker = smtp_and_worker
    data_request = DataRequest.objects.create(
        request=information_request,
        area="custody",
        contact_email="custody@police.example.org",
        manager_email="chief.inspector@police.example.org",
        details="Custody record 123",
        sent_on=date(2026, 12, 11),
        due_on=date(2026, 12, 18),  # a Friday
        created_by=caseworker,
    )
    assert not chase_data_requests.app.conf.task_always_eager
    runs = 0

    def run(day: str) -> None:
        nonlocal runs
        chase_data_requests.delay(today=day)
        runs += 1
        wait_for(
            lambda: len(DONE.findall(worker.output())) >= runs or worker.poll() is not None,
            60,
            f"the chaser run for {day}",
        )
        assert worker.poll() is None, worker.output()

    def chases():
        return list(data_request.chases.order_by("sent_on").values_list("sent_on", "kind"))

    run("2026-12-18")  # due today
    run("2026-12-19")  # Saturday
    assert chases() == []
    run("2026-12-21")  # the first working day after the deadline
    run("2026-12-21")  # again the same day: nothing more
    run("2026-12-22")  # one working day later: too soon
    assert chases() == [(date(2026, 12, 21), ChaseKind.CHASE)]
    run("2026-12-23")  # two working days later
    run("2026-12-24")
    run("2026-12-28")  # the Boxing Day bank holiday
    assert len(chases()) == 2
    run("2026-12-29")  # two working days after the 23rd: escalated after 2 chasers
    run("2027-01-05")
    assert chases() == [
        (date(2026, 12, 21), ChaseKind.CHASE),
        (date(2026, 12, 23), ChaseKind.CHASE),
        (date(2026, 12, 29), ChaseKind.ESCALATION),
    ]
    recipients = [message["X-Envelope-To"] for message in smtp.messages]
    assert recipients == [
        "custody@police.example.org",
        "custody@police.example.org",
        "chief.inspector@police.example.org, custody@police.example.org",
    ]
    assert information_request.events.filter(type="data_request_chased").count() == 2
    assert information_request.events.filter(type="data_request_escalated").count() == 1
