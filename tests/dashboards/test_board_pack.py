"""The Data Board pack: status against target, changes on the month and the year before,
a chart with its table for every panel, the Data Office's versioned commentary, and the
same pack as a PDF."""

import io
from datetime import date

import pytest
from django.core import checks
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from dashboards import board, services
from dashboards.models import BoardCommentary, MonthlySnapshot
from dashboards.pages import pct_text
from dashboards.selectors import target

from .test_board import client_for

pytestmark = pytest.mark.django_db

FEBRUARY = date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_red_amber_green_against_the_target_and_band():
    assert board.rag(90.0, 90, 5) == board.GREEN
    assert board.rag(89.6, 90, 5) == board.GREEN  # shown as 90%
    assert board.rag(89.4, 90, 5) == board.AMBER
    assert board.rag(85.5, 90, 5) == board.AMBER  # 86%
    assert board.rag(85.0, 90, 5) == board.RED  # 85%: five points below is red
    assert board.rag(None, 90, 5) == ""
    assert board.change(81.0, 79.4) == 2
    assert board.change_text(-1) == "−1 point"
    assert board.change_text(0) == "No change"
    assert board.change_text(None) == "–"


def test_the_system_check_refuses_thresholds_that_make_no_sense(settings):
    from dashboards.checks import board_thresholds_are_valid

    assert board_thresholds_are_valid() == []
    settings.BOARD_AMBER_BAND = -1
    assert [e.id for e in board_thresholds_are_valid()] == ["dashboards.E003"]
    settings.BOARD_AMBER_BAND = 95
    assert [e.id for e in board_thresholds_are_valid()] == ["dashboards.E003"]
    settings.BOARD_AMBER_BAND = 5
    settings.BOARD_TARGET_PERCENT = 120
    assert "dashboards.E001" in [e.id for e in board_thresholds_are_valid()]
    settings.BOARD_TARGET_PERCENT = 90
    settings.TIMELINESS_TARGETS = {"foi": "ninety"}
    assert [e.id for e in board_thresholds_are_valid()] == ["dashboards.E002"]
    assert any(e.id.startswith("dashboards.") for e in checks.run_checks())


def _snapshot(kind, month=FEBRUARY):
    return MonthlySnapshot.objects.filter(kind=kind, month=month, unit__isnull=True).first()


def test_the_pack_shows_status_changes_and_a_chart_with_its_table_for_every_panel(
    make_user, quarter, django_assert_max_num_queries
):
    client = client_for(make_user, "bailey", "data_board")
    with django_assert_max_num_queries(30):
        response = client.get("/data-board/", {"month": "2026-02"})
    assert response.status_code == 200
    text = response.content.decode()
    pack = response.context["pack"]
    foi = next(s for s in pack.statuses if s.kind == "foi")
    snapshot = _snapshot("foi")
    assert foi.value == snapshot.pct_due_met
    assert foi.target == target("foi")
    expected = board.rag(snapshot.pct_due_met, target("foi"), board.amber_band())
    assert foi.rag == expected
    assert board.RAG_LABELS[expected] in text
    january = _snapshot("foi", date(2026, 1, 1))
    assert foi.change_on_month == board.change_text(
        board.change(snapshot.pct_due_met, january.pct_due_met if january else None)
    )
    assert "Change on February 2025" in text
    # Every panel with figures has a chart (an image with a title) and its table.
    charted = [panel for panel in pack.panels if panel.chart]
    assert len(charted) >= 6
    for panel in [*charted]:
        assert f'id="{panel.chart.chart_id}"' in text
        assert f'id="{panel.chart.table.id}"' in text
    assert text.count('role="img"') == len(charted) + 1  # and the trend
    assert pct_text(snapshot.pct_due_met) in text
    assert "North Area" in text
    assert "Download the pack as a PDF" in text


