"""Reminders: owners 30 days before a review date, the DPO past the tier target, once per
threshold; decided assessments fall due for review on their date."""

from datetime import date

import pytest
from django.core import mail

from dpia import services
from dpia.models import ReminderSent
from dpia.vocabularies import Status
from tests.services import free_port

pytestmark = pytest.mark.django_db


def _decide_with_review(build, dpo, review_on: date):
    assessment = build("in_review")
    services.decide(
        assessment_id=assessment.pk,
        actor=dpo,
        decision="approved",
        advice="ok",
        next_review_on=review_on,
    )
    return assessment


def test_owner_is_reminded_thirty_days_before_the_review_date_once(build, dpo, on_day):
    on_day("2026-01-10")
    assessment = _decide_with_review(build, dpo, date(2026, 6, 30))
    on_day("2026-05-30")
    assert services.send_due_reminders()["review_date"] == 0
    assert mail.outbox == []
    on_day("2026-05-31")
    assert services.send_due_reminders()["review_date"] == 1
    (message,) = mail.outbox
    assert sorted(message.to) == ["leo@example.org", "olive@example.org"]
    assert assessment.reference in message.subject
    assert "30 June 2026" in message.subject
    on_day("2026-06-10")
    assert services.send_due_reminders()["review_date"] == 0
    assert len(mail.outbox) == 1


def test_dpo_is_reminded_once_per_target_date(build, dpo, owner, on_day):
    on_day("2026-03-01")
    assessment = build("submitted")  # triage due 6 March
    on_day("2026-03-06")
    assert services.send_due_reminders()["tier_overdue"] == 0
    on_day("2026-03-07")
    assert services.send_due_reminders()["tier_overdue"] == 1
    assert mail.outbox[-1].to == ["dpo@example.org"]
    assert "past its target date" in mail.outbox[-1].subject
    assert services.send_due_reminders()["tier_overdue"] == 0
    # Triage sets a new threshold (the tier target, 21 March): a new reminder when it passes.
    services.triage(
        assessment_id=assessment.pk, actor=dpo, complexity="medium", inherent_risk="medium"
    )
    on_day("2026-03-21")
    assert services.send_due_reminders()["tier_overdue"] == 0
    on_day("2026-03-22")
    assert services.send_due_reminders()["tier_overdue"] == 1
    assert ReminderSent.objects.filter(assessment=assessment).count() == 2
    assert len(mail.outbox) == 2


def test_review_date_arriving_moves_the_assessment_to_review_due(build, dpo, on_day):
    on_day("2026-01-10")
    assessment = _decide_with_review(build, dpo, date(2026, 2, 1))
    on_day("2026-01-31")
    services.send_due_reminders()
    assessment.refresh_from_db()
    assert assessment.status == Status.DECIDED
    on_day("2026-02-01")
    assert services.send_due_reminders()["review_due"] == 1
    assessment.refresh_from_db()
    assert assessment.status == Status.REVIEW_DUE
    assert services.send_due_reminders()["review_due"] == 0


def test_a_failing_mail_server_leaves_no_record_so_the_retry_sends(build, dpo, on_day, settings):
    on_day("2026-03-01")
    build("submitted")
    on_day("2026-03-08")

    # A real SMTP connection to a loopback port nothing listens on: refused.
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(ConnectionError):
        services.send_due_reminders()
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = backend
    assert services.send_due_reminders()["tier_overdue"] == 1
