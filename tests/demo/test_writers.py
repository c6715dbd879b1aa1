"""The demo and the importer write with core.bulk's insert and insert_values: held here to exactly the rows
Django's bulk_create wrote for the same small demo, table by table, column by column."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from breaches.demo import writing as breach_writing
from casefile import demo as casefile_demo
from disclosure import demo as disclosure_demo
from dpia.demo import writing as dpia_writing
from requests_tracker import demo as request_demo
from requests_tracker.legacy import writing as legacy_writing
from tests.demo.tables import tables

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))
#: Every module that writes the demo through core.bulk.insert or insert_values.
WRITERS = [
    legacy_writing,
    request_demo,
    breach_writing,
    dpia_writing,
    casefile_demo,
    disclosure_demo,
]


def bulk_create(model, objs, *, returning=False, batch_size=None):
    """The reference for insert: what the writers called before."""
    return model.objects.bulk_create(list(objs), batch_size=batch_size)


def bulk_create_values(model, values, *, returning=False, batch_size=None):
    """The reference for insert_values: bulk_create of model(**row) for each row."""
    created = model.objects.bulk_create([model(**row) for row in values], batch_size=batch_size)
    return [obj.pk for obj in created] if returning else []


def load_demo():
    """A small demo in a savepoint rolled back afterwards, every table read back first;
    the id sequences start where they started for the other load (PostgreSQL's are not
    rolled back; SQLite's are)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        call_command("seed_demo", "--scale", "0.01")
        written = tables(connection)
        transaction.set_rollback(True)
    return written


@pytest.mark.django_db
def test_the_demo_writes_what_bulk_create_wrote(monkeypatch):
    fast = load_demo()
    with monkeypatch.context() as patch:
        for module in WRITERS:
            # Each writer imports them by name: patch those names.
            for name, reference in (("insert", bulk_create), ("insert_values", bulk_create_values)):
                if hasattr(module, name):
                    patch.setattr(module, name, reference)
        reference = load_demo()
    assert fast.keys() == reference.keys()
    assert len(fast["requests_tracker_informationrequest"][1]) > 100
    for table, (columns, rows) in reference.items():
        assert fast[table][0] == columns, table
        assert len(fast[table][1]) == len(rows), table
        for got, expected in zip(fast[table][1], rows, strict=True):
            assert got == expected, (table, columns)
