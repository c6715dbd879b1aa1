"""Reads that are reused: the statutory rules in force, visible requests, work lists."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from accounts.models import User
from accounts.selectors import people
from core import policy
from core.dates import uk_today  # noqa: F401 - the requests pages ask selectors for "today"

from . import statutory
from .models import ClockStop, ExtraNonWorkingDay, InformationRequest
from .vocabularies import (
    ACTIVE_STATUSES,
    BACKLOG_AGE_BANDS,
    EventType,
    RequestKind,
    Status,
    StopReason,
)


def statutory_rules() -> statutory.Rules:
    """The rules in force: settings plus the admin's extra non-working days.

    One small query; callers that handle many requests call it once and pass it on.
    """
    extra = frozenset(ExtraNonWorkingDay.objects.values_list("date", flat=True))
    return statutory.Rules(
        roa_region=statutory.Region(settings.ROA_HOLIDAY_REGION),
        part3_count_from=statutory.Part3CountFrom(settings.PART3_COUNT_FROM),
        foi_max_extension_working_days=settings.FOI_MAX_EXTENSION_WORKING_DAYS,
        calendar=statutory.Calendar(extra_non_working_days=extra),
    )


def request_queryset() -> QuerySet[InformationRequest]:
    """Requests with what every list and detail shows, in one query."""
    return InformationRequest.objects.select_related("unit", "assigned_to", "requester", "parent")


def visible_requests(user: User) -> QuerySet[InformationRequest]:
    """Least privilege: the DPO and admins see every request; caseworkers and team leads
    see their own unit's (and requests assigned to them); everyone else sees none."""
    qs = request_queryset()
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(*policy.ALL_UNITS):
        return qs
    if user.has_role(*policy.UNIT_CASEWORKERS):
        if user.unit_id is None:
            return qs.filter(assigned_to=user)
        return qs.filter(Q(unit_id=user.unit_id) | Q(assigned_to=user))
    return qs.none()


def logged_receipt(user: User, pk: int) -> InformationRequest | None:
    """A request `user` may see, or one they logged themselves for another unit: its
    author sees the receipt (reference, unit, due date, never personal data), so a
    request handed to another unit is confirmed rather than answered with a 404."""
    visible = visible_requests(user).filter(pk=pk).first()
    if visible is not None or not user.is_authenticated:
        return visible
    return (
        request_queryset().filter(pk=pk, events__type=EventType.LOGGED, events__actor=user).first()
    )


def may_see_personal_data(user: User, request: InformationRequest) -> bool:
    """Requester details and the summary (core.policy.sees_personal_data)."""
    return policy.sees_personal_data(user, request.unit_id)


def personal_data_q(user: User) -> Q:
    """`may_see_personal_data` as a filter: the requests whose requester details the user
    sees (to count and log an export before it starts)."""
    if user.has_role(*policy.ALL_UNITS):
        return Q()
    if not user.has_role(*policy.UNIT_CASEWORKERS) or user.unit_id is None:
        return Q(pk__in=[])
    return Q(unit_id=user.unit_id)


def with_open_stop(queryset: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """Annotate each request with its running clock stop, if any (`open_stop_reason`,
    `open_stop_started_on`), in the same query: a work list says why and since when."""
    running = ClockStop.objects.filter(request=OuterRef("pk"), ended_on__isnull=True).order_by(
        "-started_on"
    )
    return queryset.annotate(
        open_stop_reason=Subquery(running.values("reason")[:1]),
        open_stop_started_on=Subquery(running.values("started_on")[:1]),
    )


#: What a row of a work list shows (requests_tracker/_work_table.html: the reference,
#: summary, dates, status and deadline words, and whether the summary is hidden), and
#: nothing more: a list reads 50 rows of these columns, not every column of five tables.
ROW_COLUMNS = (
    "id",
    "reference",
    "kind",
    "summary",
    "status",
    "received_on",
    "due_on",
    "closed_on",
    "extended",
    "requester_replied_at",
    "unit_id",
    "assigned_to_id",
)
#: The assignee's name, for lists that show it.
ASSIGNEE_COLUMNS = ("assigned_to__username", "assigned_to__first_name", "assigned_to__last_name")


def list_rows(
    queryset: QuerySet[InformationRequest], *, with_assignee: bool = True
) -> QuerySet[InformationRequest]:
    """`queryset` reading only what a work-list row shows (ROW_COLUMNS, and the
    assignee's name when `with_assignee`), in one query, whatever it was filtered on."""
    rows = queryset.select_related(None)
    if with_assignee:
        return rows.select_related("assigned_to").only(*ROW_COLUMNS, *ASSIGNEE_COLUMNS)
    return rows.only(*ROW_COLUMNS)


def work_list(user: User) -> QuerySet[InformationRequest]:
    """A caseworker's open requests, soonest deadline first (no due date last), as
    work-list rows (the assignee is the caseworker: not read again)."""
    return with_open_stop(
        list_rows(
            InformationRequest.objects.filter(assigned_to=user, status__in=ACTIVE_STATUSES),
            with_assignee=False,
        ).order_by(F("due_on").asc(nulls_last=True), "id")
    )


def can_work_on_requests(user: User) -> bool:
    return user.is_authenticated and user.has_role(*policy.STAFF)


# ---------------------------------------------------------------------------------------
# Pages: deadlines in words, work-list counts, the team's backlog
# ---------------------------------------------------------------------------------------

#: "Due soon" means due within this many FOIA working days (issue 4).
DUE_SOON_WORKING_DAYS = 5

#: Backlog age bands (vocabularies.BACKLOG_AGE_BANDS): (label, lowest, highest or None).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = tuple(
    (label, low, high) for _key, label, low, high in BACKLOG_AGE_BANDS
)


