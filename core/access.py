"""Recording access to personal data (services) and reading the log (selectors)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum
from django.http import HttpRequest

from .dates import long_date, uk_today
from .models import AccessLogDay, AccessLogEntry
from .network import client_ip

if TYPE_CHECKING:
    from accounts.models import User

#: A user is flagged when, in the report window, they viewed this many records of
#: other units, or viewed this many times their usual daily volume on one day.
OUTSIDE_UNIT_THRESHOLD = 20
VOLUME_MULTIPLE = 3
VOLUME_MINIMUM = 50
#: Entries written per INSERT.
LOG_BATCH = 1000


def record_access(
    *,
    user: User | None,
    records: Iterable[Any],
    record_type: str,
    fields: list[str],
    action: str,
    http_request: HttpRequest | None = None,
    path: str | None = None,
    ip_address: str | None = None,
    reason: str = "",
    export_rows: int | None = None,
) -> int:
    """Append one entry per record (a page view, an API retrieve, or each row of an
    export). `records` need `pk`, `reference` and `unit_id`; they are read and written
    in batches, so an export of any size is logged in constant memory. `path` and
    `ip_address` default to the HTTP request's (a background job passes the ones of the
    request that started it). Returns how many entries."""
    ip = ip_address if ip_address is not None else client_ip(http_request)
    if path is None:
        path = http_request.get_full_path() if http_request is not None else ""
    path = path[:500]
    count = 0
    batch: list[AccessLogEntry] = []
    for record in records:
        batch.append(
            AccessLogEntry(
                user=user,
                user_unit_id=getattr(user, "unit_id", None),
                action=action,
                record_type=record_type,
                record_id=record.pk,
                record_reference=str(getattr(record, "reference", record.pk))[:60],
                record_unit_id=getattr(record, "unit_id", None),
                fields=list(fields),
                ip_address=ip,
                path=path,
                reason=reason,
                export_rows=export_rows,
            )
        )
        if len(batch) >= LOG_BATCH:
            AccessLogEntry.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    AccessLogEntry.objects.bulk_create(batch)
    return count + len(batch)


def search(
    *,
    username: str = "",
    reference: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.select_related("user", "user_unit", "record_unit")
    if username:
        entries = entries.filter(user__username__iexact=username.strip())
    if reference:
        entries = entries.filter(record_reference__iexact=reference.strip())
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries


@dataclass(frozen=True)
class UnusualAccess:
    username: str
    outside_unit: int
    busiest_day: date | None
    busiest_day_views: int
    usual_daily_views: float
    reasons: tuple[str, ...]


def unusual_access(*, days: int = 30, today: date | None = None) -> list[UnusualAccess]:
    """Users who, in the last `days` days, viewed many records outside their own unit, or
    had a day far busier than their usual volume. Two queries over the daily totals."""
    today = today or uk_today()
    since = today - timedelta(days=days - 1)
    # The daily totals (AccessLogDay, kept as the log is written), not the entries: a few
    # rows per user, however many entries the window holds.
    window = AccessLogDay.objects.filter(day__gte=since, day__lte=today)
    totals = {
        row["user__username"]: row
        for row in window.values("user__username").annotate(
            total=Sum("views"), outside=Sum("outside_unit")
        )
    }
    busiest: dict[str, tuple[date, int]] = {}
    for day_row in window.values("user__username", "day", "views").order_by(
        "user__username", "-views", "day"
    ):
        busiest.setdefault(day_row["user__username"], (day_row["day"], day_row["views"]))
    report = []
    for username, row in totals.items():
        usual = row["total"] / days
        day, views = busiest.get(username, (None, 0))
        reasons = []
        if row["outside"] >= OUTSIDE_UNIT_THRESHOLD:
            reasons.append(f"viewed {row['outside']} records of other units")
        if day is not None and views >= VOLUME_MINIMUM and views > VOLUME_MULTIPLE * usual:
            reasons.append(f"{views} views on {long_date(day)}, against about {usual:.0f} a day")
        if reasons:
            report.append(
                UnusualAccess(username, row["outside"], day, views, round(usual, 1), tuple(reasons))
            )
    return sorted(report, key=lambda r: (-r.outside_unit, -r.busiest_day_views))
