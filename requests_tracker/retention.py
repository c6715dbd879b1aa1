"""Retention and disposal of requesters' personal data (services and selectors).

A requester's personal data (name, email, address, phone) and the free text of their
requests that may hold personal data (summary, notes and reasons) are erased once every
request of theirs has been finished for longer than its kind's retention period
(RETENTION_YEARS) and none is on legal hold. The request records themselves stay, with
their dates, status, outcome and timeline shape, so no timeliness figure changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core.dates import uk_today

from .models import DisposalRun, InformationRequest, Requester, RequestEvent
from .services import WORKFLOW
from .signals import personal_data_disposed
from .vocabularies import ACTIVE_STATUSES, EventType, RequestKind

logger = logging.getLogger(__name__)

DISPOSED_SUMMARY = "[Removed under the retention schedule]"
#: Timeline entries whose description can carry free text typed by a person.
FREE_TEXT_EVENTS = (EventType.NOTE, EventType.WITHDRAWN, EventType.EXTENDED, EventType.REOPENED)
BATCH = 500


def retention_years() -> dict[str, int]:
    return {kind: settings.RETENTION_YEARS[kind] for kind in RequestKind.values}


def _still_kept(today: date) -> Q:
    """Requests that keep their requester's data: open, on legal hold, or finished
    within their kind's retention period (needs the `finished_on` annotation)."""
    within = Q()
    for kind, years in retention_years().items():
        within |= Q(kind=kind, finished_on__gt=today - relativedelta(years=years))
    return Q(status__in=ACTIVE_STATUSES) | Q(legal_hold=True) | Q(finished_on__isnull=True) | within


def due_for_disposal(*, today: date | None = None) -> QuerySet[Requester]:
    """Requesters whose personal data is due to be disposed of today."""
    today = today or uk_today()
    blocking = InformationRequest.objects.annotate(
        finished_on=Coalesce("closed_on", "withdrawn_on", "lapsed_on")
    ).filter(_still_kept(today), requester=OuterRef("pk"))
    return (
        Requester.objects.filter(disposed_at__isnull=True, requests__isnull=False)
        .exclude(Exists(blocking))
        .distinct()
        .order_by("pk")
    )


@dataclass(frozen=True)
class DisposalResult:
    requesters: int
    references: list[str]


def dispose(
    *, today: date | None = None, progress: Callable[[int], None] | None = None
) -> DisposalResult:
    """Erase the personal data that is due; record what went. Idempotent."""
    today = today or uk_today()
    ids = list(due_for_disposal(today=today).values_list("pk", flat=True))
    references: list[str] = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            requests = InformationRequest.objects.select_for_update(of=("self",)).filter(
                requester_id__in=batch
            )
            refs = list(requests.values_list("reference", flat=True))
            Requester.objects.filter(pk__in=batch).update(
                name="", email="", address="", phone="", disposed_at=timezone.now()
            )
            requests.update(
                summary=DISPOSED_SUMMARY,
                extension_reason="",
                late_reason_detail="",
                withdrawal_reason="",
                legal_hold_reason="",
            )
            # The timeline keeps its shape (who did what when); typed text goes.
            RequestEvent.objects.filter(
                request__requester_id__in=batch, type__in=FREE_TEXT_EVENTS
            ).update(description=DISPOSED_SUMMARY)
            RequestEvent.objects.bulk_create(
                RequestEvent(
                    request_id=pk,
                    type=EventType.PERSONAL_DATA_DISPOSED,
                    description="The requester's personal data was disposed of under the retention schedule.",
                )
                for pk in InformationRequest.objects.filter(requester_id__in=batch).values_list(
                    "pk", flat=True
                )
            )
            DisposalRun.objects.create(requesters=len(batch), requests=len(refs), references=refs)
            personal_data_disposed.send(sender=Requester, requester_ids=batch)
        references += refs
        if progress:
            progress(len(batch))
    if ids:
        logger.info(
            "disposed of the personal data of %d requesters (%d requests)",
            len(ids),
            len(references),
        )
    return DisposalResult(requesters=len(ids), references=references)


def set_legal_hold(
    *, request_id: int, actor: User, hold: bool, reason: str = "", version: int | None = None
) -> InformationRequest:
    """Put a request on legal hold (its requester's data is never disposed of) or release it."""
    return WORKFLOW.perform(
        "legal_hold", pk=request_id, actor=actor, version=version, hold=hold, reason=reason
    )
