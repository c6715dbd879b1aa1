"""The daily job: reminders before a review date and past a tier's target, and moving
decided assessments whose review date has come to "review due"."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from accounts.models import Role, User
from core import notifications
from core.errors import TransitionError

from .. import rules
from ..models import Assessment, ReminderSent
from ..selectors import uk_today
from ..vocabularies import WITH_DPO, EventType, ReminderKind, Status
from .actions import WORKFLOW, mark_review_due

logger = logging.getLogger(__name__)


def _send_reminder(
    *,
    assessment: Assessment,
    kind: ReminderKind,
    threshold_on: date,
    recipients: list[str],
    template: str,
    context: dict[str, Any],
) -> bool:
    """Send one reminder unless it was sent before. The record and the email are in one
    transaction: if sending fails, the record is rolled back and the job retries."""
    with transaction.atomic():
        _, created = ReminderSent.objects.get_or_create(
            assessment=assessment,
            kind=kind,
            threshold_on=threshold_on,
            defaults={"recipients": len(recipients)},
        )
        if not created:
            return False
        if recipients:
            notifications.send(template, context, recipients)
        WORKFLOW.event(
            assessment,
            EventType.REMINDER_SENT,
            None,
            f"Reminder sent ({ReminderKind(kind).label.lower()}) to {len(recipients)} recipient(s).",
            after={"kind": kind, "threshold_on": threshold_on.isoformat()},
        )
        logger.info("dpia reminder %s sent for %s", kind, assessment.reference)
        return True


def _link(assessment: Assessment) -> str:
    return notifications.absolute_url("dpia:detail", assessment.pk)


def send_due_reminders(*, today: date | None = None) -> dict[str, int]:
    """Daily: remind owners 30 days before a review date, the DPO about assessments past
    their tier's target date (each once per threshold), and move decided assessments
    whose review date has come to "review due". Safe to run any number of times."""
    today = today or uk_today()
    counts = {"review_date": 0, "tier_overdue": 0, "review_due": 0}
    reminder_window_end = today + timedelta(days=rules.REVIEW_REMINDER_DAYS)
    review_candidates = Assessment.objects.filter(
        status=Status.DECIDED, next_review_on__isnull=False, next_review_on__lte=reminder_window_end
    ).select_related("asset_owner", "project_lead")
    for assessment in review_candidates:
        if not rules.review_reminder_due(assessment.next_review_on, today):
            continue
        recipients = sorted(
            {
                person.email
                for person in (assessment.asset_owner, assessment.project_lead)
                if person.email
            }
        )
        if _send_reminder(
            assessment=assessment,
            kind=ReminderKind.REVIEW_DATE,
            threshold_on=assessment.next_review_on,  # type: ignore[arg-type]
            recipients=recipients,
            template="dpia/emails/review_date",
            context={"assessment": assessment, "link": _link(assessment)},
        ):
            counts["review_date"] += 1
    dpo_emails = sorted(
        User.objects.filter(groups__name=Role.DPO, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    for assessment in Assessment.objects.filter(status__in=WITH_DPO, target_on__lt=today):
        if _send_reminder(
            assessment=assessment,
            kind=ReminderKind.TIER_OVERDUE,
            threshold_on=assessment.target_on,  # type: ignore[arg-type]
            recipients=dpo_emails,
            template="dpia/emails/tier_overdue",
            context={
                "assessment": assessment,
                "status": assessment.get_status_display().lower(),
                "link": _link(assessment),
            },
        ):
            counts["tier_overdue"] += 1
    due_ids = Assessment.objects.filter(
        status=Status.DECIDED, next_review_on__isnull=False, next_review_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(due_ids):
        try:
            mark_review_due(assessment_id=pk)
        except TransitionError:  # someone closed it meanwhile
            continue
        counts["review_due"] += 1
    return counts


def is_late_now(assessment: Assessment, today: date | None = None) -> bool:
    return assessment.status in WITH_DPO and rules.is_late(
        assessment.target_on, today or uk_today()
    )
