"""Writes for letters and email to requesters (docs in casefile/letters.py).

`issue_letter` renders a letter, saves its PDF on the request as a `correspondence`
document, optionally stops the clock (through the kernel's stop_clock action) and
records an email, all in one transaction; the email is sent after that commits
(casefile.tasks.deliver_email), so an SMTP outage loses nothing: the email waits,
`resend_waiting` tries it again, and the request page says so meanwhile."""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.dates import long_date
from core.errors import ConflictError, TransitionError
from core.kernel import invalid
from core.notify import NotifyError
from requests_tracker.selectors import uk_today
from requests_tracker.vocabularies import EventType, RequestKind

from . import letters
from .letter_pdf import letter_pdf
from .models import (
    RELEASED_KINDS,
    Document,
    DocumentKind,
    EmailStatus,
    LetterTemplate,
    LetterTemplateVersion,
    OutboundEmail,
)
from .services import TIMELINE
from .storage import document_storage

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------


def ensure_templates() -> None:
    """First-use loading: every template in letters.TEMPLATES exists, with the shipped
    wording as version 1 if it has no version yet. Idempotent and safe to run twice at
    once (the unique constraints decide)."""
    loaded = set(
        LetterTemplateVersion.objects.filter(number=1).values_list("template__key", flat=True)
    )
    if loaded >= set(letters.TEMPLATES):
        return
    for key, kind in letters.TEMPLATES.items():
        template, _ = LetterTemplate.objects.get_or_create(key=key, defaults={"name": kind.name})
        if template.versions.exists():
            continue
        subject, body = letters.shipped(key)
        try:
            with transaction.atomic():
                LetterTemplateVersion.objects.create(
                    template=template,
                    number=1,
                    subject=subject,
                    body=body,
                    change_note="The wording shipped with Rights Desk.",
                )
        except IntegrityError:
            pass  # loaded at the same moment by another request


def current_version(key: str) -> LetterTemplateVersion:
    if key not in letters.TEMPLATES:
        raise invalid("template", "Choose one of the letters listed.")
    ensure_templates()
    return (
        LetterTemplateVersion.objects.select_related("template")
        .filter(template__key=key)
        .order_by("-number")
        .get(number=_latest_number(key))
    )


def _latest_number(key: str) -> int:
    from django.db.models import Max

    latest = LetterTemplateVersion.objects.filter(template__key=key).aggregate(Max("number"))
    return int(latest["number__max"])


def sample_fields() -> dict[str, Any]:
    """Merge fields with every name present, for checking a template that is being saved."""
    values: dict[str, Any] = {field.name: "x" for field in letters.MERGE_FIELDS}
    values["exemptions"] = [letters.exemption_words("s31"), letters.exemption_words("s40")]
    for flag in (
        "is_foi",
        "is_eir",
        "is_right_of_access",
        "extended",
        "has_qualified_exemption",
        "is_neither_confirm_nor_deny",
        "restricted",
    ):
        values[flag] = True
    return values


