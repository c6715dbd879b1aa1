"""Background jobs through a real Celery worker, Redis and PostgreSQL: a large export is
made into a file the owner downloads; a large upload is imported with progress."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core.models import AccessLogEntry, Job
from requests_tracker.models import InformationRequest
from tests.requests_tracker.test_exports import log
from tests.requests_tracker.test_legacy_import import GOOD, csv_text
from tests.services import Worker, database_url


@pytest.fixture
def job_worker(transactional_db, settings):
    worker = Worker(
        database=database_url(connection),
        broker=settings.CELERY_BROKER_URL,
        pool="solo",
        env={"JOB_FILES_DIR": str(settings.JOB_FILES_DIR)},
    ).start()
    yield worker
    worker.stop()


def wait_for(job: Job, worker) -> Job:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        assert worker.poll() is None, "the worker process died"
        time.sleep(0.3)
    raise AssertionError(f"job still {job.status} after 90 s")


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_a_worker_makes_a_large_export_and_imports_a_large_upload(
    job_worker, client, make_user, settings, on_day
):
    from config.celery import app

    assert not app.conf.task_always_eager
    settings.EXPORT_ASYNC_ROWS = 2
    settings.IMPORT_ASYNC_BYTES = 100
    dana = make_user("dana", role="dpo")
    log(make_user("casey"), 3)
    client.force_login(dana)

    response = client.post("/requests/export.csv", {})
    job = wait_for(Job.objects.get(kind="requests_export"), job_worker)
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.done, job.total) == ("done", 3, 3), job.error
    assert AccessLogEntry.objects.filter(record_type="request", export_rows=3).count() == 3
    download = client.get(f"/jobs/{job.pk}/download")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 3
    assert AccessLogEntry.objects.filter(record_type="export_file").count() == 1

    upload = SimpleUploadedFile("good.csv", csv_text(GOOD).encode(), content_type="text/csv")
    response = client.post("/requests/import/", {"file": upload})
    job = wait_for(Job.objects.get(kind="requests_import"), job_worker)
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done", job.error
    assert job.result["imported"] == 7
    assert InformationRequest.objects.filter(legacy_reference__startswith="L-").count() == 7
    assert "Imported 7 requests" in client.get(f"/jobs/{job.pk}/").content.decode()