def test_the_dpo_writes_the_commentary_and_each_save_is_a_new_version(make_user, quarter):
    dpo = client_for(make_user, "dee", "dpo")
    url = "/data-board/commentary/"
    response = dpo.post(url, {"month": "2026-02", "text": "   "})
    assert response.status_code == 400
    assert "Enter the commentary" in response.content.decode()
    assert 'href="#id_text"' in response.content.decode()
    response = dpo.post(url, {"month": "2026-02", "text": "Late sign-off slowed FOI."})
    assert response.status_code == 302
    assert response["Location"] == "/data-board/?month=2026-02#commentary"
    dpo.post(url, {"month": "2026-02", "text": "Sign-off delays are now resolved."})
    versions = list(BoardCommentary.objects.filter(month=FEBRUARY).order_by("created_at", "id"))
    assert [v.text for v in versions] == [
        "Late sign-off slowed FOI.",
        "Sign-off delays are now resolved.",
    ]
    with pytest.raises(ValueError, match="never edited"):
        versions[0].save()
    reader = client_for(make_user, "bailey", "data_board")
    page = reader.get("/data-board/", {"month": "2026-02"}).content.decode()
    assert "Sign-off delays are now resolved." in page
    assert "Earlier versions (1)" in page
    assert "dee" in page or "Dee" in page
    assert "<textarea" not in page  # the Board reads, the Data Office writes
    assert reader.post(url, {"month": "2026-02", "text": "x"}).status_code == 403
    march = reader.get("/data-board/", {"month": "2026-03"}).content.decode()
    assert "No commentary has been written for this month yet." in march


def test_the_pdf_has_the_months_headline_figures_and_the_commentary(make_user, quarter):
    dpo_user = make_user("dee", role="dpo")
    services.save_commentary(
        month=FEBRUARY, text="FOI missed the target: two late sign-offs.", actor=dpo_user
    )
    client = client_for(make_user, "bailey", "data_board")
    response = client.get("/data-board/pack.pdf", {"month": "2026-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="data-board-2026-02.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Information requests: February 2026" in flat
    assert "FOI missed the target: two late sign-offs." in flat
    figures = 0
    for kind, label in MonthlySnapshot._meta.get_field("kind").choices:
        snapshot = _snapshot(kind)
        if snapshot is None or snapshot.pct_due_met is None:
            continue
        shown = pct_text(snapshot.pct_due_met)
        goal = target(kind)
        status = board.RAG_LABELS[board.rag(snapshot.pct_due_met, goal, board.amber_band())]
        assert f"{label} {shown} {goal:g}% {status}" in flat, (label, shown, status)
        figures += 1
    assert figures >= 2
    assert "North Area" in flat  # the unit panel's table
    assert len(reader.pages) >= 2


def test_the_pdf_and_commentary_are_refused_to_other_roles(make_user):
    caseworker = client_for(make_user, "casey", "caseworker")
    assert caseworker.get("/data-board/pack.pdf").status_code == 403
    assert caseworker.post("/data-board/commentary/", {"month": "2026-02"}).status_code == 403
    assert Client().get("/data-board/pack.pdf").status_code == 302
    assert (
        client_for(make_user, "bob", "data_board")
        .get("/data-board/pack.pdf", {"month": "soon"})
        .status_code
        == 400
    )


def test_the_board_members_home_shows_the_month_against_target_and_links_to_the_pack(
    make_user, quarter, django_assert_max_num_queries
):
    client = client_for(make_user, "bailey", "data_board")
    with django_assert_max_num_queries(12):
        response = client.get("/home/")
    text = response.content.decode()
    march = date(2026, 3, 1)  # the latest complete month on 15 April 2026
    assert "March 2026 against target" in text
    checked = 0
    for kind, _label in MonthlySnapshot._meta.get_field("kind").choices:
        snapshot = _snapshot(kind, march)
        value = snapshot.pct_due_met if snapshot else None
        status = board.rag(value, target(kind), board.amber_band())
        if status:
            assert board.RAG_LABELS[status] in text
            assert pct_text(value) in text
            checked += 1
    assert checked >= 1
    assert 'id="home-trend"' in text
    assert 'id="home-trend-table"' in text
    assert 'href="/data-board/"' in text
    assert 'href="/data-board/pack.pdf?month=2026-03"' in text
    # Nobody else gets the Board's panel on their home page.
    for role in ("caseworker", "dpo"):
        other = client_for(make_user, f"someone-{role}", role).get("/home/").content.decode()
        assert "against target" not in other
