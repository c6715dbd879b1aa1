"""Every timeline event the case file writes shows on the request page, in the API's
timeline and, if the request export carries timeline rows, in the export.

Which event types the case file writes is read from its code (every `EventType.X` named in
the casefile package), so a new one is covered as soon as it exists: the life below must
then produce it too, or the first test fails and says which."""

import ast
import csv
import io
from datetime import date
from html import escape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import casefile
from casefile import letter_services, services
from casefile.models import OutboundEmail
from core.notifications import delivery_status
from requests_tracker.vocabularies import EventType

from .conftest import PDF, clean_workbook, workbook_with_hidden_sheet_of_names

pytestmark = pytest.mark.django_db


def casefile_event_types() -> set[str]:
    """The EventType members named anywhere in the casefile package's code."""
    names: set[str] = set()
    for path in Path(casefile.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "EventType"
            ):
                names.add(getattr(EventType, node.attr).value)
    return names


@pytest.fixture
def life(
    information_request,
    caseworker,
    on_day,
    settings,
    django_capture_on_commit_callbacks,
    eager_celery,
):
    """A request's case file through every step the services offer."""
    settings.DATA_REQUEST_ESCALATE_AFTER_CHASES = 1
    settings.DATA_REQUEST_CHASE_EVERY_WORKING_DAYS = 1
    on_day("2026-11-03")
    request_id = information_request.pk

    def upload(data, name, kind="response", replaces=None):
        return services.upload_document(
            request_id=request_id,
            actor=caseworker,
            file=SimpleUploadedFile(name, data),
            kind=kind,
            replaces=replaces,
        )

    upload(PDF, "letter.pdf", kind="request")
    first = upload(workbook_with_hidden_sheet_of_names(), "response.xlsx")
    second = upload(clean_workbook(), "response-v2.xlsx", replaces=first.pk)
    services.mark_released(document_id=second.pk, actor=caseworker)
    findings = upload(workbook_with_hidden_sheet_of_names(), "annex.xlsx")
    services.confirm_release(
        document_id=findings.pk,
        actor=caseworker,
        reason="The hidden sheet is our own staff list, removed by hand.",
    )
    services.mark_released(document_id=findings.pk, actor=caseworker)
    answered = services.commission_data_request(
        request_id=request_id,
        actor=caseworker,
        area="cctv",
        contact_email="cctv@example.org",
        details="Footage",
        due_on=date(2026, 11, 4),
    )
    silent = services.commission_data_request(
        request_id=request_id,
        actor=caseworker,
        area="custody",
        contact_email="custody@example.org",
        details="Custody record",
        due_on=date(2026, 11, 4),
    )
    on_day("2026-11-04")
    services.chase_data_request(data_request_id=answered.pk, actor=caseworker)
    services.record_received(
        data_request_id=answered.pk, actor=caseworker, received_on=date(2026, 11, 4), items=2
    )
    for day in ("2026-11-05", "2026-11-06", "2026-11-09"):
        on_day(day)
        services.chase_due()
    silent.refresh_from_db()
    assert silent.escalated_on is not None
    # Letters, and what the email provider reports of each email (delivered, bounced,
    # failed), through the same signal the Notify receipts endpoint sends.
    for number, receipt in enumerate(("delivered", "permanent-failure", "technical-failure")):
        with django_capture_on_commit_callbacks(execute=True):
            letter = letter_services.issue_letter(
                request_id=request_id, template="acknowledgement", send=True, actor=caseworker
            )
        email = OutboundEmail.objects.get(document=letter)
        assert email.status == "sent"
        OutboundEmail.objects.filter(pk=email.pk).update(provider_reference=f"ref-{number}")
        delivery_status.send(sender=None, reference=f"ref-{number}", status=receipt, detail="")
    information_request.refresh_from_db()
    return information_request


def test_the_life_produces_every_event_type_the_case_file_writes(life):
    produced = set(life.events.values_list("type", flat=True))
    expected = casefile_event_types()

    assert expected >= {
        "document_uploaded",
        "release_confirmed",
        "document_released",
        "data_request_sent",
        "data_request_chased",
        "data_request_escalated",
        "data_request_received",
        "letter_issued",
        "email_sent",
        "email_delivered",
        "email_bounced",
        "email_failed",
    }
    missing = sorted(expected - produced)
    assert not missing, f"case-file event types the test's life does not produce: {missing}"
    # The new version and the confirmed release are there as themselves.
    uploads = life.events.filter(type="document_uploaded").values_list("description", flat=True)
    assert any("version 2, replacing the earlier version" in words for words in uploads)


def test_every_case_file_event_is_on_the_page_in_the_api_and_in_the_export(
    life, api, client, caseworker
):
    events = list(life.events.filter(type__in=casefile_event_types()))
    assert len(events) >= 10

    client.force_login(caseworker)
    page = client.get(reverse("requests:detail", kwargs={"pk": life.pk})).content.decode()
    timeline = page[page.index("rq-timeline") :]
    api_events = api.get(reverse("request-detail", kwargs={"pk": life.pk})).json()["events"]
    by_id = {event["id"]: event for event in api_events}
    export = client.get(reverse("requests:export"), {"status": "any"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    header = [heading.lower() for heading in rows[0]]
    export_has_timeline = any("event" in heading or "timeline" in heading for heading in header)
    export_text = "\n".join(",".join(row) for row in rows)

    gaps = []
    for event in events:
        shown = escape(event.description).replace("\n", "<br>")
        if shown not in timeline or escape(event.get_type_display()) not in timeline:
            gaps.append(f"request page: {event.type} {event.description!r}")
        served = by_id.get(event.pk)
        if served is None or (served["type"], served["description"]) != (
            event.type,
            event.description,
        ):
            gaps.append(f"API: {event.type} {event.description!r}")
        if export_has_timeline and event.description not in export_text:
            gaps.append(f"export: {event.type} {event.description!r}")
    assert not gaps, "\n".join(gaps)
