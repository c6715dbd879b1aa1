"""Letters from templates through the API, and the email to the requester through a real
SMTP server on loopback: every refusal with its field, the PDF saved as correspondence,
the clock stopped in the same step, an SMTP outage that loses nothing, and delivery
receipts arriving as core.notifications.delivery_status."""

import hashlib
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from casefile import letter_services, outbox
from casefile.models import Document, EmailStatus, OutboundEmail
from core.notifications import delivery_status
from requests_tracker import services as request_services
from requests_tracker.models import InformationRequest

from .conftest import workbook_with_hidden_sheet_of_names

pytestmark = pytest.mark.django_db


def letter(api, request, **data):
    return api.post(reverse("request-letters", kwargs={"pk": request.pk}), data, format="json")


def pdf_text(document: Document) -> str:
    data = letter_services_read(document)
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def today_in_november(on_day):
    on_day("2026-11-10")


@pytest.fixture
def refused(information_request, caseworker, today_in_november):
    return request_services.close_request(
        request_id=information_request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 10),
        outcome="refused",
        exemptions=["s31", "s40"],
    )


def test_acknowledgement_is_a_pdf_saved_as_correspondence_with_the_due_date_explained(
    api, information_request, today_in_november
):
    response = letter(api, information_request, template="acknowledgement")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "correspondence"
    assert body["content_type"] == "application/pdf"
    document = Document.objects.get(pk=body["id"])
    from casefile.services import read_document

    data = read_document(document)
    assert data.startswith(b"%PDF")
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    text = pdf_text(document)
    item = InformationRequest.objects.get(pk=information_request.pk)
    assert item.reference in text
    assert "2 November 2026" in text  # received, in GOV.UK words
    assert item.due_explanation.split()[0] in text
    assert "the Freedom of Information Act 2000" in text
    event = item.events.get(type="letter_issued")
    assert event.after["document"] == document.pk
    assert not OutboundEmail.objects.exists()  # not sent unless asked


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"template": "birthday_card"}, "template"),
        ({"template": "refusal_notice", "details": "Why"}, "template"),  # no exemptions
        ({"template": "extension_notice"}, "template"),  # no extension recorded
        ({"template": "clarification_request"}, "details"),  # what to clarify
        ({"template": "acknowledgement", "stop_clock": True}, "stop_clock"),
        ({"template": "acknowledgement", "send": "maybe"}, "send"),
    ],
)
def test_refusals_answer_400_with_the_field_and_write_nothing(
    api, information_request, today_in_november, data, field
):
    response = letter(api, information_request, **data)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Document.objects.exists()
    assert not information_request.events.filter(type="letter_issued").exists()


def test_send_with_no_email_address_is_refused_on_send(api, information_request):
    information_request.requester.email = ""
    information_request.requester.save()
    response = letter(api, information_request, template="acknowledgement", send=True)
    assert response.status_code == 400
    assert "no email address" in response.json()["send"][0]


def test_identity_request_on_foi_cannot_stop_the_clock(api, information_request, today_in_november):
    response = letter(api, information_request, template="identity_request", stop_clock=True)
    assert response.status_code == 400
    assert "stop_clock" in response.json()
    assert not Document.objects.exists()
    assert not information_request.clock_stops.exists()


def test_clarification_stops_the_clock_in_the_same_step(
    api, information_request, today_in_november
):
    response = letter(
        api,
        information_request,
        template="clarification_request",
        details="Which custody suite do you mean?",
        stop_clock=True,
    )
    assert response.status_code == 201, response.content
    item = InformationRequest.objects.get(pk=information_request.pk)
    assert item.status == "on_hold"
    stop = item.clock_stops.get()
    assert (stop.reason, stop.started_on) == ("clarification", date(2026, 11, 10))
    assert "Which custody suite do you mean?" in pdf_text(Document.objects.get())


REASONS = {
    "s31": "Releasing the patrol times would let offenders avoid them. The public interest "
    "in openness about policing is outweighed by the risk to crime prevention.",
    "s40": "The records name junior officers, who would not expect their names published.",
}


