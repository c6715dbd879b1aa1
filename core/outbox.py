"""Durable announcements of changes that move published figures (the outbox pattern).

Apps announce; the app that owns a set of figures registers a handler for its stream
and recomputes. Dependencies point down: requests, breaches and DPIA services call
`announce()`, and never import the dashboards that listen.

Guarantee: a change and its announcement commit together (one transaction), and an
announcement is deleted only in the transaction that recomputed its months. A broker
that is down, a task that fails or a worker killed mid-recomputation leaves the rows in
place; the next drain (after the next commit, the periodic job every
FIGURES_DRAIN_SECONDS, or a worker starting) recomputes them. A burst of changes is
drained by one recomputation.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from datetime import date

from django.db import connection, transaction

from .dates import month_start
from .models import FigureChange

logger = logging.getLogger(__name__)

#: Called with the months announced (first days, ascending) and one reason, inside the
#: drain's transaction; it recomputes every figure those months' changes can move.
Handler = Callable[[list[date], str], object]

_HANDLERS: dict[str, Handler] = {}

#: Ids are deleted in batches of this size (SQLite's limit on query parameters).
_DELETE_BATCH = 500


def register(stream: str, handler: Handler) -> None:
    """Register the recomputation of one stream of figures (from an AppConfig.ready)."""
    _HANDLERS[stream] = handler


def streams() -> list[str]:
    return sorted(_HANDLERS)


def announce(stream: str, *days: date | None, reason: str) -> None:
    """Record, in the caller's transaction, that the figures of `stream` change from the
    month of the earliest of `days`; once it commits, ask a worker to drain."""
    present = [day for day in days if day is not None]
    if not present:
        return
    if stream not in _HANDLERS:
        raise ValueError(f"No figures are registered under {stream!r}.")
    FigureChange.objects.create(stream=stream, month=month_start(min(present)), reason=reason[:200])
    # robust: the change has committed whatever the broker does; if the message cannot
    # be sent, the row waits for the periodic drain. Several messages for one burst cost
    # little: the first drain takes every pending row and the others find none.
    transaction.on_commit(_enqueue_drain, robust=True)


def _enqueue_drain() -> None:
    from django.conf import settings

    from .tasks import drain_figure_changes

    drain_figure_changes.apply_async(countdown=settings.FIGURES_COALESCE_SECONDS)


def lock_key(stream: str) -> int:
    """The PostgreSQL advisory lock a drain of `stream` holds."""
    return zlib.crc32(f"figures:{stream}".encode())


def _lock(stream: str) -> None:
    """Drains of one stream take turns (PostgreSQL; SQLite has one writer at a time).
    A drain that waits here sees the rows committed while the other one ran."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(stream)])


def drain(stream: str | None = None) -> dict[str, int]:
    """Recompute what every pending announcement (of one stream, or all) asks for.
    Returns the number of announcements drained per stream."""
    return {name: _drain_stream(name) for name in ([stream] if stream else streams())}


@transaction.atomic
def _drain_stream(stream: str) -> int:
    _lock(stream)
    pending = list(FigureChange.objects.filter(stream=stream).values_list("id", "month", "reason"))
    if not pending:
        return 0
    months = sorted({month for _, month, _ in pending})
    reasons = sorted({reason for _, _, reason in pending})
    _HANDLERS[stream](months, "; ".join(reasons)[:200])
    # Exactly the rows read: a change that committed since then keeps its row.
    ids = [pk for pk, _, _ in pending]
    for start in range(0, len(ids), _DELETE_BATCH):
        FigureChange.objects.filter(pk__in=ids[start : start + _DELETE_BATCH]).delete()
    logger.info("figures %s recomputed from %s for %d change(s)", stream, months[0], len(pending))
    return len(pending)
