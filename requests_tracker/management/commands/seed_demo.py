"""python manage.py seed_demo [--if-empty] [--seed N] [--scale F]

Loads a deterministic, realistic history from 2019 to today (development and
demonstrations only; names are fake): requests with their internal reviews and
complaints to the ICO, the breach register and the DPIA pipeline, and the monthly
snapshots every chart reads. `make run` calls it with --if-empty. --scale 0.01 makes a
small demo for tests (breaches and assessments keep a few a month at any scale)."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from faker import Faker
from tqdm import tqdm

from accounts.models import Role, Unit
from core.dates import uk_today
from requests_tracker import legacy
from requests_tracker.demo import (
    FOI_UNIT,
    ROA_UNIT,
    DemoHistory,
    add_reviews_and_complaints,
    parsed_rows,
)
from requests_tracker.models import InformationRequest

STAFF_PER_UNIT = {ROA_UNIT: 14, FOI_UNIT: 6}
#: The business areas that own breaches and assessments: a few people each (information
#: asset owners and project leads), with no role in Rights Desk.
BUSINESS_UNITS = {
    "Contact Centre": 3,
    "Criminal Investigation Department": 3,
    "Custody": 3,
    "Digital Services": 4,
    "Professional Standards": 2,
    "Public Protection": 3,
    "Roads Policing": 2,
}


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
        with _sqlite_bulk_load():
            result, reviews, complaints, stages = self._load(seed=seed, scale=scale)
        if options["verbosity"] >= 2:
            self.stdout.write("Stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
        self.stdout.write(
            f"Demo data: {result.imported} requests "
            f"({', '.join(f'{n} {k}' for k, n in sorted(result.by_kind.items()))}), "
            f"{reviews} internal reviews, {complaints} complaints to the ICO, "
            f"in {time.monotonic() - started:.0f} s."
        )

    def _load(self, *, seed: int, scale: float):
        stages: dict[str, float] = {}
        clock = [time.monotonic()]

        def stage(name: str) -> None:
            now = time.monotonic()
            stages[name] = now - clock[0]
            clock[0] = now

        call_command("create_demo_users", stdout=self.stdout)
        staff = self._staff(seed)
        stage("users")
        today = uk_today()
        history = DemoHistory(today=today, seed=seed, staff=staff, scale=scale)
        generated = list(tqdm(history.rows(), unit="request", desc="Generating demo history"))
        # The generator writes only rows the importer's checks accept (a test runs them
        # over a small demo), so they go straight to the importer's writer.
        rows = parsed_rows(
            history,
            generated,
            units=dict(Unit.objects.values_list("name", "id")),
            users=dict(get_user_model().objects.values_list("username", "id")),
        )
        stage("generate")
        with tqdm(total=len(rows), unit="request", desc="Saving") as bar:
            result = legacy.write_rows(rows, progress=bar.update)
        stage("save")
        reviews, complaints = add_reviews_and_complaints(seed=seed, today=today)
        stage("reviews")
        # The public dashboard and the Data Board read snapshots only: compute them now.
        call_command("recompute_timeliness", reason="Demo data loaded", stdout=self.stdout)
        stage("recompute")
        # Each app loads its own demo (the apps do not import each other).
        for app in ("breaches", "dpias", "casefile", "disclosure"):
            call_command(f"seed_demo_{app}", seed=seed, scale=scale, stdout=self.stdout)
            stage(app)
        return result, reviews, complaints, stages

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
        for name, size in BUSINESS_UNITS.items():
            unit, _ = Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.TEAM})
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
        demo_unit = Unit.objects.get(name=ROA_UNIT)
        User.objects.filter(username__in=["caseworker", "teamlead"]).update(unit=demo_unit)
        staff[ROA_UNIT] += ["caseworker", "teamlead"]
        return staff


@contextmanager
def _sqlite_bulk_load() -> Iterator[None]:
    """On SQLite only, while the demo loads: commits without waiting for the disk
    (synchronous=OFF: a demo cut short by a power failure is loaded again, and nothing
    else is in the file yet; SQLite refuses the change inside a transaction, so a caller's
    transaction keeps its own) and a 64 MiB page cache, so the load's indexes stay in
    memory; the connection's own values are put back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    pragmas = {"cache_size": "-65536"}
    if not connection.in_atomic_block:
        pragmas["synchronous"] = "OFF"
    saved: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name, value in pragmas.items():
            cursor.execute(f"PRAGMA {name}")
            saved[name] = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, old in saved.items():
                cursor.execute(f"PRAGMA {name} = {old}")
