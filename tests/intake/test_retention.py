"""What a requester typed online goes on the retention schedule, like the rest of their data."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake import retention, services, uploads
from intake.models import EventType, Submission, SubmissionFile
from intake.tasks import dispose_decided_submissions
from requests_tracker import retention as request_retention
from requests_tracker import services as request_services
from requests_tracker.retention import DISPOSED_SUMMARY

from .conftest import PNG

pytestmark = pytest.mark.django_db

PERSONAL = ("Ottoline Quarrendon", "ottoline.q@example.net", "speed cameras")


def _holds_nothing_personal(submission: Submission) -> None:
    submission.refresh_from_db()
    text = " ".join(
        [
            submission.name,
            submission.email,
            submission.address,
            submission.request_text,
            submission.subject_name,
            submission.date_range,
        ]
    )
    for words in PERSONAL:
        assert words not in text
    assert submission.request_text == DISPOSED_SUMMARY
    assert submission.disposed_at is not None
    assert submission.events.filter(type=EventType.DISPOSED).count() == 1


def test_a_rejected_submission_keeps_its_words_for_the_period_then_they_go(
    submit, caseworker, settings, committed
):
    settings.INTAKE_DECIDED_RETENTION_DAYS = 90
    evidence = services.store_evidence(
        SimpleUploadedFile("passport.png", PNG, content_type="image/png"), "identity"
    )
    submission = submit(kind="roa", about="myself", evidence=[evidence])
    (stored,) = SubmissionFile.objects.filter(submission=submission)
    services.reject(submission_id=submission.pk, actor=caseworker, reason="Spam", version=1)
    submission.refresh_from_db()

    assert dispose_decided_submissions() == 0  # decided today: kept
    later = submission.decided_at + timedelta(days=91)
    assert committed(retention.dispose_decided, now=later) == 1
    _holds_nothing_personal(submission)
    assert submission.status == "rejected"  # the queue's history stays
    assert not SubmissionFile.objects.filter(submission=submission).exists()
    with pytest.raises(FileNotFoundError):
        uploads.read(stored.stored_name)
    assert committed(retention.dispose_decided, now=later) == 0  # once only


def test_an_accepted_submission_goes_with_its_request(submit, caseworker, on_day, committed):
    on_day("2019-06-03")
    submission = submit()
    request = committed(services.accept, submission_id=submission.pk, actor=caseworker, version=1)
    on_day("2019-06-21")
    request_services.close_request(
        request_id=request.pk, actor=caseworker, closed_on=date(2019, 6, 20), outcome="not_held"
    )
    on_day("2026-12-02")
    assert request_retention.dispose(today=date(2026, 12, 2)).requesters == 1
    _holds_nothing_personal(submission)


def test_pending_submissions_are_never_disposed_of_by_the_job(submit, committed):
    submission = submit()
    far = timezone.now() + timedelta(days=10_000)
    assert committed(retention.dispose_decided, now=far) == 0
    submission.refresh_from_db()
    assert submission.name == "Ottoline Quarrendon"
