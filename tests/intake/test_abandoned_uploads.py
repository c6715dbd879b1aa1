"""Evidence uploaded in an online journey that is never sent: deleted from document
storage INTAKE_ABANDONED_UPLOAD_HOURS after its upload (a daily job and a command), on
real files in the local document directory (test_abandoned_uploads_s3.py: in a bucket);
a sent submission's files and a recent upload are kept, and nothing personal is logged.

A file's age is its storage's modification time, which the clock of this process does
not move: the tests pass `now` (a time after the real upload) instead of travelling."""

import logging
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from casefile.storage import document_storage
from intake import retention, services
from intake.tasks import remove_abandoned_uploads

from .conftest import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_a_day(settings):
    settings.INTAKE_ABANDONED_UPLOAD_HOURS = 24


def upload(name: str = "passport-Ottoline-Quarrendon.png"):
    return services.store_evidence(SimpleUploadedFile(name, PNG), "identity", "identity")


def exists(key: str) -> bool:
    return document_storage().exists(key)


def hours_later(hours: float):
    return timezone.now() + timedelta(hours=hours)


def test_an_upload_never_sent_goes_after_the_set_hours_and_a_sent_one_stays(
    submit, settings, caplog
):
    abandoned = upload()
    sent = upload("driving-licence.png")
    submission = submit(kind="roa", about="myself", evidence=[sent])
    assert (settings.DOCUMENTS_DIR / abandoned.stored_name).read_bytes() == PNG  # a real file
    assert remove_abandoned_uploads.delay().get() == 0  # the daily job: all just uploaded
    assert retention.remove_abandoned_uploads(now=hours_later(23)) == 0
    assert exists(abandoned.stored_name)
    with caplog.at_level(logging.INFO, logger="intake.retention"):
        assert retention.remove_abandoned_uploads(now=hours_later(25)) == 1
    assert not exists(abandoned.stored_name)
    assert not (settings.DOCUMENTS_DIR / abandoned.stored_name).exists()
    assert exists(sent.stored_name)
    assert submission.files.get().stored_name == sent.stored_name
    assert "abandoned intake uploads removed: 1" in caplog.text
    for personal in ("Ottoline", "passport", abandoned.stored_name):
        assert personal not in caplog.text
    assert retention.remove_abandoned_uploads(now=hours_later(25)) == 0  # twice is harmless


def test_the_hours_follow_the_setting(settings):
    item = upload()
    settings.INTAKE_ABANDONED_UPLOAD_HOURS = 48
    assert retention.remove_abandoned_uploads(now=hours_later(25)) == 0
    assert retention.remove_abandoned_uploads(now=hours_later(49)) == 1
    assert not exists(item.stored_name)


def test_nothing_ever_uploaded_is_not_an_error(settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path / "empty"
    assert retention.remove_abandoned_uploads(now=hours_later(100)) == 0


def test_the_command_counts_with_dry_run_then_deletes(capsys, settings):
    item = upload()
    settings.INTAKE_ABANDONED_UPLOAD_HOURS = 0  # the command runs at the real time
    call_command("remove_abandoned_uploads", "--dry-run")
    assert "1 abandoned uploads older than 0 hours would be deleted" in capsys.readouterr().out
    assert exists(item.stored_name)
    call_command("remove_abandoned_uploads")
    assert "Deleted 1 abandoned uploads older than 0 hours" in capsys.readouterr().out
    assert not exists(item.stored_name)
