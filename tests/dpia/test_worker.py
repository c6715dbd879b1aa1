"""The reminder job through a real Celery worker, real Redis and PostgreSQL; the worker
writes emails to files in a temporary directory that the test reads."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

from core.dates import uk_today
from dpia.models import ReminderSent
from tests.services import Worker, database_url


@pytest.fixture
def worker_with_file_email(transactional_db, settings, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = Worker(
        database=database_url(connection),
        broker=settings.CELERY_BROKER_URL,
        pool="solo",
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        },
    ).start()
    yield worker, mail_dir
    worker.stop()


def _wait_for(predicate, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        assert process.poll() is None, "the worker process died"
        time.sleep(0.5)
    return predicate()


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_worker_sends_each_reminder_once(worker_with_file_email, build, dpo):
    from dpia import services
    from dpia.tasks import send_assessment_reminders

    process, mail_dir = worker_with_file_email
    today = uk_today()
    decided = build("in_review", title="Review soon")
    services.decide(
        assessment_id=decided.pk,
        actor=dpo,
        decision="approved",
        advice="ok",
        next_review_on=today + timedelta(days=20),
    )
    waiting = build("submitted", title="Waiting")
    type(waiting).objects.filter(pk=waiting.pk).update(target_on=today - timedelta(days=3))

    assert not send_assessment_reminders.app.conf.task_always_eager
    send_assessment_reminders.delay()
    assert _wait_for(lambda: ReminderSent.objects.count() == 2, process)
    assert _wait_for(lambda: len(list(mail_dir.iterdir())) >= 1, process)

    # A second run (FIFO on the solo worker) must send only what is new.
    later = build("submitted", title="Later")
    type(later).objects.filter(pk=later.pk).update(target_on=today - timedelta(days=1))
    send_assessment_reminders.delay()
    assert _wait_for(lambda: ReminderSent.objects.count() == 3, process)
    time.sleep(2)
    text = "\n".join(p.read_text() for p in Path(mail_dir).iterdir())
    assert text.count(f"Subject: {decided.reference}: review due") == 1
    assert text.count(f"Subject: {waiting.reference} is past its target date") == 1
    assert text.count(f"Subject: {later.reference} is past its target date") == 1
    assert "To: dpo@example.org" in text
    assert ReminderSent.objects.count() == 3