def test_refusal_notice_states_each_exemption_with_its_own_reason_and_the_rights(api, refused):
    response = letter(
        api,
        refused,
        template="refusal_notice",
        details="We have released the totals separately.",
        reasons=REASONS,
    )
    assert response.status_code == 201, response.content
    text = pdf_text(Document.objects.get(pk=response.json()["id"]))
    assert "s31" not in text  # never a code
    # Each reason under its own exemption, in the order the request cites them.
    s31, s40 = text.index("Section 31: law enforcement"), text.index("Section 40: personal")
    s31_reason = text.index("Releasing the patrol times would let offenders avoid them.")
    s40_reason = text.index("The records name junior officers")
    assert s31 < s31_reason < s40 < s40_reason
    between = text[s31:s40]
    assert "qualified exemption" in between  # s.31: the public interest test
    assert "how we weighed the public interest: Releasing the patrol times" in between
    assert "absolute exemption" in text[s40:]
    assert "how we weighed the public interest: The records" not in text  # s.40 absolute
    assert "Why it applies: The records name junior officers" in text
    assert "We have released the totals separately." in text  # the general words too
    assert "section 17 of the Freedom of Information Act 2000" in text
    assert "internal review" in text
    assert "Information Commissioner" in text


def test_a_refusal_notice_without_a_reason_for_a_cited_exemption_is_a_400_on_that_reason(
    api, refused
):
    response = letter(
        api, refused, template="refusal_notice", reasons={"s31": REASONS["s31"], "s40": " "}
    )
    assert response.status_code == 400
    errors = response.json()["reasons"]
    assert list(errors) == ["s40"]
    assert errors["s40"] == ["Say why Section 40: personal information applies."]
    none = letter(api, refused, template="refusal_notice", details="General words only.")
    assert none.status_code == 400
    assert set(none.json()["reasons"]) == {"s31", "s40"}
    assert "how the public interest was weighed" in none.json()["reasons"]["s31"][0]
    stray = letter(api, refused, template="refusal_notice", reasons={**REASONS, "s43": "x"})
    assert stray.status_code == 400
    assert list(stray.json()["reasons"]) == ["s43"]
    assert not Document.objects.exists()
    assert not refused.events.filter(type="letter_issued").exists()


def test_extension_notice_gives_the_reason_and_the_new_date(
    api, information_request, caseworker, today_in_november
):
    extended = request_services.extend(
        request_id=information_request.pk,
        actor=caseworker,
        extended_on=date(2026, 11, 10),
        reason="The public interest test needs more time.",
    )
    response = letter(api, extended, template="extension_notice")
    assert response.status_code == 201, response.content
    text = pdf_text(Document.objects.get())
    assert "The public interest test needs more time." in text
    from core.dates import long_date

    assert long_date(InformationRequest.objects.get(pk=extended.pk).due_on) in text


