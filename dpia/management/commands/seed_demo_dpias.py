"""python manage.py seed_demo_dpias [--seed N] [--scale F]

The demo DPIA and data-sharing-agreement pipeline (development only); `seed_demo` calls
it after loading the requests, so the units and users exist. See dpia/demo.py."""

from core.demo import SeedCommand
from dpia import demo
from dpia.models import Assessment


class Command(SeedCommand):
    help = "Load the demo DPIA pipeline (development only)."
    model = Assessment
    seed = staticmethod(demo.seed)
    not_empty = "There are assessments already; the demo loads into an empty pipeline."
    written_label = "Demo assessments"
