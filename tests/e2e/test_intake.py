"""Making a request online, as an anonymous member of the public in Chromium, for each
journey (FOI, EIR, right of access for yourself and for someone else): the question
pages, check your answers, the confirmation; the email-confirmation link and the
acknowledgement read from a real SMTP server on loopback; a caseworker accepting it in
the intake queue; the follow link opened, a clarification sent back, and the caseworker
seeing it. Every public page is checked with axe-core at 1280 and 390 px."""

import re

import pytest

from accounts.models import Unit
from intake.models import Submission
from tests.smtp_server import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Hyacinth Vellacott"
EMAIL = "hyacinth.vellacott@example.net"


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


def _body(message) -> str:
    """The text of an email (the acknowledgement also carries its letter as a PDF)."""
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return text.get_payload(decode=True).decode()


def _link(smtp, subject_part: str, path: str) -> str:
    for message in reversed(smtp.messages):
        if subject_part in message["Subject"]:
            match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"\S+)", _body(message))
            assert match, _body(message)
            assert message["X-Envelope-To"] == EMAIL
            return match.group(1)
    raise AssertionError(
        f"no email about {subject_part!r}: {[m['Subject'] for m in smtp.messages]}"
    )


def _wait_for_email(smtp, subject_part: str, page) -> None:
    for _ in range(50):
        if any(subject_part in m["Subject"] for m in smtp.messages):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no email about {subject_part!r}")


def _continue(page):
    page.get_by_role("button", name="Continue").click()


JOURNEYS = {
    "foi": "Freedom of Information",
    "eir": "Environmental information",
    "roa-myself": "Your personal information (right of access)",
    "roa-someone-else": "Your personal information (right of access)",
}


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_a_request_made_online_from_start_to_reply(
    browser, live_server, signed_in_page, check_page, smtp, settings, journey, eager_celery
):
    Unit.objects.get_or_create(name="Disclosure Unit")
    settings.INTAKE_UNITS = dict.fromkeys(("foi", "eir", "roa"), "Disclosure Unit")
    settings.SITE_URL = live_server.url
    check_all = journey == "roa-someone-else"  # every kind of question page, checked
    public = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = public.new_page()

    def checked(name):
        if check_all or name in ("start", "published", "check", "sent", "follow"):
            check_page(page, f"intake-{journey}-{name}")

    page.goto("/")
    page.get_by_role("link", name="Make a request online").click()
    checked("start")
    page.get_by_role("button", name="Start now").click()
    _continue(page)  # nothing chosen
    assert "Choose what you want to ask for." in page.inner_text(".govuk-error-summary")
    checked("kind-error")
    page.get_by_label(JOURNEYS[journey]).check()
    checked("kind")
    _continue(page)
    if journey.startswith("roa"):
        checked("about")
        page.get_by_label("Someone else" if journey == "roa-someone-else" else "Myself").check()
        _continue(page)
        if journey == "roa-someone-else":
            checked("someone-else")
            page.get_by_label("What is the name of the person").fill("Clement Vellacott")
            _continue(page)
    checked("request")
    page.get_by_label("What information do you want?").fill("Records of the Ferrybridge stop")
    _continue(page)
    if not journey.startswith("roa"):
        checked("published")  # the disclosure log's answers like it (none here)
        assert "We have not published an answer" in page.inner_text("main")
        _continue(page)
    if journey.startswith("roa"):
        checked("dates")
        page.get_by_label("What dates should we search?").fill("March 2026")
        _continue(page)
        checked("records")
        page.get_by_label("Stop and search records").check()
        page.get_by_label("Body-worn video").check()
        _continue(page)
        checked("identity")
        _continue(page)  # no proof of identity now: we will be asked for it
    checked("name")
    page.get_by_label("What is your full name?").fill(NAME)
    _continue(page)
    checked("contact")
    page.get_by_label("Email address").fill(EMAIL)
    _continue(page)
    assert page.get_by_role("heading", name="Check your answers").is_visible()
    checked("check")
    page.get_by_role("link", name="Change your name").click()
    page.get_by_label("What is your full name?").fill(NAME + " Jr")
    _continue(page)
    assert NAME + " Jr" in page.inner_text(".govuk-summary-list")
    page.get_by_role("button", name="Accept and send").click()

    panel = page.locator(".govuk-panel")
    submission = Submission.objects.get()
    assert submission.reference in panel.inner_text()
    if journey.startswith("roa"):
        assert "There is no due date yet" in page.inner_text("main")
    else:
        assert "We will reply by" in page.inner_text("main")
    checked("sent")

    _wait_for_email(smtp, "Confirm your email address", page)
    page.goto(_link(smtp, "Confirm your email address", "/make-a-request/confirm/"))
    assert "Email address confirmed" in page.inner_text("h1")
    checked("email-confirmed")

    staff = signed_in_page("casey", "caseworker")
    staff.goto("/requests/")
    staff.get_by_role("link", name="Requests made online").click()
    staff.get_by_role("link", name=submission.reference).click()
    assert NAME in staff.inner_text("main")
    if journey.startswith("roa"):
        staff.get_by_label("UK GDPR").check()
    staff.get_by_role("button", name="Accept and log the request").click()
    reference = staff.inner_text("h1.rq-reference").strip()
    assert reference.startswith({"foi": "FOI", "eir": "EIR"}.get(journey, "ROA"))

    _wait_for_email(smtp, "we have received it", page)
    page.goto(_link(smtp, "we have received it", "/your-request/"))
    main = page.inner_text("main")
    assert reference in main
    assert NAME not in main
    if journey.startswith("roa"):
        assert "Proof of your identity" in main  # why the clock is stopped
    checked("follow")
    page.get_by_label("Your message").fill("The stop was at 4pm, near the bus station.")
    page.get_by_role("button", name="Send reply").click()
    assert "We have your reply" in page.inner_text(".govuk-notification-banner")
    checked("follow-replied")
    public.close()

    staff.reload()
    assert "The requester has replied online" in staff.inner_text("main")
    if not journey.startswith("roa"):  # All requests opens on the open ones (ROA: on hold)
        staff.goto("/requests/")
        assert "Requester replied" in staff.inner_text("main")
