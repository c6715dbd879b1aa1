"""The working-morning reminder digest."""

from datetime import date

import pytest
from django.core import mail

from accounts.models import DigestSent, Unit
from requests_tracker import services, tasks
from requests_tracker.reminders import send_daily_digests
from tests.services import free_port

pytestmark = pytest.mark.django_db


def log(actor, received_on, **extra):
    return services.log_request(
        actor=actor,
        kind=extra.pop("kind", "foi"),
        regime=extra.pop("regime", ""),
        received_on=received_on,
        channel="email",
        requester_type="member_of_public",
        summary="Secret summary about Pat",
        requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
        **extra,
    )


@pytest.fixture
def team(make_user):
    casey = make_user("casey", role="caseworker", email="casey@force.example")
    terry = make_user("terry", role="team_lead", email="terry@force.example")
    return casey, terry


def test_caseworker_gets_due_soon_and_overdue_once_a_day(team, on_day, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    casey, _ = team
    on_day("2026-04-20")
    overdue = log(casey, date(2026, 3, 2), assigned_to=casey)  # due 31 March
    soon = log(casey, date(2026, 3, 24), assigned_to=casey)  # due 23 April (Easter)
    later = log(casey, date(2026, 4, 17), assigned_to=casey)  # due mid-May: not listed

    result = tasks.send_reminder_digests.apply().get()

    mine = [m for m in mail.outbox if m.to == ["casey@force.example"]]
    assert len(mine) == 1
    body = mine[0].body
    assert overdue.reference in body
    assert "overdue by 12 working days" in body
    assert soon.reference in body
    assert "3 working days left" in body
    assert later.reference not in body
    assert "Pat" not in body + mine[0].subject  # no personal data in the email
    assert "1 overdue, 1 due within 5 working days" in mine[0].subject
    assert result["sent"] == 2  # casey, and terry for the unit's overdue list

    again = send_daily_digests()
    assert again["sent"] == 0
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(sent_on=date(2026, 4, 20)).count() == 2


def test_team_lead_gets_the_units_overdue_list(team, make_user, on_day, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    casey, _ = team
    other = Unit.objects.create(name="Professional Standards")
    olly = make_user("olly", role="caseworker", unit=other, email="olly@force.example")
    on_day("2026-04-20")
    ours = log(casey, date(2026, 3, 2), assigned_to=casey)
    theirs = log(olly, date(2026, 3, 2), unit=other, assigned_to=olly)

    send_daily_digests()

    (lead_mail,) = [m for m in mail.outbox if m.to == ["terry@force.example"]]
    assert "Overdue in your unit:" in lead_mail.body
    assert ours.reference in lead_mail.body
    assert "Casey" in lead_mail.body or "casey" in lead_mail.body
    assert theirs.reference not in lead_mail.body


def test_opted_out_users_and_empty_digests_get_nothing(team, make_user, on_day, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    casey, terry = team
    on_day("2026-04-20")
    log(casey, date(2026, 3, 2), assigned_to=casey)
    casey.wants_digest = False
    casey.save()
    terry.wants_digest = False
    terry.save()
    assert send_daily_digests()["sent"] == 0
    assert mail.outbox == []

    terry.wants_digest = True
    terry.save()
    casey.wants_digest = True
    casey.save()
    make_user("nina", role="caseworker", email="nina@force.example")  # nothing due
    on_day("2026-04-21")
    result = send_daily_digests()
    assert result["sent"] == 2
    assert result["skipped_empty"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["casey@force.example", "terry@force.example"]


@pytest.mark.parametrize("day", ["2026-04-18", "2026-05-04"])  # a Saturday; a bank holiday
def test_nothing_is_sent_on_a_non_working_day(team, on_day, settings, day):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    casey, _ = team
    on_day("2026-04-17")
    log(casey, date(2026, 3, 2), assigned_to=casey)
    on_day(day)
    assert send_daily_digests()["sent"] == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_next_run_not_marked_sent(team, on_day, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    casey, terry = team
    terry.wants_digest = False
    terry.save()
    on_day("2026-04-20")
    log(casey, date(2026, 3, 2), assigned_to=casey)

    # A real SMTP connection to a loopback port nothing listens on: refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(ConnectionError):
        send_daily_digests()
    assert not DigestSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_daily_digests()["sent"] == 1


def test_the_digest_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["request-reminder-digests"]
    assert entry["task"] == "requests_tracker.tasks.send_reminder_digests"
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once(team, on_day, settings):
    """Beat fired twice (or two workers took the job): each person still gets one."""
    import threading

    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    casey, _ = team
    on_day("2026-04-20")
    log(casey, date(2026, 3, 2), assigned_to=casey)
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            results.append(send_daily_digests())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result["sent"] for result in results) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["casey@force.example", "terry@force.example"]
