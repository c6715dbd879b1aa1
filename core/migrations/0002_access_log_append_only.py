"""On PostgreSQL, no database user can change or delete access log rows."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION core_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only: rows cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_access_log_append_only
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION core_access_log_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS core_access_log_append_only ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_access_log_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_access_log")]

    operations = [migrations.RunPython(forward, backward)]
