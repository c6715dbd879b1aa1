"""Submitting online, confirming the address, the spam limits, the intake queue's
actions and the acknowledgement (intake/services.py)."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from casefile.models import OutboundEmail
from core.errors import ConflictError, TransitionError
from intake import selectors, services, tokens
from intake.models import EventType, Status, Submission
from requests_tracker import services as request_services
from requests_tracker.models import InformationRequest
from requests_tracker.vocabularies import Channel
from requests_tracker.vocabularies import EventType as RequestEventType
from requests_tracker.vocabularies import Status as RequestStatus

from .conftest import PNG, link_in

pytestmark = pytest.mark.django_db


def test_received_is_the_uk_date_of_submission(submit, on_day):
    # 00:30 on 1 July in the UK is still 30 June in UTC: the UK date counts.
    on_day("2026-07-01", hour=0)
    submission = submit()
    assert submission.received_on == date(2026, 7, 1)
    assert submission.status == Status.PENDING
    assert submission.unit.name == "Disclosure Unit"
    assert submission.events.get().type == EventType.SUBMITTED


def test_an_unconfirmed_address_still_lands_and_the_link_confirms_it(submit, client, on_day):
    on_day("2026-06-03")
    submission = submit()
    assert submission.email_confirmed_at is None  # landed anyway
    (message,) = mail.outbox
    assert message.to == ["ottoline.q@example.net"]
    assert "Confirm your email address" in message.subject
    path = link_in(message.body, "/make-a-request/confirm/")
    response = client.get(path)
    assert response.status_code == 200
    assert "Email address confirmed" in response.content.decode()
    submission.refresh_from_db()
    assert submission.email_confirmed_at is not None
    assert submission.events.filter(type=EventType.EMAIL_CONFIRMED).count() == 1


def test_the_due_date_follows_the_statute(submit, on_day):
    on_day("2026-06-03")  # a Wednesday
    foi = services.due_for(submit())
    # 20 working days after receipt, skipping the 15 June 2026 holiday (in `holidays`).
    assert foi.due_on == date(2026, 7, 2)
    roa = services.due_for(submit(kind="roa", about="myself", records=["custody"]))
    assert roa.due_on is None  # no proof of identity yet: the clock has not started
    assert "proof of your identity" in roa.words


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"name": " "}, "name", "Enter your full name."),
        ({"email": "", "address": ""}, "email", "email address or a postal address"),
        ({"email": "not-an-address"}, "email", "correct format"),
        ({"request_text": ""}, "request", "Describe the information"),
        ({"request_text": "x" * 10_001}, "request", "10,000 characters or fewer"),
        ({"kind": "internal_review"}, "kind", "Choose what kind"),
        ({"kind": "roa"}, "about", "about you or someone else"),
        ({"kind": "roa", "about": "someone_else"}, "subject_name", "name of the person"),
        ({"kind": "roa", "about": "myself", "records": ["diaries"]}, "records", "from the list"),
        ({"records": ["custody"]}, "kind", "Only a request for personal information"),
    ],
)
def test_bad_input_gets_words_and_saves_nothing(submit, overrides, field, words):
    with pytest.raises(ValidationError) as raised:
        submit(**overrides)
    assert any(words in message for message in raised.value.message_dict[field])
    assert not Submission.objects.exists()


def test_the_honeypot_refuses_and_saves_nothing(submit):
    with pytest.raises(services.Honeypot) as raised:
        submit(honeypot="http://spam.example")
    assert "Leave the last box empty" in raised.value.message_dict["website"][0]
    assert not Submission.objects.exists()


def test_the_rate_limit_per_address_and_per_client(submit, settings):
    settings.INTAKE_LIMIT_PER_ADDRESS = 2
    settings.INTAKE_LIMIT_PER_CLIENT = 3
    submit(client="192.0.2.1")
    submit(client="192.0.2.1", email="OTTOLINE.Q@example.net")  # the same address
    with pytest.raises(services.RateLimited, match="from one address in a day"):
        submit(client="192.0.2.1")
    assert Submission.objects.count() == 2
    submit(client="192.0.2.1", email="someone.else@example.net")  # client's 4th attempt
    with pytest.raises(services.RateLimited, match="from your connection"):
        submit(client="192.0.2.1", email="a.third@example.net")
    submit(client="192.0.2.2", email="a.fourth@example.net")  # another client is fine


def test_tokens_refuse_anything_not_signed_by_us_for_that_purpose(settings):
    good = tokens.follow_token(42)
    assert tokens.followed_request_id(good) == 42
    assert tokens.followed_request_id(good[:-1] + ("A" if good[-1] != "A" else "B")) is None
    assert tokens.followed_request_id("42") is None
    assert tokens.followed_request_id(tokens.confirm_token(42)) is None  # another salt
    assert tokens.confirmed_submission_id(good) is None


def test_an_expired_follow_link_is_refused(on_day, settings):
    settings.INTAKE_FOLLOW_LINK_DAYS = 10
    on_day("2026-06-01")
    token = tokens.follow_token(7)
    on_day("2026-06-10")
    assert tokens.followed_request_id(token) == 7
    on_day("2026-06-12")
    assert tokens.followed_request_id(token) is None


def test_duplicates_same_person_or_similar_words(submit, caseworker, on_day):
    on_day("2026-06-03")
    earlier = request_services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 5, 20),
        channel="email",
        requester_type="member_of_public",
        summary="How many speed cameras were active in Wessex during 2025?",
        requester=request_services.RequesterDetails(
            name="Someone Different", email="x@example.org"
        ),
    )
    unrelated = request_services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 5, 21),
        channel="email",
        requester_type="member_of_public",
        summary="Your policy on drones over football grounds",
        requester=request_services.RequesterDetails(name="Another Person", email="y@example.org"),
    )
    first = submit(request_text="Budget for horses in the mounted section")
    second = submit()
    found = {d.reference: d.why for d in selectors.possible_duplicates(second)}
    assert found == {earlier.reference: "similar words", first.reference: "the same requester"}
    assert unrelated.reference not in found


def test_duplicates_are_recent_only(submit, caseworker, on_day, settings):
    settings.INTAKE_DUPLICATE_DAYS = 10
    on_day("2026-06-03")
    request_services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 5, 1),
        channel="email",
        requester_type="member_of_public",
        summary="How many speed cameras were active in Wessex in 2025?",
        requester=request_services.RequesterDetails(
            name="Ottoline Quarrendon", email="ottoline.q@example.net"
        ),
    )
    assert selectors.possible_duplicates(submit()) == []


def test_accept_logs_a_web_request_and_acknowledges_it(submit, caseworker, on_day, committed):
    on_day("2026-06-03")
    submission = submit()
    mail.outbox.clear()
    request = committed(services.accept, submission_id=submission.pk, actor=caseworker, version=1)
    assert request.channel == Channel.WEB
    assert request.received_on == date(2026, 6, 3)
    assert request.due_on == date(2026, 7, 2)
    assert request.requester.email == "ottoline.q@example.net"
    submission.refresh_from_db()
    assert (submission.status, submission.request, submission.decided_by) == (
        Status.ACCEPTED,
        request,
        caseworker,
    )
    assert "email address was not confirmed" in submission.events.last().description
    (message,) = mail.outbox
    assert message.subject == f"Your request {request.reference}: we have received it"
    assert "2 July 2026" in message.body
    assert OutboundEmail.objects.get(request=request).subject == message.subject
    ((filename, _, content_type),) = message.attachments  # the letter, as a PDF
    assert content_type == "application/pdf"
    assert request.documents.get(kind="correspondence").filename == filename
    follow = link_in(message.body, "/your-request/")
    assert tokens.followed_request_id(follow.split("/")[2]) == request.pk


def test_accepting_a_right_of_access_request_without_identity_stops_the_clock(
    submit, caseworker, on_day, committed
):
    on_day("2026-06-03")
    submission = submit(kind="roa", about="myself", records=["custody", "body_worn_video"])
    with pytest.raises(ValidationError) as raised:
        services.accept(submission_id=submission.pk, actor=caseworker)
    assert "regime" in raised.value.message_dict
    request = committed(
        services.accept, submission_id=submission.pk, actor=caseworker, regime="uk_gdpr"
    )
    assert request.status == RequestStatus.ON_HOLD
    assert request.due_on is None
    assert "Custody records, Body-worn video" in request.summary
    assert "no due date yet" in mail.outbox[-1].body


def test_identity_evidence_moves_into_the_case_file_and_the_clock_runs(submit, caseworker, on_day):
    on_day("2026-06-03")
    evidence = services.store_evidence(
        SimpleUploadedFile("passport.png", PNG, content_type="image/png"), "identity"
    )
    submission = submit(kind="roa", about="myself", evidence=[evidence])
    assert services.due_for(submission).due_on == date(2026, 7, 3)
    request = services.accept(submission_id=submission.pk, actor=caseworker, regime="uk_gdpr")
    assert request.status == RequestStatus.OPEN
    assert request.due_on == date(2026, 7, 3)
    (document,) = request.documents.filter(kind="identity")
    assert document.filename == "passport.png"
    assert request.documents.filter(kind="correspondence").count() == 1  # the acknowledgement


def test_evidence_must_be_a_scan_or_photo_and_small(settings):
    with pytest.raises(ValidationError, match="PDF, a PNG or a JPEG"):
        services.store_evidence(SimpleUploadedFile("id.exe", b"MZ\x90\x00rest"), "identity")
    settings.INTAKE_MAX_FILE_BYTES = 10
    with pytest.raises(ValidationError, match="smaller than"):
        services.store_evidence(SimpleUploadedFile("id.png", PNG), "identity")


def test_merge_and_reject(submit, caseworker, on_day):
    on_day("2026-06-03")
    existing = services.accept(submission_id=submit().pk, actor=caseworker)
    again = submit()
    with pytest.raises(ValidationError, match="no request FOI-1999"):
        services.merge(submission_id=again.pk, actor=caseworker, into="FOI-1999-00001")
    merged = services.merge(submission_id=again.pk, actor=caseworker, into=existing.reference)
    assert merged == existing
    assert existing.events.filter(description__contains=again.reference).exists()
    spam = submit(email="bot@example.net", request_text="Buy cheap watches")
    with pytest.raises(ValidationError, match="Say why"):
        services.reject(submission_id=spam.pk, actor=caseworker, reason="")
    services.reject(submission_id=spam.pk, actor=caseworker, reason="Advertising")
    spam.refresh_from_db()
    assert (spam.status, spam.reject_reason) == (Status.REJECTED, "Advertising")
    assert spam.events.last().type == EventType.REJECTED
    with pytest.raises(TransitionError, match="is rejected as spam"):
        services.accept(submission_id=spam.pk, actor=caseworker)
    assert InformationRequest.objects.count() == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(submit, caseworker):
    submission = submit()
    services.reject(submission_id=submission.pk, actor=caseworker, reason="Spam", version=1)
    with pytest.raises(ConflictError):
        services.accept(submission_id=submission.pk, actor=caseworker, version=1)


def test_only_staff_who_see_the_units_personal_data_decide(submit, make_user):
    from accounts.models import Unit

    other_unit = Unit.objects.create(name="Professional Standards")
    outsider = make_user("outsider", role="caseworker", unit=other_unit)
    board = make_user("board", role="data_board")
    submission = submit()
    for user in (outsider, board):
        with pytest.raises(PermissionDenied):
            services.accept(submission_id=submission.pk, actor=user)
        assert not selectors.visible_submissions(user).exists()
    dpo = make_user("dee", role="dpo", unit=other_unit)
    assert selectors.queue(dpo).get() == submission


def test_a_reply_reaches_the_case_file_and_flags_the_request(submit, caseworker, on_day):
    on_day("2026-06-03")
    submission = submit(kind="roa", about="myself")
    request = services.accept(submission_id=submission.pk, actor=caseworker, regime="uk_gdpr")
    with pytest.raises(ValidationError, match="Write a message or choose a file"):
        services.send_reply(request_id=request.pk, text=" ")
    services.send_reply(
        request_id=request.pk,
        text="My passport is attached.",
        files=[SimpleUploadedFile("passport.png", PNG)],
    )
    request.refresh_from_db()
    assert request.requester_replied_at is not None
    kinds = sorted(request.documents.values_list("kind", flat=True))
    assert kinds == ["correspondence", "correspondence", "identity"]  # the letter, the reply
    event = request.events.get(type=RequestEventType.REQUESTER_REPLIED)
    assert "My passport" not in event.description  # the words stay in the case file
    request_services.restart_clock(
        request_id=request.pk, actor=caseworker, ended_on=date(2026, 6, 3)
    )
    request.refresh_from_db()
    assert request.requester_replied_at is None
    assert request.due_on == date(2026, 7, 3)


@pytest.mark.redis_server
def test_the_address_limit_holds_in_redis_and_while_redis_is_down(
    submit, resilient_cache, settings
):
    """Counted atomically in Redis; with Redis killed, still counted (in this process)
    and a submission is still taken: the law does not wait for our cache."""
    settings.INTAKE_LIMIT_PER_ADDRESS = 2
    submit()
    submit()
    with pytest.raises(services.RateLimited):
        submit()
    resilient_cache.kill()
    submit(email="after.the.fault@example.net")
    submit(email="after.the.fault@example.net")
    with pytest.raises(services.RateLimited):
        submit(email="after.the.fault@example.net")
    assert Submission.objects.count() == 4