def test_response_cover_is_refused_while_release_check_findings_are_unconfirmed(
    api, information_request, caseworker, today_in_november
):
    upload = api.post(
        reverse("request-documents", kwargs={"pk": information_request.pk}),
        {
            "file": SimpleUploadedFile("response.xlsx", workbook_with_hidden_sheet_of_names()),
            "kind": "response",
        },
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    refused = letter(api, information_request, template="response_cover")
    assert refused.status_code == 400
    assert "response.xlsx" in refused.json()["template"][0]
    confirm = api.post(
        reverse("document-confirm-release", kwargs={"pk": upload.json()["id"]}),
        {"reason": "The hidden sheet is removed from the copy sent."},
        format="json",
    )
    assert confirm.status_code == 200
    assert letter(api, information_request, template="response_cover").status_code == 201


def test_sent_letter_arrives_at_the_smtp_server_with_the_pdf_and_is_on_the_timeline(
    api,
    information_request,
    smtp_server,
    django_capture_on_commit_callbacks,
    eager_celery,
    today_in_november,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = letter(api, information_request, template="acknowledgement", send=True)
    assert response.status_code == 201, response.content
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == "ada@example.org"
    assert information_request.reference in message["Subject"]
    attachments = [part for part in message.walk() if part.get_filename()]
    assert len(attachments) == 1
    document = Document.objects.get(pk=response.json()["id"])
    assert attachments[0].get_filename() == document.filename
    assert attachments[0].get_payload(decode=True) == letter_services_read(document)
    email = OutboundEmail.objects.get()
    assert (email.status, email.to, email.document_id) == ("sent", "ada@example.org", document.pk)
    assert information_request.events.filter(type="email_sent").count() == 1
    listed = api.get(reverse("request-emails", kwargs={"pk": information_request.pk})).json()
    assert [(row["status"], row["document"]) for row in listed] == [("sent", document.pk)]
    detail = api.get(reverse("request-detail", kwargs={"pk": information_request.pk})).json()
    types = [event["type"] for event in detail["events"]]
    assert "letter_issued" in types
    assert "email_sent" in types


def letter_services_read(document):
    from casefile.services import read_document

    return read_document(document)


def test_an_smtp_outage_loses_nothing_and_the_email_goes_when_the_server_is_back(
    api,
    information_request,
    settings,
    django_capture_on_commit_callbacks,
    eager_celery,
    today_in_november,
    caplog,
):
    from tests.smtp_server import SMTPServer

    server = SMTPServer()
    server.django_settings(settings)  # pointed at a port nobody is listening on yet
    with django_capture_on_commit_callbacks(execute=True):
        response = letter(api, information_request, template="acknowledgement", send=True)
    assert response.status_code == 201  # the letter is written; the email waits
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts) == ("queued", 1)
    assert "could not be reached" in email.detail
    assert "Ada" not in caplog.text
    assert "ada@example.org" not in caplog.text
    server.start()
    try:
        assert outbox.resend_waiting() == 1
        assert len(server.messages) == 1
    finally:
        server.stop()
    email.refresh_from_db()
    assert email.status == "sent"
    assert outbox.resend_waiting() == 0  # never twice


def test_after_the_last_attempt_the_email_shows_as_failed_on_the_timeline(
    api,
    information_request,
    settings,
    django_capture_on_commit_callbacks,
    eager_celery,
    today_in_november,
):
    from tests.services import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        letter(api, information_request, template="acknowledgement", send=True)
    outbox.resend_waiting()
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts) == ("failed", 2)
    assert information_request.events.filter(type="email_failed").count() == 1


@pytest.mark.parametrize(
    ("status", "expected", "event"),
    [
        ("delivered", EmailStatus.DELIVERED, "email_delivered"),
        ("permanent-failure", EmailStatus.BOUNCED, "email_bounced"),
        ("temporary-failure", EmailStatus.BOUNCED, "email_bounced"),
        ("technical-failure", EmailStatus.FAILED, "email_failed"),
    ],
)
def test_delivery_receipts_mark_the_email_and_the_timeline(
    api,
    information_request,
    smtp_server,
    django_capture_on_commit_callbacks,
    eager_celery,
    status,
    expected,
    event,
    today_in_november,
):
    with django_capture_on_commit_callbacks(execute=True):
        letter(api, information_request, template="acknowledgement", send=True)
    email = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=email.pk).update(provider_reference="notify-123")
    delivery_status.send(
        sender=None, reference="notify-123", status=status, detail="Inbox not accepting mail"
    )
    email.refresh_from_db()
    assert email.status == expected
    assert information_request.events.filter(type=event).count() == 1
    delivery_status.send(sender=None, reference="someone-else", status="delivered", detail="")
    assert information_request.events.filter(type=event).count() == 1


def test_another_units_request_is_404_and_the_data_board_is_403(
    information_request, make_user, today_in_november
):
    from rest_framework.test import APIClient

    from accounts.models import Unit

    other = make_user("olly", unit=Unit.objects.create(name="Other Unit"))
    board = make_user("bea", role="data_board")
    for user, expected in ((other, 404), (board, 403)):
        client = APIClient()
        client.force_authenticate(user)
        response = letter(client, information_request, template="acknowledgement")
        assert response.status_code == expected, (user, response.content)
        emails = client.get(reverse("request-emails", kwargs={"pk": information_request.pk}))
        assert emails.status_code == expected
    assert not Document.objects.exists()


