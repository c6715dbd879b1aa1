"""A deterministic demo DPIA and data-sharing-agreement pipeline, 2019 to today
(development only).

About 27 new assessments a month at scale 1 (over 300 a year, the model customer's
scale), three DPIAs to every data sharing agreement. Each walks the workflow the
services enforce: drafted with its risks → submitted (a version of the answers taken)
→ triaged into a tier with its target → in review → sometimes changes requested and
resubmitted → decided (approved, with conditions, or rejected) → conditions completed →
signed off by the information asset owner → prior consultation with the ICO when a high
residual risk was accepted → review due on its review date → closed. Every step has its
timeline event on the day it happened; `version` counts the service writes. A few are
fixed relative to today so every status is present however small the demo, some past
their tier's target.

References follow `create_assessment`: the kind's prefix, the year drafted and the id,
so the next real assessment (a higher id) never collides.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from dpia import pipeline
from dpia.demo.planning import DemoPipeline
from dpia.demo.words import FIRST_MONTH
from dpia.demo.writing import write

__all__ = ["DemoPipeline", "seed"]


@transaction.atomic
def seed(*, seed: int = 2019, scale: float = 1.0, today: date | None = None) -> int:
    """Write the demo pipeline and compute its monthly snapshots since 2019; returns the
    number of assessments written."""
    today = today or timezone.localdate()
    demo = DemoPipeline(today=today, seed=seed, scale=scale)
    written = write(demo.plan())
    pipeline.recompute(FIRST_MONTH, today.replace(day=1))
    return written
