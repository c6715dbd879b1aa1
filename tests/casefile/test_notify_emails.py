"""Data-request emails through the GOV.UK Notify backend (a real HTTP server on loopback
speaking Notify's API): sent with their notification id, and a refusal records nothing."""

import pytest

from casefile.models import DataRequest
from tests.casefile.test_data_requests import commission
from tests.notify_server import NotifyServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(settings):
    server = NotifyServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


def test_commissioning_sends_the_email_through_notify(api, information_request, notify):
    response = commission(api, information_request)

    assert response.status_code == 201, response.content
    [sent] = notify.notifications
    assert sent["email_address"] == "cctv.unit@police.example.org"
    assert information_request.reference in sent["personalisation"]["subject"]
    assert "Footage from the custody suite" in sent["personalisation"]["body"]


def test_a_data_request_whose_email_notify_refuses_is_not_recorded(
    api, information_request, notify
):
    notify.fail_with = (
        403,
        {"errors": [{"error": "AuthError", "message": "Invalid token"}], "status_code": 403},
    )

    response = commission(api, information_request)

    assert response.status_code == 400
    assert "could not be sent" in str(response.json())
    assert not DataRequest.objects.exists()
    assert not information_request.events.filter(type="data_request_sent").exists()