def test_neither_confirm_nor_deny_wording(api, information_request, caseworker, today_in_november):
    closed = request_services.close_request(
        request_id=information_request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 10),
        outcome="neither_confirm_nor_deny",
        exemptions=["s23"],
    )
    response = letter(api, closed, template="refusal_notice", reasons={"s23": "Security bodies."})
    assert response.status_code == 201, response.content
    text = pdf_text(Document.objects.get())
    assert "We can neither confirm nor deny whether we hold" in text
    assert "We are withholding" not in text
    assert "Section 23: security bodies" in text


def test_right_of_access_cover_letter_states_the_restriction_and_the_rights(
    api, caseworker, on_day
):
    on_day("2026-11-10")
    request = request_services.log_request(
        actor=caseworker,
        kind="roa",
        regime="dpa_part3",
        received_on=date(2026, 11, 2),
        channel="email",
        requester_type="member_of_public",
        summary="My custody record",
        requester=request_services.RequesterDetails(name="Ben Subject", email="ben@example.org"),
    )
    closed = request_services.close_request(
        request_id=request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 10),
        outcome="disclosed_in_part",
        exemptions=["s45_4_b"],
    )
    response = letter(
        api, closed, template="response_cover", details="An investigation is continuing."
    )
    assert response.status_code == 201, response.content
    text = pdf_text(Document.objects.get())
    assert "section 45 of the Data Protection Act 2018" in text
    assert "DPA 2018 s.45(4)(b)" in text  # the restriction, in its legal words
    assert "An investigation is continuing." in text  # the reasons, s.45(5)(b)
    assert "section 51 of the Data Protection Act 2018" in text  # s.45(5)(c)
    assert "complain to the Information Commissioner" in text  # s.45(5)(d)
    assert "apply to a court" in text  # s.45(5)(e)
    assert "internal review" not in text  # no such right for right of access
    refused = letter(api, closed, template="refusal_notice", details="x")
    assert refused.status_code == 400
    assert "right of access" in refused.json()["template"][0]


def test_a_refusal_wording_edited_to_drop_the_reasons_is_refused_not_sent_without_them(
    api, refused, caseworker, make_user
):
    dpo = make_user("dee", role="dpo")
    current = letter_services.current_version("refusal_notice")
    letter_services.save_template(
        key="refusal_notice",
        actor=dpo,
        subject=current.subject,
        body=current.body.replace("{{ exemption.reason }}", ""),
        change_note="Shorter",
        based_on=current.number,
    )
    response = letter(api, refused, template="refusal_notice", reasons=REASONS)
    assert response.status_code == 400
    assert "{{ exemption.reason }}" in response.json()["template"][0]
    assert not Document.objects.exists()


def test_migration_0005_gives_an_untouched_refusal_wording_the_reasons_and_leaves_an_edited_one(
    api, refused, make_user
):
    import importlib

    from django.apps import apps

    from casefile.models import LetterTemplate, LetterTemplateVersion

    migration = importlib.import_module("casefile.migrations.0005_outbox_refusal_reasons_wording")
    letter_services.ensure_templates()
    template = LetterTemplate.objects.get(key="refusal_notice")
    # As an installation that loaded the wording shipped before.
    template.versions.update(body=migration.BEFORE)
    migration.add_reasons_wording(apps, None)
    assert template.current.number == 2
    assert template.current.body == migration.AFTER
    response = letter(api, refused, template="refusal_notice", reasons=REASONS)
    assert response.status_code == 201, response.content
    assert "The records name junior officers" in pdf_text(Document.objects.get())
    migration.add_reasons_wording(apps, None)  # again: nothing more
    # An edited wording is the DPO's to change.
    LetterTemplateVersion.objects.filter(template=template, number=2).update(body="Edited")
    migration.add_reasons_wording(apps, None)
    assert template.versions.count() == 2
