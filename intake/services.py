"""Writes for requests made online: submitting, confirming the email address, the
intake queue's actions (declared in `WORKFLOW`), the acknowledgement, and replies
through the follow link. Views and the API call these; none writes models directly."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.models import ONLINE_REQUESTER_USERNAME, Unit, User
from casefile import letter_services
from casefile import services as casefile_services
from core import notifications, policy, throttling
from core.dates import long_date, uk_today
from core.kernel import Action, Change, Workflow, invalid
from requests_tracker import services as request_services
from requests_tracker import statutory
from requests_tracker.models import InformationRequest
from requests_tracker.selectors import statutory_rules
from requests_tracker.vocabularies import Channel, EventType, Regime, RequesterType, StopReason

from . import tokens, uploads
from .models import (
    About,
    FileKind,
    Kind,
    Records,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionFile,
)
from .models import EventType as SubmissionEventType

logger = logging.getLogger(__name__)

#: The account the case file names as the uploader of what a requester sent online
#: (a document needs an uploader; this one cannot sign in and holds no role).
ONLINE_ACCOUNT = ONLINE_REQUESTER_USERNAME


class RateLimited(Exception):
    """Too many submissions from one address or client: the words say when to try again."""


class Honeypot(ValidationError):
    """The field people never see was filled in: a robot, most likely."""


@dataclass(frozen=True)
class Evidence:
    """A file sent with a submission: already checked, or stored (the journey keeps
    what was uploaded on an earlier page in storage, by key)."""

    kind: str
    filename: str
    content_type: str
    size: int
    stored_name: str


@dataclass(frozen=True)
class DueDate:
    """What the requester is told about the deadline."""

    due_on: date | None
    words: str


# ---------------------------------------------------------------------------------------
# Submitting
# ---------------------------------------------------------------------------------------


def submission_errors(
    *,
    kind: str,
    name: str,
    email: str,
    address: str,
    request_text: str,
    about: str = "",
    subject_name: str = "",
    date_range: str = "",
    records: Sequence[str] = (),
) -> dict[str, list[str]]:
    """What is wrong with a submission, field by field, in words a requester reads
    (shared by the question pages and the API)."""
    errors: dict[str, list[str]] = {}
    limit = settings.INTAKE_MAX_TEXT_CHARS
    if kind not in Kind.values:
        errors["kind"] = ["Choose what kind of request you are making."]
    if not name.strip():
        errors["name"] = ["Enter your full name."]
    elif len(name) > 200:
        errors["name"] = ["Your name must be 200 characters or fewer."]
    if not email.strip() and not address.strip():
        errors["email"] = ["Enter an email address or a postal address, so we can reply."]
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = [
                "Enter an email address in the correct format, like name@example.com."
            ]
    if len(address) > 1000:
        errors["address"] = ["The postal address must be 1,000 characters or fewer."]
    if not request_text.strip():
        errors["request"] = ["Describe the information you want."]
    elif len(request_text) > limit:
        errors["request"] = [
            f"Your request must be {limit:,} characters or fewer (it is {len(request_text):,})."
        ]
    if kind == Kind.ROA:
        if about not in About.values:
            errors["about"] = ["Choose whether the information is about you or someone else."]
        if about == About.SOMEONE_ELSE and not subject_name.strip():
            errors["subject_name"] = ["Enter the name of the person the information is about."]
        if len(subject_name) > 200:
            errors["subject_name"] = ["Their name must be 200 characters or fewer."]
        if len(date_range) > 200:
            errors["date_range"] = ["The dates must be 200 characters or fewer."]
        unknown = [value for value in records if value not in Records.values]
        if unknown:
            errors["records"] = ["Choose the records from the list."]
    elif about or subject_name or date_range or records:
        errors["kind"] = ["Only a request for personal information has these questions."]
    return errors


def _limit_key(what: str, value: str) -> str:
    # A digest: the counter's key must not carry an email address into Redis.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"intake:{what}:{digest}"


def check_rate(*, email: str, address: str, client: str | None) -> None:
    """Count one submission against the requester's address and the client; raise
    RateLimited past either limit (core/throttling: atomic in Redis, counted in this
    process while Redis is down)."""
    window = settings.INTAKE_LIMIT_WINDOW_SECONDS
    counted = email.strip() or " ".join(address.split())
    if counted and throttling.hit(_limit_key("address", counted), window) > (
        settings.INTAKE_LIMIT_PER_ADDRESS
    ):
        raise RateLimited(
            "You have sent the most requests we take online from one address in a day. "
            "Try again tomorrow, or write to us."
        )
    if client and throttling.hit(_limit_key("client", client), window) > (
        settings.INTAKE_LIMIT_PER_CLIENT
    ):
        raise RateLimited(
            "We have had too many requests from your connection today. Try again tomorrow."
        )


def unit_for(kind: str) -> Unit | None:
    """The unit online requests of `kind` are routed to (settings.INTAKE_UNITS)."""
    name = settings.INTAKE_UNITS.get(kind, "")
    if not name:
        return None
    return Unit.objects.filter(name=name, active=True).first()


def submit(
    *,
    kind: str,
    name: str,
    email: str = "",
    address: str = "",
    request_text: str,
    about: str = "",
    subject_name: str = "",
    date_range: str = "",
    records: Sequence[str] = (),
    evidence: Iterable[Evidence] = (),
    honeypot: str = "",
    client: str | None = None,
) -> Submission:
    """Take a request made online. It is received today (the UK date), whether or not
    its email address is ever confirmed; a confirmation link is emailed after commit."""
    if honeypot.strip():
        logger.info("online submission refused: honeypot filled")
        raise Honeypot(
            {"website": ["We could not take this request. Leave the last box empty and try again."]}
        )
    errors = submission_errors(
        kind=kind,
        name=name,
        email=email,
        address=address,
        request_text=request_text,
        about=about,
        subject_name=subject_name,
        date_range=date_range,
        records=records,
    )
    if errors:
        raise ValidationError(errors)
    check_rate(email=email, address=address, client=client)
    with transaction.atomic():
        submission = Submission.objects.create(
            kind=kind,
            received_on=uk_today(),
            unit=unit_for(kind),
            name=name.strip(),
            email=email.strip(),
            address=address.strip(),
            request_text=request_text.strip(),
            about=about if kind == Kind.ROA else "",
            subject_name=subject_name.strip() if about == About.SOMEONE_ELSE else "",
            date_range=date_range.strip(),
            records=list(records),
        )
        for item in evidence:
            SubmissionFile.objects.create(
                submission=submission,
                kind=item.kind,
                filename=item.filename,
                stored_name=item.stored_name,
                size=item.size,
                content_type=item.content_type,
            )
        SubmissionEvent.objects.create(
            submission=submission,
            type=SubmissionEventType.SUBMITTED,
            description=f"Submitted online, received {long_date(submission.received_on)}.",
        )
        if submission.email:
            pk = submission.pk
            transaction.on_commit(lambda: send_confirmation(submission_id=pk))
    logger.info("online submission received: %s", submission.reference)
    return submission


def store_evidence(file, kind: str, field: str = "file") -> Evidence:
    """Check an uploaded evidence file and keep it until the submission is sent."""
    if kind not in FileKind.values:
        raise invalid("kind", "Choose what the file shows.")
    checked = uploads.check_file(file, field)
    return Evidence(
        kind=kind,
        filename=checked.filename,
        content_type=checked.content_type,
        size=len(checked.data),
        stored_name=uploads.store(checked),
    )


def expected_due(*, kind: str, received_on: date, has_identity: bool) -> DueDate:
    """The due date a requester is told at once, from the statutory functions
    (docs/law.md, "Relevant time"): FOI and EIR count from receipt; right of access
    counts from receipt when proof of identity came with it, and otherwise has no due
    date until it arrives (the month then starts on that day)."""
    stops: list[statutory.Stop] = []
    if kind == Kind.ROA and not has_identity:
        stops = [statutory.Stop(reason=statutory.StopReason.IDENTITY, started_on=received_on)]
    deadline = statutory.compute_deadline(
        kind=statutory.Kind(kind),
        received_on=received_on,
        regime=statutory.Regime.UK_GDPR if kind == Kind.ROA else None,
        stops=stops,
        rules=statutory_rules(),
    )
    if deadline.due_on is None:
        return DueDate(
            None,
            "There is no due date yet: we need proof of your identity first. "
            "We have one calendar month to reply from the day it reaches us.",
        )
    return DueDate(deadline.due_on, long_date(deadline.due_on))


def due_for(submission: Submission) -> DueDate:
    return expected_due(
        kind=submission.kind,
        received_on=submission.received_on,
        has_identity=submission.files.filter(kind=FileKind.IDENTITY).exists(),
    )


def send_confirmation(*, submission_id: int) -> None:
    """Email the link that confirms the submission's email address."""
    submission = Submission.objects.get(pk=submission_id)
    if not submission.email or submission.email_confirmed_at:
        return
    notifications.send(
        "intake/emails/confirm",
        {
            "reference": submission.reference,
            "link": notifications.absolute_url(
                "intake:confirm-email", token=tokens.confirm_token(submission.pk)
            ),
            "days": settings.INTAKE_CONFIRM_LINK_DAYS,
        },
        [submission.email],
    )


