"""A large export in a real browser: the confirmation page with its reason, the job's
page, the download; each page checked with axe and photographed."""

import pytest
from playwright.sync_api import expect

from core.dates import uk_today
from requests_tracker import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dpo_exports_many_requests_through_a_background_job(
    signed_in_page, check_page, make_user, settings, eager_celery
):
    settings.EXPORT_ASYNC_ROWS = 2
    settings.EXPORT_REASON_ROWS = 2
    casey = make_user("casey")
    for i in range(3):
        services.log_request(
            actor=casey,
            kind="foi",
            received_on=uk_today(),
            channel="email",
            requester_type="member_of_public",
            summary=f"Police horses {i}",
            requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
        )
    page = signed_in_page("dana", "dpo")
    page.goto("/requests/")
    page.get_by_role("link", name="Download CSV").click()
    expect(page.get_by_role("heading", name="Download requests as CSV")).to_be_visible()
    check_page(page, "export-confirm")
    page.get_by_role("button", name="Make the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you need")
    check_page(page, "export-confirm-error")
    page.get_by_label("Why do you need these requesters' details?").fill("ICO audit IC-123")
    page.get_by_role("button", name="Make the file").click()
    expect(page.get_by_role("heading", name="Export of requests (CSV)")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text("Finished")
    check_page(page, "job-finished")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download requests-").click()
    assert download.value.suggested_filename.startswith("requests-")
