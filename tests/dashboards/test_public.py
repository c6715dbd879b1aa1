"""The public dashboard, the methodology page and open data (CSV and JSON): anonymous,
the same numbers everywhere, cache headers, clear errors, no personal data."""

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from core.dates import add_months, month_start, uk_today
from dashboards import services
from requests_tracker import services as request_services

from .builders import close, log

pytestmark = pytest.mark.django_db

NAMES = ("Wilhelmina Quartermaine", "Bartholomew Oyelaran-Smythe", "Ximena Fairweather-Lowe")
EMAILS = ("wilhelmina.q@example.org", "b.oyelaran@example.net", "xfl-private@example.com")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(make_user, on_day):
    """Requests from three named people in January–March 2021; today is 15 April 2021."""
    on_day("2021-04-15")
    casey = make_user("casey")
    a = log(casey, "2021-01-04", name=NAMES[0], email=EMAILS[0])  # due 4 Feb
    b = log(casey, "2021-01-11", name=NAMES[1], email=EMAILS[1])  # due 11 Feb
    c = log(casey, "2021-01-18", kind="foi", name=NAMES[2], email=EMAILS[2])
    d = log(casey, "2021-01-25", name=NAMES[2], email=EMAILS[2])  # due 25 Feb
    close(casey, a, "2021-02-01")
    close(casey, b, "2021-02-15")  # late
    close(casey, d, "2021-02-25")
    close(casey, c, "2021-02-10")
    request_services.record_complaint(
        request_id=b.pk,
        actor=casey,
        received_on=date(2021, 3, 1),
        regulator_reference="IC-12345-A1B2",
    )
    services.recompute_months(first=date(2021, 1, 1), last=date(2021, 4, 1))
    return casey


def test_the_headline_names_the_latest_complete_month(published):
    response = Client().get("/performance/")
    assert response.status_code == 200
    text = response.content.decode()
    # March: nothing was due (all three fell due in February).
    assert "In March 2021, no right of access requests fell due" in text
    assert "<svg" in text
    assert "Target (90%)" in text


def test_february_figures_agree_on_the_page_in_the_csv_and_in_the_json(published, on_day):
    api = Client().get(
        "/api/v1/performance/monthly/", {"kind": "roa", "from": "2021-02", "to": "2021-02"}
    )
    assert api.status_code == 200
    [row] = api.json()
    assert row == {
        "month": "2021-02",
        "kind": "roa",
        "unit": None,
        "received": 0,
        "closed": 3,
        "closed_on_time": 2,
        "pct_closed_on_time": 66.7,
        "due": 3,
        "due_met": 2,
        "pct_due_met": 66.7,
        "open_at_month_end": 0,
        "overdue_at_month_end": 0,
        "median_days_to_close": 31.0,
        "revised": False,
        "provisional": False,
    }
    rows = list(csv.DictReader(io.StringIO(Client().get("/performance/data.csv").content.decode())))
    feb = next(r for r in rows if r["month"] == "2021-02" and r["kind"] == "roa" and not r["unit"])
    assert feb["pct_due_met"] == "66.7"
    assert feb["due"] == "3"
    assert feb["median_days_to_close"] == "31.0"
    march = next(
        r for r in rows if r["month"] == "2021-03" and r["kind"] == "roa" and not r["unit"]
    )
    assert march["pct_due_met"] == ""  # no data, never 0
    # The page's table shows the same February figure, rounded to a whole percent.
    page = Client().get("/performance/?kind=roa").content.decode()
    assert "67%" in page


