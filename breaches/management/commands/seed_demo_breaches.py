"""python manage.py seed_demo_breaches [--seed N] [--scale F]

The demo breach register (development only); `seed_demo` calls it after loading the
requests, so the units and users exist. See breaches/demo.py."""

from breaches import demo
from breaches.models import Breach
from core.demo import SeedCommand


class Command(SeedCommand):
    help = "Load the demo breach register (development only)."
    model = Breach
    seed = staticmethod(demo.seed)
    not_empty = "The breach register is not empty; the demo loads into an empty one."
    written_label = "Demo breaches"
