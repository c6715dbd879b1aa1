"""The caseworker's steps: the request page's section, publish and withdraw, and the
DPO's list; refusals answer in words with the form kept."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from disclosure import services
from disclosure.models import PublishedItem

from .conftest import add_document, log_request, released

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_publish_from_the_request_page(signed_in, closed_foi, caseworker):
    document = released(closed_foi, caseworker, name="fines.txt")
    add_document(closed_foi, caseworker, name="draft.txt")  # not released: not offered
    detail = signed_in.get(reverse("requests:detail", args=[closed_foi.pk])).content.decode()
    url = reverse("disclosure:publish", args=[closed_foi.pk])
    assert url in detail
    page = signed_in.get(url).content.decode()
    assert "fines.txt" in page
    assert "draft.txt" not in page
    empty = signed_in.post(url, {"version": closed_foi.version})
    assert empty.status_code == 400
    assert "Enter a public title." in empty.content.decode()
    data = {
        "title": "Parking fines issued in 2025",
        "summary": "How many parking fines were issued in 2025.",
        "documents": [document.pk],
        "version": closed_foi.version,
    }
    done = signed_in.post(url, data)
    item = PublishedItem.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("disclosure:item", args=[item.pk])
    stale = signed_in.post(url, data)  # the version it was posted with is now stale
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    detail = signed_in.get(reverse("requests:detail", args=[closed_foi.pk])).content.decode()
    assert "Published in the disclosure log" in detail  # the timeline event
    assert reverse("disclosure:withdraw", args=[closed_foi.pk]) in detail


def test_the_requesters_words_are_refused_on_the_page(signed_in, closed_foi):
    response = signed_in.post(
        reverse("disclosure:publish", args=[closed_foi.pk]),
        {"title": "Fines", "summary": closed_foi.summary, "version": closed_foi.version},
    )
    assert response.status_code == 400
    assert "own words are never published" in response.content.decode()
    assert closed_foi.summary in response.content.decode()  # the form keeps what was typed


def test_an_open_request_shows_why_it_cannot_be_published(signed_in, caseworker, on_day):
    on_day("2026-10-21")
    record = log_request(caseworker)
    page = signed_in.get(reverse("disclosure:publish", args=[record.pk])).content.decode()
    assert "Only a closed request&#x27;s response can be published." in page
    detail = signed_in.get(reverse("requests:detail", args=[record.pk])).content.decode()
    assert reverse("disclosure:publish", args=[record.pk]) not in detail


def test_withdraw_with_a_reason(signed_in, closed_foi, caseworker, client):
    item = services.publish(
        request_id=closed_foi.pk, actor=caseworker, title="Fines", summary="Fines issued."
    )
    closed_foi.refresh_from_db()
    url = reverse("disclosure:withdraw", args=[closed_foi.pk])
    empty = signed_in.post(url, {"reason": "", "version": closed_foi.version})
    assert empty.status_code == 400
    assert "Say why" in empty.content.decode()
    done = signed_in.post(url, {"reason": "Published in error", "version": closed_foi.version})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.withdrawal_reason == "Published in error"
    assert signed_in.get(url).status_code == 404  # nothing live to withdraw
    detail = signed_in.get(reverse("requests:detail", args=[closed_foi.pk])).content.decode()
    assert "Published in error" in detail


def test_another_unit_may_not_publish(client, closed_foi, make_user):
    other = make_user("other", role="caseworker", unit=Unit.objects.create(name="Other unit"))
    client.force_login(other)
    response = client.get(reverse("disclosure:publish", args=[closed_foi.pk]))
    assert response.status_code == 404  # not a request they can see


def test_the_dpo_list_shows_withdrawn_items_with_reasons(client, closed_foi, caseworker, make_user):
    services.publish(request_id=closed_foi.pk, actor=caseworker, title="Fines", summary="Fines.")
    services.withdraw(request_id=closed_foi.pk, actor=caseworker, reason="Wrong figures")
    client.force_login(make_user("dee", role="dpo"))
    html = client.get(reverse("disclosure:manage")).content.decode()
    assert "Wrong figures" in html
    assert closed_foi.reference in html
