"""The documents API: upload, list, download (access-logged), refusals, the release check,
confirmation and release, versions, and disposal with the requester's personal data."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from casefile.models import Document
from core.models import AccessLogEntry
from requests_tracker import retention
from requests_tracker import services as request_services
from requests_tracker.models import RequestEvent

from .conftest import PDF, clean_workbook, workbook_with_hidden_sheet_of_names

pytestmark = pytest.mark.django_db


def upload(api, request, data, name="response.xlsx", kind="response", **extra):
    return api.post(
        reverse("request-documents", kwargs={"pk": request.pk}),
        {"file": SimpleUploadedFile(name, data), "kind": kind, **extra},
        format="multipart",
    )


def test_upload_answers_201_with_the_metadata_and_keeps_only_metadata_in_the_db(
    api, information_request, settings
):
    data = PDF
    response = upload(api, information_request, data, name="letter.pdf", kind="request")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "kind", "filename", "size", "sha256", "content_type", "uploaded_at"} <= set(body)
    assert body["kind"] == "request"
    assert body["filename"] == "letter.pdf"
    assert body["size"] == len(data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["content_type"] == "application/pdf"
    assert body["release_check"] == {}  # only responses are checked
    document = Document.objects.get(pk=body["id"])
    stored = settings.DOCUMENTS_DIR / document.stored_name
    assert stored.read_bytes() == data
    assert "letter" not in document.stored_name  # the storage key is not the user's name
    event = information_request.events.get(type="document_uploaded")
    assert "letter.pdf" not in event.description  # a file name can itself be personal data


def test_the_list_shows_every_document(api, information_request):
    upload(api, information_request, PDF, name="a.pdf", kind="request")
    upload(api, information_request, b"Dear team,\nplease\n", name="b.txt", kind="correspondence")
    response = api.get(reverse("request-documents", kwargs={"pk": information_request.pk}))
    assert response.status_code == 200
    assert [d["filename"] for d in response.json()] == ["a.pdf", "b.txt"]


def test_download_returns_the_file_and_logs_the_access(api, information_request, caseworker):
    created = upload(api, information_request, PDF, name="letter.pdf", kind="identity").json()
    response = api.get(created["content_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="letter.pdf"' in response["Content-Disposition"]
    entry = AccessLogEntry.objects.get(record_type="document")
    assert entry.user == caseworker
    assert entry.record_id == created["id"]
    assert entry.record_reference == information_request.reference


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "report.pdf", "program"),
        (b"\x7fELF\x02\x01" + b"\x00" * 100, "report.pdf", "program"),
        (b"#!/bin/sh\nrm -rf /\n", "notes.txt", "program"),
        (bytes(range(256)) * 4, "data.pdf", "not a type"),
        (b"PK\x05\x06" + b"\x00" * 18, "archive.docx", "not a type"),
    ],
)
def test_refused_types_answer_400_on_the_file_field(api, information_request, data, name, words):
    response = upload(api, information_request, data, name=name, kind="gathered")
    assert response.status_code == 400
    assert words in response.json()["file"][0]
    assert not Document.objects.exists()


def test_empty_file_answers_400(api, information_request):
    response = upload(api, information_request, b"", name="empty.txt", kind="gathered")
    assert response.status_code == 400
    assert "file" in response.json()


def test_too_large_answers_400(api, information_request, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    response = upload(api, information_request, b"x" * 101, name="big.txt", kind="gathered")
    assert response.status_code == 400
    assert "smaller than" in response.json()["file"][0]
    assert (
        upload(api, information_request, b"x" * 100, name="ok.txt", kind="gathered").status_code
        == 201
    )


def _raw_multipart(client, url, filename: str, data: bytes, kind: str = "gathered"):
    boundary = "casefileboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "a/b.txt", "a\\b.txt", "..", "x..txt"])
def test_a_name_that_is_a_path_answers_400(api, information_request, name):
    url = reverse("request-documents", kwargs={"pk": information_request.pk})
    response = _raw_multipart(api, url, name, b"some text\n")
    assert response.status_code == 400, response.content
    assert "file" in response.json()
    assert not Document.objects.exists()


def test_a_plain_name_through_the_same_raw_body_is_accepted(api, information_request):
    url = reverse("request-documents", kwargs={"pk": information_request.pk})
    response = _raw_multipart(api, url, "notes.txt", b"some text\n")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"kind": "response"}, "file"), ({"kind": "nonsense"}, "kind"), ({}, "kind")],
)
def test_missing_or_bad_fields_answer_400(api, information_request, payload, field):
    url = reverse("request-documents", kwargs={"pk": information_request.pk})
    if "file" not in payload and field != "file":
        payload = {**payload, "file": SimpleUploadedFile("a.txt", b"text\n")}
    response = api.post(url, payload, format="multipart")
    assert response.status_code == 400
    assert field in response.json()


def test_the_type_comes_from_the_content_not_the_name(api, information_request):
    response = upload(api, information_request, PDF, name="looks-like.xlsx", kind="gathered")
    assert response.status_code == 201
    assert response.json()["content_type"] == "application/pdf"


def test_a_response_is_release_checked_on_upload(api, information_request):
    body = upload(api, information_request, workbook_with_hidden_sheet_of_names()).json()
    check = body["release_check"]
    assert check["status"] == "findings"
    kinds = {finding["kind"] for finding in check["findings"]}
    assert "hidden_sheet" in kinds
    assert any(finding["location"] == "Staff" for finding in check["findings"])
    clean = upload(api, information_request, clean_workbook(), name="clean.xlsx").json()
    assert clean["release_check"]["status"] == "passed"


def test_findings_block_release_until_a_named_user_confirms_with_a_reason(
    api, information_request, caseworker
):
    body = upload(api, information_request, workbook_with_hidden_sheet_of_names()).json()
    release = reverse("document-release", kwargs={"pk": body["id"]})
    confirm = reverse("document-confirm-release", kwargs={"pk": body["id"]})
    refused = api.post(release)
    assert refused.status_code == 409
    assert "nobody has confirmed" in refused.json()["detail"]
    assert api.post(confirm, {"reason": ""}, format="json").status_code == 400
    assert "reason" in api.post(confirm, {}, format="json").json()
    assert "reason" in api.post(confirm, {"reason": "   "}, format="json").json()
    confirmed = api.post(confirm, {"reason": "The hidden sheet is removed by the PDF export"})
    assert confirmed.status_code == 200
    assert confirmed.json()["release_confirmed_by"] == caseworker.display_name
    event = information_request.events.get(type="release_confirmed")
    assert "removed by the PDF export" in event.description
    assert event.actor == caseworker
    released = api.post(release)
    assert released.status_code == 200
    assert released.json()["released_at"]
    assert information_request.events.filter(type="document_released").count() == 1
    assert api.post(release).status_code == 409  # once


def test_a_clean_response_is_released_without_confirmation(api, information_request):
    body = upload(api, information_request, clean_workbook(), name="clean.xlsx").json()
    confirm = reverse("document-confirm-release", kwargs={"pk": body["id"]})
    assert api.post(confirm, {"reason": "why not"}).status_code == 409  # nothing to confirm
    assert api.post(reverse("document-release", kwargs={"pk": body["id"]})).status_code == 200


def test_a_gathered_document_is_never_released(api, information_request):
    body = upload(api, information_request, PDF, name="g.pdf", kind="gathered").json()
    assert api.post(reverse("document-release", kwargs={"pk": body["id"]})).status_code == 409


def test_a_replaced_response_keeps_its_earlier_versions(api, information_request):
    first = upload(api, information_request, workbook_with_hidden_sheet_of_names()).json()
    second = upload(api, information_request, clean_workbook(), replaces=first["id"]).json()
    assert second["version"] == 2
    assert second["replaces"] == first["id"]
    listed = {
        d["id"]: d
        for d in api.get(reverse("request-documents", kwargs={"pk": information_request.pk})).json()
    }
    assert listed[first["id"]]["is_current"] is False
    assert listed[second["id"]]["is_current"] is True
    # The earlier version is still there to download, and cannot be released.
    assert api.get(first["content_url"]).status_code == 200
    assert api.post(reverse("document-release", kwargs={"pk": first["id"]})).status_code == 409
    again = upload(api, information_request, clean_workbook(), replaces=first["id"])
    assert again.status_code == 400
    assert "replaces" in again.json()
    other_kind = upload(api, information_request, PDF, kind="gathered", replaces=second["id"])
    assert other_kind.status_code == 400
    assert "replaces" in other_kind.json()


def test_another_units_request_is_404_and_the_data_board_403(information_request, make_user, api):
    from accounts.models import Unit

    created = upload(api, information_request, PDF, name="a.pdf", kind="request").json()
    outsider = make_user("olly", unit=Unit.objects.create(name="Other Unit"))
    board = make_user("bea", role="data_board")
    urls = [
        ("get", reverse("request-documents", kwargs={"pk": information_request.pk})),
        ("post", reverse("request-documents", kwargs={"pk": information_request.pk})),
        ("get", created["content_url"]),
        ("post", reverse("document-confirm-release", kwargs={"pk": created["id"]})),
        ("post", reverse("document-release", kwargs={"pk": created["id"]})),
    ]
    for user, expected in ((outsider, 404), (board, 403)):
        client = APIClient()
        client.force_authenticate(user)
        for method, url in urls:
            response = getattr(client, method)(url)
            assert response.status_code == expected, (user.username, url, response.status_code)
            assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [b""]))
    assert not AccessLogEntry.objects.filter(record_type="document").exists()


def test_an_infected_file_is_refused(api, information_request, settings, clamd):
    settings.CLAMD_ADDRESS = clamd.address
    eicar = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\n"
    response = upload(api, information_request, eicar, name="notes.txt", kind="gathered")
    assert response.status_code == 400
    assert "Eicar-Test-Signature" in response.json()["file"][0]
    assert (
        upload(api, information_request, b"clean\n", name="ok.txt", kind="gathered").status_code
        == 201
    )
    assert clamd.scanned == [eicar, b"clean\n"]


def test_an_unreachable_scanner_refuses_rather_than_lets_through(
    api, information_request, settings
):
    from tests.services import free_port

    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{free_port()}"
    response = upload(api, information_request, b"text\n", name="ok.txt", kind="gathered")
    assert response.status_code == 400
    assert "could not be scanned" in response.json()["file"][0]


def test_documents_go_with_the_requesters_personal_data(
    api, information_request, caseworker, settings, django_capture_on_commit_callbacks
):
    created = upload(api, information_request, PDF, name="id.pdf", kind="identity").json()
    stored = settings.DOCUMENTS_DIR / Document.objects.get(pk=created["id"]).stored_name
    assert stored.exists()
    request_services.close_request(
        request_id=information_request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 20),
        outcome="granted_in_full",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.dispose(today=date(2027, 1, 4)).requesters == 0  # still kept
        assert stored.exists()
        result = retention.dispose(today=date(2030, 1, 2))
    assert result.requesters == 1
    assert not Document.objects.exists()
    assert not stored.exists()
    assert RequestEvent.objects.filter(type="personal_data_disposed").exists()
