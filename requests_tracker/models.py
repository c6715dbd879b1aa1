"""Information requests: data and the invariants the database can enforce.

Workflow lives in `services.py`; nothing here has side effects on save.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.dates import long_date
from core.models import TimelineEvent

from .vocabularies import (
    ACTIVE_STATUSES,
    Channel,
    ComplaintOutcome,
    EventType,
    LateReason,
    Outcome,
    Regime,
    RequesterType,
    RequestKind,
    Status,
    StopReason,
)


class Requester(models.Model):
    """The requester's personal data, kept apart so it can be disposed of on schedule
    without touching the request or the figures."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email"], name="requester_email_idx")]

    def __str__(self) -> str:
        return f"Requester #{self.pk}"  # never the name: this string reaches logs


class ReferenceCounter(models.Model):
    """The last sequence number used per kind and year (row-locked while allocating)."""

    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class ExtraNonWorkingDay(models.Model):
    """A non-working day the `holidays` library does not know yet (e.g. a bank holiday
    proclaimed at short notice). Non-working for every calendar
    (docs/law.md, "Extra non-working days")."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{long_date(self.date)}: {self.name}"


class InformationRequest(models.Model):
    reference = models.CharField(max_length=30, unique=True, editable=False)
    reference_year = models.PositiveSmallIntegerField(editable=False)
    reference_number = models.PositiveIntegerField(editable=False)
    legacy_reference = models.CharField(
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text="The reference in the legacy case system this request was imported from.",
    )
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    regime = models.CharField(max_length=20, choices=Regime.choices, blank=True)
    received_on = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    requester_type = models.CharField(max_length=30, choices=RequesterType.choices)
    summary = models.TextField()
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        Requester, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
    )
    assigned_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    # Statutory dates: always recomputed by the service from receipt, stops and extension.
    clock_started_on = models.DateField(null=True, blank=True)
    original_due_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    due_explanation = models.TextField(blank=True)

    extended = models.BooleanField(default=False)
    extended_on = models.DateField(null=True, blank=True)
    extension_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    complex = models.BooleanField(
        default=False, help_text="Internal review treated as complex (up to 40 working days)."
    )

    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    exemptions = models.JSONField(default=list, blank=True)
    pages_disclosed = models.PositiveIntegerField(null=True, blank=True)
    pages_withheld = models.PositiveIntegerField(null=True, blank=True)
    late_reason = models.CharField(max_length=30, choices=LateReason.choices, blank=True)
    late_reason_detail = models.TextField(blank=True)

    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    lapsed_on = models.DateField(null=True, blank=True)
    #: When the requester last replied through their follow link (a clarification,
    #: identity evidence) since a caseworker last restarted the clock; None otherwise.
    requester_replied_at = models.DateTimeField(null=True, blank=True)

    legal_hold = models.BooleanField(
        default=False, help_text="While set, the requester's personal data is never disposed of."
    )
    legal_hold_reason = models.TextField(blank=True)

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "reference_year", "reference_number"],
                name="request_reference_unique_per_kind_year",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="request_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind=RequestKind.ROA) & Q(regime__in=Regime.values))
                | (~Q(kind=RequestKind.ROA) & Q(regime="")),
                name="request_regime_only_for_roa",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="request_closed_not_before_received",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_on__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_on__isnull=True)),
                name="request_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("received_on")),
                name="request_withdrawn_not_before_received",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(clock_started_on__isnull=False),
                name="request_due_needs_clock_start",
            ),
            models.CheckConstraint(
                condition=Q(kind=RequestKind.INTERNAL_REVIEW, parent__isnull=False)
                | ~Q(kind=RequestKind.INTERNAL_REVIEW),
                name="request_review_has_parent",
            ),
        ]
        indexes = [
            # My work: a caseworker's open requests in the page's order (soonest deadline,
            # then id), so the 50 shown are the first 50 entries read, and its counts.
            models.Index(
                fields=["assigned_to", "due_on", "id"],
                name="request_worklist_due_id_idx",
                condition=Q(status__in=ACTIVE_STATUSES),
            ),
            models.Index(fields=["unit", "status", "due_on"], name="request_unit_status_due_idx"),
            # Open requests are about 1% of all: lists of them, soonest first, read these
            # small partial indexes instead of walking every request of a kind.
            models.Index(
                fields=["kind", "due_on", "id"],
                name="request_active_kind_due_idx",
                condition=Q(status__in=ACTIVE_STATUSES),
            ),
            models.Index(
                fields=["due_on", "id"],
                name="request_active_due_idx",
                condition=Q(status__in=ACTIVE_STATUSES),
            ),
            # Monthly figures: each is a GROUP BY over one date column per kind.
            models.Index(fields=["kind", "received_on"], name="request_kind_received_idx"),
            models.Index(fields=["kind", "closed_on"], name="request_kind_closed_idx"),
            models.Index(fields=["kind", "due_on"], name="request_kind_due_idx"),
            # One month recomputed after a change (dashboards.figures, incremental): the
            # requests received, closed or due on or after a day, whatever their kind, by
            # one BitmapOr of these and request_active_due_idx, never a scan of history.
            models.Index(fields=["received_on"], name="request_received_idx"),
            models.Index(
                fields=["closed_on"],
                name="request_closed_idx",
                condition=Q(closed_on__isnull=False),
            ),
            models.Index(fields=["due_on"], name="request_due_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def on_time(self) -> bool | None:
        """On time when closed on or before the due date; None while not closed."""
        if self.closed_on is None or self.due_on is None:
            return None
        return self.closed_on <= self.due_on


class ClockStop(models.Model):
    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="clock_stops"
    )
    reason = models.CharField(max_length=20, choices=StopReason.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(ended_on__isnull=True),
                name="clock_stop_one_open_per_request",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="clock_stop_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=StopReason.values), name="clock_stop_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.started_on}"


class RequestEvent(TimelineEvent):
    """The append-only timeline: who did what, when, with the values before and after."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=EventType.choices)

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["request", "at"], name="request_event_timeline_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EventType.values), name="request_event_type_valid"
            )
        ]


class RegulatorComplaint(models.Model):
    """A complaint or appeal to the regulator (ICO) about how a request was handled."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="complaints"
    )
    received_on = models.DateField()
    regulator_reference = models.CharField(max_length=100)
    regulator_deadline = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_notice_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
                name="complaint_decided_after_received",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(decided_on__isnull=False),
                name="complaint_outcome_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.regulator_reference


class DisposalRun(models.Model):
    """What the retention job disposed of, and when (no personal data: references only)."""

    ran_at = models.DateTimeField(auto_now_add=True)
    requesters = models.PositiveIntegerField()
    requests = models.PositiveIntegerField()
    references = models.JSONField(default=list)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {self.requests} requests"