def test_no_public_response_contains_requesters_personal_data(published):
    client = Client()
    urls = [
        "/performance/",
        "/performance/?kind=foi",
        "/performance/?kind=eir",
        "/performance/?kind=internal_review",
        "/performance/methodology/",
        "/performance/data.csv",
        "/api/v1/performance/monthly/",
        "/api/v1/performance/monthly/?kind=roa&from=2021-01&to=2021-12",
        f"/api/v1/performance/monthly/?unit={published.unit_id}",
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in (*NAMES, *EMAILS, "IC-12345-A1B2", "Records about me"):
            assert secret not in body, (url, secret)


def test_the_api_filters_by_unit_and_returns_null_for_no_data(published):
    rows = Client().get(f"/api/v1/performance/monthly/?unit={published.unit_id}&kind=roa").json()
    assert {row["unit"] for row in rows} == {published.unit_id}
    all_units = Client().get("/api/v1/performance/monthly/?kind=foi&from=2021-03&to=2021-03").json()
    assert all_units[0]["unit"] is None
    assert all_units[0]["pct_due_met"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2021-13"}, "from"),
        ({"from": "January"}, "from"),
        ({"to": "2021-1"}, "to"),
        ({"from": "2021-05", "to": "2021-01"}, "to"),
        ({"kind": "parking"}, "kind"),
        ({"unit": "abc"}, "unit"),
        ({"unit": "999999"}, "unit"),
        ({"unit": "99999999999999999999999"}, "unit"),
    ],
)
def test_bad_api_queries_get_400_with_the_field_named(published, query, field):
    response = Client().get("/api/v1/performance/monthly/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_responses_are_cached_with_headers_and_change_when_the_snapshots_do(
    published, django_capture_on_commit_callbacks, eager_celery
):
    client = Client()
    url = "/api/v1/performance/monthly/?kind=roa&from=2021-04&to=2021-04"
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert "max-age=" in first["Cache-Control"]
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    page = client.get("/performance/")
    assert page["ETag"]
    assert client.get("/performance/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    # A new request changes April's figures: new ETag, new numbers.
    with django_capture_on_commit_callbacks(execute=True):
        log(published, "2021-04-12")  # recomputes April after commit (Celery in-process)
    second = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 200
    assert second["ETag"] != etag
    assert second.json()[0]["received"] == first.json()[0]["received"] + 1


def test_a_revised_month_is_marked_on_the_public_page(published):
    casey = published
    log(casey, "2021-03-10")  # logged late, after March's figures were published
    services.recompute_months(first=date(2021, 1, 1), last=date(2021, 4, 1), reason="Late entry")
    rows = Client().get("/api/v1/performance/monthly/?kind=roa&from=2021-01&to=2021-04").json()
    assert [row["revised"] for row in rows] == [False, False, True, False]
    assert rows[2]["received"] == 1
    assert rows[2]["open_at_month_end"] == 1
    page = Client().get("/performance/").content.decode()
    assert "Revised" in page
    methodology = Client().get("/performance/methodology/").content.decode()
    assert "Late entry" in methodology
    assert "open_at_month_end" in methodology


def test_the_month_in_progress_is_flagged_provisional_and_left_off_the_pages(published, on_day):
    """Today is 15 April 2021: April is in the open data, flagged, and on no public page;
    on 1 May it is published (cached pages and answers do not keep the old flag)."""
    log(published, "2021-04-12")
    services.recompute_months(first=date(2021, 4, 1), last=date(2021, 4, 1))
    rows = Client().get("/api/v1/performance/monthly/?kind=roa").json()
    flags = {row["month"]: row["provisional"] for row in rows}
    assert flags["2021-04"] is True
    assert not any(flag for month, flag in flags.items() if month != "2021-04")
    table = list(
        csv.DictReader(io.StringIO(Client().get("/performance/data.csv").content.decode()))
    )
    assert {r["provisional"] for r in table if r["month"] == "2021-04"} == {"yes"}
    assert {r["provisional"] for r in table if r["month"] < "2021-04"} == {"no"}
    for kind in ("roa", "foi"):
        page = Client().get(f"/performance/?kind={kind}").content.decode()
        assert "Mar 2021" in page
        assert "Apr 2021" not in page
        assert "April 2021" not in page
    on_day("2021-05-01")
    rows = Client().get("/api/v1/performance/monthly/?kind=roa").json()
    assert {row["month"]: row["provisional"] for row in rows}["2021-04"] is False
    assert "Apr 2021" in Client().get("/performance/?kind=roa").content.decode()
    table = list(
        csv.DictReader(io.StringIO(Client().get("/performance/data.csv").content.decode()))
    )
    assert {r["provisional"] for r in table if r["month"] == "2021-04"} == {"no"}


def test_the_two_measures_are_named_and_their_difference_explained(published):
    """February 2021, right of access: 2 of 3 due answered on time (the main figure), and
    responses sent on time named as the other measure, with why they differ."""
    on_day_page = Client().get("/performance/").content.decode()
    assert "Responses sent on time" in on_day_page
    assert "which is why the two figures differ" in on_day_page
    assert "Due and met" not in on_day_page
    assert "% due met" not in on_day_page


def test_with_no_figures_the_dashboard_says_so():
    response = Client().get("/performance/")
    assert response.status_code == 200
    assert "No monthly figures have been published yet" in response.content.decode()


def test_the_dashboard_shows_24_months_and_the_year_averages(make_user, on_day):
    on_day("2021-04-15")
    services.recompute_months(first=date(2019, 1, 1), last=date(2021, 4, 1))
    text = Client().get("/performance/?kind=foi").content.decode()
    last = add_months(month_start(uk_today()), -1)
    assert f"{last:%b %Y}" in text
    assert f"{add_months(last, -23):%b %Y}" in text
    assert f"{add_months(last, -24):%b %Y}</th>" not in text
    assert "Average of monthly percentages" in text


@pytest.mark.django_db
def test_the_open_data_api_is_rate_limited(client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public": "3/minute"}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        answers = [client.get("/api/v1/performance/monthly/").status_code for _ in range(4)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
    assert answers == [200, 200, 200, 429]


def test_answers_kept_by_the_process_are_the_same_bytes_and_change_at_once_with_the_figures(
    published,
):
    """A public page or API query answered once is answered again from the process's own
    copy (dashboards.caching), even with the shared cache emptied; a recomputation makes
    the next answer show the new figures at once."""
    client = Client()
    url = "/api/v1/performance/monthly/?kind=roa&from=2021-04&to=2021-04"
    first, page = client.get(url), client.get("/performance/")
    cache.clear()  # the shared cache loses everything: the process's copies remain
    again, page_again = client.get(url), client.get("/performance/")
    assert again.content == first.content
    for header in ("Content-Type", "ETag", "Cache-Control", "Allow", "Vary"):
        assert again[header] == first[header], header
    assert page_again.content == page.content
    assert page_again["ETag"] == page["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    log(published, "2021-04-12")
    services.recompute_months(first=date(2021, 4, 1), last=date(2021, 4, 1))
    changed = client.get(url)
    assert changed["ETag"] != first["ETag"]
    assert changed.json()[0]["received"] == first.json()[0]["received"] + 1
    assert client.get("/performance/")["ETag"] != page["ETag"]


def test_a_signed_in_visitors_page_is_never_kept_for_anyone_else(published, make_user):
    signed_in = Client()
    signed_in.force_login(make_user("dana.private", role="caseworker"))
    private = signed_in.get("/performance/")
    assert "dana.private" in private.content.decode()
    assert "private" in private["Cache-Control"]
    anonymous = Client().get("/performance/")
    assert "dana.private" not in anonymous.content.decode()
    assert "dana.private" not in signed_in.get("/api/v1/performance/monthly/").content.decode()
    assert "dana.private" not in Client().get("/performance/").content.decode()


@pytest.mark.django_db
def test_the_api_asked_for_html_still_gets_drfs_own_page(published):
    response = Client().get("/api/v1/performance/monthly/?kind=roa", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert Client().get("/api/v1/performance/monthly/?kind=roa").json()
