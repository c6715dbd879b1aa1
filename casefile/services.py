"""Writes for the case file. Each validates, writes, and records its timeline event on
the request in one transaction (the kernel's `Workflow.event`, core/kernel.py)."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.models import User
from core.errors import TransitionError
from core.kernel import Workflow, invalid
from core.release_check import Limits, check
from requests_tracker.models import InformationRequest, RequestEvent
from requests_tracker.retention import DISPOSED_SUMMARY
from requests_tracker.selectors import statutory_rules, uk_today
from requests_tracker.vocabularies import EventType

from . import content, scanning
from .models import (
    RELEASED_KINDS,
    ChaseKind,
    DataRequest,
    DataRequestChase,
    DataRequestStatus,
    Document,
    DocumentKind,
    OutboundEmail,
    RecipientKind,
)
from .selectors import area_label
from .storage import document_storage

logger = logging.getLogger(__name__)

#: The request's timeline, written through the kernel (no actions of its own here).
TIMELINE: Workflow[InformationRequest] = Workflow(
    model=InformationRequest,
    noun="request",
    event_model=RequestEvent,
    event_field="request",
    actions=[],
    reference=lambda record: record.reference,
)
#: The release check on a web request: keep it short (core/release_check contract).
UPLOAD_CHECK_LIMITS = Limits(seconds=20)
#: Timeline events of the case file whose description holds text typed by a person or
#: the requester's email address: disposal blanks them.
FREE_TEXT_EVENTS = (
    EventType.RELEASE_CONFIRMED,
    EventType.LETTER_ISSUED,
    EventType.EMAIL_SENT,
    EventType.EMAIL_FAILED,
    EventType.EMAIL_DELIVERED,
    EventType.EMAIL_BOUNCED,
)


def is_path(name: str) -> bool:
    """A file name that names a place (a/b, a\\b, ..) rather than only a file."""
    return any(part in name for part in ("/", "\\", "..", content.PATH_MARK))


# ---------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------


def _read_upload(file) -> bytes:
    limit = settings.DOCUMENT_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise invalid("file", f"The file must be smaller than {filesizeformat(limit)}.")
    data = file.read(limit + 1)
    if len(data) > limit:
        raise invalid("file", f"The file must be smaller than {filesizeformat(limit)}.")
    return data


def upload_document(
    *,
    request_id: int,
    actor: User,
    file,
    kind: str,
    description: str = "",
    replaces: int | None = None,
) -> Document:
    """Add one file to the request's case file (docs in the module of casefile.models)."""
    filename = (getattr(file, "name", "") or "").strip()
    if not filename:
        raise invalid("file", "Choose a file.")
    if is_path(filename):
        raise invalid("file", "The file name must be a name only, not a path.")
    if len(filename) > 255:
        raise invalid("file", "The file name must be 255 characters or fewer.")
    if kind not in DocumentKind.values:
        raise invalid("kind", "Choose what kind of document this is.")
    data = _read_upload(file)
    detected = content.detect(data)
    if not detected.allowed:
        raise invalid("file", detected.reason)
    try:
        verdict = scanning.scan(data)
    except scanning.ScanUnavailable as error:
        logger.warning("virus scan unavailable: %s", error)
        raise invalid(
            "file",
            "The file could not be scanned for viruses, so it was not added. Try again later.",
        ) from None
    if verdict is not None and not verdict.clean:
        raise invalid(
            "file", f"The virus scan found {verdict.signature} in the file, so it was not added."
        )
    release_check = (
        check(data, filename, UPLOAD_CHECK_LIMITS).as_dict() if kind in RELEASED_KINDS else {}
    )
    storage = document_storage()
    stored_name = storage.save(f"requests/{request_id}/{uuid.uuid4().hex}", _content_file(data))
    try:
        with transaction.atomic():
            request = TIMELINE.lock(request_id, None)
            earlier = None
            if replaces is not None:
                earlier = (
                    Document.objects.select_for_update()
                    .filter(pk=replaces, request=request)
                    .first()
                )
                if earlier is None:
                    raise invalid("replaces", "That document is not on this request.")
                if earlier.kind != kind:
                    raise invalid("replaces", "A new version must be of the same kind.")
                if not earlier.is_current:
                    raise invalid("replaces", "That document has already been replaced.")
            document = Document.objects.create(
                request=request,
                kind=kind,
                description=description.strip(),
                filename=filename,
                stored_name=stored_name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                content_type=detected.content_type,
                file_type=detected.file_type,
                uploaded_by=actor,
                release_check=release_check,
                replaces=earlier,
            )
            TIMELINE.event(
                request,
                EventType.DOCUMENT_UPLOADED,
                actor,
                _upload_words(document),
                after={"document": document.pk, "kind": kind, "sha256": document.sha256},
            )
    except BaseException:
        storage.delete(stored_name)
        raise
    return document


