"""On PostgreSQL, no database user can change, delete or truncate role-change log rows
(the same guarantees as the access log, core migrations 0002 and 0004).

Only a test database (named test_…) may be emptied, and only by a session that asks with
`SET rightsdesk.allow_truncate = 'on'`: the test suite's flush between tests."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_role_change_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The role-change log is append-only: rows cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_role_change_append_only
    BEFORE UPDATE OR DELETE ON accounts_rolechange
    FOR EACH ROW EXECUTE FUNCTION accounts_role_change_append_only();

CREATE OR REPLACE FUNCTION accounts_role_change_no_truncate() RETURNS trigger AS $$
BEGIN
    IF left(current_database(), 5) = 'test_'
       AND coalesce(current_setting('rightsdesk.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The role-change log is append-only: it cannot be truncated';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_role_change_no_truncate
    BEFORE TRUNCATE ON accounts_rolechange
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_role_change_no_truncate();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS accounts_role_change_no_truncate ON accounts_rolechange;
DROP FUNCTION IF EXISTS accounts_role_change_no_truncate();
DROP TRIGGER IF EXISTS accounts_role_change_append_only ON accounts_rolechange;
DROP FUNCTION IF EXISTS accounts_role_change_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_sso_lifecycle")]

    operations = [migrations.RunPython(forward, backward)]
