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
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from core.dates import UK

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


class SeedCommand(BaseCommand):
    """A `seed_demo_<app>` command: loads one app's demo data into an empty table.

    Subclasses name the `model` that must be empty, the `seed(seed=, scale=)` function, what
    a non-empty table is called in the refusal, and the word for what was written."""

    model: type[models.Model]
    not_empty = ""
    written_label = ""

    @staticmethod
    def seed(*, seed: int, scale: float) -> int:  # pragma: no cover - each command sets it
        raise NotImplementedError

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2019, help="Random seed (default 2019).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full volumes (default 1)."
        )

    def handle(self, *args: Any, seed: int, scale: float, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is for development only (DJANGO_ENV=production).")
        if self.model._default_manager.exists():
            raise CommandError(self.not_empty)
        written = type(self).seed(seed=seed, scale=scale)
        self.stdout.write(f"{self.written_label}: {written}.")
