"""Recording access to personal data (services) and reading the log (selectors)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import F, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

from .dates import long_date, uk_today
from .models import _ADD_TO_DAYS, AccessLogDay, AccessLogEntry
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


def record_access_of_query(
    *,
    user: User,
    queryset: QuerySet[Any],
    record_type: str,
    fields: list[str],
    action: str,
    path: str = "",
    ip_address: str | None = None,
    reason: str = "",
    export_rows: int | None = None,
) -> int:
    """record_access for every row of a queryset (an export), written by the database
    itself: one INSERT … SELECT of the entries from the queryset's own SQL, and the
    user's daily totals (AccessLogDay) raised by what was inserted, in the same
    transaction. The rows need `pk`, `reference` and `unit_id`. On PostgreSQL both are
    one statement (the totals are counted from the INSERT's RETURNING, so they match the
    entries exactly); SQLite counts the outside-unit entries with a second statement,
    inside the write lock its transaction holds. Returns how many entries."""
    values = queryset.order_by().values(
        log_id=F("pk"), log_reference=F("reference"), log_unit=F("unit_id")
    )
    try:
        select_sql, select_params = values.query.sql_with_params()
    except EmptyResultSet:
        return 0  # the filter can match nothing (e.g. a role that sees no requester)
    using = queryset.db
    connection = connections[using]
    now = timezone.now()
    user_unit_id = getattr(user, "unit_id", None)
    meta = AccessLogEntry._meta
    constants: dict[str, Any] = {
        "at": now,
        "user": user.pk,
        "user_unit": user_unit_id,
        "action": action,
        "record_type": record_type,
        "fields": list(fields),
        "ip_address": ip_address,
        "path": path[:500],
        "export_rows": export_rows,
        "reason": reason,
    }
    fields_by_name = {field.name: field for field in meta.concrete_fields}
    columns: list[str] = []
    expressions: list[str] = []
    params: list[Any] = []
    for name, value in constants.items():
        field = fields_by_name[name]
        columns.append(connection.ops.quote_name(field.column))
        expressions.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    for name, expression in (
        ("record_id", "q.log_id"),
        ("record_reference", "SUBSTR(q.log_reference, 1, 60)"),
        ("record_unit", "q.log_unit"),
    ):
        columns.append(connection.ops.quote_name(fields_by_name[name].column))
        expressions.append(expression)
    entries = connection.ops.quote_name(meta.db_table)
    insert = (
        f"INSERT INTO {entries} ({', '.join(columns)}) "  # noqa: S608 - names from model metadata and constants; values are parameters
        f"SELECT {', '.join(expressions)} FROM ({select_sql}) q"
    )
    # A record of another unit, or any unit's record for a user with none (AccessLogDay.is_outside).
    outside = "{unit} IS NOT NULL" + (" AND {unit} <> %s" if user_unit_id is not None else "")
    outside_entries = outside.format(unit="record_unit_id")
    outside_rows = outside.format(unit="q.log_unit")
    outside_params = [user_unit_id] if user_unit_id is not None else []
    day = timezone.localdate(now)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH entries AS ({insert} RETURNING record_unit_id), "  # noqa: S608 - names from model metadata and constants; values are parameters
                "days AS ("
                "INSERT INTO core_accesslogday (day, user_id, views, outside_unit) "
                f"SELECT %s, %s, COUNT(*), COUNT(*) FILTER (WHERE {outside_entries}) FROM entries "
                "HAVING COUNT(*) > 0"
                " ON CONFLICT (day, user_id) DO UPDATE SET"
                " views = core_accesslogday.views + excluded.views,"
                " outside_unit = core_accesslogday.outside_unit + excluded.outside_unit"
                ") SELECT COUNT(*) FROM entries",
                [*params, *select_params, day, user.pk, *outside_params],
            )
            (count,) = cursor.fetchone()
            return int(count)
        cursor.execute(insert, [*params, *select_params])
        count = cursor.rowcount
        if count <= 0:
            return 0
        cursor.execute(
            f"SELECT COUNT(*) FROM ({select_sql}) q WHERE {outside_rows}",  # noqa: S608 - names from model metadata and constants; values are parameters
            [*select_params, *outside_params],
        )
        (out,) = cursor.fetchone()
        cursor.execute(
            _ADD_TO_DAYS.format(values="(%s, %s, %s, %s)"), [day, user.pk, count, int(out)]
        )
    return count


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
