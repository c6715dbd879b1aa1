"""The case file on the request page, and its forms, without JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casefile.models import DataRequest, Document
from core.models import AccessLogEntry

from .conftest import PDF, workbook_with_hidden_sheet_of_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_upload_several_files_and_see_them_with_the_finding(signed_in, information_request):
    response = signed_in.post(
        reverse("casefile:upload", args=[information_request.pk]),
        {
            "file": [
                SimpleUploadedFile("response.xlsx", workbook_with_hidden_sheet_of_names()),
                SimpleUploadedFile("cover.pdf", PDF),
            ],
            "kind": "response",
            "description": "Bundle",
        },
    )
    assert response.status_code == 302
    assert Document.objects.count() == 2
    page = signed_in.get(reverse("requests:detail", args=[information_request.pk]))
    html = page.content.decode()
    assert 'id="case-file"' in html
    assert "response.xlsx" in html
    assert "hidden" in html.lower()
    assert "(Staff)" in html  # the finding's location
    assert "Confirm release" in html
    assert "Document added" in html  # the timeline


def test_a_refused_file_shows_the_error_on_the_upload_page(signed_in, information_request):
    response = signed_in.post(
        reverse("casefile:upload", args=[information_request.pk]),
        {"file": SimpleUploadedFile("tool.pdf", b"MZ" + b"\0" * 64), "kind": "gathered"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "tool.pdf: The file is a program" in html
    assert not Document.objects.exists()
    missing = signed_in.post(reverse("casefile:upload", args=[information_request.pk]), {})
    assert missing.status_code == 400
    assert "Choose a file." in missing.content.decode()


def test_confirm_release_with_a_reason_then_release(signed_in, information_request, caseworker):
    signed_in.post(
        reverse("casefile:upload", args=[information_request.pk]),
        {
            "file": SimpleUploadedFile("r.xlsx", workbook_with_hidden_sheet_of_names()),
            "kind": "response",
        },
    )
    document = Document.objects.get()
    url = reverse("casefile:confirm_release", args=[document.pk])
    page = signed_in.get(url)
    assert "Staff" in page.content.decode()
    empty = signed_in.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Say why" in empty.content.decode()
    assert signed_in.post(url, {"reason": "Sheet removed on export"}).status_code == 302
    assert signed_in.post(reverse("casefile:release", args=[document.pk])).status_code == 302
    document.refresh_from_db()
    assert document.released_by == caseworker
    html = signed_in.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "Sheet removed on export" in html
    assert "Document marked released" in html


def test_the_download_link_is_access_logged(signed_in, information_request, caseworker):
    signed_in.post(
        reverse("casefile:upload", args=[information_request.pk]),
        {"file": SimpleUploadedFile("id.pdf", PDF), "kind": "identity"},
    )
    document = Document.objects.get()
    response = signed_in.get(reverse("casefile:download", args=[document.pk]))
    assert b"".join(response.streaming_content) == PDF
    entry = AccessLogEntry.objects.get(record_type="document")
    assert entry.action == AccessLogEntry.Action.VIEW
    assert entry.user == caseworker


def test_data_request_forms(signed_in, information_request, on_day):
    on_day("2026-11-02")
    url = reverse("casefile:data_request_new", args=[information_request.pk])
    bad = signed_in.post(url, {"area": "canteen", "contact_email": "x", "details": ""})
    assert bad.status_code == 400
    assert DataRequest.objects.count() == 0
    ok = signed_in.post(
        url, {"area": "custody", "contact_email": "custody@example.org", "details": "Record 1"}
    )
    assert ok.status_code == 302
    data_request = DataRequest.objects.get()
    assert signed_in.post(reverse("casefile:chase", args=[data_request.pk])).status_code == 302
    received = reverse("casefile:received", args=[data_request.pk])
    assert signed_in.post(received, {"received_on": "2026-11-02", "items": "7"}).status_code == 302
    html = signed_in.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "Custody" in html
    assert "Answered 2 November 2026: 7 items" in html
    assert "Data request chased" in html
