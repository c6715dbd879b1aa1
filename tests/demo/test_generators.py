"""The demo generators are deterministic and write only what the importer accepts.

Kept apart from test_seed_demo.py, whose module-wide demo would be in the database."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import Role, Unit, User
from breaches.models import (
    Breach,
    BreachAction,
    BreachEvent,
    BreachMonthSnapshot,
    BreachReferenceCounter,
)
from dpia.models import (
    AnswerVersion,
    Assessment,
    AssessmentEvent,
    Condition,
    PipelineSnapshot,
)
from dpia.models import Risk as DpiaRisk
from requests_tracker import legacy
from requests_tracker.demo import DemoHistory, parsed_rows
from requests_tracker.management.commands.seed_demo import Command as SeedDemo
from requests_tracker.models import (
    ClockStop,
    InformationRequest,
    ReferenceCounter,
    RegulatorComplaint,
    Requester,
    RequestEvent,
)

TODAY = dt.date(2026, 11, 25)


@pytest.mark.django_db
def test_the_generator_writes_only_rows_the_importer_accepts(on_day):
    on_day(TODAY.isoformat())
    call_command("create_demo_users")
    staff = SeedDemo()._staff(2019)
    history = DemoHistory(today=TODAY, staff=staff, scale=0.01)
    rows = list(history.rows())
    checked, errors, _ = legacy.validate_rows(list(enumerate(rows, start=2)))
    assert errors == []
    fast = parsed_rows(
        history,
        rows,
        units=dict(Unit.objects.values_list("name", "id")),
        users=dict(User.objects.values_list("username", "id")),
    )
    assert fast == checked


DETERMINISTIC_MODELS = [
    Requester,
    InformationRequest,
    ClockStop,
    RequestEvent,
    RegulatorComplaint,
    ReferenceCounter,
    Breach,
    BreachAction,
    BreachEvent,
    BreachReferenceCounter,
    BreachMonthSnapshot,
    Assessment,
    DpiaRisk,
    Condition,
    AnswerVersion,
    AssessmentEvent,
    PipelineSnapshot,
]


def _fingerprint() -> dict[str, list[tuple]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in DETERMINISTIC_MODELS
    }


@pytest.mark.django_db(transaction=True)
def test_two_runs_load_identical_data(on_day):
    def seed() -> dict[str, list[tuple]]:
        for role in Role.values:  # the flush removes the groups the migrations made
            Group.objects.get_or_create(name=role)
        call_command("seed_demo", "--scale", "0.01")
        return _fingerprint()

    on_day(TODAY.isoformat())
    # Start both runs from reset id sequences (PostgreSQL's are not rolled back).
    call_command("flush", "--no-input")
    first = seed()
    call_command("flush", "--no-input")
    second = seed()
    assert first == second
    assert all(first[model.__name__] for model in DETERMINISTIC_MODELS)
