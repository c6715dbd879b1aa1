"""The disclosure log in a browser: a caseworker publishes a closed FOI response from the
request page (a released document chosen, a public title and summary written), and a
member of the public finds it by searching the log, opens it and downloads the document.
Checked with axe (WCAG 2.2 A and AA) at both widths."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from casefile import services as casefile_services
from requests_tracker import services


@pytest.mark.django_db(transaction=True)
def test_publish_from_the_request_page_then_find_it_on_the_public_log(
    signed_in_page, check_page, browser, live_server, settings
):
    settings.CLAMD_ADDRESS = ""
    page = signed_in_page()
    from accounts.models import User

    casey = User.objects.get(username="casey")
    today = timezone.localdate()
    request = services.log_request(
        actor=casey,
        kind="foi",
        received_on=today - timedelta(days=7),
        channel="email",
        requester_type="member_of_public",
        summary="Hello, I'm Wilhelmina Quayside: how many drones does the force fly?",
        requester=services.RequesterDetails(name="Wilhelmina Quayside", email="wq@example.org"),
    )
    services.close_request(
        request_id=request.pk, actor=casey, closed_on=today, outcome="granted_in_full"
    )
    document = casefile_services.upload_document(
        request_id=request.pk,
        actor=casey,
        file=ContentFile(b"Drones owned: 12\n", name="drones-response.txt"),
        kind="response",
    )
    casefile_services.mark_released(document_id=document.pk, actor=casey)

    page.goto(f"/requests/{request.pk}/")
    page.get_by_role("link", name="Publish in the disclosure log").click()
    page.get_by_role("button", name="Publish").click()  # nothing written: refused
    assert "Enter a public title." in page.locator(".govuk-error-summary").inner_text()
    check_page(page, "disclosure-publish-error")
    page.get_by_label("Public title").fill("Drones owned by the force")
    page.get_by_label("Summary of the request, written for publication").fill(
        "How many drones the force owns and flies."
    )
    page.get_by_label("drones-response.txt").check()
    check_page(page, "disclosure-publish")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/disclosure-log/*/")
    assert page.get_by_role("heading", name="Drones owned by the force").is_visible()

    # A member of the public, not signed in.
    context = browser.new_context(base_url=live_server.url)
    public = context.new_page()
    public.goto("/disclosure-log/")
    public.get_by_label("Search the disclosure log").fill("drone")
    public.get_by_role("button", name="Search").click()
    results = public.locator(".dl-item")
    assert results.count() == 1
    check_page(public, "disclosure-log-search")
    results.get_by_role("link", name="Drones owned by the force").click()
    text = public.locator("main").inner_text()
    assert "Granted in full" in text
    assert "Wilhelmina" not in public.content()
    check_page(public, "disclosure-item")
    with public.expect_download() as download:
        public.get_by_role("link", name="drones-response.txt").click()
    assert Path(download.value.path()).read_bytes() == b"Drones owned: 12\n"
    context.close()

    page.goto(f"/requests/{request.pk}/")
    assert "Published in the disclosure log" in page.locator(".rq-timeline").inner_text()
