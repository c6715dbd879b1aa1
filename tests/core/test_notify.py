"""The GOV.UK Notify email backend against a real HTTP server on loopback speaking Notify's
API (tests/notify_server.py checks the JWT as Notify does), its system check, and the
delivery-receipt endpoint with a real receiver connected."""

import base64
import json
import logging

import pytest
from django.core import checks
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

from core import notifications
from core.checks import notify_settings
from core.notify import NotifyError
from tests.notify_server import API_KEY, SERVICE_ID, TEMPLATE_ID, NotifyServer
from tests.services import free_port

RECIPIENT = "casper.quillfeather@example.org"


@pytest.fixture
def notify(settings):
    server = NotifyServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


def test_an_email_goes_to_notify_with_subject_and_body_and_its_id_comes_back(notify):
    message = EmailMessage("Data request chaser", "Please answer by Friday.", to=[RECIPIENT])

    assert message.send() == 1

    [sent] = notify.notifications
    assert sent["email_address"] == RECIPIENT
    assert sent["template_id"] == TEMPLATE_ID
    assert sent["personalisation"] == {
        "subject": "Data request chaser",
        "body": "Please answer by Friday.",
    }
    assert message.provider_reference == sent["id"]
    [claims] = notify.tokens
    assert claims["iss"] == SERVICE_ID


def test_each_recipient_is_one_notification(notify):
    message = EmailMessage("Escalation", "Overdue.", to=[RECIPIENT], cc=["manager@example.org"])

    message.send()

    assert [n["email_address"] for n in notify.notifications] == [RECIPIENT, "manager@example.org"]
    assert message.provider_references == {
        n["email_address"]: n["id"] for n in notify.notifications
    }
    assert message.provider_reference == notify.notifications[0]["id"]


def test_a_pdf_goes_as_notifys_link_to_file(notify):
    pdf = b"%PDF-1.7\n" + b"x" * 1000 + b"\n%%EOF\n"
    message = EmailMessage("Your response", "The response is linked below.", to=[RECIPIENT])
    message.attach("response.pdf", pdf, "application/pdf")

    message.send()

    [sent] = notify.notifications
    link = sent["personalisation"]["link_to_file"]
    assert base64.b64decode(link["file"]) == pdf
    assert link["filename"] == "response.pdf"
    assert link["confirm_email_before_download"] is True


@pytest.mark.parametrize(
    ("attachments", "words"),
    [
        ([("notes.txt", b"hello", "text/plain")], "only a PDF"),
        ([("a.pdf", b"%PDF-1.7", "application/pdf")] * 2, "at most one file"),
        ([("big.pdf", b"%PDF-1.7" + b"0" * (2 * 1024 * 1024), "application/pdf")], "up to 2 MB"),
    ],
)
def test_attachments_notify_cannot_send_are_refused_in_words(notify, attachments, words):
    message = EmailMessage("Your response", "Attached.", to=[RECIPIENT])
    for attachment in attachments:
        message.attach(*attachment)

    with pytest.raises(NotifyError, match=words):
        message.send()

    assert notify.notifications == []


def test_a_wrong_api_key_is_refused_by_notify_with_words_for_an_administrator(notify, settings):
    settings.NOTIFY_API_KEY = f"rights_desk_test-{SERVICE_ID}-{'1' * 8}-1111-4111-8111-{'1' * 12}"

    with pytest.raises(NotifyError, match="refused this site's API key") as raised:
        EmailMessage("Subject", "Body", to=[RECIPIENT]).send()

    assert isinstance(raised.value, OSError)  # callers handle it as a failed SMTP send
    assert notify.notifications == []


def test_notifys_400_is_raised_with_notifys_words_and_no_address(notify):
    notify.fail_with = (
        400,
        {
            "errors": [
                {
                    "error": "BadRequestError",
                    "message": "Can't send to this recipient using a team-only API key",
                }
            ],
            "status_code": 400,
        },
    )

    with pytest.raises(NotifyError) as raised:
        EmailMessage("Subject", "Body", to=[RECIPIENT]).send()

    assert str(raised.value) == (
        "GOV.UK Notify refused the email, so it was not sent: "
        "Can't send to this recipient using a team-only API key"
    )
    assert RECIPIENT not in str(raised.value)


@pytest.mark.parametrize(
    ("status", "error", "permanent"),
    [
        # The email itself: the same request is refused the same way every time.
        (400, "BadRequestError", True),
        (400, "ValidationError", True),
        # The service (this site's key or clock, Notify's limits, Notify itself): it may
        # work when tried again.
        (403, "AuthError", False),
        (429, "RateLimitError", False),
        (429, "TooManyRequestsError", False),
        (500, "Exception", False),
        (503, "Exception", False),
    ],
)
def test_only_notifys_400_is_permanent(notify, status, error, permanent):
    notify.fail_with = (
        status,
        {"errors": [{"error": error, "message": "Words"}], "status_code": status},
    )

    with pytest.raises(NotifyError) as raised:
        EmailMessage("Subject", "Body", to=[RECIPIENT]).send()

    assert raised.value.permanent is permanent


