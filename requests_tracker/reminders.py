"""The working-morning reminder digest (issue 4, item 6).

Each working morning every caseworker who has not turned the digest off gets one email
listing their requests due within 5 working days and their overdue requests; each team
lead also gets the unit's overdue list. A row in `accounts.DigestSent` per user and day,
written in the same transaction as the send, means nothing is sent twice for one day,
however often the job runs. Emails carry references, kinds and dates only: never a
requester's name or the request summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from accounts.models import DigestSent, Role, User
from core import notifications, policy
from core.dates import long_date, uk_today

from . import statutory
from .models import InformationRequest
from .selectors import deadline_state, due_soon_limit, statutory_rules
from .vocabularies import ACTIVE_STATUSES

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    user: User
    due_soon: list[InformationRequest] = field(default_factory=list)
    overdue: list[InformationRequest] = field(default_factory=list)
    unit_overdue: list[InformationRequest] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.unit_overdue)


def recipients():
    """Active caseworkers and team leads who want the digest and have an email."""
    return (
        User.objects.filter(
            is_active=True,
            wants_digest=True,
            groups__name__in=policy.UNIT_CASEWORKERS,
        )
        .exclude(email="")
        .distinct()
        .order_by("id")
    )


def _open():
    return InformationRequest.objects.select_related("assigned_to", "unit").filter(
        status__in=ACTIVE_STATUSES
    )


def build_digest(user: User, *, today: date, rules: statutory.Rules) -> Digest:
    soon = due_soon_limit(today, rules)
    mine = list(
        _open()
        .filter(assigned_to=user, due_on__isnull=False, due_on__lte=soon)
        .order_by(F("due_on").asc(), "id")
    )
    digest = Digest(user=user)
    for item in mine:
        item.deadline = deadline_state(item, today=today, rules=rules, soon=soon)
        (digest.overdue if item.deadline.overdue else digest.due_soon).append(item)
    if user.has_role(Role.TEAM_LEAD) and user.unit_id is not None:
        digest.unit_overdue = list(
            _open().filter(Q(unit_id=user.unit_id), due_on__lt=today).order_by("due_on", "id")[:200]
        )
        for item in digest.unit_overdue:
            item.deadline = deadline_state(item, today=today, rules=rules, soon=soon)  # type: ignore[attr-defined]
    return digest


def _line(item: InformationRequest, with_assignee: bool = False) -> str:
    who = ""
    if with_assignee:
        who = f" – {item.assigned_to.display_name if item.assigned_to else 'unassigned'}"
    return (
        f"  {item.reference} ({item.get_kind_display()}), due {long_date(item.due_on)}: "  # type: ignore[arg-type]
        f"{item.deadline.words.lower()}{who}\n"  # type: ignore[attr-defined]
        f"    {notifications.absolute_url('requests:detail', pk=item.pk)}"
    )


def digest_context(digest: Digest, *, today: date) -> dict:
    counts = []
    if digest.overdue:
        counts.append(f"{len(digest.overdue)} overdue")
    if digest.due_soon:
        counts.append(f"{len(digest.due_soon)} due within 5 working days")
    if digest.unit_overdue:
        counts.append(f"{len(digest.unit_overdue)} overdue in your unit")
    return {
        "digest": digest,
        "today": today,
        "counts": counts,
        "overdue": [_line(i) for i in digest.overdue],
        "due_soon": [_line(i) for i in digest.due_soon],
        "unit_overdue": [_line(i, with_assignee=True) for i in digest.unit_overdue],
        "preferences": notifications.absolute_url("accounts:preferences"),
    }


def send_daily_digests(*, today: date | None = None) -> dict[str, int]:
    """Send today's digests. Idempotent: a user already sent today's is skipped. Does
    nothing on a non-working day (weekends and UK bank holidays)."""
    today = today or uk_today()
    rules = statutory_rules()
    result = {"sent": 0, "skipped_already_sent": 0, "skipped_empty": 0}
    if not rules.calendar.is_working_day(today):
        return result
    already = set(DigestSent.objects.filter(sent_on=today).values_list("user_id", flat=True))
    for user in recipients():
        if user.pk in already:
            result["skipped_already_sent"] += 1
            continue
        digest = build_digest(user, today=today, rules=rules)
        if digest.empty:
            result["skipped_empty"] += 1
            continue
        context = digest_context(digest, today=today)
        try:
            with transaction.atomic():
                # The row first: a concurrent run blocks here and then fails on the
                # unique constraint; if the send fails, the row is rolled back.
                DigestSent.objects.create(user=user, sent_on=today)
                notifications.send("requests_tracker/emails/digest", context, [user.email])
        except IntegrityError:
            result["skipped_already_sent"] += 1
            continue
        result["sent"] += 1
    logger.info("reminder digests for %s: %s", today.isoformat(), result)
    return result
