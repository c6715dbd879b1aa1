"""seed_demo fills every register, chart and queue, deterministically, with records the
services would accept (a small demo: --scale 0.01)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from accounts.models import User
from breaches import services as breach_services
from breaches.models import (
    Breach,
    BreachAction,
    BreachMonthSnapshot,
    BreachReferenceCounter,
)
from breaches.vocabularies import Nature, Risk, SecurityProperty, Source
from breaches.vocabularies import Status as BreachStatus
from dpia import services as dpia_services
from dpia.models import (
    Assessment,
    Condition,
    PipelineSnapshot,
)
from dpia.selectors import triage_table
from dpia.vocabularies import WITH_DPO, Consultation, Decision
from dpia.vocabularies import Status as DpiaStatus
from requests_tracker.models import (
    InformationRequest,
    RegulatorComplaint,
    RequestEvent,
)

UK = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=UK)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo for the module's tests, rolled back at the end."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", "--scale", "0.01")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


@pytest.mark.django_db
def test_the_breach_register_covers_every_month_and_vocabulary(demo, frozen):
    breaches = Breach.objects.all()
    aware_months = {b.aware_at.astimezone(UK).date().replace(day=1) for b in breaches}
    for month in months_between(dt.date(2019, 1, 1), TODAY.replace(day=1)):
        assert month in aware_months, month
    assert {b.source for b in breaches} == set(Source.values)
    assert {b.nature for b in breaches} == set(Nature.values)
    assert {p for b in breaches for p in b.security_properties} == set(SecurityProperty.values)
    assert set(Risk.values) <= {b.risk for b in breaches}
    assert set(BreachStatus.values) == {b.status for b in breaches}

    reported = breaches.filter(reported_at__isnull=False)
    late = reported.filter(reported_at__gt=F("report_due_at"))
    assert reported.filter(reported_at__lte=F("report_due_at")).exists()
    assert late.exists()
    assert not late.filter(late_report_reason="").exists()
    assert (
        not reported.filter(reported_at__lte=F("report_due_at"))
        .exclude(late_report_reason="")
        .exists()
    )
    not_reportable = breaches.filter(reportable=False)
    assert not_reportable.exists()
    assert not not_reportable.filter(decision_reasons="").exists()
    assert breaches.filter(subjects_notified=True, subjects_notified_at__isnull=False).exists()
    assert not breaches.filter(subjects_notified=False, subjects_notification_reasons="").exists()
    assert BreachAction.objects.filter(kind="containment").exists()
    assert BreachAction.objects.filter(kind="remedial").exists()

    # The DPO has live cases: awaiting assessment and awaiting a decision, with hours left.
    awaiting = breaches.filter(status__in=[BreachStatus.OPEN, BreachStatus.ASSESSED])
    now = dt.datetime.now(tz=dt.UTC)
    assert awaiting.filter(status=BreachStatus.OPEN, report_due_at__gt=now).exists()
    assert awaiting.filter(
        status=BreachStatus.ASSESSED, reportable__isnull=True, report_due_at__gt=now
    ).exists()
    assert awaiting.count() < 20


@pytest.mark.django_db
def test_every_breach_is_consistent_with_its_timeline(demo, frozen):
    for breach in Breach.objects.prefetch_related("events", "actions"):
        events = list(breach.events.all())
        types = [e.type for e in events]
        assert types[0] == "recorded"
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert breach.report_due_at == breach.aware_at + dt.timedelta(hours=72)
        # One version per service write, as the services count them.
        assert breach.version == len(events)
        assert ("assessed" in types) == bool(breach.risk)
        assert ("decided" in types) == (breach.reportable is not None)
        assert ("reported" in types) == (breach.reported_at is not None)
        assert ("closed" in types) == (breach.status == BreachStatus.CLOSED)
        assert types.count("action_added") == len(breach.actions.all())
        if breach.decided_at:
            assert breach.decided_at >= breach.aware_at
        if breach.status == BreachStatus.CLOSED and breach.risk == Risk.HIGH_RISK:
            assert breach.subjects_notified is not None
        assert all(e.at <= dt.datetime.now(tz=dt.UTC) for e in events)


@pytest.mark.django_db
def test_a_breach_recorded_after_the_demo_gets_the_next_reference(demo, frozen):
    year = TODAY.year
    counter = BreachReferenceCounter.objects.get(year=year)
    assert counter.last == Breach.objects.filter(reference__startswith=f"BR-{year}-").count()
    dpo = User.objects.get(username="dpo")
    breach = breach_services.record_breach(
        actor=dpo,
        aware_at=NOW - dt.timedelta(hours=1),
        source=Source.INTERNAL,
        nature=Nature.MISDIRECTED_EMAIL,
        summary="Recorded after the demo was loaded.",
    )
    assert breach.reference == f"BR-{year}-{counter.last + 1:04d}"


@pytest.mark.django_db
def test_the_dpia_pipeline_has_every_tier_and_status(demo, frozen):
    assessments = Assessment.objects.all()
    by_year = assessments.values("created_at__year").annotate(n=Count("id"))
    assert all(row["n"] >= 30 for row in by_year)  # a few a month even at this scale
    assert {a.status for a in assessments} == set(DpiaStatus.values)
    assert {a.tier for a in assessments if a.tier} == set(triage_table().tiers)
    assert {a.kind for a in assessments} == {"dpia", "dsa"}
    assert set(Decision.values) - {Decision.CHANGES_REQUESTED} <= {a.decision for a in assessments}
    assert assessments.filter(status__in=WITH_DPO, target_on__lt=TODAY).exists()
    assert Condition.objects.filter(completed_on__isnull=False).exists()
    assert assessments.filter(consultation=Consultation.ANSWERED).exists()
    for a in assessments.prefetch_related("events", "versions", "conditions"):
        types = [e.type for e in a.events.all()]
        assert types[0] == "created"
        assert types.count("submitted") == len(a.versions.all())
        assert a.version == len(types)  # created is the first write, then one per action
        if a.status != DpiaStatus.DRAFT:
            assert a.first_submitted_on is not None
        if a.decided_on:
            assert a.decided_on >= a.first_submitted_on
        if a.status == DpiaStatus.CLOSED:
            assert all(c.completed_on for c in a.conditions.all())
            assert a.consultation != Consultation.PENDING
        if a.status == DpiaStatus.REVIEW_DUE:
            assert a.next_review_on <= TODAY


@pytest.mark.django_db
def test_an_assessment_created_after_the_demo_does_not_collide(demo, frozen):
    owner = Assessment.objects.first().asset_owner
    created = dpia_services.create_assessment(
        actor=User.objects.get(username="dpo"),
        kind="dpia",
        title="After the demo",
        unit=owner.unit,
        asset_owner=owner,
        project_lead=owner,
    )
    assert created.pk > max(Assessment.objects.exclude(pk=created.pk).values_list("pk", flat=True))
    assert Assessment.objects.filter(reference=created.reference).count() == 1


@pytest.mark.django_db
def test_internal_reviews_and_complaints_at_realistic_rates(demo, frozen):
    closed = InformationRequest.objects.filter(status="closed")
    closed_info = closed.filter(kind__in=["foi", "eir"]).count()
    reviews = InformationRequest.objects.filter(kind="internal_review")
    assert reviews.exists()
    assert 0.02 < reviews.count() / closed_info < 0.06
    assert not reviews.filter(assigned_to__isnull=True).exists()
    assert all(
        RequestEvent.objects.filter(
            request_id=review.parent_id, type="review_opened", after__review=review.reference
        ).exists()
        for review in reviews
    )
    complaints = RegulatorComplaint.objects.all()
    assert complaints.exists()
    assert complaints.count() / closed.count() < 0.02
    assert not complaints.filter(received_on__gt=TODAY).exists()
    for complaint in complaints:
        types = set(complaint.request.events.values_list("type", flat=True))
        assert "complaint_recorded" in types
        assert ("complaint_decided" in types) == bool(complaint.outcome)


@pytest.mark.django_db
def test_monthly_snapshots_are_computed(demo, frozen):
    months = months_between(dt.date(2019, 1, 1), TODAY.replace(day=1))
    all_breaches = BreachMonthSnapshot.objects.filter(dimension="all")
    assert set(all_breaches.values_list("month", flat=True)) == set(months)
    assert not all_breaches.filter(breaches=0).exists()
    pipeline = PipelineSnapshot.objects.filter(tier="")
    assert set(pipeline.values_list("month", flat=True)) == set(months)
    # A few assessments a month at this scale: nearly every month has a submission.
    assert pipeline.filter(submitted__gt=0).count() > 0.9 * len(months)
    assert pipeline.filter(decided__gt=0).count() > 0.8 * len(months)


@pytest.mark.django_db
def test_the_registers_and_charts_show_content(demo, frozen, client):
    client.force_login(User.objects.get(username="dpo"))
    register = client.get("/breaches/")
    assert register.status_code == 200
    assert b"No breaches match these filters" not in register.content
    latest = Breach.objects.order_by("-aware_at").first()
    assert latest.reference.encode() in register.content
    assert len(register.context["awaiting"]) >= 3

    analysis = client.get("/breaches/analysis/")
    assert analysis.status_code == 200
    assert b"No breaches in this period" not in analysis.content
    assert all(row["breaches"] > 0 for row in analysis.context["totals"])
    assert all(panel.rows and panel.svg for panel in analysis.context["dimensions"])

    pipeline = client.get("/assessments/pipeline/")
    assert pipeline.status_code == 200
    assert b"No figures have been computed yet" not in pipeline.content
    assert len(pipeline.context["rows"]) == 12
    assert sum(row.submitted for row in pipeline.context["rows"]) > 0
    assert pipeline.context["median_rows"]

    detail = client.get(f"/breaches/{Breach.objects.filter(status='closed').first().pk}/")
    assert detail.status_code == 200
    assert b"Breach closed." in detail.content


@pytest.mark.django_db
def test_data_requests_give_the_boards_area_panel_content(demo, frozen, client):
    from casefile.models import DataRequest, DataRequestChase
    from casefile.selectors import area_figures

    data_requests = DataRequest.objects.all()
    assert data_requests.count() >= 5
    assert data_requests.filter(status="open").exists()
    assert data_requests.filter(received_on__gt=F("due_on")).exists()  # some late
    assert data_requests.filter(received_on__lte=F("due_on")).exists()  # most on time
    assert DataRequestChase.objects.exists()
    assert all(d.sent_on >= d.request.received_on for d in data_requests.select_related("request"))
    sent = RequestEvent.objects.filter(type="data_request_sent").count()
    assert sent == data_requests.count()
    last_month = dt.date(2026, 10, 1)
    assert area_figures(last_month, dt.date(2026, 10, 31))
    client.force_login(User.objects.get(username="dpo"))
    page = client.get("/data-board/", {"month": "2026-10"}).content.decode()
    assert 'id="board-data-requests-table"' in page


def test_the_disclosure_log_has_published_foi_and_eir_answers(demo, frozen, client):
    from disclosure.models import PublishedItem

    items = PublishedItem.objects.all()
    assert items.filter(kind="foi").exists()
    assert not items.exclude(kind__in=["foi", "eir"]).exists()
    assert not items.filter(request__kind="roa").exists()
    closed_foi = InformationRequest.objects.filter(kind="foi", status="closed").count()
    assert items.filter(kind="foi").count() < closed_foi  # a selection, not every answer
    title = items.filter(withdrawn_at__isnull=True).first().title
    assert title in client.get("/disclosure-log/").content.decode()


#: Every page that draws charts (core/charts, core/templates/core/_chart.html), and who
#: opens it; None is the public.
CHART_PAGES = [
    (None, "/performance/"),
    ("board", "/data-board/"),
    ("board", "/breaches/analysis/"),
    ("board", "/assessments/pipeline/"),
    ("dpo", "/breaches/analysis/"),
    ("dpo", "/assessments/pipeline/"),
]
#: Pages whose charts, where they draw any, must have data too.
OTHER_PAGES = [("teamlead", "/requests/team/")] + [
    (user, "/home/") for user in ("caseworker", "teamlead", "dpo", "board", "admin")
]


def charts_in(html: str) -> list[tuple[str, list[list[str]]]]:
    """Each chart on a page: its SVG and the rows of the table beside it (cells as text)."""
    import re

    found = []
    for block in re.split(r'<div class="rd-chart-and-table(?=[ "])', html)[1:]:
        svg = block[block.find("<svg") : block.find("</svg>")]
        body = block[block.find("<tbody") : block.find("</tbody>")]
        rows = [
            [
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        ]
        found.append((svg, rows))
    return found


def has_data(rows: list[list[str]]) -> bool:
    """At least one row with a figure other than zero or a dash."""
    import re

    return any(
        re.search(r"[1-9]", cell) for row in rows for cell in row[1:] if cell not in ("", "–", "-")
    )


@pytest.mark.django_db
def test_every_chart_on_every_page_has_data(demo, frozen, client):
    counted: dict[str, int] = {}
    for username, path in CHART_PAGES + OTHER_PAGES:
        client.logout()
        if username is not None:
            client.force_login(User.objects.get(username=username))
        response = client.get(path)
        assert response.status_code == 200, (username, path)
        charts = charts_in(response.content.decode())
        counted[f"{username or 'public'} {path}"] = len(charts)
        for index, (svg, rows) in enumerate(charts):
            where = f"chart {index + 1} on {path} as {username or 'the public'}"
            assert "<svg" in svg, where
            assert rows, f"{where} has an empty table"
            assert has_data(rows), f"{where} shows only zeros: {rows[:3]}"
    # The pages that draw charts draw at least one each (the others may draw none).
    for username, path in CHART_PAGES:
        assert counted[f"{username or 'public'} {path}"] >= 1, (username, path, counted)
    print("charts per page:", counted)
    assert sum(counted.values()) >= len(CHART_PAGES)