@transaction.atomic
def confirm_email(*, token: str) -> Submission | None:
    """Mark the address confirmed; None when the link is wrong, tampered or expired."""
    pk = tokens.confirmed_submission_id(token)
    if pk is None:
        return None
    submission = Submission.objects.select_for_update().filter(pk=pk).first()
    if submission is None:
        return None
    if submission.email_confirmed_at is None:
        submission.email_confirmed_at = timezone.now()
        submission.save(update_fields=["email_confirmed_at"])
        SubmissionEvent.objects.create(
            submission=submission,
            type=SubmissionEventType.EMAIL_CONFIRMED,
            description="The requester confirmed their email address.",
        )
    return submission


# ---------------------------------------------------------------------------------------
# The intake queue's actions
# ---------------------------------------------------------------------------------------


def may_decide(actor, submission: Submission) -> bool:
    """Staff who see the submission's personal data: its unit's caseworkers and team
    leads, the DPO and admins (core.policy.sees_personal_data)."""
    return actor is not None and policy.sees_personal_data(actor, submission.unit_id)


def online_account() -> User:
    """The case file's uploader for what a requester sent online (cannot sign in)."""
    user, created = User.objects.get_or_create(
        username=ONLINE_ACCOUNT,
        defaults={"first_name": "Sent online", "last_name": "by the requester", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _summary(submission: Submission) -> str:
    parts = [submission.request_text]
    if submission.kind == Kind.ROA:
        if submission.about == About.SOMEONE_ELSE:
            parts.append(f"For someone else: {submission.subject_name}.")
        if submission.date_range:
            parts.append(f"Dates: {submission.date_range}.")
        if submission.records:
            labels = [Records(value).label for value in submission.records]
            parts.append("Records likely to hold it: " + ", ".join(labels) + ".")
    return "\n\n".join(parts)


def _file_evidence(submission: Submission, request_id: int) -> int:
    uploader = online_account()
    count = 0
    for item in submission.files.all():
        casefile_services.upload_document(
            request_id=request_id,
            actor=uploader,
            file=ContentFile(uploads.read(item.stored_name), name=item.filename),
            kind="identity",
            description=f"{item.get_kind_display()}, sent online with {submission.reference}",
        )
        count += 1
    return count


def _decided(change: Change[Submission]) -> None:
    change.record.decided_by = change.actor
    change.record.decided_at = timezone.now()


def _accept(
    change: Change[Submission], *, regime: str = "", requester_type: str = ""
) -> InformationRequest:
    submission = change.record
    if submission.kind == Kind.ROA and regime not in Regime.values:
        raise invalid("regime", "Choose whether the request is under UK GDPR or DPA 2018 Part 3.")
    request = request_services.log_request(
        actor=change.actor,
        kind=submission.kind,
        received_on=submission.received_on,
        channel=Channel.WEB,
        requester_type=requester_type or RequesterType.MEMBER_OF_PUBLIC,
        summary=_summary(submission),
        requester=request_services.RequesterDetails(
            name=submission.name, email=submission.email, address=submission.address
        ),
        regime=regime if submission.kind == Kind.ROA else "",
        unit=submission.unit,
    )
    _file_evidence(submission, request.pk)
    has_identity = submission.files.filter(kind=FileKind.IDENTITY).exists()
    if submission.kind == Kind.ROA and not has_identity:
        # docs/law.md, "Relevant time": no due date until identity is confirmed.
        request = request_services.stop_clock(
            request_id=request.pk,
            actor=change.actor,
            reason=StopReason.IDENTITY,
            started_on=submission.received_on,
        )
    submission.request = request
    _decided(change)
    change.event(
        f"Accepted and logged as {request.reference}"
        + (
            ""
            if submission.email_confirmed_at or not submission.email
            else " (the email address was not confirmed)"
        )
        + "."
    )
    send_acknowledgement(request_id=request.pk, actor=change.actor)
    return request


def _merge(change: Change[Submission], *, into: str) -> InformationRequest:
    submission = change.record
    reference = (into or "").strip().upper()
    if not reference:
        raise invalid("into", "Enter the reference of the request to merge it into.")
    request = InformationRequest.objects.filter(reference=reference).first()
    if request is None or not policy.acts_on_case(
        change.actor, unit_id=request.unit_id, assigned_to_id=request.assigned_to_id
    ):
        raise invalid("into", f"There is no request {reference} you can work on.")
    if not request.is_active:
        raise invalid("into", f"{reference} is not open: accept this as a new request instead.")
    request_services.WORKFLOW.event(
        request,
        EventType.NOTE,
        change.actor,
        f"A further online submission ({submission.reference}, received "
        f"{long_date(submission.received_on)}) was merged into this request.",
    )
    _file_evidence(submission, request.pk)
    submission.request = request
    _decided(change)
    change.event(f"Merged into {request.reference}.")
    return request


def _reject(change: Change[Submission], *, reason: str) -> None:
    if not (reason or "").strip():
        raise invalid("reason", "Say why this is spam.")
    if len(reason) > 1000:
        raise invalid("reason", "The reason must be 1,000 characters or fewer.")
    change.record.reject_reason = reason.strip()
    _decided(change)
    for item in change.record.files.all():
        uploads.delete(item.stored_name)
    change.record.files.all().delete()
    change.event(f"Rejected as spam: {reason.strip()}")


WORKFLOW: Workflow[Submission] = Workflow(
    model=Submission,
    noun="online submission",
    event_model=SubmissionEvent,
    event_field="submission",
    reference=lambda record: record.reference,
    actions=[
        Action(
            name="accept",
            label="Accept and log the request",
            from_statuses={Status.PENDING},
            refusal="Only a submission waiting for a caseworker can be accepted.",
            target=Status.ACCEPTED,
            may=may_decide,
            run=_accept,
            event=SubmissionEventType.ACCEPTED,
            done="Request logged and acknowledged.",
        ),
        Action(
            name="merge",
            label="Merge into an existing request",
            from_statuses={Status.PENDING},
            refusal="Only a submission waiting for a caseworker can be merged.",
            target=Status.MERGED,
            may=may_decide,
            run=_merge,
            event=SubmissionEventType.MERGED,
            done="Merged into the existing request.",
        ),
        Action(
            name="reject",
            label="Reject as spam",
            from_statuses={Status.PENDING},
            refusal="Only a submission waiting for a caseworker can be rejected.",
            target=Status.REJECTED,
            may=may_decide,
            run=_reject,
            event=SubmissionEventType.REJECTED,
            done="Rejected as spam.",
        ),
    ],
)


def accept(
    *,
    submission_id: int,
    actor: User,
    version: int | None = None,
    regime: str = "",
    requester_type: str = "",
) -> InformationRequest:
    return WORKFLOW.perform(
        "accept",
        pk=submission_id,
        actor=actor,
        version=version,
        regime=regime,
        requester_type=requester_type,
    )


def merge(
    *, submission_id: int, actor: User, into: str, version: int | None = None
) -> InformationRequest:
    return WORKFLOW.perform("merge", pk=submission_id, actor=actor, version=version, into=into)


def reject(
    *, submission_id: int, actor: User, reason: str, version: int | None = None
) -> Submission:
    return WORKFLOW.perform("reject", pk=submission_id, actor=actor, version=version, reason=reason)


# ---------------------------------------------------------------------------------------
# Telling the requester, and hearing back
# ---------------------------------------------------------------------------------------


def follow_link(request_id: int) -> str:
    return notifications.absolute_url("intake:follow", token=tokens.follow_token(request_id))


def send_acknowledgement(*, request_id: int, actor: User) -> None:
    """Acknowledge a request made online with the case file's acknowledgement letter
    (reference, due date and how it was worked out, or what we wait for) carrying the
    private follow link: saved on the request and, where the requester gave an email
    address, emailed after the transaction commits. Postal-only requesters' letters are
    on the request for printing."""
    request = InformationRequest.objects.select_related("requester").get(pk=request_id)
    letter_services.issue_letter(
        request_id=request_id,
        template="acknowledgement",
        send=bool(request.requester and request.requester.email),
        actor=actor,
        extra={"follow_link": follow_link(request_id)},
    )


def send_reply(
    *, request_id: int, text: str, files: Sequence = (), client: str | None = None
) -> None:
    """What the requester sent back through their follow link: the words and any files
    go into the case file (so only the request's staff read them) and the request is
    flagged "the requester replied" on its timeline."""
    text = text or ""
    if not text.strip() and not files:
        raise ValidationError({"text": ["Write a message or choose a file to send."]})
    limit = settings.INTAKE_MAX_TEXT_CHARS
    if len(text) > limit:
        raise ValidationError({"text": [f"Your message must be {limit:,} characters or fewer."]})
    if len(files) > 5:
        raise ValidationError({"file": ["Send up to 5 files at a time."]})
    checked = [uploads.check_file(file, "file") for file in files]
    window = settings.INTAKE_LIMIT_WINDOW_SECONDS
    if throttling.hit(f"intake:reply:{request_id}", window) > settings.INTAKE_LIMIT_PER_ADDRESS:
        raise RateLimited("You have sent the most replies we take in a day. Try again tomorrow.")
    if client and throttling.hit(_limit_key("client", client), window) > (
        settings.INTAKE_LIMIT_PER_CLIENT
    ):
        raise RateLimited("We have had too many messages from your connection today.")
    uploader = online_account()
    today = uk_today()
    with transaction.atomic():
        if text.strip():
            casefile_services.upload_document(
                request_id=request_id,
                actor=uploader,
                file=ContentFile(text.strip().encode(), name=f"reply-{today.isoformat()}.txt"),
                kind="correspondence",
                description="Message from the requester, sent online",
            )
        for item in checked:
            casefile_services.upload_document(
                request_id=request_id,
                actor=uploader,
                file=ContentFile(item.data, name=item.filename),
                kind="identity",
                description="Sent online by the requester",
            )
        what = []
        if text.strip():
            what.append("a message")
        if checked:
            what.append(f"{len(checked)} file{'s' if len(checked) != 1 else ''}")
        request_services.record_requester_reply(
            request_id=request_id,
            description=f"The requester replied online ({' and '.join(what)}); "
            "it is in the case file. Restart the clock if it is what was awaited.",
        )
