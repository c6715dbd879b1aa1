"""The case file in a browser: a response spreadsheet with a hidden sheet of names is
uploaded, the release check's finding shows, a named caseworker confirms it with a
reason, and the timeline shows both. Checked with axe (WCAG 2.2 A and AA)."""

import io

import pytest
from django.utils import timezone

from requests_tracker import services


def _workbook_with_hidden_names() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Figures"
    book.active.append(["Month", "Stops"])
    book.active.append(["March", 31])
    staff = book.create_sheet("Officers")
    staff.append(["Name", "Collar number"])
    staff.append(["Peter Constable", "PC 4471"])
    staff.sheet_state = "hidden"
    book.properties.creator = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_hidden_sheet_found_confirmed_and_on_the_timeline(
    signed_in_page, check_page, tmp_path, settings
):
    page = signed_in_page()
    from accounts.models import User

    casey = User.objects.get(username="casey")
    request = services.log_request(
        actor=casey,
        kind="foi",
        received_on=timezone.localdate(),
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
    page.get_by_label("Description (optional)").fill("Response bundle")
    page.get_by_role("button", name="Add to the case file").click()

    section = page.locator("#case-file")
    row = section.locator(".cf-document", has_text="stop-search-response.xlsx")
    assert "1 finding" in row.inner_text() or "findings" in row.inner_text()
    assert "(Officers)" in row.locator(".cf-findings").inner_text()
    check_page(page, "casefile-findings")

    row.get_by_role("link", name="Confirm release").click()
    page.get_by_role("button", name="Confirm release").click()  # no reason: refused
    assert "Say why" in page.locator(".govuk-error-summary").inner_text()
    check_page(page, "casefile-confirm-error")
    page.get_by_label("Why can it be released despite the findings?").fill(
        "The response is sent as a PDF of the Figures sheet only"
    )
    page.get_by_role("button", name="Confirm release").click()

    page.wait_for_url(f"**/requests/{request.pk}/**")
    timeline = page.locator(".rq-timeline")
    text = timeline.inner_text()
    assert "Release check findings confirmed" in text
    assert "PDF of the Figures sheet only" in text
    assert "Document added" in text
    row = page.locator("#case-file .cf-document", has_text="stop-search-response.xlsx")
    row.get_by_role("button", name="Mark released").click()
    assert "Document marked released" in page.locator(".rq-timeline").inner_text()
    check_page(page, "casefile-released")
