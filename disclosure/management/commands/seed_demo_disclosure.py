"""python manage.py seed_demo_disclosure [--seed N] [--scale F]

The demo disclosure log (development only); `seed_demo` calls it after loading the
requests. See disclosure/demo.py."""

from core.demo import SeedCommand
from disclosure import demo
from disclosure.models import PublishedItem


class Command(SeedCommand):
    help = "Load the demo disclosure log (development only)."
    model = PublishedItem
    seed = staticmethod(demo.seed)
    not_empty = "The disclosure log is not empty; the demo loads into an empty one."
    written_label = "Demo disclosure log items"
