"""The public question pages, the follow page and the intake queue, through Django's
test client (the browser journeys are in tests/e2e/test_intake.py)."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from intake import services, tokens
from intake.models import Status, Submission
from requests_tracker.models import InformationRequest

from .conftest import PNG, link_in

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quillfeather"
EMAIL = "zebedee.quill@example.net"
ADDRESS = "7 Lantern Yard, Upper Wrexley"
TEXT = "Minutes of the Tillingham bridge inspection meeting"


def answer(client, slug, data, follow=True):
    return client.post(f"/make-a-request/{slug}/", data, follow=follow)


def foi_journey(client):
    answer(client, "kind", {"kind": "foi"})
    answer(client, "request", {"request": TEXT})
    answer(client, "published", {})
    answer(client, "name", {"name": NAME})
    return answer(client, "contact", {"email": EMAIL, "address": ADDRESS})


def test_an_foi_journey_ends_with_the_reference_and_due_date(client, on_day):
    on_day("2026-06-03")
    response = foi_journey(client)
    assert response.redirect_chain[-1][0] == "/make-a-request/check-your-answers/"
    page = response.content.decode()
    assert NAME in page
    assert TEXT in page
    assert page.count(">Change<") == 4
    sent = client.post("/make-a-request/check-your-answers/", {"website": ""}, follow=True)
    page = sent.content.decode()
    submission = Submission.objects.get()
    assert submission.reference in page
    assert "2 July 2026" in page
    assert (submission.kind, submission.name, submission.address) == ("foi", NAME, ADDRESS)
    # The answers are gone from the session: the pages start again.
    assert client.get("/make-a-request/check-your-answers/").status_code == 302


def test_a_step_cannot_be_skipped_and_a_change_returns_to_check(client):
    assert client.get("/make-a-request/name/")["Location"] == "/make-a-request/kind/"
    foi_journey(client)
    response = client.post("/make-a-request/request/?change=1", {"request": "Other words"})
    assert response["Location"] == "/make-a-request/check-your-answers/"
    assert "Other words" in client.get("/make-a-request/check-your-answers/").content.decode()


def test_changing_the_kind_asks_its_own_questions(client):
    foi_journey(client)
    response = answer(client, "kind", {"kind": "roa"}, follow=False)
    assert response["Location"] == "/make-a-request/about/"
    assert client.get("/make-a-request/check-your-answers/")["Location"] == "/make-a-request/about/"
    assert client.get("/make-a-request/records/")["Location"] == "/make-a-request/about/"


def test_errors_are_words_on_the_page(client):
    response = answer(client, "kind", {})
    assert response.status_code == 400
    assert "Choose what you want to ask for." in response.content.decode()
    answer(client, "kind", {"kind": "foi"})
    response = answer(client, "request", {"request": "x" * 10_001})
    assert "10,000 characters or fewer" in response.content.decode()
    answer(client, "request", {"request": TEXT})
    answer(client, "published", {})
    answer(client, "name", {"name": NAME})
    response = answer(client, "contact", {"email": "", "address": ""})
    assert response.status_code == 400
    assert "Enter an email address or a postal address" in response.content.decode()


def test_the_honeypot_and_the_limit_answer_in_words(client, settings):
    foi_journey(client)
    response = client.post("/make-a-request/check-your-answers/", {"website": "spam"})
    assert response.status_code == 400
    assert "Leave the last box empty" in response.content.decode()
    settings.INTAKE_LIMIT_PER_ADDRESS = 0
    response = client.post("/make-a-request/check-your-answers/", {"website": ""})
    assert response.status_code == 429
    assert "Try again tomorrow" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_right_of_access_journey_for_someone_else_with_evidence(client, on_day):
    on_day("2026-06-03")
    answer(client, "kind", {"kind": "roa"})
    answer(client, "about", {"about": "someone_else"})
    answer(client, "someone-else", {"subject_name": "Mabel Quillfeather"})
    answer(client, "request", {"request": "My mother's custody record"})
    answer(client, "dates", {"date_range": "May 2026"})
    answer(client, "records", {"records": ["custody", "body_worn_video"]})
    bad = answer(client, "identity", {"identity": SimpleUploadedFile("id.txt", b"hello")})
    assert "PDF, a PNG or a JPEG" in bad.content.decode()
    answer(
        client,
        "identity",
        {
            "identity": SimpleUploadedFile("passport.png", PNG),
            "authority": SimpleUploadedFile("authority.png", PNG),
        },
    )
    answer(client, "name", {"name": NAME})
    answer(client, "contact", {"email": EMAIL})
    sent = client.post("/make-a-request/check-your-answers/", {"website": ""}, follow=True)
    assert "3 July 2026" in sent.content.decode()  # identity came with it: the clock runs
    submission = Submission.objects.get()
    assert submission.subject_name == "Mabel Quillfeather"
    assert sorted(submission.files.values_list("kind", flat=True)) == ["authority", "identity"]


def _accepted(committed, caseworker, **overrides):
    values = {"kind": "roa", "about": "myself", "name": NAME, "email": EMAIL}
    values.update({"address": ADDRESS, "request_text": TEXT, **overrides})
    submission = committed(services.submit, **values)
    return committed(
        services.accept, submission_id=submission.pk, actor=caseworker, regime="uk_gdpr"
    )


def test_the_follow_page_shows_status_and_takes_a_reply(client, caseworker, committed, on_day):
    on_day("2026-06-03")
    request = _accepted(committed, caseworker)
    path = link_in(mail.outbox[-1].body, "/your-request/")
    page = client.get(path).content.decode()
    assert request.reference in page
    assert "Proof of your identity" in page
    assert "Since 3 June 2026" in page
    assert f"Your request {request.reference}: we have received it" in page  # its subject
    response = client.post(
        path, {"text": "Passport attached", "file": SimpleUploadedFile("p.png", PNG)}, follow=True
    )
    assert "We have your reply" in response.content.decode()
    request.refresh_from_db()
    assert request.requester_replied_at is not None
    client.force_login(caseworker)
    staff_page = client.get(f"/requests/{request.pk}/").content.decode()
    assert "The requester has replied online" in staff_page


@pytest.mark.parametrize("mangle", ["wrong", "tampered", "expired", "other-salt"])
def test_a_bad_follow_link_is_the_same_404_as_any_unknown_page(
    client, caseworker, committed, on_day, settings, mangle
):
    on_day("2026-06-03")
    request = _accepted(committed, caseworker, kind="foi", about="")
    token = tokens.follow_token(request.pk)
    if mangle == "wrong":
        token = tokens.follow_token(request.pk + 1000)
    elif mangle == "tampered":
        token = token.replace(token.split(":")[0], str(request.pk + 1), 1)
    elif mangle == "expired":
        settings.INTAKE_FOLLOW_LINK_DAYS = 1
        on_day("2026-06-05")
    else:
        token = tokens.confirm_token(request.pk)
    response = client.get(f"/your-request/{token}/")
    unknown = client.get("/no-such-page/")
    assert response.status_code == unknown.status_code == 404
    assert response.content == unknown.content


def test_no_public_page_shows_what_the_requester_gave(
    client, caseworker, committed, on_day, django_capture_on_commit_callbacks
):
    """The confirmation, the email-confirmed page and the follow page (before and after a
    reply) never show the requester's name, email, address or words."""
    on_day("2026-06-03")
    foi_journey(client)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/make-a-request/check-your-answers/", {"website": ""}, follow=True)
    pages = [sent]
    submission = Submission.objects.get()
    confirm = link_in(mail.outbox[-1].body, "/make-a-request/confirm/")
    pages.append(client.get(confirm))
    request = committed(services.accept, submission_id=submission.pk, actor=caseworker)
    follow = link_in(mail.outbox[-1].body, "/your-request/")
    pages.append(client.get(follow))
    pages.append(client.post(follow, {"text": f"From {NAME}, {EMAIL}"}, follow=True))
    pages.append(client.get("/make-a-request/"))
    assert all(page.status_code == 200 for page in pages)
    for page in pages:
        body = page.content.decode()
        for secret in (NAME, EMAIL, ADDRESS, TEXT, "Zebedee", "Lantern Yard"):
            assert secret not in body, (page.request["PATH_INFO"], secret)
    assert request.reference in pages[3].content.decode()


