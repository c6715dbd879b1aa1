"""python manage.py seed_demo [--if-empty] [--seed N]

Loads a deterministic, realistic history of requests from 2019 to today (development and
demonstrations only; names are fake). `make run` calls it with --if-empty."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from accounts.models import Role, Unit
from core.dates import uk_today
from requests_tracker import legacy
from requests_tracker.demo import FOI_UNIT, ROA_UNIT, DemoHistory
from requests_tracker.models import InformationRequest

STAFF_PER_UNIT = {ROA_UNIT: 14, FOI_UNIT: 6}


class Command(BaseCommand):
    help = "Load realistic demo data (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if requests exist.")
        parser.add_argument("--seed", type=int, default=2019, help="Random seed (default 2019).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full volumes (default 1)."
        )

    def handle(self, *args, if_empty: bool, seed: int, scale: float, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is for development only (DJANGO_ENV=production).")
        if InformationRequest.objects.exists():
            if if_empty:
                self.stdout.write("Demo data: the database already has requests; nothing loaded.")
                return
            raise CommandError(
                "The database already has requests; seed_demo loads into an empty one."
            )
        started = time.monotonic()
        call_command("create_demo_users", stdout=self.stdout)
        staff = self._staff(seed)
        history = DemoHistory(today=uk_today(), seed=seed, staff=staff, scale=scale)
        generated = list(enumerate(history.rows(), start=2))
        with tqdm(total=len(generated), unit="request", desc="Checking demo history") as bar:
            rows, errors, _ = legacy.validate_rows(generated, progress=bar.update)
        if errors:
            for error in errors[:20]:
                self.stderr.write(str(error))
            raise CommandError(f"The demo generator produced {len(errors)} invalid rows.")
        with tqdm(total=len(rows), unit="request", desc="Saving") as bar:
            result = legacy.write_rows(rows, progress=bar.update)
        # The public dashboard and the Data Board read snapshots only: compute them now.
        call_command("recompute_timeliness", reason="Demo data loaded", stdout=self.stdout)
        self.stdout.write(
            f"Demo data: {result.imported} requests "
            f"({', '.join(f'{n} {k}' for k, n in sorted(result.by_kind.items()))}) "
            f"in {time.monotonic() - started:.0f} s."
        )

    @transaction.atomic
    def _staff(self, seed: int) -> dict[str, list[str]]:
        """Units and their caseworkers; the demo caseworker and team lead work in the
        right-of-access unit."""
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        User = get_user_model()
        caseworkers = Group.objects.get(name=Role.CASEWORKER)
        staff: dict[str, list[str]] = {}
        for name, size in STAFF_PER_UNIT.items():
            unit, _ = Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.TEAM})
            usernames = []
            for _ in range(size):
                first, last = fake.first_name(), fake.last_name()
                username = f"{first}.{last}".lower().replace("'", "")
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last, "unit": unit},
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                    user.groups.add(caseworkers)
                usernames.append(username)
            staff[name] = usernames
        demo_unit = Unit.objects.get(name=ROA_UNIT)
        User.objects.filter(username__in=["caseworker", "teamlead"]).update(unit=demo_unit)
        staff[ROA_UNIT] += ["caseworker", "teamlead"]
        return staff
