from datetime import date

import pytest
from django.core.management import call_command

from requests_tracker import retention, services
from requests_tracker.models import DisposalRun, InformationRequest, Requester

pytestmark = pytest.mark.django_db


def log(actor, kind="foi", received=date(2021, 12, 1), email="pat@example.org", **extra):
    return services.log_request(
        actor=actor,
        kind=kind,
        regime="uk_gdpr" if kind == "roa" else "",
        received_on=received,
        channel="email",
        requester_type="member_of_public",
        summary="Records about Pat Example at 1 High Street",
        requester=services.RequesterDetails(
            name="Pat Example", email=email, address="1 High Street"
        ),
        **extra,
    )


OUTCOME = {"foi": "not_held", "roa": "no_data_held", "internal_review": "upheld"}


def close(actor, request, day=date(2021, 12, 10)):
    return services.close_request(
        request_id=request.pk,
        actor=actor,
        closed_on=day,
        outcome=OUTCOME[request.kind],
    )


@pytest.fixture
def history(caseworker, on_day):
    on_day("2022-01-10")
    foi = log(caseworker)
    services.add_note(request_id=foi.pk, actor=caseworker, text="Pat phoned from 07700 900123")
    close(caseworker, foi)
    roa = log(caseworker, kind="roa", email="roa@example.org")
    close(caseworker, roa)
    held = log(caseworker, email="held@example.org")
    close(caseworker, held)
    recent = log(caseworker, email="recent@example.org")
    close(caseworker, recent)
    return {"foi": foi, "roa": roa, "held": held, "recent": recent}


def test_disposal_follows_the_schedule_and_legal_hold(history, caseworker, on_day):
    on_day("2024-06-01")
    recent = history["recent"]
    review = services.open_internal_review(
        request_id=recent.pk, actor=caseworker, received_on=date(2024, 6, 1)
    )
    close(caseworker, review, day=date(2024, 6, 1))
    retention.set_legal_hold(
        request_id=history["held"].pk, actor=caseworker, hold=True, reason="Civil claim"
    )

    on_day("2025-06-01")
    due = set(retention.due_for_disposal().values_list("email", flat=True))
    # FOI closed Dec 2021: over 3 years. ROA: 6 years, not yet. Held: never. The requester
    # whose internal review closed in 2024 keeps their data until 2027.
    assert due == {"pat@example.org"}

    result = retention.dispose()
    assert result.requesters == 1
    assert result.references == [history["foi"].reference]
    assert retention.dispose().requesters == 0  # idempotent
    assert DisposalRun.objects.count() == 1

    foi = InformationRequest.objects.get(pk=history["foi"].pk)
    person = Requester.objects.get(pk=foi.requester_id)
    assert (person.name, person.email, person.address, person.phone) == ("", "", "", "")
    assert person.disposed_at is not None
    assert foi.summary == retention.DISPOSED_SUMMARY
    # The record and its figures stay: dates, status, outcome and timeline shape.
    assert (foi.received_on, foi.closed_on, foi.due_on, foi.status, foi.outcome) == (
        history["foi"].received_on,
        date(2021, 12, 10),
        history["foi"].due_on,
        "closed",
        "not_held",
    )
    types = list(foi.events.values_list("type", flat=True))
    assert types == ["logged", "note", "closed", "personal_data_disposed"]
    assert "07700" not in " ".join(foi.events.values_list("description", flat=True))
    held = Requester.objects.get(email="held@example.org")
    assert held.name == "Pat Example"


def test_dry_run_lists_and_changes_nothing(history, on_day, capsys):
    on_day("2025-06-01")
    call_command("dispose_personal_data", "--dry-run")
    out = capsys.readouterr().out
    assert history["foi"].reference in out
    assert history["roa"].reference not in out
    assert Requester.objects.filter(email="pat@example.org").exists()
    call_command("dispose_personal_data")
    assert not Requester.objects.filter(email="pat@example.org").exists()


def test_legal_hold_needs_a_reason_and_is_recorded(history, caseworker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        retention.set_legal_hold(request_id=history["roa"].pk, actor=caseworker, hold=True)
    held = retention.set_legal_hold(
        request_id=history["roa"].pk, actor=caseworker, hold=True, reason="Litigation"
    )
    assert held.legal_hold
    assert held.events.last().type == "legal_hold_set"
    released = retention.set_legal_hold(request_id=held.pk, actor=caseworker, hold=False)
    assert not released.legal_hold
    assert released.events.last().type == "legal_hold_released"


def test_the_real_disposal_changes_no_snapshot(history, on_day):
    from dashboards.models import MonthlySnapshot
    from dashboards.services import recompute_months

    on_day("2025-06-01")
    recompute_months(first=date(2021, 12, 1), reason="Before disposal")
    fields = [f.name for f in MonthlySnapshot._meta.fields if f.name not in ("id", "computed_at")]
    before = list(MonthlySnapshot.objects.order_by("kind", "unit", "month").values(*fields))
    assert retention.dispose().requesters == 3  # the three FOI requesters
    recompute_months(first=date(2021, 12, 1), reason="After disposal")
    after = list(MonthlySnapshot.objects.order_by("kind", "unit", "month").values(*fields))
    assert before
    assert after == before
