"""python manage.py seed_demo_casefile [--seed N] [--scale F]

The demo data requests to business areas (development only); `seed_demo` calls it after
loading the requests. See casefile/demo.py."""

from casefile import demo
from casefile.models import DataRequest
from core.demo import SeedCommand


class Command(SeedCommand):
    help = "Load the demo data requests to business areas (development only)."
    model = DataRequest
    seed = staticmethod(demo.seed)
    not_empty = "There are data requests already; the demo loads into an empty case file."
    written_label = "Demo data requests"
