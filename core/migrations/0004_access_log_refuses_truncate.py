"""On PostgreSQL, TRUNCATE of the access log is refused too (a row trigger never sees it).

Only a test database (named test_…, as Django's test runner names it) may be emptied,
and only by a session that asks with `SET rightsdesk.allow_truncate = 'on'`: the test
suite's flush between tests. Deployments also grant the application's role no TRUNCATE
at all (docs/deployment.md, `manage.py database_grants`)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION core_access_log_no_truncate() RETURNS trigger AS $$
BEGIN
    IF left(current_database(), 5) = 'test_'
       AND coalesce(current_setting('rightsdesk.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The access log is append-only: it cannot be truncated';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_access_log_no_truncate
    BEFORE TRUNCATE ON core_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_access_log_no_truncate();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS core_access_log_no_truncate ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_access_log_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_figure_change_outbox")]

    operations = [migrations.RunPython(forward, backward)]
