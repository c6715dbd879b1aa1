"""The public disclosure log: search (PostgreSQL full-text and the SQLite fallback),
filters, the item page and its downloads, CSV, JSON and Atom, and withdrawal."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from disclosure import selectors, services
from disclosure.models import PublishedItem

from .conftest import close, log_request, released

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def log_items(caseworker, on_day):
    """Three published answers and one withdrawn, on different days and outcomes."""
    on_day("2026-11-02")
    made = {}
    specs = [
        (
            "fines",
            "foi",
            "granted_in_part",
            ("s40",),
            date(2026, 10, 5),
            "Parking fines issued in 2025",
            "The number of parking penalty notices issued by month.",
        ),
        (
            "drones",
            "foi",
            "refused",
            ("s31", "s24"),
            date(2026, 10, 12),
            "Use of drones by the force",
            "How many drones the force owns and how often they flew.",
        ),
        (
            "flood",
            "eir",
            "granted_in_full",
            (),
            date(2026, 10, 19),
            "Flood risk near the river depot",
            "Environmental surveys of flooding at the depot.",
        ),
        (
            "gone",
            "foi",
            "granted_in_full",
            (),
            date(2026, 10, 26),
            "Helicopter hours withdrawn",
            "Flying hours of the helicopter in 2024.",
        ),
    ]
    for key, kind, outcome, exemptions, closed_on, title, summary in specs:
        record = close(
            log_request(caseworker, kind=kind),
            caseworker,
            outcome=outcome,
            exemptions=exemptions,
            on=closed_on,
        )
        document = released(record, caseworker, name=f"{key}.txt", text=f"{title}\n")
        made[key] = services.publish(
            request_id=record.pk,
            actor=caseworker,
            title=title,
            summary=summary,
            documents=[document.pk],
        )
    services.withdraw(request_id=made["gone"].request_id, actor=caseworker, reason="Duplicate")
    return made


def titles(items) -> list[str]:
    return [item.title for item in items]


def found(**filters) -> list[str]:
    return titles(selectors.search(selectors.Filters(**filters)))


def test_the_list_is_newest_first_without_withdrawn_items(log_items):
    assert found() == [
        "Flood risk near the river depot",
        "Use of drones by the force",
        "Parking fines issued in 2025",
    ]


def test_search_finds_words_in_title_and_summary(log_items):
    assert found(q="drones") == ["Use of drones by the force"]
    assert found(q="penalty") == ["Parking fines issued in 2025"]
    assert found(q="helicopter") == []  # withdrawn
    assert found(q="zebra") == []
    assert found(q=log_items["drones"].reference.lower()) == ["Use of drones by the force"]


@pytest.mark.postgres
def test_postgres_full_text_stems_ranks_and_takes_websearch_syntax(log_items):
    assert connection.vendor == "postgresql"
    assert found(q="flooded") == ["Flood risk near the river depot"]  # stemming
    assert found(q="drone -owns") == []
    assert found(q='"parking fines"') == ["Parking fines issued in 2025"]
    assert found(q="depot or fines")[0] in {
        "Flood risk near the river depot",
        "Parking fines issued in 2025",
    }
    stored = (
        PublishedItem.objects.filter(pk=log_items["drones"].pk)
        .values_list("search_vector", flat=True)
        .get()
    )
    assert "drone" in stored


def test_sqlite_fallback_matches_every_word(log_items):
    if connection.vendor == "postgresql":
        pytest.skip("the fallback is for SQLite")
    assert found(q="river depot") == ["Flood risk near the river depot"]
    assert found(q="river fines") == []


def test_filters(log_items):
    assert found(kind="eir") == ["Flood risk near the river depot"]
    assert found(outcome="refused") == ["Use of drones by the force"]
    assert found(exemption="s31") == ["Use of drones by the force"]
    assert found(exemption="s3") == []
    assert found(from_date=date(2026, 10, 10), to_date=date(2026, 10, 15)) == [
        "Use of drones by the force"
    ]


def test_similar_published(log_items):
    draft = "Please tell me how many drones you have and the cost of each one"
    assert titles(selectors.similar_published(draft)) == ["Use of drones by the force"]
    assert selectors.similar_published("") == []
    assert selectors.similar_published("helicopter flying hours") == []
    assert len(selectors.similar_published("fines drones flood depot", limit=2)) == 2


def test_the_similar_partial_links_to_the_items(log_items):
    from django.template import Context, Template

    html = Template("{% load disclosure_tags %}{% similar_published text %}").render(
        Context({"text": "drones"})
    )
    assert reverse("disclosure:item", args=[log_items["drones"].pk]) in html
    assert "We may already have answered this" in html
    empty = Template("{% load disclosure_tags %}{% similar_published text %}").render(
        Context({"text": "nothing like it"})
    )
    assert empty.strip() == ""


def test_the_page_searches_filters_and_pages(client, log_items):
    page = client.get(reverse("disclosure:log"), {"q": "drones"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 published answer found" in html
    assert "Use of drones by the force" in html
    assert "Parking fines" not in html
    bad = client.get(reverse("disclosure:log"), {"from_date": "yesterday", "kind": "roa"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Enter the date as year-month-day" in text
    assert "Choose one from the list." in text
    assert "3 published answers" in text  # the rest of the page still works


def test_the_list_is_paginated(client, log_items, monkeypatch):
    from disclosure import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = client.get(reverse("disclosure:log")).content.decode()
    second = client.get(reverse("disclosure:log"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert "Flood risk" in first
    assert "Parking fines" not in first
    assert "Parking fines" in second


def test_the_item_page_and_its_documents(client, log_items):
    item = log_items["drones"]
    html = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    for text in (
        item.reference,
        "Refused",
        "Section 31: law enforcement",
        "Section 24: national security",
        "drones.txt",
        "12 October 2026",
    ):
        assert text in html
    assert "s31" not in html
    document = item.documents.get()
    download = client.get(reverse("disclosure:document", args=[item.pk, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Use of drones by the force\n"
    other = log_items["fines"].documents.get()
    assert client.get(reverse("disclosure:document", args=[item.pk, other.pk])).status_code == 404


def test_a_withdrawn_item_says_so_and_its_documents_are_gone(client, log_items):
    item = log_items["gone"]
    page = client.get(reverse("disclosure:item", args=[item.pk]))
    assert page.status_code == 410
    html = page.content.decode()
    assert "withdrawn from the disclosure log on" in html
    assert "Duplicate" not in html
    assert "gone.txt" not in html
    document = item.documents.get()
    assert (
        client.get(reverse("disclosure:document", args=[item.pk, document.pk])).status_code == 404
    )


def test_csv(client, log_items):
    response = client.get(reverse("disclosure:csv"), {"kind": "foi"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:7] == [
        "reference",
        "kind",
        "title",
        "summary",
        "date_of_response",
        "outcome",
        "exemptions",
    ]
    assert [row[2] for row in rows[1:]] == [
        "Use of drones by the force",
        "Parking fines issued in 2025",
    ]
    drones = rows[1]
    assert drones[1] == "FOI"
    assert drones[4] == "2026-10-12"
    assert drones[5] == "Refused"
    assert drones[6] == "Section 31: law enforcement; Section 24: national security"
    assert drones[7] == "drones.txt"
    assert rows[0][-1] == "documents_removed_on"
    assert drones[-1] == ""


def test_csv_guards_formulas(client, caseworker, on_day):
    on_day("2026-11-02")
    record = close(log_request(caseworker), caseworker, outcome="granted_in_full", exemptions=())
    services.publish(request_id=record.pk, actor=caseworker, title="=HYPERLINK(1)", summary="+cmd")
    text = b"".join(client.get(reverse("disclosure:csv")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in text
    assert "'+cmd" in text


def test_json_api(client, log_items):
    url = reverse("disclosure-log-list")
    data = client.get(url, {"exemption": "s40"}).json()
    assert data["count"] == 1
    (row,) = data["results"]
    assert row["title"] == "Parking fines issued in 2025"
    assert row["exemptions"] == ["Section 40: personal information"]
    assert row["outcome"] == "Granted in part"
    assert row["kind"] == "foi"
    assert row["date_of_response"] == "2026-10-05"
    assert row["documents"][0]["filename"] == "fines.txt"
    assert set(row) == {
        "id",
        "reference",
        "kind",
        "title",
        "summary",
        "date_of_response",
        "outcome",
        "exemptions",
        "documents",
        "documents_removed_on",
        "url",
    }
    assert row["documents_removed_on"] is None
    assert client.get(url, {"q": "drones"}).json()["count"] == 1
    assert client.get(url).json()["count"] == 3
    bad = client.get(url, {"to_date": "2026-13-01", "outcome": "nope"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"to_date", "outcome"}
    gone = reverse("disclosure-log-detail", args=[log_items["gone"].pk])
    assert client.get(gone).status_code == 404


def test_atom_feed(client, log_items):
    response = client.get(reverse("disclosure:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text.split(": ", 1)[1] for e in entries] == [
        "Flood risk near the river depot",
        "Use of drones by the force",
        "Parking fines issued in 2025",
    ]
    assert "Section 31: law enforcement" in entries[1].find(f"{ATOM}summary").text


def test_pages_of_results_carry_their_total(log_items, client):
    items = selectors.search(selectors.Filters())
    first = selectors.page_of(items, "1", 2)
    assert first.paginator.count == 3
    assert [i.title for i in first] == [
        "Flood risk near the river depot",
        "Use of drones by the force",
    ]
    second = selectors.page_of(items, 2, 2)
    assert [i.title for i in second] == ["Parking fines issued in 2025"]
    assert selectors.page_of(items, 9, 2).number == 2  # past the end: the last page
    assert selectors.page_of(items, "x", 2).number == 1
    assert selectors.page_of(items.none(), 1, 2).paginator.count == 0
    url = reverse("disclosure-log-list")
    assert client.get(url, {"page": 2}).status_code == 404  # 3 items, 50 a page
    assert client.get(url, {"page": "x"}).status_code == 404
    assert client.get(url, {"page": 2**63 - 1}).status_code == 404  # no OFFSET overflow
    assert client.get(reverse("disclosure:log"), {"page": 2**63}).status_code == 200
    assert client.get(url, {"page": 1}).json()["count"] == 3


def _csv_row(client, reference):
    text = b"".join(client.get(reverse("disclosure:csv")).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    return next(row for row in rows if row["reference"] == reference)


def test_disposing_of_the_case_file_says_the_documents_were_removed_and_when(
    client, log_items, on_day
):
    """Retention (requests_tracker.retention.dispose) deletes the case file's documents;
    the published item stays, no longer offers the file, and says everywhere that the
    documents were removed under the retention schedule on that day, not that none were
    released."""
    from requests_tracker import retention

    item = log_items["drones"]
    published = item.documents.get()
    # FOI requesters' data goes 3 years after the request is finished (RETENTION_YEARS).
    on_day("2030-03-04")
    assert retention.dispose().requesters == 4
    published.refresh_from_db()
    assert published.document is None
    item.refresh_from_db()
    assert item.documents_removed_on == date(2030, 3, 4)

    html = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert "No documents were released" not in html
    assert (
        "The documents released with this answer were removed on 4 March 2030 under our "
        "retention schedule." in html
    )
    assert (
        client.get(reverse("disclosure:document", args=[item.pk, published.pk])).status_code == 404
    )

    row = client.get(reverse("disclosure-log-detail", args=[item.pk])).json()
    assert row["documents_removed_on"] == "2030-03-04"
    assert row["documents"] == []  # no link that answers 404
    listed = client.get(reverse("disclosure-log-list"), {"q": "drones"}).json()["results"]
    assert [r["documents_removed_on"] for r in listed] == ["2030-03-04"]

    csv_row = _csv_row(client, item.reference)
    assert (csv_row["documents"], csv_row["documents_removed_on"]) == ("", "2030-03-04")

    root = ET.fromstring(client.get(reverse("disclosure:feed")).content)
    summaries = {
        entry.find(f"{ATOM}title").text: entry.find(f"{ATOM}summary").text
        for entry in root.findall(f"{ATOM}entry")
    }
    assert (
        "removed on 4 March 2030 under our retention schedule"
        in (summaries[f"{item.reference}: Use of drones by the force"])
    )

    # A second run (nothing due) leaves the date as it was.
    on_day("2030-03-05")
    assert retention.dispose().requesters == 0
    item.refresh_from_db()
    assert item.documents_removed_on == date(2030, 3, 4)


def test_an_item_published_without_documents_still_says_none_were_released(
    client, caseworker, on_day
):
    from requests_tracker import retention

    on_day("2026-11-02")
    record = close(log_request(caseworker), caseworker, outcome="refused", exemptions=("s31",))
    item = services.publish(
        request_id=record.pk, actor=caseworker, title="Refused outright", summary="Nothing given."
    )
    on_day("2030-03-04")
    assert retention.dispose().requesters == 1
    item.refresh_from_db()
    assert item.documents_removed_on is None
    html = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert "No documents were released with this answer." in html
    assert _csv_row(client, item.reference)["documents_removed_on"] == ""


def test_the_migration_dates_items_whose_documents_went_before_it(client, log_items, on_day):
    """disclosure migration 0003 gives an item disposed of before the field existed its
    requester's disposal day; an item with no documents is left alone."""
    import importlib

    from django.apps import apps

    from requests_tracker import retention

    backfill = importlib.import_module(
        "disclosure.migrations.0003_settings_documents_removed_backfill"
    ).backfill
    on_day("2031-07-15", hour=0)  # 00:00 BST is still 14 July in UTC: the UK day counts
    retention.dispose()
    PublishedItem.objects.update(documents_removed_on=None)
    bare = log_items["flood"]
    bare.documents.all().delete()

    backfill(apps, None)

    drones = PublishedItem.objects.get(pk=log_items["drones"].pk)
    assert drones.documents_removed_on == date(2031, 7, 15)
    assert PublishedItem.objects.get(pk=bare.pk).documents_removed_on is None
