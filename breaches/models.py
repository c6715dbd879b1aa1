"""The personal-data breach register: data and the invariants the database enforces.

Workflow lives in `services.py`; nothing here has side effects on save.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimelineEvent
from core.numbers import round_pct

from .vocabularies import (
    AWAITING_STATUSES,
    ActionKind,
    AlertThreshold,
    EventType,
    Likelihood,
    Nature,
    Risk,
    Severity,
    SnapshotDimension,
    Source,
    Status,
)


class BreachReferenceCounter(models.Model):
    """The last sequence number used per year (row-locked while allocating)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Breach(models.Model):
    reference = models.CharField(max_length=30, unique=True, editable=False)
    summary = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    # When and how
    occurred_at = models.DateTimeField(null=True, blank=True, help_text="Unknown when empty.")
    aware_at = models.DateTimeField()
    how_discovered = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_breaches",
    )
    reported_by_name = models.CharField(
        max_length=200, blank=True, help_text="Who reported it, when not a user of Rights Desk."
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="breaches"
    )

    # What
    source = models.CharField(max_length=20, choices=Source.choices)
    nature = models.CharField(max_length=30, choices=Nature.choices)
    security_properties = models.JSONField(default=list, blank=True)
    data_categories = models.TextField(blank=True)
    special_category_data = models.BooleanField(default=False)
    criminal_offence_data = models.BooleanField(default=False)
    data_subjects_count = models.PositiveIntegerField(null=True, blank=True)
    records_count = models.PositiveIntegerField(null=True, blank=True)

    # Risk assessment
    likelihood = models.CharField(max_length=20, choices=Likelihood.choices, blank=True)
    severity = models.CharField(max_length=20, choices=Severity.choices, blank=True)
    risk = models.CharField(max_length=20, choices=Risk.choices, blank=True)
    risk_rationale = models.TextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The regulator: 72 elapsed hours from becoming aware (computed by the service)
    report_due_at = models.DateTimeField()
    reportable = models.BooleanField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    dpo_consulted = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    regulator_reference = models.CharField(max_length=100, blank=True)
    late_report_reason = models.TextField(blank=True)

    # The people affected
    subjects_notified = models.BooleanField(null=True, blank=True)
    subjects_notified_at = models.DateTimeField(null=True, blank=True)
    subjects_notification_reasons = models.TextField(blank=True)

    lessons_learned = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-aware_at", "-id"]
        verbose_name_plural = "breaches"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="breach_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="breach_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(nature__in=Nature.values), name="breach_nature_valid"
            ),
            models.CheckConstraint(
                condition=Q(risk="") | Q(risk__in=Risk.values), name="breach_risk_valid"
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=F("aware_at")),
                name="breach_occurred_not_after_aware",
            ),
            models.CheckConstraint(
                condition=Q(report_due_at__gt=F("aware_at")), name="breach_due_after_aware"
            ),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True) | Q(reported_at__gte=F("aware_at")),
                name="breach_reported_not_before_aware",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AWAITING_STATUSES) | Q(reportable__isnull=False),
                name="breach_decided_unless_awaiting",
            ),
            models.CheckConstraint(
                condition=Q(reportable__isnull=True) | Q(decided_at__isnull=False),
                name="breach_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REPORTED) | Q(reported_at__isnull=False),
                name="breach_reported_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_at__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_at__isnull=True)),
                name="breach_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED, risk=Risk.HIGH_RISK)
                | Q(subjects_notified__isnull=False),
                name="breach_high_risk_closed_has_subjects_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "report_due_at"], name="breach_status_due_idx"),
            models.Index(fields=["aware_at"], name="breach_aware_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def awaiting_regulator(self) -> bool:
        """The 72-hour clock is still running: neither reported nor decided not to report."""
        return self.status in AWAITING_STATUSES


class BreachAction(models.Model):
    """A containment or remedial action with an owner and a due date."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="breach_action_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} action due {self.due_on}"

    @property
    def owner_display(self) -> str:
        if self.owner is not None:
            return self.owner.display_name
        return self.owner_name


class BreachEvent(TimelineEvent):
    """The append-only timeline: who did what, when, with the values before and after."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=EventType.choices)

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["breach", "at"], name="breach_event_timeline_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EventType.values), name="breach_event_type_valid"
            )
        ]


class BreachAlert(models.Model):
    """An alert sent to the DPO group: at most one per breach per threshold."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="alerts")
    threshold = models.CharField(max_length=20, choices=AlertThreshold.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "threshold"], name="breach_alert_once"),
            models.CheckConstraint(
                condition=Q(threshold__in=AlertThreshold.values),
                name="breach_alert_threshold_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.breach} {self.threshold}"


class BreachMonthSnapshot(models.Model):
    """Monthly breach figures for the Data Board, by one dimension (or all breaches).

    Months are calendar months in Europe/London of the moment the force became aware.
    Recomputing a month replaces its rows with identical ones (idempotent).
    """

    month = models.DateField(help_text="The first day of the month.")
    dimension = models.CharField(max_length=10, choices=SnapshotDimension.choices)
    key = models.CharField(max_length=50, blank=True, help_text="Code, or unit id.")
    label = models.CharField(max_length=200)
    breaches = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    reported_within_72h = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    median_hours_to_decision = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "dimension", "key"], name="breach_snapshot_unique"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=SnapshotDimension.values),
                name="breach_snapshot_dimension_valid",
            ),
            models.CheckConstraint(
                condition=Q(reported__lte=F("breaches"))
                & Q(reported_within_72h__lte=F("reported"))
                & Q(decided__lte=F("breaches")),
                name="breach_snapshot_counts_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension} {self.key}"

    @staticmethod
    def _pct(numerator: int, denominator: int) -> float | None:
        return None if denominator == 0 else round_pct(100 * numerator / denominator)

    @property
    def pct_reported(self) -> float | None:
        return self._pct(self.reported, self.breaches)

    @property
    def pct_reported_within_72h(self) -> float | None:
        return self._pct(self.reported_within_72h, self.reported)
