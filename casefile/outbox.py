"""The after-commit outbox: every email out of the case file (letters to requesters,
data requests, chasers and escalations to business areas).

A service records an `OutboundEmail` in the transaction that decides to send it and
calls `send_after_commit`; the worker sends it once that commits
(casefile.tasks.deliver_email, retrying with a growing wait) and the beat job
"resend-requester-emails" (`resend_waiting`) catches whatever a lost worker or broker
left. A mail outage therefore never blocks a caseworker and loses nothing: the email
waits, and the request page and the timeline say what became of it (queued, sent,
failed; delivered or bounced from GOV.UK Notify's receipts)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import notifications
from core.notify import NotifyError
from requests_tracker.models import InformationRequest
from requests_tracker.vocabularies import EventType

from .models import DataRequest, EmailStatus, OutboundEmail, RecipientKind
from .services import TIMELINE

logger = logging.getLogger(__name__)


def record_area_email(
    *,
    data_request: DataRequest,
    template: str,
    recipients: list[str],
    context: dict[str, Any],
    actor: User | None,
) -> OutboundEmail:
    """Record an email to a business area (rendered now from
    casefile/templates/casefile/emails/<template>) and send it once the caller's
    transaction commits. Call inside that transaction."""
    subject, body = notifications.render(f"casefile/emails/{template}", context)
    email = OutboundEmail.objects.create(
        request=data_request.request,
        recipient_kind=RecipientKind.BUSINESS_AREA,
        data_request=data_request,
        template=template,
        to=recipients[0],
        copy_to=list(recipients[1:]),
        subject=subject[:200],
        body=body,
        created_by=actor,
    )
    send_after_commit(email.pk)
    return email


def send_after_commit(email_id: int) -> None:
    transaction.on_commit(lambda: _queue(email_id))


def _queue(email_id: int) -> None:
    """Hand the email to the worker. A broker that cannot be reached leaves it queued for
    the resend job, never an error for the person who wrote the letter."""
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception as error:  # the broker is down: resend_waiting picks it up
        logger.warning("email %s left for the resend job: %s", email_id, type(error).__name__)


def _message(email: OutboundEmail) -> EmailMessage:
    if email.recipient_kind == RecipientKind.BUSINESS_AREA:
        return EmailMessage(
            email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.recipients
        )
    from .services import read_document

    document = email.document
    assert document is not None  # the model's constraint
    text = email.body + "\n\nThe same letter is attached as a PDF.\n"
    message = EmailMessage(email.subject, text, settings.DEFAULT_FROM_EMAIL, email.recipients)
    message.attach(document.filename, read_document(document), "application/pdf")
    return message


def _to_words(email: OutboundEmail) -> str:
    return ", ".join(email.recipients)


def _after(email: OutboundEmail, **extra: Any) -> dict[str, Any]:
    after: dict[str, Any] = {"email": email.pk, "document": email.document_id}
    if email.data_request_id is not None:
        after["data_request"] = email.data_request_id
    return {**after, **extra}


def deliver(email_id: int) -> str:
    """Try to send one queued email; returns its status afterwards. Sent at most once:
    the row is locked while sending and only a queued email is sent."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(of=("self",))
            .select_related("request", "document")
            .filter(pk=email_id)
            .first()
        )
        if email is None or email.status != EmailStatus.QUEUED:
            return email.status if email is not None else "missing"
        email.attempts += 1
        message = _message(email)
        try:
            get_connection().send_messages([message])
        except Exception as error:
            permanent = _is_permanent(error)
            email.detail = _failure_words(error, email)
            logger.warning(
                "email %s attempt %s failed: %s", email.pk, email.attempts, type(error).__name__
            )
            if permanent or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
                TIMELINE.event(
                    email.request,
                    EventType.EMAIL_FAILED,
                    None,
                    f"The email of {email.what} to {_to_words(email)} could not be sent after "
                    f"{email.attempts} attempt{'s' if email.attempts != 1 else ''}: "
                    f"{email.detail}",
                    after=_after(email),
                )
            email.save(update_fields=["attempts", "detail", "status", "updated_at"])
            return email.status
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.detail = ""
        email.provider_reference = str(getattr(message, "provider_reference", "") or "")[:200]
        email.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "detail",
                "provider_reference",
                "updated_at",
            ]
        )
        TIMELINE.event(
            email.request,
            EventType.EMAIL_SENT,
            None,
            f"Emailed {email.what} to {_to_words(email)}.",
            after=_after(email),
        )
        return email.status


def _is_permanent(error: Exception) -> bool:
    """Whether sending the same email again can never work: an SMTP 5xx or a refused
    recipient, or GOV.UK Notify's 400 (core.notify.NotifyError says which)."""
    import smtplib

    if isinstance(error, NotifyError):
        return error.permanent
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _failure_words(error: Exception, email: OutboundEmail) -> str:
    import smtplib

    if isinstance(error, NotifyError):
        # Notify's own words (never the address): at most what OutboundEmail.detail holds.
        return error.reason if len(error.reason) <= 500 else error.reason[:499] + "…"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        whose = "requester's" if email.recipient_kind == RecipientKind.REQUESTER else "area's"
        return f"the email server refused the {whose} address."
    if isinstance(error, smtplib.SMTPException):
        return "the email server refused the message."
    if isinstance(error, OSError):
        return "the email server could not be reached."
    return "the email service reported an error."


def resend_waiting() -> int:
    """The beat job: try every email still waiting. Returns how many were sent."""
    sent = 0
    for pk in list(
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED).values_list("pk", flat=True)
    ):
        if deliver(pk) == EmailStatus.SENT:
            sent += 1
    return sent


#: The provider's statuses (core.notifications.delivery_status) as ours.
_RECEIPTS = {
    "delivered": EmailStatus.DELIVERED,
    "permanent-failure": EmailStatus.BOUNCED,
    "temporary-failure": EmailStatus.BOUNCED,
    "technical-failure": EmailStatus.FAILED,
}


def record_delivery_status(
    sender: Any, reference: str = "", status: str = "", detail: str = "", **kw: Any
) -> None:
    """Receiver of core.notifications.delivery_status: the email with that provider
    reference is marked delivered, bounced or failed, on its request's timeline."""
    new_status = _RECEIPTS.get(status)
    if not reference or new_status is None:
        logger.warning("delivery receipt ignored: status %r", status)
        return
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(of=("self",))
            .select_related("request", "document")
            .filter(provider_reference=reference)
            .first()
        )
        if email is None or email.status == new_status:
            return
        email.status = new_status
        email.detail = (detail or "")[:500]
        email.save(update_fields=["status", "detail", "updated_at"])
        event = {
            EmailStatus.DELIVERED: EventType.EMAIL_DELIVERED,
            EmailStatus.BOUNCED: EventType.EMAIL_BOUNCED,
            EmailStatus.FAILED: EventType.EMAIL_FAILED,
        }[new_status]
        to = _to_words(email)
        words = {
            EmailStatus.DELIVERED: f"The email of {email.what} to {to} was delivered.",
            EmailStatus.BOUNCED: f"The email of {email.what} to {to} bounced",
            EmailStatus.FAILED: f"The email of {email.what} to {to} could not be delivered",
        }[new_status]
        if new_status != EmailStatus.DELIVERED:
            words += f": {email.detail}" if email.detail else "."
        request: InformationRequest = TIMELINE.lock(email.request_id, None)
        TIMELINE.event(request, event, None, words, after=_after(email, status=status))
