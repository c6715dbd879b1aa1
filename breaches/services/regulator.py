"""The risk, the regulator and the people affected: the domain work of the `assess`,
`decide`, `report`, `notify_subjects` and `close` actions (declared in `actions.py`,
which checks the actor, the version and the status first)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError

from core.kernel import Change

from .. import clock, selectors
from ..models import Breach
from ..vocabularies import Likelihood, Risk, Severity, Status
from .checks import check_moment, when


def assess(change: Change[Breach], *, likelihood: str, severity: str, rationale: str) -> None:
    """Record the likelihood and severity of harm; the risk follows from the matrix."""
    breach = change.record
    errors: dict[str, list[str]] = {}
    if likelihood not in Likelihood.values:
        errors["likelihood"] = ["Choose how likely it is that people will be harmed."]
    if severity not in Severity.values:
        errors["severity"] = ["Choose how severe the harm could be."]
    if not (rationale or "").strip():
        errors["rationale"] = ["Explain the reasons for this assessment of the risk."]
    if errors:
        raise ValidationError(errors)
    fields = ("likelihood", "severity", "risk", "risk_rationale")
    before = change.values(fields)
    breach.likelihood = likelihood
    breach.severity = severity
    breach.risk = clock.assess_risk(likelihood, severity).value
    breach.risk_rationale = rationale.strip()
    breach.assessed_at = selectors.now()
    breach.assessed_by = change.actor
    change.event(
        f"Risk assessed as {breach.get_risk_display().lower()} "
        f"(likelihood {breach.get_likelihood_display().lower()}, "
        f"severity {breach.get_severity_display().lower()}).",
        before=before,
        after=change.values(fields),
    )


def decide(change: Change[Breach], *, reportable: bool, reasons: str) -> None:
    """The DPO's decision whether the ICO must be told, with the reasons either way (the
    ICO expects the reasons for a decision not to report to be kept)."""
    breach = change.record
    errors: dict[str, list[str]] = {}
    if reportable not in (True, False):
        errors["reportable"] = ["Choose whether the breach must be reported to the ICO."]
    if not (reasons or "").strip():
        errors["reasons"] = [
            "Enter the reasons for the decision (the ICO expects them to be kept, "
            "including for a decision not to report)."
        ]
    if errors:
        raise ValidationError(errors)
    fields = ("reportable", "decision_reasons", "status")
    before = change.values(fields)
    breach.reportable = reportable
    breach.decision_reasons = reasons.strip()
    breach.dpo_consulted = True
    breach.decided_at = selectors.now()
    breach.decided_by = change.actor
    if not reportable:
        breach.status = Status.NOT_REPORTABLE
    verdict = "must be reported to the ICO" if reportable else "does not need to be reported"
    change.event(f"Decided the breach {verdict}.", before=before, after=change.values(fields))


def report(
    change: Change[Breach],
    *,
    reported_at: datetime | None,
    regulator_reference: str = "",
    late_reason: str = "",
) -> None:
    """Record that the breach was reported to the ICO; after the 72 hours, the reasons
    for the delay are required (DPA 2018 s.67(3); UK GDPR Art. 33(1))."""
    breach = change.record
    errors: dict[str, list[str]] = {}
    if reported_at is None:
        errors["reported_at"] = ["Enter when the breach was reported to the ICO."]
    else:
        check_moment(
            errors,
            "reported_at",
            reported_at,
            "The time of the report",
            now=selectors.now(),
            not_before=breach.aware_at,
            not_before_text="the time the force became aware of the breach",
        )
    late = (
        "reported_at" not in errors
        and reported_at is not None
        and clock.is_late(reported_at=reported_at, due_at=breach.report_due_at)
    )
    if late and not (late_reason or "").strip():
        errors["late_reason"] = [
            f"The report was made after the 72-hour deadline ({when(breach.report_due_at)}): "
            "enter the reasons for the delay."
        ]
    if errors:
        raise ValidationError(errors)
    assert reported_at is not None  # checked above
    fields = ("status", "reported_at", "regulator_reference", "late_report_reason")
    before = change.values(fields)
    breach.reported_at = reported_at
    breach.regulator_reference = (regulator_reference or "").strip()
    breach.late_report_reason = (late_reason or "").strip() if late else ""
    breach.status = change.action.target  # type: ignore[assignment]  # now, so the event's after-values show it
    change.event(
        f"Reported to the ICO {when(reported_at)}"
        + (" – after the 72-hour deadline." if late else " – within 72 hours."),
        before=before,
        after=change.values(fields),
    )


def notify_subjects(
    change: Change[Breach],
    *,
    notified: bool,
    notified_at: datetime | None = None,
    reasons: str = "",
) -> None:
    """Whether the people affected were told (Art. 34; DPA 2018 s.68), and when; when not,
    why not."""
    breach = change.record
    errors: dict[str, list[str]] = {}
    if notified not in (True, False):
        errors["notified"] = ["Choose whether the people affected were told."]
    elif notified:
        if notified_at is None:
            errors["notified_at"] = ["Enter when the people affected were told."]
        else:
            check_moment(
                errors,
                "notified_at",
                notified_at,
                "The time people were told",
                now=selectors.now(),
                not_before=breach.aware_at,
                not_before_text="the time the force became aware of the breach",
            )
    elif not (reasons or "").strip():
        errors["reasons"] = ["Enter the reasons the people affected were not told."]
    if errors:
        raise ValidationError(errors)
    fields = ("subjects_notified", "subjects_notified_at", "subjects_notification_reasons")
    before = change.values(fields)
    breach.subjects_notified = notified
    breach.subjects_notified_at = notified_at if notified else None
    breach.subjects_notification_reasons = (reasons or "").strip()
    change.event(
        f"The people affected were told {when(notified_at)}."
        if notified and notified_at is not None
        else "The people affected were not told.",
        before=before,
        after=change.values(fields),
    )


def close(change: Change[Breach], *, lessons_learned: str) -> None:
    breach = change.record
    errors: dict[str, list[str]] = {}
    if not (lessons_learned or "").strip():
        errors["lessons_learned"] = ["Enter the lessons learned, to help prevent a repeat."]
    if breach.risk == Risk.HIGH_RISK and breach.subjects_notified is None:
        errors["subjects_notified"] = [
            "This breach is high risk: record whether the people affected were told "
            "before closing it."
        ]
    if errors:
        raise ValidationError(errors)
    fields = ("status", "lessons_learned")
    before = change.values(fields)
    breach.lessons_learned = lessons_learned.strip()
    breach.status = change.action.target  # type: ignore[assignment]  # now, so the event's after-values show it
    breach.closed_at = selectors.now()
    change.event("Breach closed.", before=before, after=change.values(fields))
