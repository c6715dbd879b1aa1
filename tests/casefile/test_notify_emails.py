"""Data-request emails through the GOV.UK Notify backend (a real HTTP server on loopback
speaking Notify's API): sent after commit with their notification id, delivery receipts
on the timeline, and a refusal that leaves the email waiting, never the data request
unrecorded."""

import pytest
from django.urls import reverse

from casefile.models import DataRequest, OutboundEmail
from core.notifications import delivery_status
from tests.casefile.test_data_requests import commission
from tests.notify_server import NotifyServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(settings):
    server = NotifyServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


def test_commissioning_sends_the_email_through_notify(api, information_request, notify, committed):
    response = committed(commission, api, information_request)

    assert response.status_code == 201, response.content
    [sent] = notify.notifications
    assert sent["email_address"] == "cctv.unit@police.example.org"
    assert information_request.reference in sent["personalisation"]["subject"]
    assert "Footage from the custody suite" in sent["personalisation"]["body"]
    email = OutboundEmail.objects.get()
    assert email.status == "sent"
    assert email.provider_reference
    delivery_status.send(
        sender=None, reference=email.provider_reference, status="permanent-failure", detail=""
    )
    email.refresh_from_db()
    assert email.status == "bounced"
    bounced = information_request.events.get(type="email_bounced")
    assert bounced.description.startswith(
        "The email of the data request to cctv.unit@police.example.org bounced"
    )
    listed = api.get(reverse("request-data-requests", kwargs={"pk": information_request.pk}))
    assert listed.json()[0]["emails"][0]["status"] == "bounced"


def test_a_data_request_whose_email_notify_refuses_is_recorded_and_its_email_waits(
    api, information_request, notify, committed
):
    notify.fail_with = (
        403,
        {"errors": [{"error": "AuthError", "message": "Invalid token"}], "status_code": 403},
    )

    response = committed(commission, api, information_request)

    assert response.status_code == 201, response.content
    assert DataRequest.objects.count() == 1
    assert information_request.events.filter(type="data_request_sent").count() == 1
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts) == ("queued", 1)
    assert not information_request.events.filter(type="email_sent").exists()
