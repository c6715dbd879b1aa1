"""Deterministic demo history shaped like the model customer's years.

About 7,700 right-of-access and 4,400 FOI requests in 2019, 10,200 and 4,200 in 2020,
then similar volumes up to today; monthly timeliness that improves from about 40% to
about 70% for right of access and from about 45% to about 60% for FOI over 2019–2020,
and keeps improving slowly after. Rows are produced in the legacy import format and
loaded through the importer, so every demo request obeys the same rules as real ones.
Names and addresses are fake (Faker, seeded).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from faker import Faker

from . import statutory

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
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.staff = staff
        self.rules = statutory.Rules()
        self.calendar = self.rules.calendar
        self.count = 0

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
        first, last = self.fake.first_name(), self.fake.last_name()
        row = {"requester_name": f"{first} {last}"}
        if self.rng.random() < 0.85:
            row["requester_email"] = f"{first}.{last}{self.rng.randrange(100)}@example.org".lower()
        else:
            row["requester_address"] = self.fake.address().replace("\n", ", ")
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
        return statutory.compute_deadline(
            kind=statutory.Kind(row["kind"]),
            received_on=date.fromisoformat(row["received_on"]),
            regime=statutory.Regime(row["regime"]) if row.get("regime") else None,
            stops=stops,
            extended=bool(row.get("extended_on")),
            review_of=review_of,
            rules=self.rules,
        )

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
        if row["kind"] not in ("foi", "eir") or row.get("outcome") not in (
            "granted_in_part",
            "refused",
            "neither_confirm_nor_deny",
        ):
            return None
        if self.rng.random() > 0.2:
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
        self._close(review, deadline, [])
        return review