def check_wording(subject: str, body: str) -> None:
    """Field errors for wording that cannot be saved."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise invalid("subject", "Enter the email subject.")
    if len(subject) > 200:
        raise invalid("subject", "The subject must be 200 characters or fewer.")
    if not body:
        raise invalid("body", "Enter the words of the letter.")
    for field, text in (("subject", subject), ("body", body)):
        try:
            letters.check(text, sample_fields())
        except letters.TemplateProblem as problem:
            raise invalid(field, str(problem)) from None


@transaction.atomic
def save_template(
    *, key: str, actor: User, subject: str, body: str, change_note: str, based_on: int | None
) -> LetterTemplateVersion:
    """A new version of template `key`. `based_on` is the version number the editor
    started from: if someone saved another since, nothing is saved (409)."""
    current = current_version(key)
    template = LetterTemplate.objects.select_for_update().get(pk=current.template_id)
    latest = template.current
    if based_on is not None and based_on != latest.number:
        raise ConflictError(
            f"Someone saved version {latest.number} of the {template.name.lower()} while you "
            f"were editing version {based_on}. Reload the page to see it, then make your "
            "change again."
        )
    change_note = (change_note or "").strip()
    if not change_note:
        raise invalid("change_note", "Say what you changed and why.")
    check_wording(subject, body)
    if subject.strip() == latest.subject and body.strip() + "\n" == latest.body:
        raise invalid("body", "The wording is the same as the current version.")
    return LetterTemplateVersion.objects.create(
        template=template,
        number=latest.number + 1,
        subject=subject.strip(),
        body=body.strip() + "\n",
        change_note=change_note[:500],
        created_by=actor,
    )


# ---------------------------------------------------------------------------------------
# Letters
# ---------------------------------------------------------------------------------------


def fields_for(request, *, actor: User | None, details: str = "", follow_link: str = ""):
    return letters.merge_fields(
        request,
        organisation=settings.ORGANISATION_NAME,
        today=uk_today(),
        signed_by=actor.display_name if actor is not None else settings.ORGANISATION_NAME,
        details=(details or "").strip(),
        follow_link=follow_link,
    )


def render_letter(
    request,
    *,
    template: str,
    actor: User | None,
    details: str = "",
    follow_link: str = "",
    subject: str | None = None,
    body: str | None = None,
) -> tuple[str, str]:
    """(subject, text) of the letter `template` on `request`; `subject`/`body` preview
    wording that is being edited instead of the current version."""
    if subject is None or body is None:
        version = current_version(template)
        subject, body = version.subject, version.body
    fields = fields_for(request, actor=actor, details=details, follow_link=follow_link)
    try:
        return " ".join(letters.render(subject, fields).split()), letters.render(body, fields)
    except letters.TemplateProblem as problem:
        raise invalid("body", str(problem)) from None


def unconfirmed_findings(request) -> list[Document]:
    """Current response documents whose release-check findings nobody has confirmed."""
    return [
        document
        for document in Document.objects.filter(request=request, kind__in=RELEASED_KINDS)
        if document.is_current and document.has_findings and document.release_confirmed_at is None
    ]


def letter_problems(request, *, template: str, send: bool, stop_clock: bool, details: str):
    """The reason (field, words) a letter cannot be written now, or None."""
    kind = letters.TEMPLATES.get(template)
    if kind is None:
        return "template", "Choose one of the letters listed."
    if send and not (request.requester and request.requester.email):
        return "send", (
            "The requester has no email address on record, so the letter cannot be "
            "emailed. Untick 'send', print it, or add their email address first."
        )
    if stop_clock and kind.stops_clock_for is None:
        return "stop_clock", f"A {kind.name.lower()} does not stop the clock."
    if kind.needs_details and not (details or "").strip():
        return "details", kind.details_hint
    if template == "refusal_notice":
        if request.kind not in (RequestKind.FOI, RequestKind.EIR):
            return "template", (
                "A refusal notice is for FOI and EIR requests. For right of access, the "
                "response covering letter states any restriction."
            )
        if not request.exemptions:
            return "template", (
                "Record the exemptions relied on (close the request with them) before "
                "writing a refusal notice: the notice is built from them."
            )
    if template == "extension_notice" and not request.extended:
        return "template", "No extension is recorded on this request: extend the deadline first."
    if template == "response_cover":
        waiting = unconfirmed_findings(request)
        if waiting:
            names = ", ".join(document.filename for document in waiting)
            return "template", (
                f"The release check found things in {names} that nobody has confirmed. "
                "Confirm the findings with a reason before sending the covering letter."
            )
    return None


def _filename(reference: str, template: str, today: date) -> str:
    return f"{reference}-{template.replace('_', '-')}-{today.isoformat()}.pdf"


def issue_letter(
    *,
    request_id: int,
    template: str,
    send: bool,
    actor: User,
    stop_clock: bool = False,
    extra: dict[str, Any] | None = None,
) -> Document:
    """Write letter `template` on request `request_id`: the PDF is saved as a
    `correspondence` document; with `send` it is emailed to the requester after the
    transaction commits; with `stop_clock` (identity, clarification and fee letters) the
    clock is stopped from today in the same transaction. `extra` may hold `details`
    (the caseworker's words) and `follow_link` (the acknowledgement's private link).
    Raises ValidationError with the field for anything that stops the letter.
    The public side calls this with template="acknowledgement" on accepting a request."""
    if actor is None:
        raise invalid(None, "A letter must be written by a signed-in user.")
    extra = extra or {}
    details = str(extra.get("details", "") or "")
    follow_link = str(extra.get("follow_link", "") or "")
    if template not in letters.TEMPLATES:
        raise invalid("template", "Choose one of the letters listed.")
    kind = letters.TEMPLATES[template]
    today = uk_today()
    storage = document_storage()
    stored_name = ""
    try:
        with transaction.atomic():
            request = TIMELINE.lock(request_id, None)
            problem = letter_problems(
                request, template=template, send=send, stop_clock=stop_clock, details=details
            )
            if problem is not None:
                raise invalid(*problem)
            if stop_clock:
                from requests_tracker.services import clock

                try:
                    clock.stop_clock(
                        request_id=request.pk,
                        actor=actor,
                        reason=kind.stops_clock_for or "",
                        started_on=today,
                    )
                except TransitionError as error:
                    raise invalid("stop_clock", str(error)) from None
                except ValidationError as error:
                    raise invalid("stop_clock", " ".join(error.messages)) from None
                request = TIMELINE.lock(request_id, None)
            version = current_version(template)
            subject, text = render_letter(
                request,
                template=template,
                actor=actor,
                details=details,
                follow_link=follow_link,
                subject=version.subject,
                body=version.body,
            )
            data = letter_pdf(
                organisation=settings.ORGANISATION_NAME,
                title=subject,
                body=text,
                date_words=long_date(today),
            )
            stored_name = storage.save(
                f"requests/{request.pk}/{uuid.uuid4().hex}", _content_file(data)
            )
            document = Document.objects.create(
                request=request,
                kind=DocumentKind.CORRESPONDENCE,
                description=f"{kind.name} (template version {version.number})",
                filename=_filename(request.reference, template, today),
                stored_name=stored_name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                content_type="application/pdf",
                file_type="pdf",
                uploaded_by=actor,
            )
            email = None
            if send and request.requester is not None:
                email = OutboundEmail.objects.create(
                    request=request,
                    document=document,
                    template=template,
                    to=request.requester.email,
                    subject=subject,
                    body=text,
                    created_by=actor,
                )
            words = f"Wrote the {kind.name.lower()} (template version {version.number})"
            if email is not None:
                words += f"; it will be emailed to {email.to}"
            TIMELINE.event(
                request,
                EventType.LETTER_ISSUED,
                actor,
                words + ".",
                after={
                    "document": document.pk,
                    "template": template,
                    "template_version": version.number,
                    "sha256": document.sha256,
                    "email": email.pk if email is not None else None,
                },
            )
            if email is not None:
                email_id = email.pk
                transaction.on_commit(lambda: _queue(email_id))
    except BaseException:
        if stored_name:
            storage.delete(stored_name)
        raise
    return document


def _content_file(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def _queue(email_id: int) -> None:
    """Hand the email to the worker. A broker that cannot be reached leaves it queued for
    the resend job, never an error for the person who wrote the letter."""
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception as error:  # the broker is down: resend_waiting picks it up
        logger.warning("email %s left for the resend job: %s", email_id, type(error).__name__)


# ---------------------------------------------------------------------------------------
# Sending and delivery
# ---------------------------------------------------------------------------------------


def _message(email: OutboundEmail) -> EmailMessage:
    from .services import read_document

    document = email.document
    text = email.body + "\n\nThe same letter is attached as a PDF.\n"
    message = EmailMessage(email.subject, text, settings.DEFAULT_FROM_EMAIL, [email.to])
    message.attach(document.filename, read_document(document), "application/pdf")
    return message


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
            email.detail = _failure_words(error)
            logger.warning(
                "email %s attempt %s failed: %s", email.pk, email.attempts, type(error).__name__
            )
            if permanent or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
                TIMELINE.event(
                    email.request,
                    EventType.EMAIL_FAILED,
                    None,
                    f"The email to {email.to} could not be sent after {email.attempts} "
                    f"attempt{'s' if email.attempts != 1 else ''}: {email.detail}",
                    after={"email": email.pk, "document": email.document_id},
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
            f"Emailed {email.document.filename} to {email.to}.",
            after={"email": email.pk, "document": email.document_id},
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


def _failure_words(error: Exception) -> str:
    import smtplib

    if isinstance(error, NotifyError):
        # Notify's own words (never the address): at most what OutboundEmail.detail holds.
        return error.reason if len(error.reason) <= 500 else error.reason[:499] + "…"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the email server refused the requester's address."
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


def record_delivery_status(sender, reference: str = "", status: str = "", detail: str = "", **kw):
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
        words = {
            EmailStatus.DELIVERED: f"The email to {email.to} was delivered.",
            EmailStatus.BOUNCED: f"The email to {email.to} bounced",
            EmailStatus.FAILED: f"The email to {email.to} could not be delivered",
        }[new_status]
        if new_status != EmailStatus.DELIVERED:
            words += f": {email.detail}" if email.detail else "."
        TIMELINE.lock(email.request_id, None)
        TIMELINE.event(
            email.request,
            event,
            None,
            words,
            after={"email": email.pk, "document": email.document_id, "status": status},
        )
