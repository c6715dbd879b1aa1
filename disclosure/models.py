"""The disclosure log: what has been published of FOI and EIR responses.

An item copies what is public about the response (reference, date, outcome, exemption
labels) and holds a public title and summary a caseworker wrote for publication. It
never holds, or points the public at, anything about the requester: the request's own
summary (the requester's words) is not copied. Withdrawn items stay, with the reason, as
the audit; public pages show them as withdrawn (docs/law.md, "The disclosure log").
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from casefile.models import Document
from requests_tracker.models import InformationRequest


class PublishedKind(models.TextChoices):
    FOI = "foi", "Freedom of Information"
    EIR = "eir", "Environmental Information Regulations"


class PublishedItem(models.Model):
    request = models.ForeignKey(
        InformationRequest, on_delete=models.PROTECT, related_name="publications"
    )
    reference = models.CharField(max_length=30)
    kind = models.CharField(max_length=10, choices=PublishedKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    responded_on = models.DateField()
    #: The outcome's code (for filters) and its label as published.
    outcome = models.CharField(max_length=30)
    outcome_label = models.CharField(max_length=100)
    #: The exemption (or exception) codes relied on, space-separated with a space at each
    #: end (" s31 s40 "), for filters on SQLite and PostgreSQL alike; the public sees labels.
    exemption_codes = models.CharField(max_length=500, blank=True)
    #: The labels, joined with newlines, so a filter needs no JSON lookup (SQLite too).
    exemption_text = models.TextField(blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    #: The day the retention schedule disposed of the case file, and with it the released
    #: documents published here (their rows stay, without a file: PublishedDocument); the
    #: public is told so instead of "no documents were released". None: not removed.
    documents_removed_on = models.DateField(null=True, blank=True)
    #: Title (A), reference (A), summary (B) and exemption labels (C), kept by the
    #: services on PostgreSQL; its GIN index is made by migration 0001 on PostgreSQL only.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-responded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(withdrawn_at__isnull=True),
                name="published_item_one_live_per_request",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PublishedKind.values), name="published_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="published_item_withdrawal_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-responded_on", "-id"],
                condition=Q(withdrawn_at__isnull=True),
                name="published_item_live_idx",
            ),
            models.Index(fields=["reference"], name="published_item_reference_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def available_documents(self) -> list[PublishedDocument]:
        """The published documents that can still be downloaded (prefetch `documents`)."""
        return [d for d in self.documents.all() if d.document_id is not None]

    @property
    def exemptions(self) -> list[str]:
        return [line for line in self.exemption_text.splitlines() if line]


class PublishedDocument(models.Model):
    """A released document published with an item: downloadable by anyone while the
    item is live."""

    item = models.ForeignKey(PublishedItem, on_delete=models.CASCADE, related_name="documents")
    #: None once the case file's documents were disposed of (retention, docs/retention.md):
    #: the item stays, without the download.
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The name shown and downloaded (the uploaded file name, as released).
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["filename", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "document"], name="published_document_once")
        ]

    def __str__(self) -> str:
        return self.filename
