"""Publishing a response in the disclosure log and withdrawing it: every refusal."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import ConflictError, TransitionError
from disclosure import services
from disclosure.models import PublishedItem
from requests_tracker import services as request_services
from requests_tracker.models import RequestEvent

from .conftest import SECRET_WORDS, add_document, close, log_request, released

pytestmark = pytest.mark.django_db

TITLE = "Parking fines issued in 2025"
SUMMARY = "The number of parking fines issued in 2025, by month."


def publish(record, actor, **kwargs):
    options = {"title": TITLE, "summary": SUMMARY, **kwargs}
    return services.publish(request_id=record.pk, actor=actor, **options)


def errors_of(raised) -> dict:
    return raised.value.message_dict


def test_publish_records_the_public_facts_and_the_timeline_event(closed_foi, caseworker):
    document = released(closed_foi, caseworker, name="fines.txt")
    item = publish(closed_foi, caseworker, documents=[document.pk], version=closed_foi.version)
    assert item.reference == closed_foi.reference
    assert item.kind == "foi"
    assert item.responded_on == date(2026, 10, 20)
    assert item.outcome_label == "Granted in part"
    assert item.exemptions == ["Section 40: personal information", "Section 31: law enforcement"]
    assert [d.filename for d in item.documents.all()] == ["fines.txt"]
    assert item.summary == SUMMARY
    assert SECRET_WORDS not in item.summary
    event = RequestEvent.objects.filter(request=closed_foi, type="published").get()
    assert TITLE in event.description
    assert event.actor == caseworker
    closed_foi.refresh_from_db()
    assert closed_foi.version == item.request.version


def test_an_eir_response_is_published(caseworker, on_day):
    on_day("2026-10-21")
    record = close(
        log_request(caseworker, kind="eir"), caseworker, outcome="granted_in_full", exemptions=()
    )
    assert publish(record, caseworker).exemptions == []


def test_a_right_of_access_request_is_never_published(caseworker, on_day):
    on_day("2026-10-21")
    record = close(
        log_request(caseworker, kind="roa"), caseworker, outcome="no_data_held", exemptions=()
    )
    with pytest.raises(TransitionError, match="never published"):
        publish(record, caseworker)
    assert not PublishedItem.objects.exists()


def test_an_open_request_cannot_be_published(caseworker, on_day):
    on_day("2026-10-21")
    record = log_request(caseworker)
    with pytest.raises(TransitionError, match="Only a closed request"):
        publish(record, caseworker)


def test_an_internal_review_is_not_published(caseworker, on_day):
    on_day("2026-10-21")
    record = close(log_request(caseworker), caseworker)
    review = request_services.open_internal_review(
        request_id=record.pk, actor=caseworker, received_on=date(2026, 10, 21)
    )
    review = request_services.close_request(
        request_id=review.pk,
        actor=caseworker,
        closed_on=date(2026, 10, 21),
        outcome="upheld",
    )
    with pytest.raises(TransitionError, match="Only FOI and EIR"):
        publish(review, caseworker)


def test_it_cannot_be_published_twice(closed_foi, caseworker):
    publish(closed_foi, caseworker)
    with pytest.raises(TransitionError, match="already in the disclosure log"):
        publish(closed_foi, caseworker)


def test_title_and_summary_are_required_and_bounded(closed_foi, caseworker):
    with pytest.raises(ValidationError) as raised:
        publish(closed_foi, caseworker, title="  ", summary="")
    assert errors_of(raised) == {
        "title": ["Enter a public title."],
        "summary": ["Enter a summary of the request written for publication."],
    }
    with pytest.raises(ValidationError) as raised:
        publish(closed_foi, caseworker, title="x" * 201, summary="y" * 5001)
    assert set(errors_of(raised)) == {"title", "summary"}


def test_the_requesters_own_words_are_refused_as_the_summary(closed_foi, caseworker):
    with pytest.raises(ValidationError) as raised:
        publish(closed_foi, caseworker, summary="  " + closed_foi.summary.upper() + " ")
    assert "requester's own words are never published" in errors_of(raised)["summary"][0]


def test_only_released_responses_are_published(closed_foi, caseworker):
    letter = add_document(closed_foi, caseworker, kind="request", name="letter.txt")
    unreleased = add_document(closed_foi, caseworker, name="draft.txt")
    for document, words in (
        (letter, "not a response or a redacted response"),
        (unreleased, "has not been marked released"),
    ):
        with pytest.raises(ValidationError) as raised:
            publish(closed_foi, caseworker, documents=[document.pk])
        assert words in errors_of(raised)["documents"][0]
    with pytest.raises(ValidationError, match="this request's case file"):
        publish(closed_foi, caseworker, documents=[999_999])
    assert not PublishedItem.objects.exists()


def test_a_replaced_version_is_refused(closed_foi, caseworker):
    from django.core.files.base import ContentFile

    from casefile import services as casefile_services

    first = released(closed_foi, caseworker, name="v1.txt")
    casefile_services.upload_document(
        request_id=closed_foi.pk,
        actor=caseworker,
        file=ContentFile(b"Fines: 121\n", name="v2.txt"),
        kind="response",
        replaces=first.pk,
    )
    with pytest.raises(ValidationError, match="replaced by a newer version"):
        publish(closed_foi, caseworker, documents=[first.pk])


def test_another_units_caseworker_may_not_publish(closed_foi, make_user):
    from accounts.models import Unit

    other = make_user("other", role="caseworker", unit=Unit.objects.create(name="Other unit"))
    with pytest.raises(PermissionDenied):
        publish(closed_foi, other)
    board = make_user("board", role="data_board")
    with pytest.raises(PermissionDenied):
        publish(closed_foi, board)


def test_a_stale_version_is_a_conflict(closed_foi, caseworker):
    with pytest.raises(ConflictError, match="changed by someone else"):
        publish(closed_foi, caseworker, version=closed_foi.version - 1)


def test_withdraw_keeps_the_item_with_the_reason_and_allows_republishing(closed_foi, caseworker):
    item = publish(closed_foi, caseworker)
    with pytest.raises(ValidationError, match="Say why"):
        services.withdraw(request_id=closed_foi.pk, actor=caseworker, reason=" ")
    services.withdraw(request_id=closed_foi.pk, actor=caseworker, reason="Names left in the PDF")
    item.refresh_from_db()
    assert item.withdrawn
    assert item.withdrawal_reason == "Names left in the PDF"
    assert item.withdrawn_by == caseworker
    event = RequestEvent.objects.get(request=closed_foi, type="publication_withdrawn")
    assert "Names left in the PDF" in event.description
    with pytest.raises(TransitionError, match="not in the disclosure log"):
        services.withdraw(request_id=closed_foi.pk, actor=caseworker, reason="Again")
    again = publish(closed_foi, caseworker, title="Parking fines 2025 (corrected)")
    assert PublishedItem.objects.filter(request=closed_foi).count() == 2
    assert not again.withdrawn


def test_withdraw_checks_the_version(closed_foi, caseworker):
    publish(closed_foi, caseworker)
    closed_foi.refresh_from_db()
    with pytest.raises(ConflictError):
        services.withdraw(
            request_id=closed_foi.pk,
            actor=caseworker,
            reason="Wrong answer",
            version=closed_foi.version - 1,
        )
