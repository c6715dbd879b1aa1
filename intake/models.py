"""Requests made online, before a caseworker accepts them as requests.

A `Submission` is what a member of the public sent (through the question pages or the
intake API): the law counts it as received on the UK date it arrived (`received_on`),
whatever happens next. A caseworker accepts it (a request is logged, channel `web`),
merges it into an existing request, or rejects it as spam; each is a declared action
(intake/workflow.py) with its timeline event. Evidence files wait in document storage
(`SubmissionFile`) until the submission is accepted, then move into the case file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimelineEvent


class Kind(models.TextChoices):
    FOI = "foi", "Freedom of Information"
    EIR = "eir", "Environmental information"
    ROA = "roa", "Your personal information (right of access)"


class About(models.TextChoices):
    MYSELF = "myself", "Myself"
    SOMEONE_ELSE = "someone_else", "Someone else, with their authority"


class Records(models.TextChoices):
    """Where the information asked for is likely to be held (right of access)."""

    CUSTODY = "custody", "Custody records"
    CRIME_REPORTS = "crime_reports", "Crime reports"
    STOP_AND_SEARCH = "stop_and_search", "Stop and search records"
    BODY_WORN_VIDEO = "body_worn_video", "Body-worn video"
    CALLS = "calls", "999 and 101 calls"
    OTHER = "other", "Something else, or not sure"


class Status(models.TextChoices):
    PENDING = "pending", "Waiting for a caseworker"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged into an existing request"
    REJECTED = "rejected", "Rejected as spam"


class EventType(models.TextChoices):
    SUBMITTED = "submitted", "Submitted online"
    EMAIL_CONFIRMED = "email_confirmed", "Email address confirmed"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged into an existing request"
    REJECTED = "rejected", "Rejected as spam"
    DISPOSED = "disposed", "Personal data disposed of"


class FileKind(models.TextChoices):
    IDENTITY = "identity", "Proof of identity"
    AUTHORITY = "authority", "Authority to act for someone else"


class Submission(models.Model):
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    channel = models.CharField(max_length=10, default="web")
    #: The UK date it arrived: the date of receipt in law (docs/law.md, "UK dates").
    received_on = models.DateField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The requester (personal data: shown only to staff who see the unit's personal data).
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)

    # What they asked.
    request_text = models.TextField()
    about = models.CharField(max_length=20, choices=About.choices, blank=True)
    subject_name = models.CharField(max_length=200, blank=True)
    date_range = models.CharField(max_length=200, blank=True)
    records = models.JSONField(default=list, blank=True)

    # What became of it.
    request = models.ForeignKey(
        "requests_tracker.InformationRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    #: When the requester's details and words were removed (intake/retention.py).
    disposed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="submission_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="submission_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(address=""), name="submission_has_an_address"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.PENDING) | Q(decided_at__isnull=False),
                name="submission_decided_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="submission_queue_idx"),
            models.Index(fields=["email"], name="submission_email_idx"),
        ]

    def __str__(self) -> str:
        return f"Online submission #{self.pk}"  # never the name: this string reaches logs

    @property
    def reference(self) -> str:
        return f"WEB-{self.pk:06d}"


class SubmissionFile(models.Model):
    """An evidence file sent with a submission, waiting in document storage until the
    submission is accepted (then it moves into the case file)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=FileKind.choices)
    filename = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=500, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FileKind.values), name="submission_file_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.filename


class SubmissionEvent(TimelineEvent):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=EventType.choices)

    class Meta(TimelineEvent.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EventType.values), name="submission_event_type_valid"
            )
        ]
