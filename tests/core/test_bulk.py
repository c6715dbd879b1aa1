"""core.bulk.insert writes what bulk_create writes (the whole demo is held to it in
tests/demo/test_writers.py); here, field kinds one by one, ids, and its refusals."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.bulk import insert, insert_values
from core.models import AccessLogEntry
from requests_tracker import services
from requests_tracker.models import Requester, RequestEvent
from requests_tracker.vocabularies import EventType

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))
AT = dt.datetime(2025, 3, 30, 1, 30, tzinfo=ZoneInfo("Europe/London"))


def requesters():
    return [
        Requester(name="Ann Example", email="ann@example.org", address="1 High St\nTown"),
        Requester(name="Bob O'Brien", phone="+44 20 7946 0000", disposed_at=AT),
        Requester(name="Émile Zoë"),
    ]


def rows(model, pks):
    return list(model.objects.filter(pk__in=pks).order_by("pk").values())


def without_ids(values):
    return [{k: v for k, v in row.items() if k != "id"} for row in values]


@pytest.mark.django_db
def test_text_dates_and_automatic_timestamps_as_bulk_create_writes_them():
    with time_machine.travel(NOW, tick=False):
        fast = insert(Requester, requesters(), returning=True)
        slow = Requester.objects.bulk_create(requesters())
    assert all(r.pk and not r._state.adding for r in fast)
    assert without_ids(rows(Requester, [r.pk for r in fast])) == without_ids(
        rows(Requester, [r.pk for r in slow])
    )
    assert rows(Requester, [fast[0].pk])[0]["created_at"] == NOW


@pytest.mark.django_db
def test_plain_rows_as_bulk_create_of_instances_made_from_them():
    values = [
        {"name": "Ann Example", "email": "ann@example.org"},
        {"name": "Bob", "disposed_at": AT, "phone": "0"},
        {"name": "Cy", "created_at": AT},  # auto_now_add stamps now, as for an instance
    ]
    with time_machine.travel(NOW, tick=False):
        ids = insert_values(Requester, values, returning=True)
        slow = Requester.objects.bulk_create([Requester(**row) for row in values])
    assert len(ids) == 3
    assert ids == sorted(ids)
    assert without_ids(rows(Requester, ids)) == without_ids(rows(Requester, [r.pk for r in slow]))
    assert insert_values(Requester, [{"name": "Dee"}]) == []
    assert Requester.objects.filter(name="Dee").exists()


def events(request_id, actor):
    return [
        RequestEvent(
            request_id=request_id,
            type=EventType.IMPORTED,
            actor=actor,
            description="Imported.",
            after={"status": "closed", "due_on": None, "n": 3, "nested": {"a": [1, "é"]}},
        ),
        RequestEvent(request_id=request_id, type=EventType.CLOSED, actor=None, at=AT),
    ]


@pytest.mark.django_db
def test_json_keys_and_enums_as_bulk_create_writes_them(caseworker):
    request = services.log_request(
        actor=caseworker,
        kind="foi",
        regime="",
        received_on=dt.date(2025, 3, 3),
        channel="email",
        requester_type="member_of_public",
        summary="Records about Pat Example",
        requester=services.RequesterDetails(
            name="Pat Example", email="pat@example.org", address=""
        ),
    )
    RequestEvent.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        insert(RequestEvent, events(request.pk, caseworker))
        written = without_ids(rows(RequestEvent, RequestEvent.objects.values("pk")))
        RequestEvent.objects.all().delete()
        RequestEvent.objects.bulk_create(events(request.pk, caseworker))
        reference = without_ids(rows(RequestEvent, RequestEvent.objects.values("pk")))
    assert written == reference
    assert written[0]["after"]["nested"] == {"a": [1, "é"]}
    assert written[0]["at"] == NOW  # auto_now_add, as bulk_create stamps it
    assert written[1]["at"] == NOW  # auto_now_add overrides a value, as bulk_create does


@pytest.mark.django_db
def test_instances_with_an_id_go_first_and_keep_it():
    given = Requester(pk=900, name="Given")
    new = Requester(name="New")
    insert(Requester, [new, given], returning=True)
    assert given.pk == 900
    assert new.pk is not None
    assert new.pk != 900
    assert Requester.objects.get(pk=900).name == "Given"


@pytest.mark.django_db
def test_without_returning_the_ids_are_not_read_back():
    people = insert(Requester, requesters())
    assert Requester.objects.count() == 3
    assert all(p.pk is None for p in people)


def test_a_model_whose_manager_does_more_than_insert_is_refused():
    with pytest.raises(TypeError, match="overrides bulk_create"):
        insert(AccessLogEntry, [AccessLogEntry()])
