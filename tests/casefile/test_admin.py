"""The case file in the Django admin: read-only, and nothing personal on its pages (no
file names, descriptions or bytes of documents, no free text of data requests). Every
admin page answering every role is walked in tests/security/test_permission_matrix.py."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from casefile import services

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Ada Requester's passport"


@pytest.fixture
def records(information_request, caseworker, smtp_server):
    document = services.upload_document(
        request_id=information_request.pk,
        actor=caseworker,
        file=ContentFile(f"Scan of {SECRET_WORDS}\n".encode(), name=f"{SECRET_WORDS}.txt"),
        kind="identity",
        description=f"{SECRET_WORDS}, front page",
    )
    data_request = services.commission_data_request(
        request_id=information_request.pk,
        actor=caseworker,
        area="custody",
        contact_email="custody@example.org",
        details=f"Custody record of {SECRET_WORDS}",
    )
    services.chase_data_request(data_request_id=data_request.pk, actor=caseworker)
    return document, data_request


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user("casefile-admin", role="admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin)
    return client


def test_the_case_file_admin_lists_and_shows_metadata_only(admin_client, records):
    document, data_request = records
    pages = [
        reverse("admin:casefile_document_changelist"),
        reverse("admin:casefile_document_change", args=[document.pk]),
        reverse("admin:casefile_datarequest_changelist"),
        reverse("admin:casefile_datarequest_change", args=[data_request.pk]),
        reverse("admin:casefile_datarequestchase_changelist"),
        reverse("admin:casefile_datarequestchase_change", args=[data_request.chases.get().pk]),
    ]
    for path in pages:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Ada Requester" not in body, path
        assert "passport" not in body, path
        assert 'name="_save"' not in body, path
    shown = admin_client.get(pages[1]).content.decode()
    assert document.sha256 in shown
    assert data_request.request.reference in admin_client.get(pages[2]).content.decode()


def test_the_case_file_admin_cannot_add_change_or_delete(admin_client, records):
    document, data_request = records
    for path in (
        reverse("admin:casefile_document_add"),
        reverse("admin:casefile_document_delete", args=[document.pk]),
        reverse("admin:casefile_datarequest_add"),
        reverse("admin:casefile_datarequest_delete", args=[data_request.pk]),
    ):
        assert admin_client.get(path).status_code == 403, path
    response = admin_client.post(
        reverse("admin:casefile_document_change", args=[document.pk]), {"kind": "response"}
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.kind == "identity"
