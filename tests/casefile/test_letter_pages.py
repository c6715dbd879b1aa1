"""The letter step on the request page and the letter template editor, without JavaScript."""

import pytest
from django.urls import reverse

from casefile import letter_services
from casefile.models import Document, LetterTemplateVersion, OutboundEmail
from core.models import AccessLogEntry
from requests_tracker.models import InformationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.fixture
def dpo_client(client, make_user):
    client.force_login(make_user("dee", role="dpo"))
    return client


@pytest.fixture
def november(on_day):
    on_day("2026-11-10")


def test_preview_then_write_with_the_clock_stopped(signed_in, information_request, november):
    url = reverse("casefile:letter_new", args=[information_request.pk])
    assert signed_in.get(url).status_code == 200
    data = {"template": "clarification_request", "details": "Which year?", "stop_clock": "on"}
    preview = signed_in.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Which year?" in html
    assert information_request.reference in html
    assert not Document.objects.exists()  # a preview writes nothing
    assert AccessLogEntry.objects.filter(record_id=information_request.pk).exists()
    written = signed_in.post(url, {**data, "action": "write"})
    assert written.status_code == 302
    assert Document.objects.get().kind == "correspondence"
    assert InformationRequest.objects.get(pk=information_request.pk).status == "on_hold"
    page = signed_in.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "Letter written" in page  # the timeline
    assert "Write a letter" in page


def test_refusals_show_on_the_form_and_write_nothing(signed_in, information_request, november):
    url = reverse("casefile:letter_new", args=[information_request.pk])
    response = signed_in.post(
        url, {"template": "refusal_notice", "details": "x", "action": "write"}
    )
    assert response.status_code == 400
    assert "Record the exemptions relied on" in response.content.decode()
    empty = signed_in.post(url, {"action": "write"})
    assert empty.status_code == 400
    assert "Choose which letter to write." in empty.content.decode()
    assert not Document.objects.exists()


def test_the_refusal_form_asks_a_reason_for_each_cited_exemption_and_prints_each(
    signed_in, information_request, caseworker, november
):
    from datetime import date

    from requests_tracker import services as request_services

    request_services.close_request(
        request_id=information_request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 10),
        outcome="refused",
        exemptions=["s31", "s40"],
    )
    url = reverse("casefile:letter_new", args=[information_request.pk])
    form = signed_in.get(url).content.decode()
    assert 'name="reason_s31"' in form
    assert 'name="reason_s40"' in form
    assert "Why Section 31: law enforcement applies" in form
    data = {
        "template": "refusal_notice",
        "reason_s31": "Patrol times would help offenders avoid them.",
        "action": "write",
    }
    missing = signed_in.post(url, data)
    assert missing.status_code == 400
    html = missing.content.decode()
    assert "Say why Section 40: personal information applies." in html
    assert 'href="#id_reason_s40"' in html  # the error summary links to its box
    assert "Patrol times would help offenders avoid them." in html  # kept in its box
    assert not Document.objects.exists()
    data["reason_s40"] = "The records name junior officers."
    preview = signed_in.post(url, {**data, "action": "preview"}).content.decode()
    assert "Why it applies, and how we weighed the public interest: Patrol times" in preview
    assert "Why it applies: The records name junior officers." in preview
    assert signed_in.post(url, data).status_code == 302
    assert Document.objects.get().kind == "correspondence"


def test_a_waiting_email_is_shown_plainly_on_the_request_page(
    signed_in,
    information_request,
    settings,
    caseworker,
    django_capture_on_commit_callbacks,
    eager_celery,
    november,
):
    from tests.services import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with django_capture_on_commit_callbacks(execute=True):
        letter_services.issue_letter(
            request_id=information_request.pk,
            template="acknowledgement",
            send=True,
            actor=caseworker,
        )
    assert OutboundEmail.objects.get().status == "queued"
    page = signed_in.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "is waiting to be sent: the email server could not be reached." in page


def test_the_dpo_edits_a_template_with_a_preview_and_a_new_version(dpo_client, information_request):
    url = reverse("casefile:template_edit", args=["acknowledgement"])
    page = dpo_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "due_explanation" in html  # the merge fields are listed
    assert "How the due date was worked out" in html
    body = "Dear {{ requester_name }}\n\nWe have {{ reference }}. Due {{ due_on }}.\n"
    form = {"subject": "Got it: {{ reference }}", "body": body, "based_on": 1}
    preview = dpo_client.post(
        url, {**form, "preview_reference": information_request.reference, "action": "preview"}
    )
    assert preview.status_code == 200
    assert "Dear Ada Requester" in preview.content.decode()
    unknown = dpo_client.post(
        url, {**form, "body": "{{ requester_nme }}", "change_note": "x", "action": "save"}
    )
    assert unknown.status_code == 400
    assert "These are not merge fields: requester_nme" in unknown.content.decode()
    no_note = dpo_client.post(url, {**form, "action": "save"})
    assert no_note.status_code == 400
    saved = dpo_client.post(url, {**form, "change_note": "Shorter", "action": "save"})
    assert saved.status_code == 302
    versions = LetterTemplateVersion.objects.filter(template__key="acknowledgement")
    assert list(versions.values_list("number", flat=True)) == [2, 1]
    stale = dpo_client.post(
        url, {**form, "body": body + "More.\n", "change_note": "y", "action": "save"}
    )
    assert stale.status_code == 409  # edited from version 1, version 2 is current
    assert versions.count() == 2


def test_caseworkers_and_the_board_cannot_edit_templates(client, caseworker, make_user):
    for user in (caseworker, make_user("bea", role="data_board")):
        client.force_login(user)
        assert client.get(reverse("casefile:template_list")).status_code == 403
        assert (
            client.get(reverse("casefile:template_edit", args=["acknowledgement"])).status_code
            == 403
        )


def test_the_timeline_csv_has_the_letter_and_the_email_and_is_logged(
    november,
    signed_in,
    information_request,
    caseworker,
    smtp_server,
    django_capture_on_commit_callbacks,
    eager_celery,
):
    import csv
    import io

    with django_capture_on_commit_callbacks(execute=True):
        letter_services.issue_letter(
            request_id=information_request.pk,
            template="acknowledgement",
            send=True,
            actor=caseworker,
        )
    response = signed_in.get(reverse("casefile:timeline_csv", args=[information_request.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    events = [row[2] for row in rows[1:]]
    assert events == ["Request logged", "Letter written", "Email sent"]
    email = OutboundEmail.objects.get()
    assert rows[3][6] == str(email.pk)
    assert AccessLogEntry.objects.filter(
        record_id=information_request.pk, action="export", export_rows=3
    ).exists()


def test_another_units_request_has_no_letter_page(client, make_user, information_request):
    from accounts.models import Unit

    client.force_login(make_user("olly", unit=Unit.objects.create(name="Other Unit")))
    assert (
        client.get(reverse("casefile:letter_new", args=[information_request.pk])).status_code == 404
    )
    assert (
        client.get(reverse("casefile:timeline_csv", args=[information_request.pk])).status_code
        == 404
    )
