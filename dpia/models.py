"""DPIAs and data-sharing agreements: data and the invariants the database can enforce.

Workflow lives in `services.py`; nothing here has side effects on save.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimelineEvent

from .vocabularies import (
    WITH_DPO,
    Consultation,
    Decision,
    EventType,
    Kind,
    Level,
    Likelihood,
    ReminderKind,
    ReviewerLevel,
    Severity,
    Status,
)

USER = settings.AUTH_USER_MODEL


class Assessment(models.Model):
    reference = models.CharField(max_length=30, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the processing is and why.")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="assessments")
    asset_owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="owned_assessments"
    )
    project_lead = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="led_assessments")

    # Data-sharing agreements
    partner_organisations = models.TextField(blank=True)
    lawful_basis = models.TextField(blank=True)
    data_flows = models.TextField(blank=True)

    # Screening: {question code: bool}; the service derives `full_dpia_required`.
    screening = models.JSONField(default=dict, blank=True)
    full_dpia_required = models.BooleanField(default=False)

    # Integrated impact assessment (optional)
    equality_impact = models.TextField(blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    first_submitted_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)

    # Triage
    complexity = models.CharField(max_length=10, choices=Level.choices, blank=True)
    inherent_risk = models.CharField(max_length=10, choices=Level.choices, blank=True)
    tier = models.CharField(max_length=10, blank=True)
    reviewer_level = models.CharField(max_length=20, choices=ReviewerLevel.choices, blank=True)
    triaged_on = models.DateField(null=True, blank=True)
    target_on = models.DateField(
        null=True, blank=True, help_text="When the DPO's review (or triage) is due."
    )

    # Advice and decision
    dpo_advice = models.TextField(blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Sign-off by the information asset owner
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    advice_followed = models.BooleanField(null=True, blank=True)
    advice_not_followed_reasons = models.TextField(blank=True)
    high_residual_risk_accepted = models.BooleanField(default=False)

    # Prior consultation with the ICO (Art. 36; DPA 2018 s.65)
    consultation = models.CharField(
        max_length=20, choices=Consultation.choices, default=Consultation.NOT_NEEDED
    )
    consultation_answered_on = models.DateField(null=True, blank=True)
    consultation_outcome = models.TextField(blank=True)

    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="assessment_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(complexity="") | Q(complexity__in=Level.values),
                name="assessment_complexity_valid",
            ),
            models.CheckConstraint(
                condition=Q(inherent_risk="") | Q(inherent_risk__in=Level.values),
                name="assessment_inherent_risk_valid",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=Decision.values),
                name="assessment_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(consultation__in=Consultation.values),
                name="assessment_consultation_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(submitted_on__isnull=False),
                name="assessment_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=WITH_DPO) | Q(target_on__isnull=False),
                name="assessment_with_dpo_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DECIDED) | Q(decided_on__isnull=False),
                name="assessment_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("first_submitted_on")),
                name="assessment_decided_after_submitted",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_on__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_on__isnull=True)),
                name="assessment_closed_on_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "target_on"], name="assessment_queue_idx"),
            models.Index(fields=["first_submitted_on"], name="assessment_submitted_idx"),
            models.Index(fields=["decided_on"], name="assessment_decided_idx"),
            models.Index(fields=["next_review_on"], name="assessment_review_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_with_dpo(self) -> bool:
        return self.status in WITH_DPO


class Risk(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    likelihood = models.CharField(max_length=20, choices=Likelihood.choices)
    severity = models.CharField(max_length=20, choices=Severity.choices)
    mitigation = models.TextField(blank=True)
    residual_risk = models.CharField(max_length=10, choices=Level.choices)
    owner = models.CharField(max_length=200, help_text="The post that owns the risk.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__in=Likelihood.values), name="risk_likelihood_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="risk_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(residual_risk__in=Level.values), name="risk_residual_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Risk #{self.pk}"


class Condition(models.Model):
    """A condition of an approval, tracked to completion."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_by__isnull=False),
                name="condition_completed_has_who",
            )
        ]

    def __str__(self) -> str:
        return f"Condition #{self.pk}"


class AnswerVersion(models.Model):
    """A snapshot of the answers taken at each submission, so a reviewer can see what
    changed since the last review."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField()
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="answer_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Answer versions are append-only.")
        super().save(*args, **kwargs)


class AssessmentEvent(TimelineEvent):
    """The append-only timeline."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=EventType.choices)

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["assessment", "at"], name="assessment_event_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EventType.values), name="assessment_event_type_valid"
            )
        ]


class ReminderSent(models.Model):
    """One row per reminder threshold crossed: the job never sends the same one twice."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    threshold_on = models.DateField(help_text="The review date or target date reminded about.")
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "threshold_on"], name="reminder_once_per_threshold"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.threshold_on}"


class PipelineSnapshot(models.Model):
    """Monthly pipeline figures for the Data Board. `tier` "" means all tiers."""

    month = models.DateField(help_text="The first day of the month.")
    tier = models.CharField(max_length=10, blank=True)
    submitted = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    in_review_at_month_end = models.PositiveIntegerField(default=0)
    late_at_month_end = models.PositiveIntegerField(default=0)
    median_days_to_decision = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["month", "tier"], name="pipeline_snapshot_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="pipeline_snapshot_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.tier or 'all'}"
