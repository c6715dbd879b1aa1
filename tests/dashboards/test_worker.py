"""A real Celery worker, real Redis and real PostgreSQL: closing a request through the API
moves that month's public open-data figures, with no test-side recomputation."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from core.dates import format_month, month_start, uk_today
from dashboards import services
from tests.integration.test_celery_worker import celery_worker_process  # noqa: F401 - fixture

from .builders import log


def public_month(month: str) -> dict:
    response = Client().get(f"/api/v1/performance/monthly/?kind=roa&from={month}&to={month}")
    assert response.status_code == 200
    return response.json()[0]


@pytest.mark.celery_worker
@pytest.mark.postgres
def test_closing_a_request_through_the_api_moves_the_public_figures(
    celery_worker_process,  # noqa: F811
    make_user,
):
    cache.clear()
    today = uk_today()
    month = format_month(month_start(today))
    caseworker = make_user("casey")
    received = max(month_start(today), today - timedelta(days=3))
    request = log(caseworker, received.isoformat())
    # Whatever the logging scheduled has run (or runs now); take the figures as published.
    services.recompute_months(first=month_start(today))
    before = public_month(month)
    assert before["closed"] == 0
    assert before["open_at_month_end"] == 1

    api = APIClient()
    api.force_authenticate(caseworker)
    response = api.post(
        f"/api/v1/requests/{request.pk}/close/",
        {"closed_on": today.isoformat(), "outcome": "disclosed_in_full"},
        format="json",
    )
    assert response.status_code == 200, response.content

    deadline = time.monotonic() + 90
    after = before
    while time.monotonic() < deadline:
        after = public_month(month)
        if after["closed"] == 1:
            break
        assert celery_worker_process.poll() is None, "the worker process died"
        time.sleep(0.5)
    assert after["closed"] == 1
    assert after["closed_on_time"] == 1
    assert after["pct_closed_on_time"] == 100.0
    assert after["open_at_month_end"] == 0
