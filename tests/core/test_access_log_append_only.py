"""The access log is append-only for real on PostgreSQL: UPDATE, DELETE and TRUNCATE are
refused by triggers for every role, the owner included, and the grants of
`manage.py database_grants` leave the application's runtime role only INSERT and SELECT.
"""

import secrets
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from core import access
from core.models import AccessLogEntry

from .test_access_log import Record

pytestmark = pytest.mark.postgres


def entry_by(user):
    access.record_access(
        user=user,
        records=[Record(1, "FOI-1", None)],
        record_type="request",
        fields=[],
        action="view",
    )


@pytest.mark.django_db(transaction=True)
def test_truncate_is_refused_even_to_the_owner(make_user):
    entry_by(make_user("casey"))

    def truncate():
        with transaction.atomic(), connection.cursor() as cursor:
            # The test suite's own flush may empty a test database; nothing else may.
            cursor.execute("SET LOCAL rightsdesk.allow_truncate = 'off'")
            cursor.execute("TRUNCATE core_accesslogentry CASCADE")

    with pytest.raises(DatabaseError, match="cannot be truncated"):
        truncate()
    assert AccessLogEntry.objects.count() == 1


@pytest.fixture
def app_role(transactional_db):
    """A login role with exactly the grants docs/deployment.md tells a deployer to run."""
    name = f"rd_app_{secrets.token_hex(4)}"
    password = secrets.token_hex(16)
    out = StringIO()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD %s", [password])
        call_command("database_grants", name, stdout=out)
        cursor.execute(out.getvalue())
    db = connection.settings_dict
    role_connection = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=name,
        password=password,
        dbname=db["NAME"],
        autocommit=True,
    )
    yield role_connection
    role_connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {name}")
        cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {name}")
        cursor.execute(f"REVOKE ALL ON SCHEMA public FROM {name}")
        cursor.execute(f"REVOKE ALL ON DATABASE {db['NAME']} FROM {name}")
        for kind in ("TABLES", "SEQUENCES"):
            cursor.execute(
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON {kind} FROM {name}"
            )
        cursor.execute(f"DROP ROLE {name}")


def test_the_application_role_may_only_insert_and_read_the_access_log(app_role, make_user):
    user = make_user("casey")
    app_role.execute(
        "INSERT INTO core_accesslogentry (at, user_id, action, record_type, record_id,"
        " record_reference, fields, path, reason) VALUES (now(), %s, 'view', 'request', 1,"
        " 'FOI-1', '[]', '/', '')",
        [user.pk],
    )
    assert app_role.execute("SELECT count(*) FROM core_accesslogentry").fetchone() == (1,)
    for statement in (
        "UPDATE core_accesslogentry SET record_reference = 'changed'",
        "DELETE FROM core_accesslogentry",
        "TRUNCATE core_accesslogentry",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app_role.execute(statement)
    # Even asking for the test suite's flush does not help a role without the privilege.
    app_role.execute("SET rightsdesk.allow_truncate = 'on'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_role.execute("TRUNCATE core_accesslogentry")
    assert AccessLogEntry.objects.get().record_reference == "FOI-1"
    # Ordinary tables stay read-write for it, and nothing can be truncated.
    app_role.execute("UPDATE accounts_user SET first_name = 'Casey' WHERE id = %s", [user.pk])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_role.execute("TRUNCATE django_session")


def test_the_command_refuses_an_unsafe_role_name(db):
    with pytest.raises(CommandError, match="lower-case letters"):
        call_command("database_grants", 'app"; DROP TABLE x; --')
