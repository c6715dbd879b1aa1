"""Letters emailed to requesters through GOV.UK Notify (a real HTTP server on loopback
speaking Notify's API): a 400 is permanent, so the email fails at once with Notify's
reason on the case file; a 403, 429 or 5xx leaves it waiting to be tried again."""

import html

import pytest
from django.urls import reverse

from casefile import letter_services, outbox
from casefile.models import OutboundEmail
from tests.notify_server import NotifyServer

pytestmark = pytest.mark.django_db


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"errors": [{"error": error, "message": message}], "status_code": status}


@pytest.fixture
def notify(settings, on_day):
    on_day("2026-11-10")
    settings.EMAIL_MAX_ATTEMPTS = 5
    server = NotifyServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


def _send_acknowledgement(information_request, caseworker, capture) -> OutboundEmail:
    with capture(execute=True):
        letter_services.issue_letter(
            request_id=information_request.pk,
            template="acknowledgement",
            send=True,
            actor=caseworker,
        )
    return OutboundEmail.objects.get()


def _page(client, caseworker, information_request) -> str:
    client.force_login(caseworker)
    url = reverse("requests:detail", args=[information_request.pk])
    return html.unescape(client.get(url).content.decode())


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            _error(400, "ValidationError", "email_address Not a valid email address"),
            "GOV.UK Notify refused it: email_address Not a valid email address.",
        ),
        (
            _error(
                400, "BadRequestError", "Can't send to this recipient using a team-only API key"
            ),
            "GOV.UK Notify refused it: Can't send to this recipient using a team-only API key.",
        ),
    ],
)
def test_notifys_400_fails_the_email_at_once_with_notifys_reason(
    notify,
    information_request,
    caseworker,
    client,
    django_capture_on_commit_callbacks,
    eager_celery,
    answer,
    reason,
):
    notify.fail_with = answer

    email = _send_acknowledgement(
        information_request, caseworker, django_capture_on_commit_callbacks
    )

    assert (email.status, email.attempts) == ("failed", 1)
    assert email.detail == reason
    assert "ada@example.org" not in email.detail
    [failed] = information_request.events.filter(type="email_failed")
    assert failed.description.endswith(f"could not be sent after 1 attempt: {reason}")
    # Never tried again: the resend job leaves it alone and Notify hears nothing more.
    assert outbox.resend_waiting() == 0
    assert len(notify.tokens) == 1
    page = _page(client, caseworker, information_request)
    assert f"could not be sent: {reason} Write the letter again to resend it" in page


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (
            _error(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            ),
            "GOV.UK Notify refused this site's API key (an administrator should check "
            "NOTIFY_API_KEY and the server's clock).",
        ),
        (
            _error(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests"),
            "GOV.UK Notify is sending too many emails for us just now.",
        ),
        (_error(500, "Exception", "Internal server error"), "GOV.UK Notify could not be reached."),
    ],
)
def test_notifys_403_429_and_5xx_leave_the_email_waiting_until_notify_takes_it(
    notify,
    information_request,
    caseworker,
    client,
    django_capture_on_commit_callbacks,
    eager_celery,
    answer,
    reason,
):
    notify.fail_with = answer

    email = _send_acknowledgement(
        information_request, caseworker, django_capture_on_commit_callbacks
    )

    assert (email.status, email.attempts) == ("queued", 1)
    assert email.detail == reason
    assert not information_request.events.filter(type="email_failed").exists()
    page = _page(client, caseworker, information_request)
    assert f"is waiting to be sent: {reason} It will be tried again automatically" in page

    notify.fail_with = None
    assert outbox.resend_waiting() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    [sent] = notify.notifications
    assert email.provider_reference == sent["id"]


def test_a_429_still_fails_after_the_last_attempt(
    notify,
    settings,
    information_request,
    caseworker,
    django_capture_on_commit_callbacks,
    eager_celery,
):
    settings.EMAIL_MAX_ATTEMPTS = 2
    notify.fail_with = _error(429, "TooManyRequestsError", "Exceeded send limits (250) for today")

    email = _send_acknowledgement(
        information_request, caseworker, django_capture_on_commit_callbacks
    )
    assert email.status == "queued"
    outbox.resend_waiting()

    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 2)
    assert information_request.events.filter(type="email_failed").count() == 1