def test_a_file_notify_cannot_send_is_permanent(notify):
    message = EmailMessage("Your response", "Attached.", to=[RECIPIENT])
    message.attach("notes.txt", b"hello", "text/plain")

    with pytest.raises(NotifyError) as raised:
        message.send()

    assert raised.value.permanent is True


def test_notify_unreachable_raises_so_the_caller_retries(settings):
    NotifyServer().django_settings(settings)
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(NotifyError, match="could not be reached") as raised:
        EmailMessage("Subject", "Body", to=[RECIPIENT]).send()

    assert raised.value.permanent is False


# --- the system check ----------------------------------------------------------------


def _ids(messages):
    return sorted(message.id for message in messages)


def test_the_check_refuses_the_notify_backend_without_its_settings(settings):
    settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    settings.NOTIFY_CALLBACK_TOKEN = ""

    found = notify_settings()

    assert _ids(found) == ["core.E001", "core.E002", "core.W001"]
    assert all(m.level >= checks.ERROR for m in found if m.id.startswith("core.E"))


def test_the_check_refuses_a_key_that_is_not_a_notify_key(settings):
    settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = "not-a-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_CALLBACK_TOKEN = "t" * 40

    [found] = notify_settings()

    assert found.id == "core.E001"
    assert "not a GOV.UK Notify API key" in found.msg


def test_the_check_passes_a_configured_notify_and_ignores_smtp(settings):
    settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_CALLBACK_TOKEN = "t" * 40
    assert notify_settings() == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.NOTIFY_API_KEY = ""
    assert notify_settings() == []


# --- delivery receipts -----------------------------------------------------------------

TOKEN = "a-long-random-callback-token-0123456789"
RECEIPT = {
    "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
    "reference": None,
    "to": RECIPIENT,
    "status": "permanent-failure",
    "created_at": "2026-12-01T10:00:00.000000Z",
    "completed_at": "2026-12-01T10:00:05.000000Z",
    "sent_at": "2026-12-01T10:00:01.000000Z",
    "notification_type": "email",
    "template_id": TEMPLATE_ID,
    "template_version": 1,
}


@pytest.fixture
def receipts(settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    received = []

    def record(sender, reference, status, detail, **kwargs):
        received.append({"reference": reference, "status": status, "detail": detail})

    notifications.delivery_status.connect(record, dispatch_uid="test-receipts")
    yield received
    notifications.delivery_status.disconnect(dispatch_uid="test-receipts")


def _post(body, token=TOKEN, raw=None):
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(
        reverse("notify-delivery-receipt"),
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_a_receipt_reaches_the_receiver_in_plain_words_and_logs_no_address(receipts, caplog):
    caplog.set_level(logging.DEBUG)

    response = _post(RECEIPT)

    assert response.status_code == 200
    [received] = receipts
    assert received["reference"] == RECEIPT["id"]
    assert received["status"] == "permanent-failure"
    assert "address does not exist" in received["detail"]
    assert RECIPIENT not in caplog.text
    assert RECEIPT["id"] in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 401), ("", 401), ("wrong-token", 403), (TOKEN + "x", 403), (TOKEN[:-1], 403)],
)
def test_a_receipt_without_the_token_is_refused(receipts, token, status):
    response = _post(RECEIPT, token=token)

    assert response.status_code == status
    assert receipts == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("{not json", "non_field_errors"),
        ("[1, 2]", "non_field_errors"),
        (json.dumps({**RECEIPT, "status": "lost"}), "status"),
        (json.dumps({**RECEIPT, "id": "12"}), "id"),
        (json.dumps({k: v for k, v in RECEIPT.items() if k != "status"}), "status"),
        ("\xff\xfe", "non_field_errors"),
    ],
)
def test_a_malformed_receipt_is_a_400_with_field_errors(receipts, raw, field):
    response = _post(None, raw=raw)

    assert response.status_code == 400
    assert field in response.json()
    assert receipts == []


@pytest.mark.django_db
def test_a_receiver_that_fails_gets_the_receipt_again_not_a_500(receipts, caplog):
    def broken(**kwargs):
        raise RuntimeError(RECIPIENT)

    notifications.delivery_status.connect(broken, dispatch_uid="test-broken")
    try:
        response = _post(RECEIPT)
    finally:
        notifications.delivery_status.disconnect(dispatch_uid="test-broken")

    assert response.status_code == 503
    assert RECIPIENT not in caplog.text


@pytest.mark.django_db
def test_receipts_are_off_without_a_token(settings, receipts):
    settings.NOTIFY_CALLBACK_TOKEN = ""

    assert _post(RECEIPT, token="").status_code == 404
    assert Client().get(reverse("notify-delivery-receipt")).status_code == 405
    assert receipts == []
