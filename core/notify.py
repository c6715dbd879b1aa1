"""GOV.UK Notify: an email backend, and the endpoint for its delivery receipts.

Sending: EMAIL_BACKEND=core.notify.NotifyEmailBackend sends every EmailMessage through
one Notify email template whose subject is ((subject)) and whose body is ((body)) (and,
for an email with a PDF attached, a line with ((link_to_file)): Notify emails a link to
the file, not the file). Each message gets the notification id Notify answered with as
`message.provider_reference` (the contract in core.notifications); a message to several
recipients is one notification each, all their ids in `message.provider_references`
(recipient -> id) and the first one as `provider_reference`.

A failure raises NotifyError, an OSError like smtplib's errors, so every caller that
already handles a failed SMTP send (and every retrying job) handles Notify's the same way;
its message is in words a caseworker can act on, and holds no email address. Its
`permanent` says whether sending the same email again can ever work (see NotifyError).

Receipts: Notify POSTs each notification's final status to `delivery_receipt` with the
bearer token NOTIFY_CALLBACK_TOKEN; the view sends core.notifications.delivery_status.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import uuid
from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from notifications_python_client import prepare_upload
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from . import notifications

logger = logging.getLogger(__name__)

BACKEND = "core.notify.NotifyEmailBackend"
#: Notify's own address; tests point NOTIFY_BASE_URL at a server on loopback.
DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
#: Notify sends a file of at most 2 MB by link (its documented limit).
MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024


class NotifyError(OSError):
    """GOV.UK Notify did not accept an email (an OSError, like a failed SMTP send).

    `permanent`: the same email would be refused the same way every time, so a caller
    should not try it again: Notify's 400 (BadRequestError, ValidationError: a malformed
    address, a recipient a team or trial-mode key may not send to, a file Notify will not
    take) and a file we cannot send through Notify at all. Not permanent: 403 (AuthError:
    this site's API key, or its clock more than 30 seconds out), 429 (the rate or daily
    limit), 5xx and no answer; they are about the service, not the email, and go away
    when someone fixes the key or the clock, or by waiting, so the email is tried again.

    `reason` completes "The email could not be sent: ..." on the case file.
    """

    def __init__(self, message: str, *, permanent: bool = False, reason: str = "") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.reason = reason or message


def api_key_problem(api_key: str) -> str | None:
    """Why `api_key` is not a Notify API key ("<key name>-<service id>-<secret>", the two
    last parts UUIDs), or None when it is one."""
    if not api_key:
        return "NOTIFY_API_KEY is not set."
    if len(api_key) < 74 or api_key[-37] != "-" or api_key[-74] != "-":
        return "NOTIFY_API_KEY is not a GOV.UK Notify API key (name-service id-secret)."
    for part in (api_key[-73:-37], api_key[-36:]):
        try:
            uuid.UUID(part)
        except ValueError:
            return "NOTIFY_API_KEY is not a GOV.UK Notify API key (name-service id-secret)."
    return None


def _refusal(error: APIError) -> NotifyError:
    """NotifyError for Notify's answer `error`, in a caseworker's words (no email address)."""
    status = error.status_code
    details = error.message
    if isinstance(details, list):
        words = "; ".join(
            str(item.get("message", "")) for item in details if isinstance(item, dict)
        )
    else:
        words = str(details or "")
    if status == 403:
        return NotifyError(
            "GOV.UK Notify refused this site's API key, so the email was not sent. "
            "Ask an administrator to check NOTIFY_API_KEY.",
            reason="GOV.UK Notify refused this site's API key (an administrator should "
            "check NOTIFY_API_KEY and the server's clock).",
        )
    if status == 400:
        return NotifyError(
            f"GOV.UK Notify refused the email, so it was not sent: {words}".rstrip(": "),
            permanent=True,
            reason=f"GOV.UK Notify refused it: {words}".rstrip(": ").rstrip(".") + ".",
        )
    if status == 429:
        return NotifyError(
            "GOV.UK Notify is sending too many emails for us just now. Try again in a minute.",
            reason="GOV.UK Notify is sending too many emails for us just now.",
        )
    return NotifyError(
        "GOV.UK Notify could not be reached, so the email was not sent. Try again later.",
        reason="GOV.UK Notify could not be reached.",
    )


def _attachment(message: EmailMessage) -> dict[str, Any] | None:
    """The PDF attached to `message` as Notify's link_to_file field, or None."""
    attachments = list(message.attachments)
    if not attachments:
        return None
    if len(attachments) > 1:
        raise NotifyError(
            "GOV.UK Notify sends at most one file with an email; this one has more.",
            permanent=True,
        )
    attachment = attachments[0]
    if isinstance(attachment, MIMEBase):
        filename = attachment.get_filename() or "document.pdf"
        payload = attachment.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        mimetype = attachment.get_content_type()
    else:
        filename, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode()
    if mimetype != "application/pdf" and not str(filename).lower().endswith(".pdf"):
        raise NotifyError(
            "GOV.UK Notify sends only a PDF with an email; this file is not a PDF.",
            permanent=True,
        )
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise NotifyError(
            "GOV.UK Notify sends files of up to 2 MB; this PDF is larger.", permanent=True
        )
    return prepare_upload(
        io.BytesIO(content),
        filename=filename,
        confirm_email_before_download=True,
        retention_period=settings.NOTIFY_FILE_RETENTION,
    )


