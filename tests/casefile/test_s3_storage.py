"""Documents in S3-compatible object storage (DOCUMENT_STORAGE=s3): the documents API's
upload, download and versions against moto's standalone server on a loopback port (a real
S3 protocol peer, reached over HTTP by boto3), and disposal deleting the objects."""

from datetime import date

import pytest
import requests

from casefile.models import Document
from casefile.storage import S3DocumentStorage, document_storage
from core.models import AccessLogEntry
from requests_tracker import retention
from requests_tracker import services as request_services
from tests.config.test_settings import manage
from tests.services import free_port

from .conftest import PDF, clean_workbook
from .test_documents_api import upload

moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")
boto3 = pytest.importorskip("boto3")

pytestmark = pytest.mark.django_db

BUCKET = "rights-desk-documents"
KEY_ID, SECRET = "testing-key-id", "testing-secret-key"


@pytest.fixture
def s3(settings, tmp_path):
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    # The server keeps its buckets in this process's moto state: start from none.
    requests.post(f"{endpoint}/moto-api/reset", timeout=5).raise_for_status()
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-2",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.DOCUMENT_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "casefile.storage.S3DocumentStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "eu-west-2",
                "access_key": KEY_ID,
                "secret_key": SECRET,
                "addressing_style": "path",
                "location": "documents",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
    yield client
    requests.post(f"{endpoint}/moto-api/reset", timeout=5)
    server.stop()


def _objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def test_upload_and_download_go_through_the_bucket(api, information_request, s3, settings):
    assert isinstance(document_storage(), S3DocumentStorage)

    created = upload(api, information_request, PDF, name="letter.pdf", kind="identity")

    assert created.status_code == 201, created.content
    document = Document.objects.get(pk=created.json()["id"])
    assert _objects(s3) == {f"documents/{document.stored_name}": PDF}
    local = settings.DOCUMENTS_DIR
    assert not local.exists() or not any(path.is_file() for path in local.rglob("*"))
    response = api.get(created.json()["content_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="letter.pdf"' in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(record_type="document", record_id=document.pk).exists()


def test_a_new_version_is_a_new_object_and_the_earlier_one_stays(api, information_request, s3):
    first = upload(api, information_request, clean_workbook()).json()
    second_bytes = clean_workbook() + b""  # the same content, a separate version
    second = upload(api, information_request, second_bytes, replaces=first["id"]).json()

    assert second["replaces"] == first["id"]
    objects = _objects(s3)
    assert len(objects) == 2
    for created in (first, second):
        stored = Document.objects.get(pk=created["id"]).stored_name
        assert f"documents/{stored}" in objects
        response = api.get(created["content_url"])
        assert b"".join(response.streaming_content) == objects[f"documents/{stored}"]


def test_no_link_to_an_object_is_ever_made(s3):
    with pytest.raises(NotImplementedError):
        document_storage().url("documents/anything")


def test_a_refused_upload_leaves_nothing_in_the_bucket(api, information_request, s3):
    response = upload(api, information_request, PDF, kind="response", replaces=999999)

    assert response.status_code == 400
    assert "replaces" in response.json()
    assert _objects(s3) == {}


def test_disposal_deletes_the_objects(
    api, information_request, caseworker, s3, django_capture_on_commit_callbacks
):
    upload(api, information_request, PDF, name="id.pdf", kind="identity")
    assert len(_objects(s3)) == 1
    request_services.close_request(
        request_id=information_request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 20),
        outcome="granted_in_full",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.dispose(today=date(2030, 1, 2)).requesters == 1

    assert _objects(s3) == {}


# --- the settings, in a fresh interpreter ---------------------------------------------


def test_document_storage_s3_is_built_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; o = settings.STORAGES['documents'];"
        "print(o['BACKEND']); print(sorted((k, str(v)) for k, v in o['OPTIONS'].items()))",
        DOCUMENT_STORAGE="s3",
        DOCUMENT_S3_BUCKET="force-documents",
        DOCUMENT_S3_ENDPOINT_URL="https://s3.example.org",
        DOCUMENT_S3_REGION="eu-west-2",
    )

    assert result.returncode == 0, result.stderr
    backend, options = result.stdout.strip().splitlines()[-2:]
    assert backend == "casefile.storage.S3DocumentStorage"
    assert "('bucket_name', 'force-documents')" in options
    assert "('endpoint_url', 'https://s3.example.org')" in options
    assert "('region_name', 'eu-west-2')" in options
    assert "('default_acl', 'None')" in options
    assert "('file_overwrite', 'False')" in options


def test_the_check_refuses_s3_without_a_bucket():
    result = manage("check", DOCUMENT_STORAGE="s3")

    assert result.returncode != 0
    assert "casefile.E001" in result.stderr
    assert "DOCUMENT_S3_BUCKET" in result.stderr
