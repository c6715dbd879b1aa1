"""Letters in a browser: a response spreadsheet with a hidden sheet of names is uploaded,
the finding shows, a caseworker confirms it with a reason; the request is refused with
exemptions; a refusal notice is previewed and written from them and sent; the email
arrives at a real SMTP server on loopback with the PDF, and the timeline shows it all.
The DPO edits a template with a preview. Checked with axe (WCAG 2.2 A and AA)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from requests_tracker import services

from .test_casefile import _workbook_with_hidden_names


@pytest.fixture
def smtp(settings):
    from tests.smtp_server import SMTPServer

    server = SMTPServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_refusal_notice_from_the_recorded_exemptions_is_sent_and_on_the_timeline(
    signed_in_page, check_page, tmp_path, smtp, eager_celery
):
    page = signed_in_page()
    from accounts.models import User

    casey = User.objects.get(username="casey")
    received = timezone.localdate() - timedelta(days=3)
    request = services.log_request(
        actor=casey,
        kind="foi",
        received_on=received,
        channel="email",
        requester_type="member_of_public",
        summary="Stop and search figures",
        requester=services.RequesterDetails(name="Rita Reporter", email="rita@example.org"),
    )
    workbook = tmp_path / "stop-search-response.xlsx"
    workbook.write_bytes(_workbook_with_hidden_names())

    page.goto(f"/requests/{request.pk}/")
    page.get_by_text("Add documents").click()
    page.get_by_label("Files").set_input_files(str(workbook))
    page.get_by_label("Response", exact=True).check()
    page.get_by_role("button", name="Add to the case file").click()
    row = page.locator("#case-file .cf-document", has_text="stop-search-response.xlsx")
    assert "(Officers)" in row.locator(".cf-findings").inner_text()
    row.get_by_role("link", name="Confirm release").click()
    page.get_by_label("Why can it be released despite the findings?").fill(
        "Only the Figures sheet is sent"
    )
    page.get_by_role("button", name="Confirm release").click()
    page.wait_for_url(f"**/requests/{request.pk}/**")

    services.close_request(
        request_id=request.pk,
        actor=casey,
        closed_on=timezone.localdate(),
        outcome="refused",
        exemptions=["s31", "s40"],
    )
    page.goto(f"/requests/{request.pk}/")
    page.locator("#case-file").get_by_role("link", name="Write a letter").click()
    page.get_by_label("Refusal notice").check()
    page.get_by_label("What the letter says for this request").fill(
        "We have published the yearly totals."
    )
    page.get_by_label("Why Section 31: law enforcement applies").fill(
        "Releasing the locations would let offenders avoid patrols."
    )
    page.get_by_label("Why Section 40: personal information applies").fill(
        "The sheet names officers, who would not expect it published."
    )
    page.get_by_label("Email it to the requester").check()
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".cf-letter-preview").inner_text()
    assert "Section 31: law enforcement" in preview
    assert "qualified exemption" in preview
    assert "how we weighed the public interest: Releasing the locations" in preview
    assert "Why it applies: The sheet names officers" in preview
    assert "internal review" in preview
    check_page(page, "letters-preview")
    page.get_by_role("button", name="Write the letter").click()
    page.wait_for_url(f"**/requests/{request.pk}/**")

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["X-Envelope-To"] == "rita@example.org"
    attachment = next(part for part in message.walk() if part.get_filename())
    assert attachment.get_payload(decode=True).startswith(b"%PDF")
    timeline = page.locator(".rq-timeline").inner_text()
    assert "Letter written" in timeline
    assert "Email sent" in timeline
    assert "Release check findings confirmed" in timeline
    emails = page.locator("#case-file .cf-email").inner_text()
    assert "rita@example.org" in emails
    assert "Sent" in emails
    check_page(page, "letters-sent")


@pytest.mark.django_db(transaction=True)
def test_the_dpo_edits_a_letter_template_with_a_preview(signed_in_page, check_page):
    page = signed_in_page("dee", role="dpo")
    page.goto("/case-file/letter-templates/")
    check_page(page, "letter-templates")
    page.get_by_role("link", name="Extension notice").click()
    assert "extension_reason" in page.locator(".cf-merge-fields").inner_text()
    page.get_by_role("button", name="Preview").click()
    assert "Why: x" in page.locator(".cf-letter-preview").inner_text()
    check_page(page, "letter-template-edit")
    page.get_by_label("What you changed and why").fill("Plainer opening")
    body = page.get_by_label("Words of the letter")
    body.fill(body.input_value().replace("We are still dealing", "We are still working on"))
    page.get_by_role("button", name="Save as version 2").click()
    page.wait_for_url("**/case-file/letter-templates/")
    assert "version 2 saved" in page.locator("body").inner_text()
