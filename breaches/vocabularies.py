"""Fixed vocabularies for the breach register. Codes are part of the API contract."""

from django.db import models

from . import clock


class Source(models.TextChoices):
    INTERNAL = "internal", "Internal"
    EXTERNAL = "external", "External"
    THIRD_PARTY = "third_party", "Third party (processor or partner)"


class Nature(models.TextChoices):
    MISDIRECTED_EMAIL = "misdirected_email", "Misdirected email"
    MISDIRECTED_POST = "misdirected_post", "Misdirected post"
    LOST_OR_STOLEN_DEVICE = "lost_or_stolen_device", "Lost or stolen device"
    LOST_OR_STOLEN_PAPERWORK = "lost_or_stolen_paperwork", "Lost or stolen paperwork"
    UNAUTHORISED_ACCESS = "unauthorised_access", "Unauthorised access by staff"
    UNAUTHORISED_DISCLOSURE = "unauthorised_disclosure", "Unauthorised disclosure"
    CYBER_INCIDENT = "cyber_incident", "Cyber incident"
    INSECURE_DISPOSAL = "insecure_disposal", "Insecure disposal"
    SYSTEM_ERROR = "system_error", "System or process error"
    OTHER = "other", "Other"


class SecurityProperty(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", "Confidentiality"
    INTEGRITY = "integrity", "Integrity"
    AVAILABILITY = "availability", "Availability"


class Likelihood(models.TextChoices):
    REMOTE = clock.Likelihood.REMOTE.value, "Remote"
    POSSIBLE = clock.Likelihood.POSSIBLE.value, "Possible"
    PROBABLE = clock.Likelihood.PROBABLE.value, "Probable"


class Severity(models.TextChoices):
    MINIMAL = clock.Severity.MINIMAL.value, "Minimal"
    SIGNIFICANT = clock.Severity.SIGNIFICANT.value, "Significant"
    SEVERE = clock.Severity.SEVERE.value, "Severe"


class Risk(models.TextChoices):
    NO_RISK = clock.Risk.NO_RISK.value, "No risk"
    RISK = clock.Risk.RISK.value, "Risk"
    HIGH_RISK = clock.Risk.HIGH_RISK.value, "High risk"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ASSESSED = "assessed", "Assessed"
    REPORTED = "reported", "Reported to the ICO"
    NOT_REPORTABLE = "not_reportable", "Not reportable"
    CLOSED = "closed", "Closed"


#: Statuses in which the 72-hour clock is still running (no report made, no decision
#: not to report).
AWAITING_STATUSES = (Status.OPEN, Status.ASSESSED)


class ActionKind(models.TextChoices):
    CONTAINMENT = "containment", "Containment"
    REMEDIAL = "remedial", "Remedial"


class AlertThreshold(models.TextChoices):
    DUE_SOON = "due_soon", "Less than 24 hours left"
    OVERDUE = "overdue", "Deadline missed"


class EventType(models.TextChoices):
    RECORDED = "recorded", "Breach recorded"
    DETAILS_UPDATED = "details_updated", "Details updated"
    ASSESSED = "assessed", "Risk assessed"
    DECIDED = "decided", "Regulator decision recorded"
    REPORTED = "reported", "Reported to the ICO"
    SUBJECTS_NOTIFIED = "subjects_notified", "Data subjects answer recorded"
    ACTION_ADDED = "action_added", "Action added"
    ACTION_COMPLETED = "action_completed", "Action completed"
    ALERT_SENT = "alert_sent", "Deadline alert sent"
    CLOSED = "closed", "Breach closed"


class SnapshotDimension(models.TextChoices):
    ALL = "all", "All breaches"
    SOURCE = "source", "Source"
    NATURE = "nature", "Nature"
    RISK = "risk", "Risk"
    UNIT = "unit", "Unit"
