"""The alert job run by a real Celery worker, through Redis, against PostgreSQL: the DPO
group gets one email per breach per threshold, however often the job runs."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from breaches import services
from breaches.models import BreachAlert
from tests.services import Worker, database_url


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def breach_worker(transactional_db, settings, mail_dir):
    from config.celery import app

    app.control.purge()  # tasks queued by earlier tests on this broker database
    worker = Worker(
        database=database_url(connection),
        broker=settings.CELERY_BROKER_URL,
        pool="solo",
        env={
            "DJANGO_SETTINGS_MODULE": "tests.breaches.worker_settings",
            "BREACH_TEST_MAIL_DIR": str(mail_dir),
        },
    ).start()
    yield worker
    worker.stop()


def messages_in(directory: Path) -> list[str]:
    text = "".join(path.read_text() for path in sorted(directory.glob("*.log")))
    return [line for line in text.splitlines() if line.startswith("Subject: ")]


def wait_for(condition, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        assert process.poll() is None, "the worker process died"
        time.sleep(0.5)
    return False


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_worker_emails_the_dpo_group_once_per_breach_per_threshold(
    breach_worker, mail_dir, make_user
):
    from breaches.tasks import send_breach_deadline_alerts

    make_user("dana", role="dpo", email="dana@example.org")
    casey = make_user("casey", role="caseworker", email="casey@example.org")
    now = timezone.now()
    soon = services.record_breach(
        actor=casey,
        aware_at=now - timedelta(hours=60),
        source="internal",
        nature="misdirected_post",
        summary="Letter sent to the wrong address",
    )
    missed = services.record_breach(
        actor=casey,
        aware_at=now - timedelta(hours=80),
        source="external",
        nature="cyber_incident",
        summary="Phishing",
    )
    later = services.record_breach(
        actor=casey,
        aware_at=now - timedelta(hours=1),
        source="internal",
        nature="other",
        summary="Not yet close to the deadline",
    )
    assert not send_breach_deadline_alerts.app.conf.task_always_eager

    send_breach_deadline_alerts.delay()
    assert wait_for(lambda: len(messages_in(mail_dir)) == 2, breach_worker)
    subjects = messages_in(mail_dir)
    assert any(soon.reference in s and "less than 24 hours" in s for s in subjects)
    assert any(missed.reference in s and "deadline has passed" in s for s in subjects)
    assert "dana@example.org" in "".join(p.read_text() for p in mail_dir.glob("*.log"))

    # Run again twice: nothing new is sent.
    send_breach_deadline_alerts.delay()
    send_breach_deadline_alerts.delay()
    time.sleep(3)
    assert wait_for(lambda: BreachAlert.objects.count() == 2, breach_worker)
    assert len(messages_in(mail_dir)) == 2
    assert not BreachAlert.objects.filter(breach=later).exists()
    assert set(BreachAlert.objects.values_list("breach__reference", "threshold")) == {
        (soon.reference, "due_soon"),
        (missed.reference, "overdue"),
    }
