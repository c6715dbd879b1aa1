"""The 15-minute alert job: the DPO group is emailed about undecided breaches with less
than 24 hours left, and about missed deadlines, once per breach per threshold."""

import pytest
from django.core import mail

from breaches import services
from breaches.models import BreachAlert
from breaches.tasks import send_breach_deadline_alerts

pytestmark = pytest.mark.django_db


def test_due_soon_then_overdue_once_each(record, dpo, make_user, at):
    make_user("deputy", role="dpo", email="deputy@example.org")
    make_user("nobody", role="caseworker", email="casey@example.org")
    at(2026, 3, 27, 9, 0)
    breach = record(2026, 3, 27, 8, 0, summary="Letter to J Bloggs sent to a neighbour")
    assert send_breach_deadline_alerts() == []  # 71 hours left
    assert mail.outbox == []

    at(2026, 3, 29, 12, 0)  # 21 hours left (BST since this morning)
    assert send_breach_deadline_alerts() == [f"{breach.reference}:due_soon"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["dana@example.org", "deputy@example.org"]
    assert breach.reference in message.subject
    assert "30 March 2026 at 9am UK time" in message.body  # 08:00 GMT + 72 h
    assert "Bloggs" not in message.body  # no personal data from the summary

    at(2026, 3, 29, 12, 15)
    assert send_breach_deadline_alerts() == []  # already told
    assert len(mail.outbox) == 1

    at(2026, 3, 30, 9, 1)
    assert send_breach_deadline_alerts() == [f"{breach.reference}:overdue"]
    assert "deadline has passed" in mail.outbox[1].subject
    at(2026, 3, 30, 9, 16)
    assert send_breach_deadline_alerts() == []
    assert len(mail.outbox) == 2
    assert set(BreachAlert.objects.values_list("threshold", flat=True)) == {
        "due_soon",
        "overdue",
    }
    assert breach.events.filter(type="alert_sent").count() == 2


def test_no_alert_once_the_decision_is_made(record, dpo, at):
    at(2026, 3, 27, 9, 0)
    breach = record(2026, 3, 27, 8, 0)
    services.assess_risk(
        breach_id=breach.pk, actor=dpo, likelihood="remote", severity="minimal", rationale="x"
    )
    services.decide(breach_id=breach.pk, actor=dpo, reportable=False, reasons="Recalled")
    at(2026, 3, 31, 9, 0)
    assert send_breach_deadline_alerts() == []
    assert mail.outbox == []


def test_decided_reportable_but_not_yet_reported_still_alerts(record, dpo, at):
    at(2026, 3, 27, 9, 0)
    breach = record(2026, 3, 27, 8, 0)
    services.assess_risk(
        breach_id=breach.pk, actor=dpo, likelihood="probable", severity="severe", rationale="x"
    )
    services.decide(breach_id=breach.pk, actor=dpo, reportable=True, reasons="High risk")
    at(2026, 3, 30, 10, 0)
    assert send_breach_deadline_alerts() == [f"{breach.reference}:overdue"]


def test_first_seen_after_the_deadline_sends_only_the_overdue_alert(record, dpo, at):
    at(2026, 3, 20, 9, 0)
    breach = record(2026, 3, 16, 9, 0)
    assert send_breach_deadline_alerts() == [f"{breach.reference}:overdue"]
    assert len(mail.outbox) == 1


def test_the_alert_links_to_the_breach_at_the_site_address(record, dpo, at, settings):
    settings.SITE_URL = "https://rights.example.org"
    at(2026, 3, 27, 9, 0)
    breach = record(2026, 3, 27, 8, 0)
    at(2026, 3, 29, 12, 0)
    send_breach_deadline_alerts()
    [message] = mail.outbox
    assert f"https://rights.example.org/breaches/{breach.pk}/" in message.body
    assert message.subject == (
        f"Breach {breach.reference}: less than 24 hours to decide on reporting"
    )
