"""Abandoned intake uploads in an S3 bucket (DOCUMENT_STORAGE=s3, moto's standalone
server on loopback, as tests/casefile/test_s3_storage.py): the abandoned object goes,
the sent submission's stays."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake import retention, services
from tests.casefile.test_s3_storage import BUCKET, s3  # noqa: F401 - the fixture

from .conftest import PNG

pytestmark = pytest.mark.django_db


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_an_abandoned_upload_in_the_bucket_goes_and_a_sent_one_stays(s3, submit, settings):  # noqa: F811
    settings.INTAKE_ABANDONED_UPLOAD_HOURS = 24
    abandoned, sent = (
        services.store_evidence(SimpleUploadedFile(name, PNG), "identity", "identity")
        for name in ("passport.png", "licence.png")
    )
    submit(kind="roa", about="myself", evidence=[sent])
    assert keys(s3) == {f"documents/{abandoned.stored_name}", f"documents/{sent.stored_name}"}
    assert retention.remove_abandoned_uploads() == 0  # just uploaded
    later = timezone.now() + timedelta(hours=25)  # the bucket's clock dated the objects
    assert retention.remove_abandoned_uploads(now=later) == 1
    assert keys(s3) == {f"documents/{sent.stored_name}"}
