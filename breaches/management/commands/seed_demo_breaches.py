"""python manage.py seed_demo_breaches [--seed N] [--scale F]

The demo breach register (development only); `seed_demo` calls it after loading the
requests, so the units and users exist. See breaches/demo.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from breaches import demo
from breaches.models import Breach


class Command(BaseCommand):
    help = "Load the demo breach register (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019, help="Random seed (default 2019).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full volumes (default 1)."
        )

    def handle(self, *args, seed: int, scale: float, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is for development only (DJANGO_ENV=production).")
        if Breach.objects.exists():
            raise CommandError(
                "The breach register is not empty; the demo loads into an empty one."
            )
        written = demo.seed(seed=seed, scale=scale)
        self.stdout.write(f"Demo breaches: {written}.")
