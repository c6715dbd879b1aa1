"""Reads for the case file: whose documents and data requests a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import User
from core import policy
from requests_tracker.models import InformationRequest
from requests_tracker.selectors import personal_data_q, statutory_rules, visible_requests

from .models import DataRequest, DataRequestChase, Document, OutboundEmail, RecipientKind


def may_use_case_file(user: User, request: InformationRequest) -> bool:
    """The case file holds the requester's letters and identity evidence, so it follows
    the personal-data rule (core.policy): the DPO and admins on every request,
    caseworkers and team leads on their own unit's."""
    return policy.sees_personal_data(user, request.unit_id)


def visible_request(user: User, pk: int) -> InformationRequest | None:
    return visible_requests(user).filter(pk=pk).first()


def documents(request: InformationRequest) -> QuerySet[Document]:
    return (
        Document.objects.filter(request=request)
        .select_related("uploaded_by", "release_confirmed_by", "released_by", "replaces")
        .order_by("uploaded_at", "id")
    )


def visible_documents(user: User) -> QuerySet[Document]:
    """Documents on requests whose case file `user` may see."""
    requests = visible_requests(user).filter(personal_data_q(user))
    return Document.objects.filter(request__in=requests.values("pk")).select_related(
        "request", "uploaded_by"
    )


def data_requests(request: InformationRequest) -> QuerySet[DataRequest]:
    return (
        DataRequest.objects.filter(request=request)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("chases", queryset=DataRequestChase.objects.order_by("sent_on")),
            Prefetch("emails", queryset=OutboundEmail.objects.order_by("created_at", "id")),
        )
    )


def visible_data_requests(user: User) -> QuerySet[DataRequest]:
    requests = visible_requests(user).filter(personal_data_q(user))
    return DataRequest.objects.filter(request__in=requests.values("pk")).select_related("request")


def area_label(code: str) -> str:
    return settings.DATA_REQUEST_AREAS.get(code, code)


def area_choices() -> list[tuple[str, str]]:
    return list(settings.DATA_REQUEST_AREAS.items())


# ---------------------------------------------------------------------------------------
# The Data Board's per-area figures (docs/metrics.md "Data requests by business area")
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFigures:
    area: str
    label: str
    #: Data requests sent to the area in the month (sent_on).
    made: int = 0
    #: Data requests whose deadline fell in the month (due_on), and of those the ones
    #: answered on or before it.
    due: int = 0
    answered_on_time: int = 0
    #: Data requests answered in the month (received_on), and the median working days
    #: from sent_on (not counted) to received_on (counted); None with none answered.
    answered: int = 0
    median_working_days: float | None = None
    #: Requests answered late in the month (closed_on after due_on) that had a data
    #: request to the area past its own deadline, unanswered, when the response went.
    late_responses_waited: int = 0

    @property
    def pct_answered_on_time(self) -> float | None:
        return 100 * self.answered_on_time / self.due if self.due else None


def area_figures(first: date, last: date) -> list[AreaFigures]:
    """Each area's data-request figures for the days `first` to `last` (a month), in the
    order of settings.DATA_REQUEST_AREAS, then any area no longer listed; only areas with
    at least one figure. Three queries and the calendar's one, whatever the number of
    data requests."""
    counts = (
        DataRequest.objects.filter(
            Q(sent_on__gte=first, sent_on__lte=last) | Q(due_on__gte=first, due_on__lte=last)
        )
        .values("area")
        .annotate(
            made=Count("pk", filter=Q(sent_on__gte=first, sent_on__lte=last)),
            due=Count("pk", filter=Q(due_on__gte=first, due_on__lte=last)),
            on_time=Count(
                "pk",
                filter=Q(due_on__gte=first, due_on__lte=last, received_on__lte=F("due_on")),
            ),
        )
    )
    answered = DataRequest.objects.filter(
        received_on__gte=first, received_on__lte=last
    ).values_list("area", "sent_on", "received_on")
    waited = (
        DataRequest.objects.filter(
            request__closed_on__gte=first,
            request__closed_on__lte=last,
            request__closed_on__gt=F("request__due_on"),
            due_on__lt=F("request__closed_on"),
        )
        .filter(Q(received_on__isnull=True) | Q(received_on__gt=F("due_on")))
        .values("area")
        .annotate(n=Count("request", distinct=True))
    )
    rows: dict[str, dict] = {}
    for row in counts:
        rows.setdefault(row["area"], {}).update(
            made=row["made"], due=row["due"], answered_on_time=row["on_time"]
        )
    days: dict[str, list[int]] = {}
    answered_rows = list(answered)
    if answered_rows:
        calendar = statutory_rules().calendar
        for area, sent_on, received_on in answered_rows:
            assert received_on is not None  # filtered on it
            days.setdefault(area, []).append(calendar.working_days_after(sent_on, received_on))
    for area, values in days.items():
        rows.setdefault(area, {}).update(
            answered=len(values), median_working_days=float(median(values))
        )
    for row in waited:
        rows.setdefault(row["area"], {})["late_responses_waited"] = row["n"]
    order = {code: index for index, code in enumerate(settings.DATA_REQUEST_AREAS)}
    return [
        AreaFigures(area=area, label=area_label(area), **values)
        for area, values in sorted(
            rows.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
        )
    ]


def emails(request: InformationRequest) -> QuerySet[OutboundEmail]:
    """The emails to the requester (letters), newest first."""
    return (
        OutboundEmail.objects.filter(request=request, recipient_kind=RecipientKind.REQUESTER)
        .select_related("document")
        .order_by("-created_at", "-id")
    )


def area_emails(request: InformationRequest) -> QuerySet[OutboundEmail]:
    """The emails to business areas (data requests, chasers, escalations), newest first."""
    return (
        OutboundEmail.objects.filter(request=request, recipient_kind=RecipientKind.BUSINESS_AREA)
        .select_related("data_request")
        .order_by("-created_at", "-id")
    )


def visible_requests_for(user: User) -> QuerySet[InformationRequest]:
    """The requests `user` may preview a letter against (those they may see)."""
    return visible_requests(user)
