# The index behind the one-month recompute after a change (dashboards.figures,
# incremental; docs/metrics.md, "Computing it at scale"): a request touches the months
# from M on when it was received, closed or is due on or after M's first day, or is
# still open. The last day it touches is one expression (open: the end of time), so the
# requests touching the months are one range of one index, and the index carries every
# column the statement reads (INCLUDE), so PostgreSQL answers from it alone (an
# index-only scan) however the requests lie in the table: the rows read are those
# touching the months, not the table's pages. PostgreSQL only (SQLite keeps the OR of
# the indexes of 0007); not in the model state, as Django would warn that SQLite has no
# covering indexes.

from django.db import migrations

INDEX = "request_touched_until_idx"

#: Must match dashboards.figures.TOUCHED_UNTIL_SQL character for character in meaning:
#: the planner uses the index only for this same expression.
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON requests_tracker_informationrequest
    ((CASE WHEN status IN ('open', 'on_hold') THEN DATE '9999-12-31'
           ELSE GREATEST(received_on, closed_on, due_on) END))
    INCLUDE (kind, unit_id, status, received_on, closed_on, due_on, assigned_on, extended,
             requester_type, outcome, late_reason, parent_id, exemptions)
"""


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_tracker", "0010_worklist_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
