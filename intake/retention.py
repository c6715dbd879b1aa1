"""Disposal of what requesters typed online (docs/retention.md).

A submission holds the requester's name, addresses and words. Once accepted, the request
it became holds them too, so the submission's copy goes when that request's requester data
goes (requests_tracker's `personal_data_disposed`). A submission rejected as spam or merged
into another request keeps them INTAKE_DECIDED_RETENTION_DAYS after the decision (the
merged words are in the other request's case file by then), then a daily job removes them.
Either way its evidence files go too; its status, dates and timeline stay, so the queue's
history and counts do not change.

Evidence uploaded in a journey that is never sent belongs to no submission: a daily job
deletes such files INTAKE_ABANDONED_UPLOAD_HOURS after they were uploaded
(`remove_abandoned_uploads`)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casefile.storage import document_storage
from requests_tracker.retention import DISPOSED_SUMMARY

from . import uploads
from .models import EventType, Status, Submission, SubmissionEvent, SubmissionFile

logger = logging.getLogger(__name__)

#: How many storage keys are looked up in the database at once.
_CHUNK = 500


@transaction.atomic
def dispose(submission_ids: Iterable[int]) -> int:
    """Remove the personal data of these submissions (those not disposed of already) and
    delete their files once the transaction commits. Returns how many."""
    submissions = list(
        Submission.objects.select_for_update()
        .filter(pk__in=list(submission_ids), disposed_at__isnull=True)
        .order_by("pk")
    )
    if not submissions:
        return 0
    ids = [submission.pk for submission in submissions]
    files = SubmissionFile.objects.filter(submission_id__in=ids)
    names = list(files.values_list("stored_name", flat=True))
    files.delete()
    Submission.objects.filter(pk__in=ids).update(
        name=DISPOSED_SUMMARY,
        email="",
        # The database wants an email or a postal address on every submission.
        address=DISPOSED_SUMMARY,
        request_text=DISPOSED_SUMMARY,
        subject_name="",
        date_range="",
        disposed_at=timezone.now(),
    )
    SubmissionEvent.objects.bulk_create(
        SubmissionEvent(
            submission_id=pk,
            type=EventType.DISPOSED,
            description="The requester's details and words were removed under the "
            "retention schedule.",
        )
        for pk in ids
    )

    def delete_files() -> None:
        for name in names:
            uploads.delete(name)

    transaction.on_commit(delete_files)
    return len(ids)


def dispose_with_requesters(sender, requester_ids, **kwargs) -> None:
    """Receiver of requests_tracker's `personal_data_disposed`."""
    dispose(
        Submission.objects.filter(request__requester_id__in=requester_ids).values_list(
            "pk", flat=True
        )
    )


def dispose_decided(*, now=None) -> int:
    """The daily job: rejected and merged submissions past their retention period."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INTAKE_DECIDED_RETENTION_DAYS)
    due = Submission.objects.filter(
        status__in=[Status.REJECTED, Status.MERGED],
        decided_at__lt=cutoff,
        disposed_at__isnull=True,
    ).values_list("pk", flat=True)
    return dispose(due)


def abandoned_uploads(*, now: datetime | None = None) -> list[str]:
    """Storage keys of evidence files under intake/ that no submission holds, uploaded
    more than INTAKE_ABANDONED_UPLOAD_HOURS before `now`: journeys never sent (or a file
    the requester replaced before sending). A submission's files are kept whatever their
    age: they go with its personal data (above)."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.INTAKE_ABANDONED_UPLOAD_HOURS)
    storage = document_storage()
    try:
        _, names = storage.listdir(uploads.UPLOAD_DIR)
    except FileNotFoundError:  # nothing was ever uploaded
        return []
    keys = sorted(f"{uploads.UPLOAD_DIR}/{name}" for name in names)
    found: list[str] = []
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        held = set(
            SubmissionFile.objects.filter(stored_name__in=chunk).values_list(
                "stored_name", flat=True
            )
        )
        found += [
            key for key in chunk if key not in held and storage.get_modified_time(key) < cutoff
        ]
    return found


def remove_abandoned_uploads(*, now: datetime | None = None) -> int:
    """The daily job: delete `abandoned_uploads`. Returns how many went. Safe to run twice
    or at once (a file already gone is not an error); each file is checked again just
    before it goes, so one sent meanwhile is kept. Logs counts only: never a file's name
    or key."""
    storage = document_storage()
    removed = 0
    for key in abandoned_uploads(now=now):
        if SubmissionFile.objects.filter(stored_name=key).exists():
            continue
        storage.delete(key)
        removed += 1
    logger.info("abandoned intake uploads removed: %s", removed)
    return removed
