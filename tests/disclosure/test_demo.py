"""The demo disclosure log: deterministic, a share of closed FOI/EIR responses, never a
right of access request, never the requester's words."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from disclosure import demo, selectors
from disclosure.models import PublishedItem

from .conftest import SECRET_WORDS, close, log_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_requests(caseworker, on_day):
    on_day("2026-10-21")
    records = [close(log_request(caseworker), caseworker) for _ in range(40)]
    records += [
        close(
            log_request(caseworker, kind="eir"),
            caseworker,
            outcome="granted_in_full",
            exemptions=(),
        )
        for _ in range(10)
    ]
    records.append(
        close(
            log_request(caseworker, kind="roa"), caseworker, outcome="no_data_held", exemptions=()
        )
    )
    return records


def test_the_demo_publishes_a_deterministic_share(closed_requests):
    written = demo.seed(seed=3, today=date(2026, 10, 21))
    first = list(PublishedItem.objects.order_by("request_id").values_list("request_id", "title"))
    assert 0 < written < len(closed_requests) == 51
    assert len(first) == written
    assert not PublishedItem.objects.filter(request__kind="roa").exists()
    assert not PublishedItem.objects.filter(summary__contains=SECRET_WORDS).exists()
    assert all(item.exemptions for item in PublishedItem.objects.filter(kind="foi"))
    PublishedItem.objects.all().delete()
    demo.seed(seed=3, today=date(2026, 10, 21))
    again = list(PublishedItem.objects.order_by("request_id").values_list("request_id", "title"))
    assert again == first
    # The items are found by the public search.
    title = first[0][1]
    assert title in [item.title for item in selectors.search(selectors.Filters(q=title))]


def test_the_command_refuses_a_log_that_is_not_empty(closed_requests):
    call_command("seed_demo_disclosure", "--seed", "3")
    with pytest.raises(CommandError, match="not empty"):
        call_command("seed_demo_disclosure", "--seed", "3")
