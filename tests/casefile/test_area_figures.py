"""The Data Board's per-area data-request figures (docs/metrics.md "Data requests by
business area"), from data built through the services, with every figure worked out by
hand below; and the panel on the Board page and in its PDF."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from casefile import services
from casefile.selectors import area_figures
from requests_tracker import services as request_services

pytestmark = pytest.mark.django_db

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


def _log(actor, received_on):
    return request_services.log_request(
        actor=actor,
        kind="foi",
        received_on=received_on,
        channel="email",
        requester_type="member_of_public",
        summary="Custody records",
        requester=request_services.RequesterDetails(name="Ada Requester", email="a@example.org"),
    )


def _send(on_day, actor, request, area, sent, due):
    on_day(sent)
    return services.commission_data_request(
        request_id=request.pk,
        actor=actor,
        area=area,
        contact_email=f"{area}@example.org",
        details="What you hold",
        due_on=date.fromisoformat(due),
    )


def _answer(on_day, actor, data_request, day):
    on_day(day)
    services.record_received(
        data_request_id=data_request.pk,
        actor=actor,
        received_on=date.fromisoformat(day),
        items=3,
    )


@pytest.fixture
def november(caseworker, on_day):
    """Three FOI requests and eight data requests around November 2026 (no bank holiday
    falls between 1 October and 30 November 2026 in any part of the UK)."""
    on_day("2026-10-01")
    # Received Thu 1 Oct: 20 working days after is Thu 29 Oct. Answered late on 10 Nov.
    r1 = _log(caseworker, date(2026, 10, 1))
    on_day("2026-10-20")
    # Received Tue 20 Oct: due Tue 17 Nov. Answered on time on 16 Nov.
    r2 = _log(caseworker, date(2026, 10, 20))
    r3 = _log(caseworker, date(2026, 10, 20))  # still open
    assert (r1.due_on, r2.due_on) == (date(2026, 10, 29), date(2026, 11, 17))

    d1 = _send(on_day, caseworker, r1, "custody", "2026-10-05", "2026-10-12")
    d2 = _send(on_day, caseworker, r1, "cctv", "2026-10-05", "2026-10-12")
    _answer(on_day, caseworker, d2, "2026-10-09")  # on time, all in October
    d7 = _send(on_day, caseworker, r2, "body_worn_video", "2026-10-26", "2026-11-02")
    _answer(on_day, caseworker, d7, "2026-11-02")  # on time
    d3 = _send(on_day, caseworker, r1, "cctv", "2026-11-02", "2026-11-09")  # never answered
    d4 = _send(on_day, caseworker, r2, "custody", "2026-11-02", "2026-11-09")
    _answer(on_day, caseworker, d1, "2026-11-03")  # 22 days late
    d5 = _send(on_day, caseworker, r2, "custody", "2026-11-03", "2026-11-10")
    _answer(on_day, caseworker, d4, "2026-11-06")  # on time
    # Due after r1's response went (10 Nov): r1 did not wait on it.
    _send(on_day, caseworker, r1, "custody", "2026-11-09", "2026-11-16")
    on_day("2026-11-10")
    request_services.close_request(
        request_id=r1.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 10),
        outcome="granted_in_full",
        late_reason="awaiting_business_area",
    )
    _answer(on_day, caseworker, d5, "2026-11-12")  # late
    on_day("2026-11-16")
    request_services.close_request(
        request_id=r2.pk, actor=caseworker, closed_on=date(2026, 11, 16), outcome="granted_in_full"
    )
    _send(on_day, caseworker, r3, "custody", "2026-11-24", "2026-12-01")  # due in December
    return d3


def test_each_areas_figures_for_the_month_are_the_ones_worked_out_by_hand(november):
    figures = {row.area: row for row in area_figures(NOV_1, NOV_30)}

    assert list(figures) == ["custody", "cctv", "body_worn_video"]  # the settings' order
    custody, cctv, bwv = figures["custody"], figures["cctv"], figures["body_worn_video"]
    # Made in November: d4 (2 Nov), d5 (3 Nov), d8 (9 Nov), d6 (24 Nov).
    assert custody.made == 4
    # Due in November: d4 (9 Nov, answered 6 Nov), d5 (10 Nov, answered 12 Nov), d8
    # (16 Nov, unanswered); d6 is due on 1 December, d1 was due in October.
    assert (custody.due, custody.answered_on_time) == (3, 1)
    assert round(custody.pct_answered_on_time, 1) == 33.3
    # Answered in November, working days from sending (not counted) to the answer:
    # d1 5 Oct -> 3 Nov: 4 + 5 + 5 + 5 + 2 = 21; d4 2 -> 6 Nov: 4; d5 3 -> 12 Nov: 3 + 4 = 7.
    assert (custody.answered, custody.median_working_days) == (3, 7.0)
    # r1, answered late on 10 Nov, had d1 (due 12 Oct, answered 3 Nov, late); d8 was due
    # on 16 Nov, after the response, so it did not hold it up. r2 was on time.
    assert custody.late_responses_waited == 1

    # d3: made 2 Nov, due 9 Nov, never answered; r1 went late on 10 Nov while it was
    # past its deadline. d2 (October, on time) is in no November figure.
    assert (cctv.made, cctv.due, cctv.answered_on_time) == (1, 1, 0)
    assert (cctv.answered, cctv.median_working_days) == (0, None)
    assert cctv.late_responses_waited == 1

    # d7: made 26 Oct, due and answered 2 Nov: 27-30 Oct (4) + 2 Nov = 5 working days.
    assert (bwv.made, bwv.due, bwv.answered_on_time) == (0, 1, 1)
    assert (bwv.answered, bwv.median_working_days, bwv.late_responses_waited) == (1, 5.0, 0)
    assert bwv.pct_answered_on_time == 100


def test_a_month_with_nothing_has_no_rows(november):
    assert area_figures(date(2026, 8, 1), date(2026, 8, 31)) == []


def test_the_figures_take_the_same_queries_however_many_data_requests(november, caseworker, on_day):
    with CaptureQueriesContext(connection) as before:
        area_figures(NOV_1, NOV_30)
    request = _log(caseworker, date(2026, 11, 2))
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        data_request = _send(on_day, caseworker, request, "cctv", day, "2026-11-26")
        _answer(on_day, caseworker, data_request, day)
    with CaptureQueriesContext(connection) as after:
        area_figures(NOV_1, NOV_30)

    assert len(after) == len(before) <= 4


def test_the_board_page_and_pdf_show_the_panel(november, make_user, client, on_day):
    on_day("2026-12-02")
    client.force_login(make_user("bailey", role="data_board"))

    page = client.get("/data-board/", {"month": "2026-11"}).content.decode()
    pdf = client.get("/data-board/pack.pdf", {"month": "2026-11"})

    assert "Data requests to business areas" in page
    assert 'id="board-data-requests' in page
    table = page[page.index('id="board-data-requests-table"') :]
    table = table[: table.index("</table>")]
    rows = [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    ]
    assert rows == [
        ["Custody", "4", "3", "1", "1", "33%", "3", "7"],
        ["CCTV", "1", "1", "0", "1", "0%", "0", "–"],
        ["Body-worn video", "0", "1", "1", "0", "100%", "1", "5"],
    ]
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Data requests to business areas" in text
    assert "Custody 4 3 1 1 33% 3 7" in text
    assert "Ada Requester" not in page
    assert "Ada Requester" not in text
