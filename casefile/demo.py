"""A deterministic demo of data requests to business areas (development only), so the
request pages' case file and the Data Board's per-area panel have content.

About a third of the FOI, EIR and right-of-access requests received in the last 13
months had information gathered from business areas: one or two data requests each,
sent a few working days after receipt with the default deadline (DATA_REQUEST_WORKING_DAYS
working days). Most areas answer on time, some late, a few not before the response went;
a late one was chased (and, after DATA_REQUEST_ESCALATE_AFTER_CHASES chasers, escalated);
the most recent ones are still open. Each step has its timeline event at the moment it
happened, as the services write them. Written in bulk; every row satisfies the model's
constraints. Call `seed()` (the `seed_demo` command does) after the requests exist.
"""

from __future__ import annotations

import random
from datetime import date

from django.conf import settings
from django.db import transaction

from core.bulk import insert
from core.dates import add_months, month_start, uk_today
from core.demo import BATCH, historic_timestamps, office_moment
from requests_tracker.models import InformationRequest, RequestEvent
from requests_tracker.selectors import statutory_rules
from requests_tracker.vocabularies import EventType, RequestKind, Status

from .models import ChaseKind, DataRequest, DataRequestChase, DataRequestStatus
from .selectors import area_label

DETAILS = {
    "custody": "The custody record and detention log for the arrest named in the request.",
    "cctv": "Any CCTV footage held of the location and times in the request.",
    "body_worn_video": "Body-worn video from the officers who attended the incident.",
}
#: How a data request ends: answered on time, answered late, or not answered (yet).
ENDINGS = [("on_time", 70), ("late", 20), ("unanswered", 10)]


def _contact(area: str) -> str:
    return f"{area.replace('_', '.')}.unit@police.example.org"


@transaction.atomic
def seed(*, seed: int, scale: float = 1.0) -> int:
    rng = random.Random(seed * 7 + 17)  # noqa: S311 - demo data, not security
    today = uk_today()
    calendar = statutory_rules().calendar
    areas = list(settings.DATA_REQUEST_AREAS)
    first = add_months(month_start(today), -12)
    requests = list(
        InformationRequest.objects.filter(
            received_on__gte=first,
            kind__in=[RequestKind.FOI, RequestKind.EIR, RequestKind.ROA],
        )
        .exclude(status__in=[Status.WITHDRAWN, Status.LAPSED])
        .exclude(assigned_to__isnull=True)
        .select_related("assigned_to")
        .order_by("received_on", "pk")
    )
    chosen = [r for r in requests if rng.random() < 0.35]
    if not chosen:
        return 0
    data_requests: list[DataRequest] = []
    chases: list[tuple[int, DataRequestChase]] = []
    events: list[RequestEvent] = []
    escalate_after = settings.DATA_REQUEST_ESCALATE_AFTER_CHASES
    chase_every = settings.DATA_REQUEST_CHASE_EVERY_WORKING_DAYS
    for request in chosen:
        actor = request.assigned_to
        for area in rng.sample(areas, k=1 if rng.random() < 0.7 else min(2, len(areas))):
            sent_on = calendar.add_working_days(request.received_on, rng.randint(1, 4))
            if sent_on > today or (request.closed_on and sent_on >= request.closed_on):
                continue
            due_on = calendar.add_working_days(sent_on, settings.DATA_REQUEST_WORKING_DAYS)
            ending = rng.choices([e for e, _ in ENDINGS], [w for _, w in ENDINGS])[0]
            received_on: date | None = None
            if ending == "on_time":
                received_on = calendar.add_working_days(
                    sent_on, rng.randint(1, settings.DATA_REQUEST_WORKING_DAYS)
                )
            elif ending == "late":
                received_on = calendar.add_working_days(due_on, rng.randint(1, 12))
            if received_on is not None and received_on > today:
                received_on = None
            data_request = DataRequest(
                request=request,
                area=area,
                contact_email=_contact(area),
                manager_email=settings.DATA_REQUEST_MANAGER_EMAIL,
                details=DETAILS.get(area, "The information held for the request."),
                sent_on=sent_on,
                due_on=due_on,
                status=DataRequestStatus.RECEIVED if received_on else DataRequestStatus.OPEN,
                received_on=received_on,
                items=rng.randint(1, 40) if received_on else None,
                created_by=actor,
                created_at=office_moment(rng, sent_on),
            )
            index = len(data_requests)
            data_requests.append(data_request)
            label = area_label(area)
            events.append(
                RequestEvent(
                    request=request,
                    type=EventType.DATA_REQUEST_SENT,
                    actor=actor,
                    at=data_request.created_at,
                    description=(
                        f"Asked {label} ({data_request.contact_email}) for information, "
                        f"due {due_on:%-d %B %Y}."
                    ),
                )
            )
            # Chasers every few working days after the deadline while unanswered.
            chase_on, count = calendar.add_working_days(due_on, 1), 0
            stop = min(received_on or today, request.closed_on or today)
            while chase_on < stop and count <= escalate_after:
                escalation = count == escalate_after
                kind = ChaseKind.ESCALATION if escalation else ChaseKind.CHASE
                if escalation:
                    data_request.escalated_on = chase_on
                chases.append(
                    (
                        index,
                        DataRequestChase(
                            sent_on=chase_on,
                            kind=kind,
                            recipients=[
                                data_request.manager_email
                                if escalation
                                else data_request.contact_email
                            ],
                            created_at=office_moment(rng, chase_on, start=8, end=9),
                        ),
                    )
                )
                events.append(
                    RequestEvent(
                        request=request,
                        type=EventType.DATA_REQUEST_ESCALATED
                        if escalation
                        else EventType.DATA_REQUEST_CHASED,
                        actor=None,
                        at=chases[-1][1].created_at,
                        description=(
                            f"{label} had not answered after {count} chasers: escalated to "
                            f"{data_request.manager_email}."
                            if escalation
                            else f"Chased {label} ({data_request.contact_email}): chaser "
                            f"{count + 1}, due {due_on:%-d %B %Y}."
                        ),
                    )
                )
                count += 1
                chase_on = calendar.add_working_days(chase_on, chase_every)
            if received_on:
                on_time = "on time" if received_on <= due_on else "late"
                events.append(
                    RequestEvent(
                        request=request,
                        type=EventType.DATA_REQUEST_RECEIVED,
                        actor=actor,
                        at=office_moment(rng, received_on),
                        description=(
                            f"{label} answered on {received_on:%-d %B %Y} ({on_time}): "
                            f"{data_request.items} items or pages."
                        ),
                    )
                )
    with historic_timestamps(DataRequest, DataRequestChase, RequestEvent):
        insert(DataRequest, data_requests, returning=True, batch_size=BATCH)
        for index, chase in chases:
            chase.data_request = data_requests[index]
        insert(DataRequestChase, [c for _, c in chases], batch_size=BATCH)
        insert(RequestEvent, events, batch_size=BATCH)
    return len(data_requests)
