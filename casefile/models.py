"""The case file: documents on a request, and data requests to business areas.

Documents hang off a request by a foreign key. Breaches and DPIAs would attach the same
way (a nullable FK each, with a CheckConstraint that exactly one is set), or through a
generic relation if a fourth kind of case came along; the services take the request
only today. The database holds metadata only: the bytes live in
settings.STORAGES["documents"].
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from requests_tracker.models import InformationRequest


class DocumentKind(models.TextChoices):
    REQUEST = "request", "Request"
    IDENTITY = "identity", "Identity evidence"
    CORRESPONDENCE = "correspondence", "Correspondence"
    GATHERED = "gathered", "Gathered information"
    RESPONSE = "response", "Response"
    REDACTED_RESPONSE = "redacted_response", "Redacted response"


#: Kinds that are sent out, so are checked by the release check.
RELEASED_KINDS = (DocumentKind.RESPONSE, DocumentKind.REDACTED_RESPONSE)


class Document(models.Model):
    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    description = models.CharField(max_length=500, blank=True)
    #: The name it was uploaded with (a label); `stored_name` is the storage key.
    filename = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=500, unique=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    #: What the content is (core.release_check's detection, plus images and email).
    file_type = models.CharField(max_length=20)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    #: The release check's `as_dict()` for response kinds; {} for the others.
    release_check = models.JSONField(default=dict, blank=True)
    #: The earlier version this one replaces (a response re-uploaded keeps its history).
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    release_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_confirmed_at = models.DateTimeField(null=True, blank=True)
    release_confirmation_reason = models.TextField(blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(release_confirmed_at__isnull=True) | ~Q(release_confirmation_reason=""),
                name="document_release_confirmation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # Not the file name: it can itself be personal data (the admin's titles use this).
        return f"{self.get_kind_display()} {self.pk} on {self.request_id}"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "replaced_by")

    @property
    def checked(self) -> bool:
        return self.kind in RELEASED_KINDS

    @property
    def has_findings(self) -> bool:
        return self.release_check.get("status") == "findings"

    @property
    def version_number(self) -> int:
        number, earlier = 1, self.replaces
        while earlier is not None:
            number, earlier = number + 1, earlier.replaces
        return number


class DataRequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    RECEIVED = "received", "Answered"


class DataRequest(models.Model):
    """A request to a business area (custody, CCTV …) for the information it holds."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="data_requests"
    )
    #: One of settings.DATA_REQUEST_AREAS (a configurable list, so not a DB constraint).
    area = models.CharField(max_length=60)
    contact_email = models.EmailField()
    #: Who is told when the area has not answered after DATA_REQUEST_ESCALATE_AFTER chasers.
    manager_email = models.EmailField()
    details = models.TextField()
    sent_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=DataRequestStatus.choices, default=DataRequestStatus.OPEN
    )
    received_on = models.DateField(null=True, blank=True)
    items = models.PositiveIntegerField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DataRequestStatus.values), name="data_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=DataRequestStatus.OPEN)
                | Q(received_on__isnull=False, items__isnull=False),
                name="data_request_received_has_date_and_items",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("sent_on")), name="data_request_due_after_sent"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(status="open"),
                name="data_request_open_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} for {self.request_id}"

    @property
    def chase_count(self) -> int:
        return sum(1 for chase in self.chases.all() if chase.kind == ChaseKind.CHASE)


class ChaseKind(models.TextChoices):
    CHASE = "chase", "Chaser to the contact"
    ESCALATION = "escalation", "Escalated to the manager"


class DataRequestChase(models.Model):
    """One chaser (or the escalation) sent: at most one a day for a data request."""

    data_request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="chases")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10, choices=ChaseKind.choices)
    recipients = models.JSONField(default=list)
    #: None for the beat job.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_request", "sent_on"], name="data_request_one_chase_a_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ChaseKind.values), name="data_request_chase_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.sent_on}"


# ---------------------------------------------------------------------------------------
# Letters and email to requesters (issue 17, parts 2 and 3)
# ---------------------------------------------------------------------------------------


class LetterTemplate(models.Model):
    """One kind of letter (casefile.letters.TEMPLATES names them). Its wording is the
    latest of its append-only versions; the shipped wording (casefile/letter_templates/)
    is loaded as version 1 the first time a template is used or listed."""

    key = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> LetterTemplateVersion:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class LetterTemplateVersion(models.Model):
    """An edit of a letter template: never changed or deleted, so every letter sent can
    be traced to the words it was made from."""

    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    change_note = models.CharField(max_length=500)
    #: None for the shipped wording.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="letter_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} version {self.number}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"
    DELIVERED = "delivered", "Delivered"
    BOUNCED = "bounced", "Bounced"


class RecipientKind(models.TextChoices):
    REQUESTER = "requester", "The requester"
    BUSINESS_AREA = "business_area", "A business area"


#: What a business-area email is, by its template (casefile/templates/casefile/emails/).
AREA_EMAIL_NAMES = {
    "data_request": "data request",
    "data_request_chase": "chaser",
    "data_request_escalation": "escalation",
}


class OutboundEmail(models.Model):
    """An email out of the case file, recorded in the transaction that decided to send
    it and sent after it commits (casefile.outbox; casefile.tasks.deliver_email):

    - to the requester: a letter's words with its PDF (`document`) attached; it goes
      with the document when the requester's personal data is disposed of;
    - to a business area: a data request, its chaser or its escalation (`data_request`),
      its words rendered when recorded; disposal blanks them with the data request's.

    Its text is never logged."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="emails")
    recipient_kind = models.CharField(
        max_length=20, choices=RecipientKind.choices, default=RecipientKind.REQUESTER
    )
    #: The letter, for an email to the requester.
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    #: The data request, for an email to a business area.
    data_request = models.ForeignKey(
        DataRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    template = models.CharField(max_length=40)
    to = models.EmailField()
    #: Further addresses on the same message (an escalation goes to the manager and the
    #: contact).
    copy_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=200)
    #: The letter's words, as the email's text (the PDF is attached too).
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    #: What went wrong last, in words for a caseworker (never the message itself).
    detail = models.CharField(max_length=500, blank=True)
    #: The provider's id for the message (GOV.UK Notify), or "" for SMTP.
    provider_reference = models.CharField(max_length=200, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="outbound_email_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(recipient_kind=RecipientKind.REQUESTER, document__isnull=False)
                    | Q(recipient_kind=RecipientKind.BUSINESS_AREA, data_request__isnull=False)
                ),
                name="outbound_email_recipient_has_its_record",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status="queued"),
                name="outbound_email_queued_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} email for {self.request_id}"

    @property
    def recipients(self) -> list[str]:
        return [self.to, *self.copy_to]

    @property
    def what(self) -> str:
        """What the email carries, in words for the timeline and the request page."""
        if self.recipient_kind == RecipientKind.BUSINESS_AREA:
            return f"the {AREA_EMAIL_NAMES.get(self.template, 'email')}"
        return self.document.filename if self.document is not None else "the letter"
