"""Data requests to business areas: commissioning (emailed after commit through the
outbox, to a real SMTP server on loopback), chasing by hand and by the daily job,
escalation, the answer, and an email outage that blocks nobody and loses nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casefile import outbox, services
from casefile.models import ChaseKind, DataRequest, DataRequestChase, OutboundEmail
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
    api, information_request, smtp_server, on_day, committed
):
    on_day("2026-12-18")  # a Friday: five working days skip the weekend, Christmas and 28 Dec
    response = committed(commission, api, information_request)
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
    [email] = listed.json()[0]["emails"]
    assert (email["template"], email["status"]) == ("data_request", "sent")
    sent = information_request.events.get(type="email_sent")
    assert sent.description == "Emailed the data request to cctv.unit@police.example.org."
    # Not a letter to the requester: the requester's list (and their follow page) skip it.
    emails = api.get(reverse("request-emails", kwargs={"pk": information_request.pk}))
    assert emails.json() == []


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


def test_an_email_outage_records_the_data_request_and_the_email_waits(
    api, information_request, settings, committed, client, caseworker, caplog
):
    from tests.smtp_server import SMTPServer

    server = SMTPServer()
    server.django_settings(settings)  # pointed at a port nobody is listening on yet
    response = committed(commission, api, information_request)
    assert response.status_code == 201, response.content  # the caseworker is not blocked
    data_request = DataRequest.objects.get()
    email = OutboundEmail.objects.get(data_request=data_request)
    assert (email.recipient_kind, email.status, email.attempts) == ("business_area", "queued", 1)
    assert "could not be reached" in email.detail
    assert information_request.events.filter(type="data_request_sent").count() == 1
    assert "Footage" not in caplog.text
    assert "cctv.unit@police.example.org" not in caplog.text
    client.force_login(caseworker)
    page = client.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert (
        "The email of the data request to CCTV (cctv.unit@police.example.org) is waiting to "
        "be sent: the email server could not be reached."
    ) in page
    server.start()
    try:
        assert outbox.resend_waiting() == 1
        assert outbox.resend_waiting() == 0  # never twice
        assert [message["To"] for message in server.messages] == ["cctv.unit@police.example.org"]
        assert "Footage from the custody suite" in server.messages[0].get_payload()
    finally:
        server.stop()
    email.refresh_from_db()
    assert email.status == "sent"
    assert information_request.events.filter(type="email_sent").count() == 1
    page = client.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert "is waiting to be sent" not in page


def test_a_chaser_that_cannot_be_sent_is_still_recorded_and_fails_after_the_last_attempt(
    api, information_request, settings, committed, client, caseworker
):
    from tests.services import free_port

    created = commission(api, information_request).json()  # its email never goes out here
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_MAX_ATTEMPTS = 2
    url = reverse("data-request-chase", kwargs={"pk": created["id"]})
    response = committed(api.post, url)
    assert response.status_code == 200
    assert [chase["kind"] for chase in response.json()["chases"]] == ["chase"]
    outbox.resend_waiting()  # the commissioning email's first try, the chaser's second
    chaser = OutboundEmail.objects.get(template="data_request_chase")
    assert (chaser.status, chaser.attempts) == ("failed", 2)
    failed = information_request.events.get(type="email_failed")
    assert failed.description.startswith(
        "The email of the chaser to cctv.unit@police.example.org could not be sent after 2 attempts"
    )
    listed = api.get(reverse("request-data-requests", kwargs={"pk": information_request.pk}))
    statuses = {e["template"]: e["status"] for e in listed.json()[0]["emails"]}
    assert statuses == {"data_request": "queued", "data_request_chase": "failed"}
    client.force_login(caseworker)
    page = client.get(reverse("requests:detail", args=[information_request.pk])).content.decode()
    assert (
        "The email of the chaser to CCTV (cctv.unit@police.example.org) could not be sent" in page
    )


def test_chase_by_hand_once_a_day(api, information_request, smtp_server, committed):
    created = committed(commission, api, information_request).json()
    url = reverse("data-request-chase", kwargs={"pk": created["id"]})
    response = committed(api.post, url)
    assert response.status_code == 200
    assert response.json()["chases"][0]["kind"] == "chase"
    assert committed(api.post, url).status_code == 409
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
    api, information_request, settings, on_day, smtp_server, committed
):
    settings.DATA_REQUEST_CHASE_EVERY_WORKING_DAYS = 2
    settings.DATA_REQUEST_ESCALATE_AFTER_CHASES = 2
    on_day("2026-12-16")  # Wednesday
    created = commission(api, information_request, due_on="2026-12-18").json()  # Friday
    data_request = DataRequest.objects.get(pk=created["id"])

    def run(day):
        return committed(services.chase_due, today=date.fromisoformat(day))

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
    assert len(smtp_server.messages) == 3  # the two chasers and the escalation
    escalation = smtp_server.messages[-1]
    assert "information.manager@example.org" in escalation["X-Envelope-To"]
    assert "cctv.unit@police.example.org" in escalation["X-Envelope-To"]
    assert escalation["Subject"].startswith("Escalated:")
    assert information_request.events.filter(type="data_request_escalated").count() == 1


def test_the_job_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["data-request-chasers"]
    assert entry["task"] == "casefile.tasks.chase_data_requests"


def test_the_text_of_emails_to_areas_goes_with_the_requesters_data(
    api,
    information_request,
    caseworker,
    smtp_server,
    committed,
    django_capture_on_commit_callbacks,
    on_day,
):
    from requests_tracker import retention
    from requests_tracker import services as request_services
    from requests_tracker.retention import DISPOSED_SUMMARY

    on_day("2026-11-10")
    created = committed(commission, api, information_request).json()
    committed(api.post, reverse("data-request-chase", kwargs={"pk": created["id"]}))
    assert all("Footage" in email.body for email in OutboundEmail.objects.all())
    request_services.close_request(
        request_id=information_request.pk,
        actor=caseworker,
        closed_on=date(2026, 11, 10),
        outcome="granted_in_full",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.dispose(today=date(2027, 1, 4)).requesters == 0  # still kept
        assert retention.dispose(today=date(2030, 1, 2)).requesters == 1
    bodies = set(OutboundEmail.objects.values_list("body", flat=True))
    assert bodies == {DISPOSED_SUMMARY}
    assert OutboundEmail.objects.count() == 2  # the record of what was sent, and when, stays
    assert DataRequest.objects.get().details == DISPOSED_SUMMARY
