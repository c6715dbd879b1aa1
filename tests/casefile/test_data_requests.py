"""Data requests to business areas: commissioning (emailed through a real SMTP server on
loopback), chasing by hand and by the daily job, escalation, and the answer."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casefile import services
from casefile.models import ChaseKind, DataRequest, DataRequestChase
from requests_tracker.selectors import statutory_rules

pytestmark = pytest.mark.django_db


def commission(api, request, **extra):
    payload = {
        "area": "cctv",
        "contact_email": "cctv.unit@police.example.org",
        "details": "Footage from the custody suite, 3 March",
        **extra,
    }
    return api.post(
        reverse("request-data-requests", kwargs={"pk": request.pk}), payload, format="json"
    )


def test_commissioning_emails_the_contact_and_defaults_to_five_working_days(
    api, information_request, smtp_server, on_day
):
    on_day("2026-12-18")  # a Friday: five working days skip the weekend, Christmas and 28 Dec
    response = commission(api, information_request)
    assert response.status_code == 201, response.content
    body = response.json()
    expected = statutory_rules().calendar.add_working_days(date(2026, 12, 18), 5)
    assert body["due_on"] == expected.isoformat() == "2026-12-29"
    assert body["area_label"] == "CCTV"
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "cctv.unit@police.example.org"
    assert information_request.reference in message["Subject"]
    assert "Footage from the custody suite" in message.get_payload()
    event = information_request.events.get(type="data_request_sent")
    assert "CCTV" in event.description
    listed = api.get(reverse("request-data-requests", kwargs={"pk": information_request.pk}))
    assert [d["id"] for d in listed.json()] == [body["id"]]


def test_the_default_follows_the_setting(api, information_request, settings, on_day):
    on_day("2026-11-02")  # Monday
    settings.DATA_REQUEST_WORKING_DAYS = 2
    assert commission(api, information_request).json()["due_on"] == "2026-11-04"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"area": "canteen"}, "area"),
        ({"area": ""}, "area"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"contact_email": ""}, "contact_email"),
        ({"details": ""}, "details"),
        ({"due_on": "2020-01-01"}, "due_on"),
        ({"due_on": "next week"}, "due_on"),
    ],
)
def test_refusals_answer_400_with_the_field(api, information_request, extra, field):
    response = commission(api, information_request, **extra)
    assert response.status_code == 400
    assert field in response.json()
    assert not DataRequest.objects.exists()


def test_a_failed_email_records_nothing(api, information_request, settings):
    from tests.services import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    response = commission(api, information_request)
    assert response.status_code == 400
    assert "contact_email" in response.json()
    assert not DataRequest.objects.exists()
    assert not information_request.events.filter(type="data_request_sent").exists()


def test_chase_by_hand_once_a_day(api, information_request, smtp_server):
    created = commission(api, information_request).json()
    url = reverse("data-request-chase", kwargs={"pk": created["id"]})
    response = api.post(url)
    assert response.status_code == 200
    assert response.json()["chases"][0]["kind"] == "chase"
    assert api.post(url).status_code == 409
    assert len(smtp_server.messages) == 2  # the request and one chaser
    assert smtp_server.messages[1]["Subject"].startswith("Reminder:")
    assert information_request.events.filter(type="data_request_chased").count() == 1


def test_received_records_date_and_items(api, information_request, on_day):
    on_day("2026-11-02")
    created = commission(api, information_request).json()
    url = reverse("data-request-received", kwargs={"pk": created["id"]})
    assert "received_on" in api.post(url, {"items": 3}, format="json").json()
    assert "items" in api.post(url, {"received_on": "2026-11-02"}, format="json").json()
    assert "items" in api.post(url, {"received_on": "2026-11-02", "items": -1}).json()
    future = api.post(url, {"received_on": "2026-11-09", "items": 3}, format="json")
    assert future.status_code == 400
    assert "received_on" in future.json()
    before = api.post(url, {"received_on": "2026-10-30", "items": 3}, format="json")
    assert "received_on" in before.json()
    response = api.post(url, {"received_on": "2026-11-02", "items": 14}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "received"
    assert response.json()["items"] == 14
    event = information_request.events.get(type="data_request_received")
    assert "14 items" in event.description
    assert "on time" in event.description
    assert api.post(url, {"received_on": "2026-11-02", "items": 1}).status_code == 409
    chase = reverse("data-request-chase", kwargs={"pk": created["id"]})
    assert api.post(chase).status_code == 409


def test_another_unit_gets_404_and_the_data_board_403(api, information_request, make_user):
    from accounts.models import Unit

    created = commission(api, information_request).json()
    outsider = make_user("olly", unit=Unit.objects.create(name="Other Unit"))
    board = make_user("bea", role="data_board")
    urls = [
        ("get", reverse("request-data-requests", kwargs={"pk": information_request.pk})),
        ("post", reverse("request-data-requests", kwargs={"pk": information_request.pk})),
        ("post", reverse("data-request-chase", kwargs={"pk": created["id"]})),
        ("post", reverse("data-request-received", kwargs={"pk": created["id"]})),
    ]
    for user, expected in ((outsider, 404), (board, 403)):
        client = APIClient()
        client.force_authenticate(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == expected, (user.username, url)
    assert DataRequestChase.objects.count() == 0


def _working_days(start: date, n: int) -> date:
    return statutory_rules().calendar.add_working_days(start, n)


def test_the_job_chases_on_the_right_working_days_and_escalates_after_m(
    api, information_request, settings, on_day, smtp_server
):
    settings.DATA_REQUEST_CHASE_EVERY_WORKING_DAYS = 2
    settings.DATA_REQUEST_ESCALATE_AFTER_CHASES = 2
    on_day("2026-12-16")  # Wednesday
    created = commission(api, information_request, due_on="2026-12-18").json()  # Friday
    data_request = DataRequest.objects.get(pk=created["id"])

    def run(day):
        return services.chase_due(today=date.fromisoformat(day))

    assert run("2026-12-18").chased == 0  # due today: not late
    assert run("2026-12-19").chased == 0  # Saturday
    first = _working_days(date(2026, 12, 18), 1)
    assert first == date(2026, 12, 21)
    assert run(first.isoformat()).chased == 1
    assert run(first.isoformat()).chased == 0  # never twice a day
    second = _working_days(first, 2)  # 23 Dec
    assert run((second - timedelta(days=1)).isoformat()).chased == 0
    assert run(second.isoformat()).chased == 1
    third = _working_days(second, 2)
    assert third == date(2026, 12, 29)  # over Christmas and the Boxing Day bank holiday
    result = run(third.isoformat())
    assert (result.chased, result.escalated) == (0, 1)
    data_request.refresh_from_db()
    assert data_request.escalated_on == third
    assert run(_working_days(third, 5).isoformat()) == services.ChaseRun()
    kinds = list(data_request.chases.values_list("kind", flat=True))
    assert kinds == [ChaseKind.CHASE, ChaseKind.CHASE, ChaseKind.ESCALATION]
    escalation = smtp_server.messages[-1]
    assert "information.manager@example.org" in escalation["X-Envelope-To"]
    assert escalation["Subject"].startswith("Escalated:")
    assert information_request.events.filter(type="data_request_escalated").count() == 1


def test_the_job_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["data-request-chasers"]
    assert entry["task"] == "casefile.tasks.chase_data_requests"
