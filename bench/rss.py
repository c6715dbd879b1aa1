"""Run in a child process: peak memory of recomputing every month's snapshots."""

import json
import os
import resource
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from datetime import date  # noqa: E402

from dashboards.services import recompute_months  # noqa: E402

baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
recompute_months(first=date(2019, 1, 1), reason="Benchmark")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
json.dump({"baseline_mb": round(baseline, 1), "peak_mb": round(peak, 1)}, sys.stdout)
