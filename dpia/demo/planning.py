"""Planning the demo pipeline: each assessment walked through the workflow in memory,
with its risks, conditions, answer versions and timeline, before anything is written."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from accounts.models import Role, Unit, User
from core.dates import long_date
from core.demo import months, office_moment, weighted
from dpia import rules
from dpia.demo.words import (
    ADVICE,
    CHANGES_ADVICE,
    CONDITIONS,
    CONSULTATION_OUTCOMES,
    DPIA_TITLES,
    DSA_TITLES,
    FIRST_MONTH,
    LAWFUL_BASES,
    MIN_PER_MONTH,
    MITIGATIONS,
    PARTNERS,
    PER_MONTH,
    RISKS,
)
from dpia.models import Assessment, Condition, Risk
from dpia.selectors import triage_table
from dpia.vocabularies import (
    Consultation,
    Decision,
    EventType,
    Kind,
    Level,
    Status,
)


@dataclass
class _Planned:
    assessment: Assessment
    risks: list[Risk] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    #: (moment, type, actor, description, before, after)
    events: list[tuple] = field(default_factory=list)
    #: (moment, actor, description text at the time, number of risks then)
    versions: list[tuple] = field(default_factory=list)
    #: the latest moment on the timeline so far
    last: datetime | None = None


class DemoPipeline:
    def __init__(self, *, today: date, seed: int, scale: float) -> None:
        self.today = today
        self.rng = random.Random(seed * 11 + 3)  # noqa: S311 - demo data, not security
        self.scale = scale
        self.table = triage_table()
        units = list(Unit.objects.filter(active=True).order_by("name"))
        officers = set(
            User.objects.filter(
                groups__name__in=[Role.DPO, Role.DATA_BOARD, Role.ADMIN]
            ).values_list("pk", flat=True)
        )
        self.staff: dict[int, list[User]] = {u.pk: [] for u in units}
        for user in User.objects.filter(unit__in=units, is_active=True).order_by("username"):
            if user.pk not in officers:
                self.staff[user.unit_id].append(user)  # type: ignore[index]
        self.units = [u for u in units if len(self.staff[u.pk]) >= 2]
        self.dpo = User.objects.filter(groups__name=Role.DPO, is_active=True).order_by("pk").first()
        if self.dpo is None or not self.units:
            raise RuntimeError("The demo pipeline needs units with two or more staff and a DPO.")

    # --- planning ----------------------------------------------------------------------

    def plan(self) -> list[_Planned]:
        rng = self.rng
        planned = []
        for month in months(FIRST_MONTH, self.today):
            count = max(MIN_PER_MONTH, round(rng.gauss(PER_MONTH, 4) * self.scale))
            last = min(self.today, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
            span = (last - month).days + 1
            for _ in range(count):
                created = month + timedelta(days=rng.randrange(span))
                if created.weekday() >= 5:
                    created -= timedelta(days=created.weekday() - 4)
                if created < month:
                    created = month
                planned.append(self._assessment(created))
        planned.extend(self._live())
        return planned

    def _live(self) -> list[_Planned]:
        """Fixed relative to today, so every status is present, some past target."""
        t = self.today
        day = timedelta(days=1)
        return [
            self._assessment(t - 12 * day, stop="draft"),
            self._assessment(t - 6 * day, submit=4, stop="submitted"),
            self._assessment(t - 20 * day, submit=9, stop="submitted"),  # past triage target
            self._assessment(t - 25 * day, submit=12, triage=(4, "low", "low"), stop="triaged"),
            self._assessment(
                t - 30 * day, submit=5, triage=(2, "medium", "medium"), review=1, stop="in_review"
            ),
            self._assessment(
                t - 70 * day, submit=20, triage=(3, "high", "high"), review=2, stop="in_review"
            ),  # past its tier-3 target
            self._assessment(
                t - 40 * day,
                submit=10,
                triage=(2, "low", "high"),
                review=2,
                changes=True,
                stop="changes_requested",
            ),
            self._assessment(
                t - 60 * day,
                submit=8,
                triage=(2, "medium", "low"),
                review=1,
                decide=(6, Decision.APPROVED_WITH_CONDITIONS),
                stop="decided",
            ),
            self._assessment(
                t - 420 * day,
                submit=10,
                triage=(2, "low", "medium"),
                review=1,
                decide=(5, Decision.APPROVED),
                review_in=365,
                stop="review_due",
            ),
            self._assessment(
                t - 300 * day,
                submit=10,
                triage=(2, "low", "low"),
                review=1,
                decide=(4, Decision.REJECTED),
            ),
        ]

    def _assessment(
        self,
        created: date,
        *,
        stop: str = "",
        submit: int | None = None,
        triage: tuple[int, str, str] | None = None,
        review: int | None = None,
        changes: bool | None = None,
        decide: tuple[int, str] | None = None,
        review_in: int | None = None,
    ) -> _Planned:
        rng = self.rng
        today = self.today
        kind = Kind.DSA if rng.random() < 0.25 else Kind.DPIA
        unit = rng.choice(self.units)
        owner, lead = rng.sample(self.staff[unit.pk], 2)
        title = rng.choice(DSA_TITLES if kind == Kind.DSA else DPIA_TITLES)
        screening = {code: rng.random() < 0.18 for code in rules.SCREENING_CODES}
        required = rules.full_dpia_required(screening)
        description = (
            f"{title}: why the {unit.name} needs it, the personal data involved and who can see it."
        )
        a = Assessment(
            kind=kind,
            title=title,
            description=description,
            unit=unit,
            asset_owner=owner,
            project_lead=lead,
            partner_organisations=rng.choice(PARTNERS) if kind == Kind.DSA else "",
            lawful_basis=rng.choice(LAWFUL_BASES) if kind == Kind.DSA else "",
            data_flows=(
                "Weekly secure file transfer of referral records; partner copies deleted "
                "after 12 months."
                if kind == Kind.DSA
                else ""
            ),
            screening=screening,
            full_dpia_required=required,
            equality_impact="No differential impact identified." if rng.random() < 0.4 else "",
            status=Status.DRAFT,
            created_by=lead,
            version=1,
        )
        p = _Planned(a)
        created_at = self._moment(p, created)
        a.created_at = created_at
        p.events.append((created_at, EventType.CREATED, lead, None, {}, {}))

        # Drafting: the risks.
        submit_after = submit if submit is not None else int(rng.expovariate(1 / 12)) + 1
        submitted = created + timedelta(days=submit_after)
        n_risks = rng.randint(1, 4) if required or rng.random() < 0.5 else 0
        risk_days = sorted(rng.randint(0, submit_after - 1) for _ in range(n_risks))
        for risk_day in risk_days:
            likelihood = rng.choice(rules.LIKELIHOODS)
            severity = rng.choice(rules.SEVERITIES)
            score = rules.risk_score(likelihood, severity)
            residual = (
                score
                if rng.random() < 0.25
                else Level.values[max(0, Level.values.index(score) - 1)]
            )
            added = self._moment(p, created + timedelta(days=risk_day))
            if added.date() > today:
                continue
            risk = Risk(
                description=rng.choice(RISKS),
                likelihood=likelihood,
                severity=severity,
                mitigation=rng.choice(MITIGATIONS),
                residual_risk=residual,
                owner=f"Information asset owner, {unit.name}",
                created_at=added,
            )
            p.risks.append(risk)
            a.version += 1
            p.events.append(
                (
                    added,
                    EventType.RISK_ADDED,
                    lead,
                    f"Risk added (residual {residual}).",
                    {},
                    {"residual_risk": residual},
                )
            )
        if required and not p.risks:
            stop = "draft"
        abandoned = submit is None and rng.random() < 0.03
        if stop == "draft" or abandoned or submitted > today:
            return self._finish(p)

        first_submission = submitted
        cycle = 0
        while True:
            cycle += 1
            # Submit.
            self._submit(p, submitted, lead)
            if submitted == first_submission:
                a.first_submitted_on = submitted
            if stop == "submitted":
                return self._finish(p)
            # Triage.
            if triage is not None and cycle == 1:
                delay, complexity, inherent = triage
            else:
                delay = min(int(rng.expovariate(1 / 3)), 12)
                complexity = weighted(rng, [("low", 45), ("medium", 40), ("high", 15)])
                inherent = weighted(rng, [("low", 40), ("medium", 42), ("high", 18)])
            triaged = submitted + timedelta(days=delay)
            if triaged > today:
                return self._finish(p)
            tier = self.table.tier_for(complexity=complexity, risk=inherent)
            before = {"status": Status.SUBMITTED, "tier": "", "target_on": a.target_on.isoformat()}  # type: ignore[union-attr]
            a.complexity, a.inherent_risk = complexity, inherent
            a.tier, a.reviewer_level = tier.code, tier.reviewer.value
            a.triaged_on = triaged
            a.target_on = rules.target_date(a.submitted_on, tier)  # type: ignore[arg-type]
            a.status = Status.TRIAGED
            a.version += 1
            reviewer = "Deputy DPO" if tier.reviewer == rules.ReviewerLevel.DEPUTY_DPO else "DPO"
            p.events.append(
                (
                    self._moment(p, triaged),
                    EventType.TRIAGED,
                    self.dpo,
                    f"Triaged as {tier.label}: complexity {complexity}, inherent risk "
                    f"{inherent}; review by the {reviewer} by {long_date(a.target_on)}.",
                    before,
                    {
                        "status": Status.TRIAGED,
                        "tier": tier.code,
                        "target_on": a.target_on.isoformat(),
                    },
                )
            )
            if stop == "triaged":
                return self._finish(p)
            # Review.
            started = triaged + timedelta(
                days=review if review is not None and cycle == 1 else rng.randint(0, 4)
            )
            if started > today:
                return self._finish(p)
            a.status = Status.IN_REVIEW
            a.version += 1
            p.events.append(
                (
                    self._moment(p, started),
                    EventType.REVIEW_STARTED,
                    self.dpo,
                    "Review started.",
                    {"status": Status.TRIAGED},
                    {"status": Status.IN_REVIEW},
                )
            )
            if stop == "in_review":
                return self._finish(p)
            room = max(1, (a.target_on - started).days)
            wants_changes = changes if changes is not None else rng.random() < 0.18
            if wants_changes and cycle == 1:
                asked = started + timedelta(days=rng.randint(1, room))
                if asked > today:
                    return self._finish(p)
                a.status = Status.CHANGES_REQUESTED
                a.dpo_advice = rng.choice(CHANGES_ADVICE)
                a.version += 1
                p.events.append(
                    (
                        self._moment(p, asked),
                        EventType.CHANGES_REQUESTED,
                        self.dpo,
                        f"Changes requested: {a.dpo_advice}",
                        {"status": Status.IN_REVIEW},
                        {"status": Status.CHANGES_REQUESTED},
                    )
                )
                if stop == "changes_requested":
                    return self._finish(p)
                edited = asked + timedelta(days=rng.randint(2, 20))
                submitted = edited + timedelta(days=rng.randint(0, 5))
                if submitted > today:
                    return self._finish(p)
                old = a.description
                a.description = old + " Data flows and retention now described in full."
                a.version += 1
                p.events.append(
                    (
                        self._moment(p, edited),
                        EventType.EDITED,
                        lead,
                        "Answers changed: description.",
                        {"description": old},
                        {"description": a.description},
                    )
                )
                continue
            break

        # Decide.
        if decide is not None:
            after_days, decision = decide
        else:
            # One in five is decided after the tier's target date.
            late = rng.random() >= 0.8
            after_days = room + rng.randint(1, 25) if late else rng.randint(1, room)
            decision = weighted(
                rng,
                [
                    (Decision.APPROVED, 50),
                    (Decision.APPROVED_WITH_CONDITIONS, 36),
                    (Decision.REJECTED, 14),
                ],
            )
        decided = started + timedelta(days=after_days)
        if decided > today:
            return self._finish(p)
        a.status, a.decision = Status.DECIDED, decision
        a.dpo_advice = rng.choice(ADVICE[3:] if decision == Decision.REJECTED else ADVICE[:3])
        a.decided_on, a.decided_by = decided, self.dpo
        if decision != Decision.REJECTED:
            a.next_review_on = decided + timedelta(
                days=review_in or weighted(rng, [(365, 70), (182, 20), (730, 10)])
            )
        a.version += 1
        decided_at = self._moment(p, decided)
        if decision == Decision.APPROVED_WITH_CONDITIONS:
            for text in rng.sample(CONDITIONS, rng.randint(1, 3)):
                p.conditions.append(Condition(text=text, created_at=decided_at))
        p.events.append(
            (
                decided_at,
                EventType.DECIDED,
                self.dpo,
                f"{Decision(decision).label} on {long_date(decided)}"
                + (f" with {len(p.conditions)} condition(s)" if p.conditions else "")
                + ".",
                {"status": Status.IN_REVIEW, "decision": "", "next_review_on": None},
                {
                    "status": Status.DECIDED,
                    "decision": decision,
                    "next_review_on": a.next_review_on.isoformat() if a.next_review_on else None,
                    "decided_on": decided.isoformat(),
                },
            )
        )
        if stop == "decided":
            # Conditions still to complete, not signed off yet.
            return self._finish(p)
        settled = decided
        for condition in p.conditions:
            done = decided + timedelta(days=rng.randint(5, 90))
            if done > today:
                continue
            who = rng.choice([owner, lead])
            condition.completed_on, condition.completed_by = done, who
            condition.completion_note = "Done; evidence on the project file."
            a.version += 1
            p.events.append(
                (
                    self._moment(p, done),
                    EventType.CONDITION_COMPLETED,
                    who,
                    f"Condition completed: {condition.text}",
                    {},
                    {},
                )
            )
            settled = max(settled, done)
        if decision != Decision.REJECTED:
            signed = decided + timedelta(days=rng.randint(1, 21))
            if signed <= today:
                followed = rng.random() < 0.95
                high = any(r.residual_risk == Level.HIGH for r in p.risks)
                a.signed_off_on, a.signed_off_by = signed, owner
                a.advice_followed = followed
                a.advice_not_followed_reasons = (
                    ""
                    if followed
                    else "The operational need outweighs the delay the advice "
                    "would cause; the risk is accepted by the asset owner."
                )
                a.high_residual_risk_accepted = high
                if high:
                    a.consultation = Consultation.PENDING
                a.version += 1
                p.events.append(
                    (
                        self._moment(p, signed),
                        EventType.SIGNED_OFF,
                        owner,
                        "Signed off by the information asset owner"
                        + (
                            ""
                            if followed
                            else f", not following the DPO's advice: "
                            f"{a.advice_not_followed_reasons}"
                        )
                        + (
                            ". A high residual risk was accepted: prior consultation with the "
                            "ICO is required"
                            if high
                            else ""
                        )
                        + ".",
                        {},
                        {"advice_followed": followed, "consultation": a.consultation},
                    )
                )
                settled = max(settled, signed)
                if high:
                    answered = signed + timedelta(days=rng.randint(14, 56))
                    if answered <= today:
                        a.consultation = Consultation.ANSWERED
                        a.consultation_answered_on = answered
                        a.consultation_outcome = rng.choice(CONSULTATION_OUTCOMES)
                        a.version += 1
                        p.events.append(
                            (
                                self._moment(p, answered),
                                EventType.CONSULTATION_ANSWERED,
                                self.dpo,
                                f"The ICO answered on {long_date(answered)}: "
                                f"{a.consultation_outcome}",
                                {},
                                {"consultation": Consultation.ANSWERED},
                            )
                        )
                        settled = max(settled, answered)
        if a.next_review_on and a.next_review_on <= today:
            a.status = Status.REVIEW_DUE
            a.version += 1
            p.events.append(
                (
                    self._moment(p, a.next_review_on, start=6, end=7),
                    EventType.REVIEW_DUE,
                    None,
                    f"The review date ({long_date(a.next_review_on)}) has come: resubmit the "
                    "assessment for review, or close it.",
                    {"status": Status.DECIDED},
                    {"status": Status.REVIEW_DUE},
                )
            )
            settled = max(settled, a.next_review_on)
        if stop == "review_due":
            return self._finish(p)
        # Close: rejected ones soon after; the others once their review date has come
        # and gone (the processing ended or a new assessment replaced this one).
        closable = (
            all(c.completed_on for c in p.conditions)
            and a.consultation != Consultation.PENDING
            and (decision == Decision.REJECTED or a.signed_off_on is not None)
        )
        if decision == Decision.REJECTED:
            closed = settled + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.85 else None
        elif a.status == Status.REVIEW_DUE:
            closed = settled + timedelta(days=rng.randint(0, 150))
        else:
            closed = None
        if closable and closed is not None and closed <= today:
            before = a.status  # type: ignore[assignment]
            a.status, a.closed_on = Status.CLOSED, closed
            a.version += 1
            p.events.append(
                (
                    self._moment(p, closed),
                    EventType.CLOSED,
                    self.dpo,
                    "Closed.",
                    {"status": before},
                    {"status": "closed"},
                )
            )
        return self._finish(p)

    def _submit(self, p: _Planned, submitted: date, actor: User) -> None:
        a = p.assessment
        before = {"status": a.status, "target_on": a.target_on.isoformat() if a.target_on else None}
        a.status = Status.SUBMITTED
        a.submitted_on = submitted
        a.target_on = rules.provisional_target(submitted, self.table)
        a.tier = a.reviewer_level = ""
        a.triaged_on = None
        a.complexity = a.inherent_risk = ""
        a.version += 1
        moment = self._moment(p, submitted)
        number = len(p.versions) + 1
        p.versions.append((moment, actor, a.description, len(p.risks)))
        p.events.append(
            (
                moment,
                EventType.SUBMITTED,
                actor,
                f"Submitted to the DPO (version {number} of the answers); triage due by "
                f"{long_date(a.target_on)}.",
                before,
                {"status": Status.SUBMITTED, "target_on": a.target_on.isoformat()},
            )
        )

    def _moment(self, p: _Planned, day: date, **hours) -> datetime:
        """A moment in office hours on `day`; two steps on the same day keep their
        order (the later one a few minutes after the earlier)."""
        moment = office_moment(self.rng, day, **hours)
        if p.last is not None and moment.date() == p.last.date() and moment <= p.last:
            moment = p.last + timedelta(minutes=self.rng.randint(2, 20))
        p.last = moment
        return moment

    def _finish(self, p: _Planned) -> _Planned:
        p.assessment.updated_at = max(e[0] for e in p.events)
        return p
