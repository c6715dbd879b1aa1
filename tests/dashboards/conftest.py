"""Shared data for the Data Board tests."""

from datetime import date

import pytest

from accounts.models import Unit
from dashboards import services
from requests_tracker import services as request_services

from .builders import close, log


@pytest.fixture
def quarter(make_user, on_day):
    """FOI and EIR requests answered in January–March 2026 (today 15 April 2026)."""
    on_day("2026-04-15")
    casey = make_user("casey")
    north = make_user("nora", unit=Unit.objects.create(name="North Area"))
    f1 = log(casey, "2026-01-05", kind="foi")  # due 2 Feb (20 working days)
    f2 = log(casey, "2026-01-06", kind="foi")
    f3 = log(north, "2026-01-07", kind="foi")
    e1 = log(casey, "2026-01-08", kind="eir")
    close(casey, f1, "2026-01-20")
    request_services.close_request(
        request_id=f2.pk,
        actor=casey,
        closed_on=date(2026, 2, 20),
        outcome="refused",
        exemptions=["s31", "s40"],
        late_reason="awaiting_sign_off",
    )
    request_services.close_request(
        request_id=f3.pk,
        actor=north,
        closed_on=date(2026, 1, 30),
        outcome="granted_in_part",
        exemptions=["s40"],
    )
    request_services.close_request(
        request_id=e1.pk, actor=casey, closed_on=date(2026, 1, 29), outcome="not_held"
    )
    review = request_services.open_internal_review(
        request_id=f2.pk, actor=casey, received_on=date(2026, 3, 2)
    )
    request_services.close_request(
        request_id=review.pk, actor=casey, closed_on=date(2026, 3, 20), outcome="upheld"
    )
    services.recompute_months(first=date(2025, 1, 1), last=date(2026, 4, 1))
    return {"casey": casey, "north": north}
