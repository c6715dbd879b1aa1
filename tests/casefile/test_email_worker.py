"""Email to a requester, and a data request to a business area, through a real Celery
worker (real Redis and PostgreSQL) and a real SMTP server on loopback: written while the
SMTP server is down, the email waits (the letter or the data request is kept, the request
page says so); once the server is back the resend job delivers it, once."""

import contextlib
import re

import pytest
from django.db import connection
from django.urls import reverse

from casefile import letter_services
from casefile.models import OutboundEmail
from tests.services import Worker, database_url, wait_for
from tests.smtp_server import SMTPServer

DELIVER = re.compile(
    r"Task casefile\.tasks\.deliver_email\[[^\]]+\] (succeeded|raised|retry)", re.I
)
RESEND = re.compile(r"Task casefile\.tasks\.resend_waiting_emails\[[^\]]+\] (succeeded|raised)")


@pytest.fixture
def down_smtp_and_worker(transactional_db, settings):
    from config.celery import app

    app.control.purge()
    smtp = SMTPServer()  # its port is chosen; nothing listens on it yet
    worker = Worker(
        database=database_url(connection),
        broker=settings.CELERY_BROKER_URL,
        pool="solo",
        env={**smtp.env(), "DOCUMENTS_DIR": str(settings.DOCUMENTS_DIR), "EMAIL_TIMEOUT": "5"},
    ).start()
    yield smtp, worker
    worker.stop()
    with contextlib.suppress(Exception):  # never started if the test failed early
        smtp.stop()


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_an_smtp_outage_loses_nothing(
    down_smtp_and_worker, information_request, caseworker, client, on_day
):
    from casefile.tasks import resend_waiting_emails

    smtp, worker = down_smtp_and_worker
    on_day("2026-11-10")
    assert not resend_waiting_emails.app.conf.task_always_eager
    document = letter_services.issue_letter(
        request_id=information_request.pk, template="acknowledgement", send=True, actor=caseworker
    )
    email = OutboundEmail.objects.get(document=document)
    wait_for(
        lambda: OutboundEmail.objects.get(pk=email.pk).attempts >= 1 or worker.poll() is not None,
        60,
        "the first attempt",
    )
    assert worker.poll() is None, worker.output()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("queued", 1)
    client.force_login(caseworker)
    page = client.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "is waiting to be sent: the email server could not be reached." in page
    assert "ada@example.org" not in worker.output()  # the address is never logged

    smtp.start()
    resend_waiting_emails.delay()
    wait_for(
        lambda: RESEND.search(worker.output()) or worker.poll() is not None, 60, "the resend job"
    )
    email.refresh_from_db()
    assert email.status == "sent", worker.output()
    assert [message["X-Envelope-To"] for message in smtp.messages] == ["ada@example.org"]
    assert information_request.events.filter(type="email_sent").count() == 1
    page = client.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "is waiting to be sent" not in page


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_an_smtp_outage_never_blocks_a_data_request_and_loses_nothing(
    down_smtp_and_worker, information_request, caseworker, client, on_day
):
    from casefile import services
    from casefile.tasks import resend_waiting_emails

    smtp, worker = down_smtp_and_worker
    on_day("2026-11-10")
    data_request = services.commission_data_request(
        request_id=information_request.pk,
        actor=caseworker,
        area="cctv",
        contact_email="cctv.unit@police.example.org",
        details="Footage from the custody suite, 3 March",
    )
    email = OutboundEmail.objects.get(data_request=data_request)
    wait_for(
        lambda: OutboundEmail.objects.get(pk=email.pk).attempts >= 1 or worker.poll() is not None,
        60,
        "the first attempt",
    )
    assert worker.poll() is None, worker.output()
    email.refresh_from_db()
    assert (email.recipient_kind, email.status, email.attempts) == ("business_area", "queued", 1)
    assert information_request.events.filter(type="data_request_sent").count() == 1
    client.force_login(caseworker)
    page = client.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "The email of the data request to CCTV (cctv.unit@police.example.org) is waiting" in page
    assert "cctv.unit@police.example.org" not in worker.output()
    assert "Footage" not in worker.output()

    smtp.start()
    resend_waiting_emails.delay()
    wait_for(
        lambda: RESEND.search(worker.output()) or worker.poll() is not None, 60, "the resend job"
    )
    email.refresh_from_db()
    assert email.status == "sent", worker.output()
    assert [message["X-Envelope-To"] for message in smtp.messages] == [
        "cctv.unit@police.example.org"
    ]
    assert "Footage from the custody suite" in smtp.messages[0].get_payload()
    assert information_request.events.filter(type="email_sent").count() == 1