def _content_file(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def _upload_words(document: Document) -> str:
    kind = document.get_kind_display().lower()
    words = f"Added {kind} ({filesizeformat(document.size)})"
    if document.replaces_id:
        words += f", version {document.version_number}, replacing the earlier version"
    status = document.release_check.get("status")
    if status == "findings":
        count = len(document.release_check.get("findings", []))
        words += f". Release check: {count} finding{'s' if count != 1 else ''}"
    elif status == "passed":
        words += ". Release check: passed"
    elif status == "not_applicable":
        words += ". Release check: not applicable to this type of file"
    return words + "."


def read_document(document: Document) -> bytes:
    with document_storage().open(document.stored_name, "rb") as handle:
        return handle.read()


def _lock_document(document_id: int) -> Document:
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("request")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise invalid(None, "That document does not exist.")
    return document


def _check_releasable(document: Document) -> None:
    if document.kind not in RELEASED_KINDS:
        raise TransitionError("Only responses and redacted responses are released.")
    if not document.is_current:
        raise TransitionError("A later version replaces this document: release that one.")
    if document.released_at is not None:
        raise TransitionError("This document has already been marked released.")


@transaction.atomic
def confirm_release(*, document_id: int, actor: User, reason: str) -> Document:
    """A named user confirms a response with release-check findings may still go."""
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "Say why the document can be released despite the findings.")
    document = _lock_document(document_id)
    _check_releasable(document)
    if not document.has_findings:
        raise TransitionError("The release check found nothing in this document to confirm.")
    TIMELINE.lock(document.request_id, None)
    document.release_confirmed_by = actor
    document.release_confirmed_at = timezone.now()
    document.release_confirmation_reason = reason
    document.save(
        update_fields=[
            "release_confirmed_by",
            "release_confirmed_at",
            "release_confirmation_reason",
        ]
    )
    count = len(document.release_check.get("findings", []))
    TIMELINE.event(
        document.request,
        EventType.RELEASE_CONFIRMED,
        actor,
        f"{actor.display_name} confirmed the {document.get_kind_display().lower()} "
        f"(version {document.version_number}) may be released despite {count} release "
        f"check finding{'s' if count != 1 else ''}: {reason}",
        after={"document": document.pk},
    )
    return document


def mark_released(*, document_id: int, actor: User) -> Document:
    """Mark a response released, running the release check again first: findings that
    nobody has confirmed (or that changed since they were confirmed) stop it."""
    with transaction.atomic():
        document = _lock_document(document_id)
        _check_releasable(document)
    data = read_document(document)
    result = check(data, document.filename, UPLOAD_CHECK_LIMITS).as_dict()
    with transaction.atomic():
        document = _lock_document(document_id)
        _check_releasable(document)
        fields = ["release_check"]
        if result != document.release_check:
            # What was confirmed is not what the check finds now: confirm again.
            document.release_confirmed_by = None
            document.release_confirmed_at = None
            document.release_confirmation_reason = ""
            fields += [
                "release_confirmed_by",
                "release_confirmed_at",
                "release_confirmation_reason",
            ]
        document.release_check = result
        blocked = result.get("status") == "findings" and document.release_confirmed_at is None
        if blocked:
            document.save(update_fields=fields)
    if blocked:
        raise TransitionError(
            "The release check found things in this document that nobody has confirmed. "
            "Confirm the findings with a reason before marking it released."
        )
    with transaction.atomic():
        document = _lock_document(document_id)
        _check_releasable(document)
        request = TIMELINE.lock(document.request_id, None)
        document.released_by = actor
        document.released_at = timezone.now()
        document.save(update_fields=["released_by", "released_at"])
        TIMELINE.event(
            request,
            EventType.DOCUMENT_RELEASED,
            actor,
            f"Marked the {document.get_kind_display().lower()} (version "
            f"{document.version_number}) released.",
            after={"document": document.pk, "sha256": document.sha256},
        )
    return document


