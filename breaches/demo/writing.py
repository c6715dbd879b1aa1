"""Writing the planned demo register in bulk, as the services would have left it."""

from __future__ import annotations

from accounts.models import User
from breaches.demo.planning import _Planned
from breaches.models import Breach, BreachAction, BreachEvent, BreachReferenceCounter
from breaches.vocabularies import (
    EventType,
)
from core.bulk import insert
from core.dates import long_date, to_uk
from core.demo import BATCH, historic_timestamps


def write(planned: list[_Planned], *, dpo: User) -> int:
    """Write the planned breaches in bulk, with their references, actions and timeline
    (an action's events by whoever assessed the breach, else the DPO); returns how many."""
    planned.sort(key=lambda p: (p.breach.aware_at, p.breach.summary))
    _allocate_references(planned)
    breaches = [p.breach for p in planned]
    with historic_timestamps(Breach, BreachAction, BreachEvent):
        insert(Breach, breaches, returning=True, batch_size=BATCH)
        actions = []
        for p in planned:
            for action, _, _ in p.actions:
                action.breach = p.breach
                actions.append(action)
        insert(BreachAction, actions, returning=True, batch_size=BATCH)
        events = []
        for p in planned:
            timeline = list(p.events)
            actor = p.breach.assessed_by or dpo
            for action, added_at, completed_at in p.actions:
                timeline.append(
                    BreachEvent(
                        type=EventType.ACTION_ADDED,
                        actor=actor,
                        at=added_at,
                        description=(
                            f"{action.get_kind_display()} action added, owned by "  # type: ignore[union-attr]
                            f"{action.owner.display_name}, due {long_date(action.due_on)}: "
                            f"{action.description}"
                        ),
                        after={"action": action.pk},
                    )
                )
                if completed_at is not None:
                    timeline.append(
                        BreachEvent(
                            type=EventType.ACTION_COMPLETED,
                            actor=actor,
                            at=completed_at,
                            description=(
                                f"Action completed on {long_date(action.completed_on)}: "  # type: ignore[arg-type]
                                f"{action.description}"
                            ),
                            after={"action": action.pk},
                        )
                    )
            for event in timeline:
                event.breach = p.breach
            events.extend(timeline)
        events.sort(key=lambda e: (e.at, e.breach.reference))
        insert(BreachEvent, events, batch_size=BATCH)
    return len(breaches)


def _allocate_references(planned: list[_Planned]) -> None:
    years = sorted({to_uk(p.breach.aware_at).year for p in planned})
    BreachReferenceCounter.objects.bulk_create(
        [BreachReferenceCounter(year=year) for year in years], ignore_conflicts=True
    )
    counters = {
        c.year: c for c in BreachReferenceCounter.objects.select_for_update().filter(year__in=years)
    }
    for p in planned:
        counter = counters[to_uk(p.breach.aware_at).year]
        counter.last += 1
        p.breach.reference = f"BR-{counter.year}-{counter.last:04d}"
    BreachReferenceCounter.objects.bulk_update(counters.values(), ["last"])
