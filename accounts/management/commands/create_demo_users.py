"""Creates one demo user per role (development only) and prints the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services, two_factor
from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Role, Unit, User


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
                    defaults={"first_name": first, "last_name": last},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    if role == Role.ADMIN:
                        user.is_staff = True
                        user.is_superuser = True
                    user.save()
                    services.set_unit(
                        user=user,
                        unit=unit,
                        actor=None,
                        source=services.Source.COMMAND,
                        note="create_demo_users",
                    )
                services.grant_role(
                    user=user,
                    role=role,
                    actor=None,
                    source=services.Source.COMMAND,
                    note="create_demo_users",
                )
        self.stdout.write("Demo logins (development only), password for all: " + DEMO_PASSWORD)
        for username, role, _, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {Role(role).label}")
        if two_factor.relaxed_for_demo_users():
            self.stdout.write("Two-factor is relaxed for these demo users (make run).")
        else:
            self.stdout.write(
                "The dpo and admin logins set up two-factor at their first sign-in "
                "(an authenticator app)."
            )