def dispose_documents(sender, requester_ids, **kwargs) -> None:
    """Receiver of requests_tracker's `personal_data_disposed`: the documents of those
    requesters' requests go (rows now, bytes once the disposal commits), and the text
    typed into their data requests and release confirmations is removed."""
    documents = Document.objects.filter(request__requester_id__in=requester_ids)
    names = list(documents.values_list("stored_name", flat=True))
    # Newest first, so no version is deleted while a later one still points at it.
    Document.objects.filter(pk__in=documents.values("pk")).update(replaces=None)
    documents.delete()
    DataRequest.objects.filter(request__requester_id__in=requester_ids).update(
        details=DISPOSED_SUMMARY
    )
    # Emails to business areas quote the data request's words: they go the same way.
    OutboundEmail.objects.filter(
        request__requester_id__in=requester_ids, recipient_kind=RecipientKind.BUSINESS_AREA
    ).update(body=DISPOSED_SUMMARY)
    RequestEvent.objects.filter(
        request__requester_id__in=requester_ids, type__in=FREE_TEXT_EVENTS
    ).update(description=DISPOSED_SUMMARY)
    if names:
        storage = document_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


# ---------------------------------------------------------------------------------------
# Data requests to business areas
# ---------------------------------------------------------------------------------------


def _send(
    template: str, data_request: DataRequest, recipients: list[str], actor: User | None
) -> int:
    """Record the email in the outbox: it is sent once this transaction commits, so an
    email outage never stops the data request or its chaser being recorded. Returns the
    email's id (for the timeline event)."""
    from . import outbox

    context = {
        "data_request": data_request,
        "request": data_request.request,
        "area": area_label(data_request.area),
        "chases": data_request.chase_count,
    }
    email = outbox.record_area_email(
        data_request=data_request,
        template=template,
        recipients=recipients,
        context=context,
        actor=actor,
    )
    return email.pk


@transaction.atomic
def commission_data_request(
    *,
    request_id: int,
    actor: User,
    area: str,
    contact_email: str,
    details: str,
    due_on: date | None = None,
    manager_email: str = "",
) -> DataRequest:
    if area not in settings.DATA_REQUEST_AREAS:
        raise invalid("area", "Choose the business area that holds the information.")
    if not (details or "").strip():
        raise invalid("details", "Say what information the area is asked for.")
    today = uk_today()
    calendar = statutory_rules().calendar
    if due_on is None:
        due_on = calendar.add_working_days(today, settings.DATA_REQUEST_WORKING_DAYS)
    elif due_on < today:
        raise invalid("due_on", "The deadline must be today or in the future.")
    request = TIMELINE.lock(request_id, None)
    data_request = DataRequest.objects.create(
        request=request,
        area=area,
        contact_email=contact_email,
        manager_email=manager_email or settings.DATA_REQUEST_MANAGER_EMAIL,
        details=details.strip(),
        sent_on=today,
        due_on=due_on,
        created_by=actor,
    )
    email_id = _send("data_request", data_request, [contact_email], actor)
    TIMELINE.event(
        request,
        EventType.DATA_REQUEST_SENT,
        actor,
        f"Asked {area_label(area)} ({contact_email}) for information, due {due_on:%-d %B %Y}.",
        after={
            "data_request": data_request.pk,
            "area": area,
            "due_on": due_on.isoformat(),
            "email": email_id,
        },
    )
    return data_request


def _lock_data_request(data_request_id: int) -> DataRequest:
    found = (
        DataRequest.objects.select_for_update(of=("self",))
        .select_related("request")
        .filter(pk=data_request_id)
        .first()
    )
    if found is None:
        raise invalid(None, "That data request does not exist.")
    return found


def _chase(data_request: DataRequest, actor: User | None, today: date) -> DataRequestChase:
    recipients = [data_request.contact_email]
    chase = DataRequestChase.objects.create(
        data_request=data_request,
        sent_on=today,
        kind=ChaseKind.CHASE,
        recipients=recipients,
        sent_by=actor,
    )
    number = data_request.chase_count
    email_id = _send("data_request_chase", data_request, recipients, actor)
    TIMELINE.event(
        data_request.request,
        EventType.DATA_REQUEST_CHASED,
        actor,
        f"Chased {area_label(data_request.area)} ({data_request.contact_email}): "
        f"chaser {number}, due {data_request.due_on:%-d %B %Y}.",
        after={"data_request": data_request.pk, "chaser": number, "email": email_id},
    )
    return chase


