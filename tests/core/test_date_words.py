"""GOV.UK dates in the pages and the timeline: "2 March 2026", never "02 March 2026"."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from requests_tracker import services
from requests_tracker.models import RequestEvent


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_date_filters_are_builtins_in_every_template():
    # No {% load %}: the filters are registered in TEMPLATES OPTIONS "builtins".
    assert render("{{ d|long_date }}", d=date(2026, 10, 1)) == "1 October 2026"
    assert render("{{ d|long_date }}", d=date(2026, 10, 31)) == "31 October 2026"


def test_a_timestamp_prints_its_uk_date_and_time():
    evening = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 BST on 1 July
    assert render("{{ t|long_date }}", t=evening) == "1 July 2026"
    assert render("{{ t|time_of_day }}", t=evening) == "12:30am"
    assert render("{{ t|long_datetime }}", t=evening) == "1 July 2026 at 12:30am"


@pytest.mark.parametrize("name", ["long_date", "time_of_day", "long_datetime"])
def test_a_missing_value_prints_nothing_so_default_applies(name):
    assert render(f'{{{{ v|{name}|default:"Not set" }}}}', v=None) == "Not set"


@pytest.mark.django_db
def test_the_timeline_writes_dates_without_a_leading_zero(caseworker, on_day):
    on_day("2026-03-04")
    request = services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 3, 2),
        channel="email",
        requester_type="member_of_public",
        summary="Force budget",
        requester=services.RequesterDetails(name="Pat Example", email="pat@example.org"),
    )
    event = RequestEvent.objects.filter(request=request).latest("id")
    assert "received 2 March 2026" in event.description
    assert "02 March" not in event.description


def test_the_breach_templates_old_uk_time_filter_is_gone_not_silently_time_only():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template("{{ t|uk_time }}")