@dataclass(frozen=True)
class DeadlineState:
    """What a list row shows about a request's deadline."""

    days_left: int | None  # working days (FOI/EIR/IR) or calendar days (ROA)
    working_days: bool
    overdue: bool
    due_soon: bool
    clock_stopped: bool
    extended: bool
    #: For a stopped clock (when the row was read with `with_open_stop`): what is awaited
    #: (the stop reason's words), since when, and for how many calendar days.
    stop_reason: str = ""
    stopped_since: date | None = None
    stopped_days: int | None = None

    @property
    def words(self) -> str:
        if self.days_left is None:
            if not self.clock_stopped:
                return ""
            if self.stopped_since is None:
                return "No due date while the clock is stopped"
            days = f"{self.stopped_days} day{'' if self.stopped_days == 1 else 's'}"
            return (
                f"Clock stopped since {self.stopped_since:%-d %B %Y} ({days}): "
                f"{self.stop_reason[0].lower()}{self.stop_reason[1:]}"
            )
        unit = "working day" if self.working_days else "day"
        n = abs(self.days_left)
        plural = f"{n} {unit}{'' if n == 1 else 's'}"
        if self.days_left < 0:
            return f"Overdue by {plural}"
        if self.days_left == 0:
            return "Due today"
        return f"{plural} left"


def due_soon_limit(today: date, rules: statutory.Rules) -> date:
    """The last date that counts as 'due soon' (5 working days from today)."""
    return rules.calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


def deadline_state(
    request: InformationRequest, *, today: date, rules: statutory.Rules, soon: date | None = None
) -> DeadlineState:
    active = request.status in ACTIVE_STATUSES
    days = (
        statutory.days_remaining(
            kind=statutory.Kind(request.kind), due_on=request.due_on, today=today, rules=rules
        )
        if active
        else None
    )
    soon = soon or due_soon_limit(today, rules)
    overdue = active and request.due_on is not None and request.due_on < today
    stopped_since = getattr(request, "open_stop_started_on", None)
    reason = getattr(request, "open_stop_reason", None)
    return DeadlineState(
        days_left=days,
        working_days=request.kind != RequestKind.ROA,
        overdue=overdue,
        due_soon=active and not overdue and request.due_on is not None and request.due_on <= soon,
        clock_stopped=request.status == Status.ON_HOLD,
        extended=request.extended,
        stop_reason=StopReason(reason).label if reason in StopReason.values else "",
        stopped_since=stopped_since,
        stopped_days=(today - stopped_since).days if stopped_since else None,
    )


def with_deadlines(
    requests: Iterable[InformationRequest], *, today: date, rules: statutory.Rules
) -> list[InformationRequest]:
    """The requests as a list, each with `.deadline` (a DeadlineState); no queries."""
    soon = due_soon_limit(today, rules)
    rows = list(requests)
    for request in rows:
        request.deadline = deadline_state(request, today=today, rules=rules, soon=soon)  # type: ignore[attr-defined]
    return rows


def work_counts(
    queryset: QuerySet[InformationRequest], *, today: date, rules: statutory.Rules
) -> dict[str, int]:
    """Open, overdue and due-this-week (within 5 working days) counts in one query."""
    soon = due_soon_limit(today, rules)
    active = Q(status__in=ACTIVE_STATUSES)
    return queryset.aggregate(
        open=Count("id", filter=active),
        overdue=Count("id", filter=active & Q(due_on__lt=today)),
        due_this_week=Count("id", filter=active & Q(due_on__gte=today, due_on__lte=soon)),
    )


def possible_duplicates(
    *, kind: str, email: str, received_on: date, days: int = 30
) -> QuerySet[InformationRequest]:
    """Requests of the same kind from the same requester email received in the 30 days
    up to ``received_on`` (a duplicate warning, not a rule)."""
    email = email.strip()
    if not email:
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(
        kind=kind,
        requester__email__iexact=email,
        received_on__gte=received_on - timedelta(days=days),
        received_on__lte=received_on + timedelta(days=days),
    ).order_by("-received_on", "id")


def assignable_users(unit_id: int | None) -> QuerySet[User]:
    """Active caseworkers and team leads who may be given a request of the unit (never a
    system account, whatever its roles)."""
    users = people(
        User.objects.filter(is_active=True, groups__name__in=policy.UNIT_CASEWORKERS)
    ).distinct()
    if unit_id is not None:
        users = users.filter(unit_id=unit_id)
    return users.order_by("first_name", "last_name", "username")


def team_backlog(unit_id: int | None, *, today: date, rules: statutory.Rules) -> dict:
    """A unit's open requests by age band and by assignee (two aggregate queries)."""
    active = InformationRequest.objects.filter(status__in=ACTIVE_STATUSES)
    if unit_id is not None:
        active = active.filter(unit_id=unit_id)
    band_counts = {}
    for label, low, high in AGE_BANDS:
        condition = Q(received_on__lte=today - timedelta(days=low))
        if high is not None:
            condition &= Q(received_on__gte=today - timedelta(days=high))
        band_counts[label] = Count("id", filter=condition)
    bands = active.aggregate(**{f"band_{i}": c for i, c in enumerate(band_counts.values())})
    soon = due_soon_limit(today, rules)
    by_assignee = list(
        active.values(
            "assigned_to",
            "assigned_to__username",
            "assigned_to__first_name",
            "assigned_to__last_name",
        )
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_on__lt=today)),
            due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
            on_hold=Count("id", filter=Q(status=Status.ON_HOLD)),
        )
        .order_by("-overdue", "-open", "assigned_to__username")
    )
    return {
        "bands": [(label, bands[f"band_{i}"]) for i, (label, _, _) in enumerate(AGE_BANDS)],
        "by_assignee": by_assignee,
    }