def _escalate(data_request: DataRequest, today: date) -> DataRequestChase:
    recipients = [data_request.manager_email, data_request.contact_email]
    chase = DataRequestChase.objects.create(
        data_request=data_request, sent_on=today, kind=ChaseKind.ESCALATION, recipients=recipients
    )
    data_request.escalated_on = today
    data_request.save(update_fields=["escalated_on"])
    email_id = _send("data_request_escalation", data_request, recipients, None)
    TIMELINE.event(
        data_request.request,
        EventType.DATA_REQUEST_ESCALATED,
        None,
        f"{area_label(data_request.area)} had not answered after "
        f"{data_request.chase_count} chasers: escalated to {data_request.manager_email}.",
        after={"data_request": data_request.pk, "email": email_id},
    )
    return chase


@transaction.atomic
def chase_data_request(
    *, data_request_id: int, actor: User, today: date | None = None
) -> DataRequest:
    """A caseworker chases a data request now (at most once a day, like the job)."""
    today = today or uk_today()
    data_request = _lock_data_request(data_request_id)
    if data_request.status != DataRequestStatus.OPEN:
        raise TransitionError("This data request has been answered: there is nothing to chase.")
    if data_request.chases.filter(sent_on=today).exists():
        raise TransitionError("This data request has already been chased today.")
    _chase(data_request, actor, today)
    return data_request


@transaction.atomic
def record_received(
    *, data_request_id: int, actor: User, received_on: date, items: int
) -> DataRequest:
    data_request = _lock_data_request(data_request_id)
    if data_request.status != DataRequestStatus.OPEN:
        raise TransitionError("This data request has already been answered.")
    if received_on > uk_today():
        raise invalid("received_on", "The date received must be today or in the past.")
    if received_on < data_request.sent_on:
        raise invalid("received_on", "The date received cannot be before the request was sent.")
    if items is None or items < 0:
        raise invalid("items", "Enter how many items or pages were received (0 or more).")
    data_request.status = DataRequestStatus.RECEIVED
    data_request.received_on = received_on
    data_request.items = items
    data_request.save(update_fields=["status", "received_on", "items"])
    TIMELINE.lock(data_request.request_id, None)
    on_time = "on time" if received_on <= data_request.due_on else "late"
    TIMELINE.event(
        data_request.request,
        EventType.DATA_REQUEST_RECEIVED,
        actor,
        f"{area_label(data_request.area)} answered on {received_on:%-d %B %Y} ({on_time}): "
        f"{items} item{'s' if items != 1 else ''} or pages.",
        after={"data_request": data_request.pk, "items": items},
    )
    return data_request


@dataclass(frozen=True)
class ChaseRun:
    chased: int = 0
    escalated: int = 0


def chase_due(*, today: date | None = None) -> ChaseRun:
    """The beat job: chase every open, overdue data request on the first working day
    after its deadline and then every DATA_REQUEST_CHASE_EVERY_WORKING_DAYS working
    days; once DATA_REQUEST_ESCALATE_AFTER_CHASES chasers have gone unanswered, the next
    one goes to the manager instead (once), and the job stops chasing it. Never twice
    a day (a sent-log row per data request and day, checked under a row lock), so two
    runs at once or a retry send nothing twice. Each data request is its own
    transaction; its email goes through the outbox after that commits, so a mail outage
    delays the email (the resend job tries it again), never the chaser's record."""
    today = today or uk_today()
    calendar = statutory_rules().calendar
    if not calendar.is_working_day(today):
        return ChaseRun()
    every = settings.DATA_REQUEST_CHASE_EVERY_WORKING_DAYS
    escalate_after = settings.DATA_REQUEST_ESCALATE_AFTER_CHASES
    candidates = DataRequest.objects.filter(
        status=DataRequestStatus.OPEN, due_on__lt=today, escalated_on__isnull=True
    ).values_list("pk", flat=True)
    chased = escalated = 0
    failures: list[Exception] = []
    for pk in list(candidates):
        try:
            with transaction.atomic():
                data_request = _lock_data_request(pk)
                if (
                    data_request.status != DataRequestStatus.OPEN
                    or data_request.escalated_on is not None
                ):
                    continue
                sent = list(data_request.chases.order_by("sent_on"))
                if any(chase.sent_on == today for chase in sent):
                    continue
                last = sent[-1].sent_on if sent else data_request.due_on
                wait = every if sent else 1
                if calendar.working_days_after(last, today) < wait:
                    continue
                if data_request.chase_count >= escalate_after:
                    _escalate(data_request, today)
                    escalated += 1
                else:
                    _chase(data_request, None, today)
                    chased += 1
        except Exception as error:
            logger.warning("chasing data request %s failed: %s", pk, error)
            failures.append(error)
    if failures:
        raise failures[0]
    return ChaseRun(chased=chased, escalated=escalated)
