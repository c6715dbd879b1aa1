"""Deadline alerts: the DPO group is emailed as a breach's 72 hours run out."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import Role, User
from core import notifications

from .. import clock, selectors
from ..models import Breach, BreachAlert
from ..vocabularies import AWAITING_STATUSES, AlertThreshold, EventType
from .actions import WORKFLOW
from .checks import when

logger = logging.getLogger(__name__)


def _thresholds(breach: Breach, at: datetime) -> list[str]:
    if breach.report_due_at <= at:
        return [AlertThreshold.OVERDUE]
    if breach.report_due_at <= at + clock.DUE_SOON_WINDOW:
        return [AlertThreshold.DUE_SOON]
    return []


def _dpo_addresses() -> list[str]:
    return sorted(
        {
            email
            for email in User.objects.filter(groups__name=Role.DPO, is_active=True).values_list(
                "email", flat=True
            )
            if email
        }
    )


def _alert_context(breach: Breach, threshold: str, at: datetime) -> dict[str, Any]:
    """What the alert says: the reference, the nature and the deadline; never the
    summary (which may name people)."""
    return {
        "breach": breach,
        "overdue": threshold == AlertThreshold.OVERDUE,
        "nature": breach.get_nature_display().lower(),
        "aware": when(breach.aware_at),
        "due": when(breach.report_due_at),
        "countdown": clock.countdown_text(breach.report_due_at, at),
        "link": notifications.absolute_url("breaches:detail", breach.pk),
    }


def send_deadline_alerts(*, at: datetime | None = None) -> list[str]:
    """Email the DPO group about breaches awaiting a decision with less than 24 hours
    left, and about missed deadlines: once per breach per threshold (BreachAlert rows
    record what was sent; the unique constraint makes a second run, or two overlapping
    runs, send nothing twice). Returns "REF:threshold" for each alert sent."""
    at = at or selectors.now()
    sent: list[str] = []
    candidates = selectors.due_within(Breach.objects.all(), at=at).exclude(
        alerts__threshold=AlertThreshold.OVERDUE
    )
    recipients = _dpo_addresses()
    for breach_id in candidates.values_list("pk", flat=True):
        sent.extend(_alert_breach(breach_id=breach_id, at=at, recipients=recipients))
    return sent


@transaction.atomic
def _alert_breach(*, breach_id: int, at: datetime, recipients: list[str]) -> list[str]:
    breach = Breach.objects.select_for_update().get(pk=breach_id)
    if breach.status not in AWAITING_STATUSES:
        return []
    sent = []
    for threshold in _thresholds(breach, at):
        if breach.alerts.filter(threshold=threshold).exists():
            continue  # already sent (the breach row is locked, so no other run is here)
        try:
            with transaction.atomic():
                BreachAlert.objects.create(
                    breach=breach, threshold=threshold, recipients=len(recipients)
                )
        except IntegrityError:
            continue
        if recipients:
            # Inside the transaction: if sending fails, the alert row is rolled back and
            # the next run tries again.
            notifications.send(
                "breaches/emails/deadline_alert",
                _alert_context(breach, threshold, at),
                recipients,
            )
        else:
            logger.warning(
                "breach alert %s for %s: no DPO has an email address", threshold, breach.reference
            )
        WORKFLOW.event(
            breach,
            EventType.ALERT_SENT,
            None,
            f"{AlertThreshold(threshold).label}: alert emailed to {len(recipients)} "
            f"member(s) of the DPO group.",
            after={"threshold": threshold},
        )
        sent.append(f"{breach.reference}:{threshold}")
        logger.info("breach alert sent: %s %s", breach.reference, threshold)
    return sent