class NotifyEmailBackend(BaseEmailBackend):
    """Django email backend sending through GOV.UK Notify's API (see the module notes)."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client: NotificationsAPIClient | None = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        problem = api_key_problem(settings.NOTIFY_API_KEY)
        if problem:
            raise NotifyError(f"The email was not sent: {problem}")
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            timeout=settings.NOTIFY_TIMEOUT,
        )
        return True

    def close(self) -> None:
        if self.client is not None:
            self.client.request_session.close()
            self.client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    self._send(message)
                except NotifyError:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        finally:
            if opened:
                self.close()
        return sent

    def _send(self, message: EmailMessage) -> None:
        assert self.client is not None
        personalisation: dict[str, Any] = {"subject": message.subject, "body": message.body}
        link = _attachment(message)
        if link is not None:
            personalisation["link_to_file"] = link
        references: dict[str, str] = {}
        for recipient in message.recipients():
            try:
                answer = self.client.send_email_notification(
                    email_address=recipient,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation=personalisation,
                    email_reply_to_id=settings.NOTIFY_REPLY_TO_ID or None,
                )
            except APIError as error:
                logger.warning("GOV.UK Notify refused an email: HTTP %s", error.status_code)
                raise _refusal(error) from error
            notification_id = answer.get("id") if isinstance(answer, dict) else None
            if not notification_id:
                raise NotifyError(
                    "GOV.UK Notify's answer had no notification id, so we cannot tell "
                    "whether the email was sent. Try again later."
                )
            references[recipient] = str(notification_id)
        message.provider_references = references  # type: ignore[attr-defined]
        message.provider_reference = next(iter(references.values()), None)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------
# Delivery receipts
# ---------------------------------------------------------------------------------------

#: Notify's email statuses in a callback, and what each means to a caseworker.
STATUS_DETAIL = {
    "delivered": "Delivered: the recipient's email provider accepted it.",
    "permanent-failure": (
        "Not delivered: the recipient's email provider says the address does not exist or "
        "refused it for good. Check the address before sending again."
    ),
    "temporary-failure": (
        "Not delivered: the recipient's inbox was full or their email provider was "
        "unavailable, and GOV.UK Notify stopped trying. Send it again later."
    ),
    "technical-failure": (
        "Not sent: GOV.UK Notify had a technical problem with this email. Send it again."
    ),
}


def _receipt_errors(body: Any) -> dict[str, list[str]]:
    if not isinstance(body, dict):
        return {"non_field_errors": ["The receipt must be a JSON object."]}
    errors: dict[str, list[str]] = {}
    try:
        uuid.UUID(str(body.get("id", "")))
    except ValueError:
        errors["id"] = ["The notification id must be a UUID."]
    if body.get("status") not in STATUS_DETAIL:
        errors["status"] = ["The status must be one of: " + ", ".join(STATUS_DETAIL) + "."]
    return errors


def _authorised(request: HttpRequest) -> int | None:
    """None when the request carries NOTIFY_CALLBACK_TOKEN, else the HTTP status."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return 401
    if not hmac.compare_digest(token.strip().encode(), settings.NOTIFY_CALLBACK_TOKEN.encode()):
        return 403
    return None


@csrf_exempt
@require_POST
def delivery_receipt(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's callback with one email's delivery status."""
    if not settings.NOTIFY_CALLBACK_TOKEN:
        return JsonResponse({"detail": "Delivery receipts are not switched on."}, status=404)
    refused = _authorised(request)
    if refused == 401:
        response = JsonResponse({"detail": "A bearer token is needed."}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if refused:
        return JsonResponse({"detail": "The bearer token is wrong."}, status=403)
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"non_field_errors": ["The receipt is not valid JSON."]}, status=400)
    errors = _receipt_errors(body)
    if errors:
        return JsonResponse(errors, status=400)
    reference, status = str(body["id"]), body["status"]
    logger.info("GOV.UK Notify receipt for notification %s: %s", reference, status)
    try:
        notifications.delivery_status.send(
            sender=NotifyEmailBackend,
            reference=reference,
            status=status,
            detail=STATUS_DETAIL[status],
        )
    except Exception as error:  # answered 503, so Notify sends it again
        # Only the error's type: its message may hold whatever the receiver was handling.
        # (Not send_robust: Django logs the receiver's exception message.)
        logger.error(
            "Recording the receipt for notification %s failed: %s",
            reference,
            type(error).__name__,
        )
        return JsonResponse({"detail": "The receipt could not be recorded; try again."}, status=503)
    return JsonResponse({"recorded": True})
