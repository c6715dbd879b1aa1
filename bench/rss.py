"""Run in a child process: the memory recomputing every month's snapshots adds on top
of the process's own footprint (resident set size sampled every 20 ms).

`--generate N` instead migrates the database in DATABASE_URL and fills it with N bench
requests (a separate process, so the measurement starts from a clean one)."""

import json
import os
import sys
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from datetime import date  # noqa: E402

from bench.memory import rss_mb  # noqa: E402
from dashboards.services import recompute_months  # noqa: E402

if sys.argv[1:2] == ["--generate"]:
    from django.core.management import call_command

    from bench.data import generate
    from requests_tracker.selectors import uk_today

    call_command("migrate", verbosity=0)
    generate(int(sys.argv[2]), today=uk_today())
    # The snapshots stored once, as in the bench's own database by the time it is
    # measured: both measurements then update stored snapshots (loading them costs
    # memory of its own, the same at any N), not one creating and one updating.
    recompute_months(first=date(2019, 1, 1), reason="Benchmark")
    sys.exit(0)

baseline = rss_mb()
peak = baseline
running = True


def sample() -> None:
    global peak
    while running:
        peak = max(peak, rss_mb())
        time.sleep(0.02)


sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
recompute_months(first=date(2019, 1, 1), reason="Benchmark")
running = False
sampler.join()
peak = max(peak, rss_mb())
json.dump({"baseline_mb": round(baseline, 1), "peak_mb": round(peak, 1)}, sys.stdout)
