"""manage.py database_grants ROLE: print the SQL that gives the application's runtime
database role what it needs and no more. Run by the owner of the database (the role that
runs migrations); see docs/deployment.md."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.models import APPEND_ONLY_MODELS

ROLE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grants(role: str, owner: str, database: str) -> list[str]:
    """The statements, in order: ordinary tables read-write, append-only tables (the
    access log) insert and read only, nothing may be truncated, and the same for the
    tables later migrations create."""
    if not ROLE_PATTERN.match(role):
        raise ValueError(
            "The role name must be lower-case letters, digits and underscores, "
            "starting with a letter (at most 63 characters)."
        )
    statements = [
        f'GRANT CONNECT ON DATABASE "{database}" TO "{role}";',
        f'GRANT USAGE ON SCHEMA public TO "{role}";',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}";',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}";',
        f'REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM "{role}";',
    ]
    for model in APPEND_ONLY_MODELS:
        table = model._meta.db_table
        statements.append(f'REVOKE UPDATE, DELETE ON "{table}" FROM "{role}";')
    statements += [
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}";',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT USAGE, SELECT ON SEQUENCES TO "{role}";',
    ]
    return statements


class Command(BaseCommand):
    help = "Print the SQL granting the application's database role only what it needs."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the web and worker processes connect as.")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Grants apply to PostgreSQL only (DATABASE_URL is not PostgreSQL).")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, database = cursor.fetchone()
        try:
            statements = grants(role, owner, database)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("\n".join(statements))
