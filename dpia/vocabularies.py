"""Fixed vocabularies for assessments. Codes are part of the API contract."""

from django.db import models

from . import rules


class Kind(models.TextChoices):
    DPIA = "dpia", "Data protection impact assessment"
    DSA = "dsa", "Data sharing agreement"


REFERENCE_PREFIX = {Kind.DPIA: "DPIA", Kind.DSA: "DSA"}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    DECIDED = "decided", "Decided"
    REVIEW_DUE = "review_due", "Review due"
    CLOSED = "closed", "Closed"


#: Waiting for the DPO: these are in the DPO's queue and count against the tier target.
WITH_DPO = (Status.SUBMITTED, Status.TRIAGED, Status.IN_REVIEW)
#: The owner may change the answers (and the risks) only in these.
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.REVIEW_DUE)


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


assert tuple(Level.values) == rules.LEVELS


class Likelihood(models.TextChoices):
    REMOTE = "remote", "Remote"
    POSSIBLE = "possible", "Possible"
    PROBABLE = "probable", "Probable"


class Severity(models.TextChoices):
    MINIMAL = "minimal", "Minimal"
    SIGNIFICANT = "significant", "Significant"
    SEVERE = "severe", "Severe"


class ReviewerLevel(models.TextChoices):
    DEPUTY_DPO = rules.ReviewerLevel.DEPUTY_DPO.value, "Deputy DPO"
    DPO = rules.ReviewerLevel.DPO.value, "DPO"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"


#: Decisions the `decide` action records (changes are requested with their own action).
FINAL_DECISIONS = (Decision.APPROVED, Decision.APPROVED_WITH_CONDITIONS, Decision.REJECTED)
FINAL_DECISION_CHOICES = [(d.value, d.label) for d in FINAL_DECISIONS]


class Consultation(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed"
    PENDING = "pending", "Waiting for the ICO"
    ANSWERED = "answered", "ICO answered"


class EventType(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Answers changed"
    RISK_ADDED = "risk_added", "Risk added"
    RISK_REMOVED = "risk_removed", "Risk removed"
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    REVIEW_STARTED = "review_started", "Review started"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    DECIDED = "decided", "Decided"
    CONDITION_COMPLETED = "condition_completed", "Condition completed"
    SIGNED_OFF = "signed_off", "Signed off"
    CONSULTATION_ANSWERED = "consultation_answered", "ICO consultation answered"
    REVIEW_DUE = "review_due", "Review due"
    CLOSED = "closed", "Closed"
    REMINDER_SENT = "reminder_sent", "Reminder sent"


class ReminderKind(models.TextChoices):
    REVIEW_DATE = "review_date", "Review date in 30 days (to owners)"
    TIER_OVERDUE = "tier_overdue", "Past tier target (to the DPO)"
