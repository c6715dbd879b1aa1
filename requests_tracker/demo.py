"""Deterministic demo history shaped like the model customer's years.

About 7,700 right-of-access and 4,400 FOI requests in 2019, 10,200 and 4,200 in 2020,
then similar volumes up to today; monthly timeliness that improves from about 40% to
about 70% for right of access and from about 45% to about 60% for FOI over 2019–2020,
and keeps improving slowly after. Rows are produced in the legacy import format; the
importer's checks (`legacy.validate_rows`) accept every one of them (a test runs them on
a small demo), so `seed_demo` skips re-checking 115,000 rows and hands `parsed_rows()`
(with the due dates the generator already computed) straight to the importer's writer.
Internal reviews follow 3–5% of closed FOI and EIR responses (the law gives right of
access no internal review: `statutory` refuses one), and complaints to the ICO about 1
in 120 closed requests (`add_reviews_and_complaints`, after the import).
Names and addresses are fake (Faker, seeded, drawn once into pools).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import transaction
from faker import Faker

from core.bulk import insert
from core.dates import long_date
from core.demo import BATCH, historic_timestamps, office_moment

from . import legacy, statutory
from .models import InformationRequest, RegulatorComplaint, RequestEvent
from .vocabularies import ComplaintOutcome, EventType, RequestKind, Status

ANNUAL_VOLUMES = {  # year: (right of access, FOI, EIR)
    2019: (7700, 4400, 160),
    2020: (10200, 4200, 150),
    2021: (10400, 4100, 150),
    2022: (10100, 4000, 140),
    2023: (9900, 4200, 150),
    2024: (10300, 4300, 160),
    2025: (10000, 4150, 150),
    2026: (10100, 4200, 150),
}
ROA_UNIT = "Disclosure Unit"
DEMO_CASEWORKER = "caseworker"
FOI_UNIT = "Freedom of Information Unit"

ROA_SUMMARIES = [
    "All personal data held about me, including custody records",
    "Body-worn video footage of my arrest",
    "Records of my 999 calls",
    "My criminal record and intelligence entries",
    "Notes of a stop and search",
    "Information held about me as a victim of crime",
    "Vetting records relating to my application",
    "Call recordings and incident logs that mention me",
]
FOI_SUMMARIES = [
    "Number of stop and search records by ethnicity",
    "Spending on overtime in the last financial year",
    "Number of reported knife crimes by borough",
    "Police vehicle fleet and collisions",
    "Use of facial recognition technology",
    "Officer misconduct hearings and outcomes",
    "Response times to emergency calls",
    "Contracts with private security suppliers",
    "Number of Tasers discharged",
    "Recorded hate crimes by category",
]
EIR_SUMMARIES = [
    "Air quality monitoring at police stations",
    "Energy use of the police estate",
    "Noise complaints logged near a site",
]
LATE_REASONS = [
    ("volume", 40),
    ("awaiting_business_area", 22),
    ("complexity", 14),
    ("awaiting_sign_off", 10),
    ("awaiting_third_party", 7),
    ("staffing", 6),
    ("other", 1),
]


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def on_time_share(kind: str, day: date) -> float:
    """The share answered on time: rising through 2019–2020, then slowly to a plateau."""
    months = (day.year - 2019) * 12 + day.month - 1
    start, end_2020, plateau = (0.40, 0.70, 0.80) if kind == "roa" else (0.45, 0.60, 0.72)
    if months < 24:
        return start + (end_2020 - start) * months / 23
    return min(plateau, end_2020 + (plateau - end_2020) * (months - 24) / 48)


class DemoHistory:
    def __init__(
        self, *, today: date, seed: int = 2019, staff: dict[str, list[str]], scale: float = 1.0
    ) -> None:
        self.today = today
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        # Faker is slow per call; draw pools once and pick from them with the seeded rng.
        self.first_names = sorted({fake.first_name() for _ in range(600)})
        self.last_names = sorted({fake.last_name() for _ in range(900)})
        self.addresses = [fake.address().replace("\n", ", ") for _ in range(3000)]
        self.staff = staff
        self.rules = statutory.Rules()
        self.calendar = self.rules.calendar
        self.count = 0
        #: legacy reference → the due dates computed while generating (see parsed_rows)
        self.deadlines: dict[str, statutory.Deadline] = {}
        self._deadlines_by_input: dict[tuple, statutory.Deadline] = {}

    def _volumes(self, year: int) -> tuple[int, ...]:
        share = self.scale
        if year == self.today.year:
            share *= (self.today.timetuple().tm_yday - 1) / 365
        return tuple(round(volume * share) for volume in ANNUAL_VOLUMES[year])

    def rows(self) -> Iterator[dict[str, str]]:
        reviews: list[dict[str, str]] = []
        for year in sorted(ANNUAL_VOLUMES):
            if year > self.today.year:
                break
            last = min(date(year, 12, 31), self.today - timedelta(days=1))
            for kind, volume in zip(("roa", "foi", "eir"), self._volumes(year), strict=True):
                for _ in range(volume):
                    received = self._receipt_day(date(year, 1, 1), last)
                    row = self._request(kind, received)
                    yield row
                    review = self._maybe_review(row)
                    if review:
                        reviews.append(review)
        yield from reviews

    def _receipt_day(self, first: date, last: date) -> date:
        while True:
            day = first + timedelta(days=self.rng.randrange((last - first).days + 1))
            # Most requests arrive on working days; a few at weekends (web forms).
            if self.calendar.is_working_day(day) or self.rng.random() < 0.15:
                return day

    def _person(self) -> dict[str, str]:
        first, last = self.rng.choice(self.first_names), self.rng.choice(self.last_names)
        row = {"requester_name": f"{first} {last}"}
        if self.rng.random() < 0.85:
            row["requester_email"] = f"{first}.{last}{self.rng.randrange(100)}@example.org".lower()
        else:
            row["requester_address"] = self.rng.choice(self.addresses)
        return row

    def _request(self, kind: str, received: date) -> dict[str, str]:
        self.count += 1
        rng = self.rng
        row: dict[str, str] = {
            "legacy_reference": f"DEMO-{self.count:06d}",
            "kind": kind,
            "received_on": received.isoformat(),
            "channel": _weighted(
                rng, [("email", 55), ("web", 30), ("post", 12), ("in_person", 2), ("phone", 1)]
            ),
            **self._person(),
        }
        stops: list[statutory.Stop] = []
        if kind == "roa":
            row["regime"] = "dpa_part3" if rng.random() < 0.7 else "uk_gdpr"
            row["requester_type"] = _weighted(
                rng, [("member_of_public", 80), ("representative", 18), ("other", 2)]
            )
            row["summary"] = rng.choice(ROA_SUMMARIES)
            row["unit"] = ROA_UNIT
            if rng.random() < 0.55:  # identity asked for on receipt
                stops.append(self._stop("identity", received, rng.randint(2, 25)))
        else:
            row["requester_type"] = _weighted(
                rng,
                [
                    ("member_of_public", 55),
                    ("media", 18),
                    ("business", 10),
                    ("elected_representative", 5),
                    ("representative", 7),
                    ("other", 5),
                ],
            )
            row["summary"] = rng.choice(FOI_SUMMARIES if kind == "foi" else EIR_SUMMARIES)
            row["unit"] = FOI_UNIT
        if rng.random() < 0.08:
            start = (stops[-1].ended_on if stops and stops[-1].ended_on else received) + timedelta(
                days=rng.randint(2, 10)
            )
            stops.append(self._stop("clarification", start, rng.randint(2, 20)))
        stops = [s for s in stops if s.started_on < self.today]
        stops = [
            s
            if s.ended_on is None or s.ended_on < self.today
            else statutory.Stop(s.reason, s.started_on)
            for s in stops
        ]
        # Only the last stop may still be open.
        for index, stop in enumerate(stops[:-1]):
            if stop.ended_on is None:
                stops = stops[: index + 1]
                break
        row["assigned_to"] = rng.choice(self.staff[row["unit"]])
        if (
            (self.today - received).days < 60
            and DEMO_CASEWORKER in self.staff[row["unit"]]
            and rng.random() < 0.05
        ):
            # The demo caseworker always has current cases in "My work" (about 100).
            row["assigned_to"] = DEMO_CASEWORKER
        if stops and stops[-1].ended_on is None:
            return self._waiting(row, stops)
        if rng.random() < 0.04 and received + timedelta(days=5) < self.today:
            row["clock_stops"] = self._stops_text(stops)
            row["withdrawn_on"] = (received + timedelta(days=rng.randint(1, 5))).isoformat()
            row["withdrawal_reason"] = "The requester no longer needs the information."
            return row
        if stops and stops[-1].reason == "identity" and rng.random() < 0.03:
            # Identity never arrived: the stop stays open and the request lapses.
            stops[-1] = statutory.Stop(stops[-1].reason, stops[-1].started_on)
            return self._waiting(row, stops)
        row["clock_stops"] = self._stops_text(stops)
        deadline = self._deadline(row, stops)
        self.deadlines[row["legacy_reference"]] = deadline
        if deadline.due_on is None:
            return row
        if rng.random() < 0.06 and self._may_extend(row, deadline):
            # A deadline with a due date has a start and an unextended due date.
            assert deadline.clock_started_on is not None
            assert deadline.original_due_on is not None
            extended_on = deadline.clock_started_on + timedelta(days=rng.randint(3, 15))
            if extended_on <= deadline.original_due_on and extended_on < self.today:
                row["extended_on"] = extended_on.isoformat()
                row["extension_reason"] = (
                    "Complex request: several systems and a large volume of records."
                )
                deadline = self._deadline(row, stops)
                self.deadlines[row["legacy_reference"]] = deadline
        self._close(row, deadline, stops)
        return row

    def _may_extend(self, row: dict[str, str], deadline: statutory.Deadline) -> bool:
        if row["kind"] == "roa" and row["regime"] == "dpa_part3":
            return date.fromisoformat(row["received_on"]) >= statutory.PART3_EXTENSION_COMMENCEMENT
        return deadline.original_due_on is not None

    def _stop(self, reason: str, start: date, days: int) -> statutory.Stop:
        return statutory.Stop(statutory.StopReason(reason), start, start + timedelta(days=days))

    @staticmethod
    def _stops_text(stops: list[statutory.Stop]) -> str:
        return ";".join(
            f"{s.reason.value}:{s.started_on.isoformat()}:{s.ended_on.isoformat() if s.ended_on else ''}"
            for s in stops
        )

    def _waiting(self, row: dict[str, str], stops: list[statutory.Stop]) -> dict[str, str]:
        row["clock_stops"] = self._stops_text(stops)
        lapse_day = stops[-1].started_on + timedelta(days=91)
        if lapse_day <= self.today:
            row["lapsed_on"] = lapse_day.isoformat()
        return row

    def _deadline(
        self, row: dict[str, str], stops: list[statutory.Stop], review_of=None
    ) -> statutory.Deadline:
        # A pure function of its inputs, and many requests share them (same day, same
        # kind, no stops): computed once per distinct input.
        key = (
            row["kind"],
            row["received_on"],
            row.get("regime", ""),
            tuple(stops),
            bool(row.get("extended_on")),
            review_of,
        )
        deadline = self._deadlines_by_input.get(key)
        if deadline is None:
            deadline = self._deadlines_by_input[key] = statutory.compute_deadline(
                kind=statutory.Kind(row["kind"]),
                received_on=date.fromisoformat(row["received_on"]),
                regime=statutory.Regime(row["regime"]) if row.get("regime") else None,
                stops=stops,
                extended=bool(row.get("extended_on")),
                review_of=review_of,
                rules=self.rules,
            )
        return deadline

    def _close(
        self, row: dict[str, str], deadline: statutory.Deadline, stops: list[statutory.Stop]
    ) -> None:
        rng = self.rng
        # Only requests with a due date are closed (see the caller).
        assert deadline.clock_started_on is not None
        assert deadline.due_on is not None
        start = max([deadline.clock_started_on] + [s.ended_on for s in stops if s.ended_on])
        due = deadline.due_on
        if rng.random() < on_time_share(row["kind"], due):
            span = max((due - start).days, 0)
            closed = start + timedelta(days=rng.randint(min(span, 3), span))
        else:
            closed = due + timedelta(days=max(1, int(rng.expovariate(1 / 25))))
        if closed >= self.today:
            return  # still being worked on
        row["closed_on"] = closed.isoformat()
        kind = row["kind"]
        if kind == "roa":
            outcome = _weighted(
                rng,
                [
                    ("disclosed_in_full", 30),
                    ("disclosed_in_part", 45),
                    ("no_data_held", 20),
                    ("refused", 5),
                ],
            )
            if outcome == "disclosed_in_part":
                codes = (
                    ["s45_4_b", "s45_4_e", "s45_4_a"]
                    if row["regime"] == "dpa_part3"
                    else ["sch2_third_party_data", "sch2_crime_and_taxation"]
                )
                row["exemptions"] = ";".join(sorted(rng.sample(codes, rng.randint(1, 2))))
        elif kind == "internal_review":
            outcome = _weighted(rng, [("upheld", 70), ("upheld_in_part", 18), ("overturned", 12)])
        else:
            options = [
                ("granted_in_full", 35),
                ("granted_in_part", 25),
                ("refused", 18),
                ("not_held", 17),
            ]
            if kind == "foi":
                options.append(("neither_confirm_nor_deny", 5))
            outcome = _weighted(rng, options)
            if outcome in ("granted_in_part", "refused", "neither_confirm_nor_deny"):
                codes = (
                    ["s40", "s31", "s30", "s12", "s14", "s24", "s23", "s38", "s43"]
                    if kind == "foi"
                    else ["reg12_4_b", "reg12_5_a", "reg13", "reg12_5_e"]
                )
                row["exemptions"] = ";".join(sorted(rng.sample(codes, rng.randint(1, 2))))
        row["outcome"] = outcome
        if closed > due:
            row["late_reason"] = _weighted(rng, LATE_REASONS)
            if row["late_reason"] == "other":
                row["late_reason_detail"] = "Records system outage."

    def _maybe_review(self, row: dict[str, str]) -> dict[str, str] | None:
        # About 4% of closed FOI and EIR responses: mostly refusals and part refusals,
        # a few "not held".
        rates = {
            "granted_in_part": 0.07,
            "refused": 0.08,
            "neither_confirm_nor_deny": 0.08,
            "not_held": 0.03,
        }
        if row["kind"] not in ("foi", "eir") or row.get("outcome") not in rates:
            return None
        if self.rng.random() > rates[row["outcome"]]:
            return None
        received = date.fromisoformat(row["closed_on"]) + timedelta(days=self.rng.randint(1, 30))
        if received >= self.today:
            return None
        self.count += 1
        review = {
            "legacy_reference": f"DEMO-{self.count:06d}",
            "kind": "internal_review",
            "received_on": received.isoformat(),
            "channel": row["channel"],
            "requester_type": row["requester_type"],
            "summary": f"Internal review of {row['legacy_reference']}",
            "unit": row["unit"],
            "assigned_to": self.rng.choice(self.staff[row["unit"]]),
            "review_of": row["legacy_reference"],
        }
        deadline = self._deadline(review, [], review_of=statutory.Kind(row["kind"]))
        self.deadlines[review["legacy_reference"]] = deadline
        self._close(review, deadline, [])
        return review


def parsed_rows(
    history: DemoHistory,
    rows: list[dict[str, str]],
    *,
    units: dict[str, int],
    users: dict[str, int],
) -> list[legacy.ParsedRow]:
    """The generated rows as the importer's `ParsedRow`s, without re-checking them: the
    generator only writes rows `legacy.validate_rows` accepts (tests/demo checks that the
    two give the same rows), and it has computed their due dates already."""
    parsed = []
    for line, raw in enumerate(rows, start=2):
        stops = []
        for part in filter(None, raw.get("clock_stops", "").split(";")):
            reason, started, ended = part.split(":")
            stops.append(
                statutory.Stop(
                    statutory.StopReason(reason),
                    date.fromisoformat(started),
                    date.fromisoformat(ended) if ended else None,
                )
            )
        kind = raw["kind"]
        deadline = history.deadlines.get(raw["legacy_reference"])
        if deadline is None:
            deadline = history._deadline(raw, stops)
        closed_on = _day(raw.get("closed_on"))
        withdrawn_on = _day(raw.get("withdrawn_on"))
        lapsed_on = _day(raw.get("lapsed_on"))
        if closed_on:
            status = Status.CLOSED
        elif withdrawn_on:
            status = Status.WITHDRAWN
        elif lapsed_on:
            status = Status.LAPSED
        elif any(stop.ended_on is None for stop in stops):
            status = Status.ON_HOLD
        else:
            status = Status.OPEN
        parsed.append(
            legacy.ParsedRow(
                line=line,
                legacy_reference=raw["legacy_reference"],
                kind=kind,
                regime=raw.get("regime", ""),
                received_on=date.fromisoformat(raw["received_on"]),
                channel=raw["channel"],
                requester_type=raw["requester_type"],
                summary=raw["summary"],
                unit_id=units.get(raw.get("unit", "")),
                assigned_to_id=users.get(raw.get("assigned_to", "")),
                requester={
                    "name": raw.get("requester_name", ""),
                    "email": raw.get("requester_email", ""),
                    "address": raw.get("requester_address", ""),
                    "phone": raw.get("requester_phone", ""),
                },
                stops=stops,
                extended_on=_day(raw.get("extended_on")),
                extension_working_days=None,
                extension_reason=raw.get("extension_reason", ""),
                complex=False,
                closed_on=closed_on,
                outcome=raw.get("outcome", ""),
                exemptions=[c for c in raw.get("exemptions", "").split(";") if c],
                late_reason=raw.get("late_reason", ""),
                late_reason_detail=raw.get("late_reason_detail", ""),
                withdrawn_on=withdrawn_on,
                withdrawal_reason=raw.get("withdrawal_reason", ""),
                lapsed_on=lapsed_on,
                review_of=raw.get("review_of", ""),
                deadline=deadline,
                status=status,
            )
        )
    return parsed


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


COMPLAINT_RATE = {RequestKind.ROA: 0.008, RequestKind.FOI: 0.002, RequestKind.EIR: 0.002}
#: After an internal review, complaining to the ICO is far more common.
COMPLAINT_RATE_AFTER_REVIEW = 0.2


@transaction.atomic
def add_reviews_and_complaints(*, seed: int, today: date) -> tuple[int, int]:
    """After the import: the `review_opened` event on each reviewed request, and
    complaints to the ICO (with the regulator's decision once it has come), each with its
    timeline events on the day. Returns (reviews, complaints)."""
    rng = random.Random(seed * 13 + 5)  # noqa: S311 - demo data, not security
    reviews = list(
        InformationRequest.objects.filter(kind=RequestKind.INTERNAL_REVIEW)
        .order_by("id")
        .values_list("id", "reference", "parent_id", "received_on", "closed_on", "assigned_to_id")
    )
    reviewed = {parent: (ref, closed) for _, ref, parent, _, closed, _ in reviews}
    events = [
        RequestEvent(
            request_id=parent_id,
            type=EventType.REVIEW_OPENED,
            actor_id=assignee,
            at=office_moment(rng, received),
            description=f"Internal review {reference} opened.",
            after={"review": reference},
        )
        for _, reference, parent_id, received, _, assignee in reviews
    ]
    complaints: list[tuple[RegulatorComplaint, int | None]] = []
    closed = (
        InformationRequest.objects.filter(
            status=Status.CLOSED, kind__in=[RequestKind.ROA, RequestKind.FOI, RequestKind.EIR]
        )
        .order_by("id")
        .values_list("id", "kind", "closed_on", "assigned_to_id")
    )
    for pk, kind, closed_on, assignee in closed.iterator(chunk_size=5000):
        after_review = reviewed.get(pk)
        if after_review is not None:
            if after_review[1] is None or rng.random() > COMPLAINT_RATE_AFTER_REVIEW:
                continue
            answered = after_review[1]
        elif rng.random() < COMPLAINT_RATE[kind]:  # type: ignore[index]
            answered = closed_on  # type: ignore[assignment]
        else:
            continue
        received = answered + timedelta(days=rng.randint(7, 90))
        if received >= today:
            continue
        complaint = RegulatorComplaint(
            request_id=pk,
            received_on=received,
            regulator_reference=f"IC-{rng.randint(100000, 399999)}-{rng.choice('BCDFGHJKLMNPQRSTVWXZ')}{rng.randint(1, 9)}{rng.choice('BCDFGHJKLMNPQRSTVWXZ')}{rng.randint(1, 9)}",
            regulator_deadline=received + timedelta(days=28),
            created_at=office_moment(rng, received),
        )
        decided = received + timedelta(days=rng.randint(30, 240))
        if decided < today:
            complaint.outcome = rng.choices(
                [
                    ComplaintOutcome.NOT_UPHELD,
                    ComplaintOutcome.PARTLY_UPHELD,
                    ComplaintOutcome.UPHELD,
                ],
                weights=[60, 22, 18],
            )[0]
            complaint.decided_on = decided
            if kind != RequestKind.ROA and rng.random() < 0.5:
                complaint.decision_notice_reference = f"IC-{rng.randint(100000, 399999)}-DN"
        complaints.append((complaint, assignee))
    for complaint, assignee in complaints:  # type: ignore[assignment]
        events.append(
            RequestEvent(
                request_id=complaint.request_id,
                type=EventType.COMPLAINT_RECORDED,
                actor_id=assignee,
                at=complaint.created_at,
                description=(
                    f"Complaint to the regulator recorded ({complaint.regulator_reference}), "
                    f"received {long_date(complaint.received_on)}."
                ),
                after={"regulator_reference": complaint.regulator_reference},
            )
        )
        if complaint.outcome:
            notice = complaint.decision_notice_reference
            events.append(
                RequestEvent(
                    request_id=complaint.request_id,
                    type=EventType.COMPLAINT_DECIDED,
                    actor_id=assignee,
                    at=office_moment(rng, complaint.decided_on),  # type: ignore[arg-type]
                    description=(
                        f"Regulator's decision on {complaint.regulator_reference}: "
                        f"{ComplaintOutcome(complaint.outcome).label.lower()}"
                        + (f" (decision notice {notice})" if notice else "")
                        + "."
                    ),
                    after={
                        "outcome": complaint.outcome,
                        "decided_on": complaint.decided_on.isoformat(),  # type: ignore[union-attr]
                    },
                )
            )
    with historic_timestamps(RequestEvent, RegulatorComplaint):
        insert(RegulatorComplaint, [c for c, _ in complaints], batch_size=BATCH)
        insert(RequestEvent, events, batch_size=BATCH)
    return len(reviews), len(complaints)