def test_the_queue_shows_duplicates_and_accepting_logs_the_request(
    client, caseworker, committed, on_day
):
    on_day("2026-06-03")
    first = committed(services.submit, kind="foi", name=NAME, email=EMAIL, request_text=TEXT)
    second = committed(services.submit, kind="foi", name=NAME, address=ADDRESS, request_text=TEXT)
    client.force_login(caseworker)
    queue = client.get("/intake/").content.decode()
    assert first.reference in queue
    assert second.reference in queue
    assert NAME not in queue  # the list shows references only
    detail = client.get(f"/intake/{second.pk}/").content.decode()
    assert first.reference in detail
    assert "the same requester" in detail
    stale = client.post(
        f"/intake/{second.pk}/accept/", {"accept-version": 0, "accept-requester_type": "media"}
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    response = client.post(
        f"/intake/{second.pk}/accept/", {"accept-version": 1, "accept-requester_type": "media"}
    )
    request = InformationRequest.objects.get()
    assert response["Location"] == f"/requests/{request.pk}/"
    assert (request.channel, request.requester_type) == ("web", "media")
    assert request.received_on == date(2026, 6, 3)
    bad = client.post(f"/intake/{first.pk}/reject/", {"reject-version": 1, "reject-reason": ""})
    assert bad.status_code == 400
    assert "Say why this is spam." in bad.content.decode()
    client.post(f"/intake/{first.pk}/merge/", {"merge-version": 1, "merge-into": request.reference})
    first.refresh_from_db()
    assert (first.status, first.request) == (Status.MERGED, request)
    assert client.get(f"/intake/{first.pk}/").status_code == 200


def test_another_units_caseworker_and_the_board_cannot_see_the_queue(client, make_user, committed):
    from accounts.models import Unit

    submission = committed(services.submit, kind="foi", name=NAME, email=EMAIL, request_text=TEXT)
    outsider = make_user("out", unit=Unit.objects.create(name="Elsewhere"))
    client.force_login(outsider)
    assert submission.reference not in client.get("/intake/").content.decode()
    assert client.get(f"/intake/{submission.pk}/").status_code == 404
    client.force_login(make_user("board", role="data_board"))
    assert client.get("/intake/").status_code == 403


def test_an_foi_request_is_shown_the_published_answers_like_it_first(client, caseworker, on_day):
    from casefile import services as casefile_services
    from disclosure import services as disclosure_services
    from requests_tracker import services as request_services

    on_day("2026-06-03")
    answered = request_services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 5, 1),
        channel="email",
        requester_type="member_of_public",
        summary="An earlier request",
        requester=request_services.RequesterDetails(name="Ann Earlier", email="ann@example.org"),
    )
    request_services.close_request(
        request_id=answered.pk,
        actor=caseworker,
        closed_on=date(2026, 5, 20),
        outcome="granted_in_full",
    )
    document = casefile_services.upload_document(
        request_id=answered.pk,
        actor=caseworker,
        file=ContentFile(b"Inspection minutes\n", name="minutes.txt"),
        kind="response",
    )
    casefile_services.mark_released(document_id=document.pk, actor=caseworker)
    disclosure_services.publish(
        request_id=answered.pk,
        actor=caseworker,
        title="Tillingham bridge inspection minutes",
        summary="The minutes of the bridge inspection meetings in 2025.",
        documents=[document.pk],
    )
    answer(client, "kind", {"kind": "foi"})
    page = answer(client, "request", {"request": TEXT}).content.decode()
    assert "Answers we have already published" in page
    assert "Tillingham bridge inspection minutes" in page
    assert answered.reference in page
    # No question on the page, so no row of its own in "check your answers".
    answer(client, "published", {})
    answer(client, "name", {"name": NAME})
    check = answer(client, "contact", {"email": EMAIL}).content.decode()
    assert "Answers we have already published" not in check


def test_a_right_of_access_request_has_no_published_answers_step(client):
    answer(client, "kind", {"kind": "roa"})
    answer(client, "about", {"about": "myself"})
    response = answer(client, "request", {"request": TEXT})
    assert "Answers we have already published" not in response.content.decode()
