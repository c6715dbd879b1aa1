"""Creates one demo user per role (development only) and prints the logins."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, Unit, User

DEMO_PASSWORD = "rights-desk-demo"
DEMO_USERS = [
    ("caseworker", Role.CASEWORKER, "Casey", "Worker"),
    ("teamlead", Role.TEAM_LEAD, "Terry", "Lead"),
    ("dpo", Role.DPO, "Dana", "Officer"),
    ("board", Role.DATA_BOARD, "Bailey", "Board"),
    ("admin", Role.ADMIN, "Alex", "Admin"),
]


class Command(BaseCommand):
    help = "Create one demo user per role (development only) and print the logins."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo users are for development only (DJANGO_ENV=production).")
        with transaction.atomic():
            unit, _ = Unit.objects.get_or_create(
                name="Disclosure Unit", defaults={"kind": Unit.Kind.TEAM}
            )
            for username, role, first, last in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last, "unit": unit},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    if role == Role.ADMIN:
                        user.is_staff = True
                        user.is_superuser = True
                    user.save()
                user.groups.add(Group.objects.get(name=role))
        self.stdout.write("Demo logins (development only), password for all: " + DEMO_PASSWORD)
        for username, role, _, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {Role(role).label}")
