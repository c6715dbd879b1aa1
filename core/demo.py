"""Small pieces the demo generators of every app share (development data only).

The generators write years of history in bulk. Their timeline events, actions and
records must carry the moment each thing happened, but `auto_now` / `auto_now_add`
fields are stamped with the time of the insert; `historic_timestamps` lets a generator
give those fields its own values while it bulk-creates, and restores them afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db import models

UK = ZoneInfo("Europe/London")
T = TypeVar("T")

#: Rows per INSERT batch: small enough for SQLite's limits, large enough to be fast.
BATCH = 1000


@contextmanager
def historic_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """While inside, the automatic timestamps of these models keep the value the caller
    set (every instance must then set them). Not thread-safe: for management commands."""
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]  # type: ignore[attr-defined]
    for field in fields:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]


def weighted(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def office_moment(rng: random.Random, day: date, *, start: int = 8, end: int = 18) -> datetime:
    """A moment in office hours on a UK day, as an aware datetime."""
    minutes = rng.randrange(start * 60, end * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=UK)


def months(first: date, last: date) -> Iterator[date]:
    """First days of the months from first to last, inclusive."""
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def month_length(month: date) -> int:
    return ((month + timedelta(days=32)).replace(day=1) - month).days
