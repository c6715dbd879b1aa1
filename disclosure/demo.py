"""The demo disclosure log (development only): a deterministic share of the demo's closed
FOI and EIR requests published with fake public titles and summaries, so the public log
has content. Written in bulk (a few thousand rows in a few seconds at full scale).

The words are also the bench's (bench/disclosure.py), so both read like a force's log."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction

from core.bulk import insert
from core.dates import UK
from requests_tracker.models import InformationRequest, RequestEvent
from requests_tracker.vocabularies import (
    EXEMPTION_LABELS,
    EventType,
    Outcome,
    RequestKind,
    Status,
)

from .models import PublishedItem
from .services import SEARCH_VECTOR

#: What forces are asked about.
TOPICS = [
    "speed cameras", "drones", "body-worn video", "stop and search", "tasers", "police dogs",
    "vehicle fleet", "overtime", "sickness absence", "misconduct hearings", "custody deaths",
    "knife crime", "county lines", "fraud reports", "cyber crime", "hate crime",
    "domestic abuse", "missing persons", "road traffic collisions", "drink driving",
    "firearms licensing", "mobile phone extraction", "facial recognition", "helicopter",
    "mounted police", "recruitment", "vetting", "cannabis farms", "shoplifting", "burglary",
    "anti-social behaviour", "protest policing", "football policing", "CCTV", "ANPR cameras",
    "101 calls", "999 call handling", "response times", "officer assaults", "body armour",
    "uniform costs", "contract spending", "consultancy fees", "IT systems", "estate disposals",
    "station closures", "PCSO numbers", "special constables", "wildlife crime", "modern slavery",
]  # fmt: skip
ENVIRONMENTAL_TOPICS = [
    "flood risk", "air quality", "fuel use", "electric vehicles", "energy use",
    "waste disposal", "noise complaints", "contaminated land", "tree felling", "water use",
]  # fmt: skip
PLACES = [
    "the county", "the city centre", "the northern division", "the coast", "rural areas",
    "the ring road", "schools", "the airport", "the night-time economy", "retail parks",
]  # fmt: skip
ASPECTS = [
    "number of", "cost of", "policy on", "use of", "training for", "complaints about",
    "records of", "statistics on", "guidance on", "spending on",
]  # fmt: skip
#: The share of closed responses published, by kind (forces publish a selection).
SHARE: dict[str, float] = {RequestKind.FOI: 0.2, RequestKind.EIR: 0.35}
#: Only responses of the last few years are in the log.
YEARS = 3
#: One published item in this many is withdrawn (a correction), with a reason.
WITHDRAW_ONE_IN = 150


def words(rng: random.Random, kind: str, year: int) -> tuple[str, str]:
    """A public title and summary (fake, with no personal data)."""
    topics = ENVIRONMENTAL_TOPICS if kind == RequestKind.EIR else TOPICS
    topic, other = rng.sample(topics, 2)
    title = f"{rng.choice(ASPECTS).capitalize()} {topic} in {rng.choice(PLACES)} ({year})"
    summary = (
        f"The {rng.choice(ASPECTS)} {topic} between {year - 1} and {year}, and the "
        f"{rng.choice(ASPECTS)} {other} in {rng.choice(PLACES)}, broken down by month."
    )
    return title, summary


def seed(*, seed: int = 2019, scale: float = 1.0, today: date | None = None) -> int:
    """Publish the demo items; returns how many were written."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    today = today or datetime.now(UK).date()
    since = today - timedelta(days=365 * YEARS)
    closed = (
        InformationRequest.objects.filter(
            kind__in=list(SHARE), status=Status.CLOSED, closed_on__gte=since
        )
        .exclude(outcome="")
        .order_by("id")
        .values_list("id", "reference", "kind", "closed_on", "outcome", "exemptions")
    )
    items, events = [], []
    for pk, reference, kind, closed_on, outcome, exemptions in closed.iterator(chunk_size=5000):
        if closed_on is None or rng.random() >= SHARE[kind]:
            continue
        title, summary = words(rng, kind, closed_on.year)
        published_at = datetime.combine(
            closed_on + timedelta(days=rng.randint(1, 10)), time(10), UK
        )
        withdrawn = rng.randrange(WITHDRAW_ONE_IN) == 0
        labels = [EXEMPTION_LABELS.get(code, code) for code in exemptions or []]
        items.append(
            PublishedItem(
                request_id=pk,
                reference=reference,
                kind=kind,
                title=title,
                summary=summary,
                responded_on=closed_on,
                outcome=outcome,
                outcome_label=Outcome(outcome).label,
                exemption_codes=" ".join(["", *exemptions, ""]) if exemptions else "",
                exemption_text="\n".join(labels),
                published_at=published_at,
                withdrawn_at=published_at + timedelta(days=14) if withdrawn else None,
                withdrawal_reason="The figures were corrected and republished."
                if withdrawn
                else "",
            )
        )
        events.append(
            RequestEvent(
                request_id=pk,
                type=EventType.PUBLISHED,
                description=f"Published in the disclosure log as “{title}”, with 0 documents.",
                after={"title": title, "documents": []},
            )
        )
    with transaction.atomic():
        insert(PublishedItem, items, batch_size=2000)
        insert(RequestEvent, events, batch_size=2000)
        if connection.vendor == "postgresql":
            PublishedItem.objects.update(search_vector=SEARCH_VECTOR)
    return len(items)
