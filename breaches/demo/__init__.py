"""A deterministic demo breach register, from January 2019 to now (development only).

Tens of breaches a month across every source, nature, security property and risk level;
each one walks the life the services give it (recorded → assessed → decided → reported
or not → people told → actions → closed) with a timeline event for every step, at the
moment it happened. Some are reported within the 72 hours, some late with the reasons,
some decided not reportable with the reasons. A handful are still open now, with hours
left (or none) on the 72-hour clock, so the DPO has something to act on.

Written in bulk, never through the per-record services, but every record satisfies what
the services enforce: statuses consistent with the dates and decisions, the risk taken
from the matrix, the 72-hour deadline from `clock.report_due_at`, reasons wherever the
services require them, `version` equal to the number of service writes, and references
allocated from `BreachReferenceCounter` so the next `record_breach` does not collide.
Call `seed()` (the `seed_demo` command does) after the units and users exist.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from breaches import snapshots
from breaches.demo.planning import DemoBreaches, _people
from breaches.demo.writing import write

__all__ = ["DemoBreaches", "seed"]


@transaction.atomic
def seed(*, seed: int = 2019, scale: float = 1.0, now: datetime | None = None) -> int:
    """Write the demo register and compute its monthly snapshots; returns the number of
    breaches written."""
    now = (now or timezone.now()).astimezone(UTC)
    demo = DemoBreaches(now=now, seed=seed, scale=scale, people=_people())
    written = write(demo.plan(), dpo=demo.people.dpo)
    snapshots.recompute()
    return written
