"""python manage.py seed_demo_dpias [--seed N] [--scale F]

The demo DPIA and data-sharing-agreement pipeline (development only); `seed_demo` calls
it after loading the requests, so the units and users exist. See dpia/demo.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dpia import demo
from dpia.models import Assessment


class Command(BaseCommand):
    help = "Load the demo DPIA pipeline (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019, help="Random seed (default 2019).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full volumes (default 1)."
        )

    def handle(self, *args, seed: int, scale: float, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is for development only (DJANGO_ENV=production).")
        if Assessment.objects.exists():
            raise CommandError(
                "There are assessments already; the demo loads into an empty pipeline."
            )
        written = demo.seed(seed=seed, scale=scale)
        self.stdout.write(f"Demo assessments: {written}.")
