"""Reads for requests made online: the intake queue, possible duplicates, and what the
follow page may show (never the requester's details or words)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts.models import User
from casefile import selectors as casefile_selectors
from core import policy
from core.dates import long_date, uk_date, uk_today
from requests_tracker.models import InformationRequest, RequestEvent
from requests_tracker.vocabularies import AWAITED_FROM_REQUESTER, EventType, Status

from .models import Status as SubmissionStatus
from .models import Submission

#: The most recent candidates compared by text (a bounded set: difflib is quadratic).
SIMILAR_CANDIDATES = 200


def visible_submissions(user: User) -> QuerySet[Submission]:
    """The submissions `user` may see and decide: every unit's for the DPO and admins,
    their own unit's for caseworkers and team leads (a submission holds personal data,
    so the rule is core.policy.sees_personal_data's)."""
    queryset = Submission.objects.select_related("unit", "request")
    if user.has_role(*policy.ALL_UNITS):
        return queryset
    if user.has_role(*policy.UNIT_CASEWORKERS) and user.unit_id is not None:
        return queryset.filter(unit_id=user.unit_id)
    return queryset.none()


def queue(user: User) -> QuerySet[Submission]:
    return (
        visible_submissions(user)
        .filter(status=SubmissionStatus.PENDING)
        .order_by("submitted_at", "id")
    )


def similarity(first: str, second: str) -> float:
    """How alike two texts are, 0..1 (difflib's ratio on lower-cased, spaced words)."""
    a = " ".join(first.lower().split())
    b = " ".join(second.lower().split())
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Duplicate:
    reference: str
    received_on: date
    why: str
    request_id: int | None = None
    submission_id: int | None = None

    @property
    def received_words(self) -> str:
        return long_date(self.received_on)


def possible_duplicates(submission: Submission) -> list[Duplicate]:
    """Requests and other submissions from the same requester (email or name) or with
    similar text, received in the INTAKE_DUPLICATE_DAYS before it."""
    since = submission.received_on - timedelta(days=settings.INTAKE_DUPLICATE_DAYS)
    same_person = Q(requester__name__iexact=submission.name)
    if submission.email:
        same_person |= Q(requester__email__iexact=submission.email)
    found: dict[str, Duplicate] = {}
    requests = InformationRequest.objects.filter(received_on__gte=since)
    if submission.request_id is not None:
        requests = requests.exclude(pk=submission.request_id)
    for request in requests.filter(same_person).order_by("-received_on")[:20]:
        found[request.reference] = Duplicate(
            request.reference, request.received_on, "the same requester", request_id=request.pk
        )
    threshold = settings.INTAKE_DUPLICATE_SIMILARITY
    recent = requests.filter(kind=submission.kind).order_by("-received_on", "-id")
    for request in recent[:SIMILAR_CANDIDATES]:
        if request.reference in found:
            continue
        if similarity(submission.request_text, request.summary) >= threshold:
            found[request.reference] = Duplicate(
                request.reference, request.received_on, "similar words", request_id=request.pk
            )
    others = Submission.objects.filter(received_on__gte=since, disposed_at__isnull=True).exclude(
        pk=submission.pk
    )
    person = Q(name__iexact=submission.name)
    if submission.email:
        person |= Q(email__iexact=submission.email)
    for other in others.filter(person).order_by("-submitted_at")[:20]:
        found[other.reference] = Duplicate(
            other.reference, other.received_on, "the same requester", submission_id=other.pk
        )
    for other in others.filter(kind=submission.kind).order_by("-submitted_at")[:SIMILAR_CANDIDATES]:
        if other.reference not in found and (
            similarity(submission.request_text, other.request_text) >= threshold
        ):
            found[other.reference] = Duplicate(
                other.reference, other.received_on, "similar words", submission_id=other.pk
            )
    return sorted(found.values(), key=lambda item: item.received_on, reverse=True)


# ---------------------------------------------------------------------------------------
# The follow page: words for the requester, nothing they wrote, nothing about them
# ---------------------------------------------------------------------------------------

STATUS_WORDS: dict[str, str] = {
    Status.OPEN: "We are working on your request.",
    Status.ON_HOLD: "We are waiting for something from you before we can go on.",
    Status.CLOSED: "We have answered your request.",
    Status.WITHDRAWN: "Your request was withdrawn.",
    Status.LAPSED: "Your request has lapsed: we did not hear back from you in time.",
}


@dataclass(frozen=True)
class FollowView:
    reference: str
    kind: str
    received: str
    status: str
    due: str
    stopped_since: str
    awaited: str
    messages: list[tuple[str, str]]
    replies: list[str]
    replied_waiting: bool
    may_reply: bool


def follow_view(request: InformationRequest) -> FollowView:
    stop = request.clock_stops.filter(ended_on__isnull=True).first()
    if request.due_on:
        due = long_date(request.due_on)
    elif stop is not None:
        due = "There is no due date while we wait for you (see below)."
    else:
        due = "There is no due date yet."
    messages = [
        (email.subject, long_date(uk_date(email.sent_at)))
        for email in casefile_selectors.emails(request).filter(sent_at__isnull=False)
        if email.sent_at is not None
    ]
    replies = [
        long_date(uk_date(event.at))
        for event in RequestEvent.objects.filter(
            request=request, type=EventType.REQUESTER_REPLIED
        ).order_by("at")
    ]
    return FollowView(
        reference=request.reference,
        kind=request.get_kind_display(),
        received=long_date(request.received_on),
        status=STATUS_WORDS.get(request.status, request.get_status_display()),
        due=due,
        stopped_since=long_date(stop.started_on) if stop else "",
        awaited=AWAITED_FROM_REQUESTER.get(stop.reason, "") if stop else "",
        messages=messages,
        replies=replies,
        replied_waiting=request.requester_replied_at is not None,
        may_reply=request.is_active,
    )


def today() -> date:
    return uk_today()
