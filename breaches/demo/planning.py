"""Planning the demo register: each breach walked through its life in memory, with its
actions and timeline, before anything is written."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from accounts.models import Role, Unit, User
from breaches import clock
from breaches.demo.words import (
    CONTAINMENT,
    DATA_CATEGORIES,
    DECISION_REASONS_NOT,
    DECISION_REASONS_REPORT,
    FIRST_MONTH,
    HOW_DISCOVERED,
    LATE_REASONS,
    LESSONS,
    MIN_PER_MONTH,
    NATURES,
    NOT_TOLD_REASONS,
    PER_MONTH,
    REMEDIAL,
    REPORTERS_OUTSIDE,
    SOURCES,
    SUMMARIES,
)
from breaches.models import Breach, BreachAction, BreachEvent
from breaches.vocabularies import (
    ActionKind,
    EventType,
    Nature,
    Risk,
    SecurityProperty,
    Source,
    Status,
)
from core.dates import long_datetime, to_uk
from core.demo import months, office_moment, weighted


@dataclass
class _Planned:
    breach: Breach
    actions: list[tuple[BreachAction, datetime, datetime | None]] = field(default_factory=list)
    events: list[BreachEvent] = field(default_factory=list)


@dataclass
class _People:
    units: list[Unit]
    #: unit id → the people working there (report breaches, own actions)
    staff: dict[int, list[User]]
    #: caseworkers and team leads of the Data Office (record breaches)
    recorders: list[User]
    #: team leads and the DPO (assess, add actions, record whether people were told)
    managers: list[User]
    dpo: User


def _when(moment: datetime) -> str:
    return f"{long_datetime(moment)} UK time"


def _people() -> _People:
    units = list(Unit.objects.filter(active=True).order_by("name"))
    staff: dict[int, list[User]] = {u.pk: [] for u in units}
    officers = set(
        User.objects.filter(groups__name__in=[Role.DPO, Role.DATA_BOARD, Role.ADMIN]).values_list(
            "pk", flat=True
        )
    )
    for user in User.objects.filter(unit__in=units, is_active=True).order_by("username"):
        if user.pk not in officers:
            staff[user.unit_id].append(user)  # type: ignore[index]
    units = [u for u in units if staff[u.pk]]
    recorders = list(
        User.objects.filter(groups__name__in=[Role.CASEWORKER, Role.TEAM_LEAD], is_active=True)
        .distinct()
        .order_by("username")
    )
    managers = list(
        User.objects.filter(groups__name__in=[Role.TEAM_LEAD, Role.DPO], is_active=True)
        .distinct()
        .order_by("username")
    )
    dpo = User.objects.filter(groups__name=Role.DPO, is_active=True).order_by("username").first()
    if dpo is None or not units or not recorders:
        raise RuntimeError(
            "The demo breach register needs units with staff, caseworkers and a DPO."
        )
    return _People(units=units, staff=staff, recorders=recorders, managers=managers, dpo=dpo)


class DemoBreaches:
    def __init__(self, *, now: datetime, seed: int, scale: float, people: _People) -> None:
        self.now = now
        self.today = to_uk(now).date()
        self.rng = random.Random(seed * 7 + 1)  # noqa: S311 - demo data, not security
        self.scale = scale
        self.people = people

    # --- planning ----------------------------------------------------------------------

    def plan(self) -> list[_Planned]:
        rng = self.rng
        planned: list[_Planned] = []
        # Generic history stops a week ago; the recent days are the hand-made cases below.
        last_day = self.today - timedelta(days=8)
        forced = [(nature, None) for nature in Nature] + [(None, source) for source in Source]
        for month in months(FIRST_MONTH, last_day):
            count = max(MIN_PER_MONTH, round(rng.gauss(PER_MONTH, 4) * self.scale))
            days = [
                month + timedelta(days=d)
                for d in range(31)
                if (month + timedelta(days=d)).month == month.month
                and month + timedelta(days=d) <= last_day
            ]
            for _ in range(count):
                day = rng.choice(days)
                if rng.random() < 0.8:
                    aware = office_moment(rng, day)
                else:  # out of hours: nights and weekends count on the 72-hour clock
                    aware = office_moment(rng, day, start=0, end=24)
                # The first few cover every nature and source however small the demo.
                nature, source = forced.pop(0) if forced else (None, None)
                planned.append(self._breach(aware, nature=nature, source=source))
        planned.extend(self._open_now())
        return planned

    def _breach(
        self,
        aware: datetime,
        *,
        stop: str = "",
        nature: str | None = None,
        source: str | None = None,
        likelihood: str | None = None,
        severity: str | None = None,
        reportable: bool | None = None,
        late: bool | None = None,
    ) -> _Planned:
        """One breach's life from becoming aware; `stop` ends it early at a stage
        ("recorded", "assessed", "decided") whatever the date."""
        rng = self.rng
        people = self.people
        source = source or weighted(rng, SOURCES)
        nature = nature or weighted(rng, NATURES)
        unit = rng.choice(people.units)
        recorder = rng.choice(people.recorders)
        reporter = rng.choice(people.staff[unit.pk])
        properties = [SecurityProperty.CONFIDENTIALITY]
        if nature in (Nature.SYSTEM_ERROR, Nature.CYBER_INCIDENT) and rng.random() < 0.6:
            properties.append(SecurityProperty.INTEGRITY)
        if nature in (Nature.CYBER_INCIDENT, Nature.LOST_OR_STOLEN_DEVICE) and rng.random() < 0.5:
            properties.append(SecurityProperty.AVAILABILITY)
        if nature == Nature.SYSTEM_ERROR and rng.random() < 0.2:
            properties = [SecurityProperty.INTEGRITY, SecurityProperty.AVAILABILITY]
        subjects = max(1, int(rng.paretovariate(1.3)))
        occurred = None
        if rng.random() < 0.85:
            occurred = aware - timedelta(minutes=rng.randrange(10, 60 * 24 * 14))
        breach = Breach(
            summary=rng.choice(SUMMARIES[nature]),  # type: ignore[index]
            status=Status.OPEN,
            occurred_at=occurred,
            aware_at=aware,
            how_discovered=rng.choice(HOW_DISCOVERED[source]),  # type: ignore[index]
            reported_by=reporter if source == Source.INTERNAL else None,
            reported_by_name=(
                rng.choice(REPORTERS_OUTSIDE[source]) if source != Source.INTERNAL else ""  # type: ignore[index]
            ),
            unit=unit,
            source=source,
            nature=nature,
            security_properties=properties,
            data_categories=rng.choice(DATA_CATEGORIES),
            special_category_data=rng.random() < 0.25,
            criminal_offence_data=rng.random() < 0.45,
            data_subjects_count=subjects,
            records_count=subjects * rng.randint(1, 4) if rng.random() < 0.8 else None,
            report_due_at=clock.report_due_at(aware),
            created_by=recorder,
            created_at=aware + timedelta(minutes=rng.randint(5, 240)),
            version=1,
        )
        planned = _Planned(breach)
        self._event(
            planned,
            EventType.RECORDED,
            recorder,
            breach.created_at,
            f"Recorded. Became aware {_when(aware)}; the ICO must be told by "
            f"{_when(breach.report_due_at)} if the breach is reportable.",
            after={
                "aware_at": to_uk(aware).isoformat(),
                "report_due_at": to_uk(breach.report_due_at).isoformat(),
                "source": source,
                "nature": nature,
            },
        )
        if stop == "recorded":
            return self._finish(planned)

        # Risk assessment, then containment actions.
        assessed_at = breach.created_at + timedelta(minutes=int(rng.expovariate(1 / 900)) + 30)
        if assessed_at > self.now:
            return self._finish(planned)
        likelihood = likelihood or weighted(
            rng, [("remote", 45), ("possible", 38), ("probable", 17)]
        )
        severity = severity or weighted(rng, [("minimal", 42), ("significant", 43), ("severe", 15)])
        if breach.special_category_data and severity == "minimal":
            severity = "significant"
        risk = clock.assess_risk(likelihood, severity).value
        assessor = rng.choice(people.managers)
        breach.likelihood, breach.severity, breach.risk = likelihood, severity, risk
        breach.risk_rationale = (
            f"Likelihood {likelihood}: {breach.data_categories.lower()} of "
            f"{subjects} {'person' if subjects == 1 else 'people'}; severity {severity}."
        )
        breach.assessed_at, breach.assessed_by = assessed_at, assessor
        breach.status = Status.ASSESSED
        self._save(
            planned,
            EventType.ASSESSED,
            assessor,
            assessed_at,
            f"Risk assessed as {Risk(risk).label.lower()} (likelihood {likelihood}, "
            f"severity {severity}).",
            before={"likelihood": "", "severity": "", "risk": "", "risk_rationale": ""},
            after={
                "likelihood": likelihood,
                "severity": severity,
                "risk": risk,
                "risk_rationale": breach.risk_rationale,
            },
        )
        for _ in range(rng.choice((1, 1, 2))):
            due = to_uk(aware).date() + timedelta(days=rng.randint(1, 3))
            done = due + timedelta(days=rng.randint(-1, 2))
            done = max(done, to_uk(assessed_at).date())
            self._action(
                planned,
                ActionKind.CONTAINMENT,
                CONTAINMENT[nature],  # type: ignore[index]
                assessed_at,
                due,
                done,
            )
        if stop == "assessed":
            return self._finish(planned)

        # The DPO's decision.
        hours = rng.expovariate(1 / 20) + 1
        if late:
            hours = rng.uniform(60, 110)
        decided_at = max(assessed_at + timedelta(minutes=20), aware + timedelta(hours=hours))
        if decided_at > self.now:
            return self._finish(planned)
        if reportable is None:
            reportable = risk == Risk.HIGH_RISK or (risk == Risk.RISK and rng.random() < 0.3)
        breach.reportable = reportable
        breach.decision_reasons = rng.choice(
            DECISION_REASONS_REPORT if reportable else DECISION_REASONS_NOT
        )
        breach.dpo_consulted = True
        breach.decided_at, breach.decided_by = decided_at, people.dpo
        if not reportable:
            breach.status = Status.NOT_REPORTABLE
        verdict = "must be reported to the ICO" if reportable else "does not need to be reported"
        self._save(
            planned,
            EventType.DECIDED,
            people.dpo,
            decided_at,
            f"Decided the breach {verdict}.",
            before={"reportable": None, "decision_reasons": "", "status": Status.ASSESSED},
            after={
                "reportable": reportable,
                "decision_reasons": breach.decision_reasons,
                "status": breach.status,
            },
        )
        if stop == "decided":
            return self._finish(planned)
        settled = decided_at
        if reportable:
            due = breach.report_due_at
            if late is None:
                late = rng.random() < 0.18
            if late or decided_at >= due:
                reported_at = max(decided_at, due) + timedelta(minutes=rng.randint(60, 60 * 96))
            else:
                room = (due - decided_at).total_seconds()
                reported_at = decided_at + timedelta(seconds=rng.uniform(0.05, 0.9) * room)
            if reported_at > self.now:
                return self._finish(planned)
            is_late = clock.is_late(reported_at=reported_at, due_at=due)
            breach.reported_at = reported_at
            breach.regulator_reference = f"IC-{rng.randint(100000, 399999)}-{rng.choice('BDFHKMPRTW')}{rng.randint(1, 9)}{rng.choice('CGJLNQSVXZ')}{rng.randint(1, 9)}"
            breach.late_report_reason = rng.choice(LATE_REASONS) if is_late else ""
            breach.status = Status.REPORTED
            self._save(
                planned,
                EventType.REPORTED,
                people.dpo,
                reported_at,
                f"Reported to the ICO {_when(reported_at)}"
                + (" – after the 72-hour deadline." if is_late else " – within 72 hours."),
                before={
                    "status": Status.ASSESSED,
                    "reported_at": None,
                    "regulator_reference": "",
                    "late_report_reason": "",
                },
                after={
                    "status": Status.REPORTED,
                    "reported_at": to_uk(reported_at).isoformat(),
                    "regulator_reference": breach.regulator_reference,
                    "late_report_reason": breach.late_report_reason,
                },
            )
            settled = reported_at

        # The people affected.
        tell = {Risk.HIGH_RISK: 0.8, Risk.RISK: 0.25, Risk.NO_RISK: 0.0}[risk]  # type: ignore[index]
        answer_needed = risk == Risk.HIGH_RISK or rng.random() < 0.3
        if answer_needed:
            answered_at = settled + timedelta(hours=rng.randint(2, 96))
            if answered_at > self.now:
                return self._finish(planned)
            notified = rng.random() < tell
            breach.subjects_notified = notified
            breach.subjects_notified_at = answered_at if notified else None
            breach.subjects_notification_reasons = (
                ""
                if notified
                else (
                    rng.choice(NOT_TOLD_REASONS)
                    if risk != Risk.NO_RISK
                    else "Not needed: there is no risk to the people concerned."
                )
            )
            self._save(
                planned,
                EventType.SUBJECTS_NOTIFIED,
                rng.choice(people.managers),
                answered_at,
                f"The people affected were told {_when(answered_at)}."
                if notified
                else "The people affected were not told.",
                before={
                    "subjects_notified": None,
                    "subjects_notified_at": None,
                    "subjects_notification_reasons": "",
                },
                after={
                    "subjects_notified": notified,
                    "subjects_notified_at": to_uk(answered_at).isoformat() if notified else None,
                    "subjects_notification_reasons": breach.subjects_notification_reasons,
                },
            )
            settled = answered_at

        # Remedial actions, then closing once everything is done.
        remedial = rng.choice((0, 1, 1, 2)) if risk != Risk.NO_RISK else rng.choice((0, 0, 1))
        for _ in range(remedial):
            due = to_uk(settled).date() + timedelta(days=rng.randint(14, 90))
            done = due + timedelta(days=rng.randint(-10, 20)) if rng.random() < 0.93 else None  # type: ignore[assignment]
            self._action(planned, ActionKind.REMEDIAL, rng.choice(REMEDIAL), settled, due, done)
        finished = [done for _, _, done in planned.actions]
        if any(done is None for done in finished):
            return self._finish(planned)
        last = max([settled, *finished])  # type: ignore[type-var]
        closed_at = office_moment(rng, to_uk(last).date() + timedelta(days=rng.randint(2, 30)))  # type: ignore[arg-type]
        if closed_at <= self.now and closed_at > last:  # type: ignore[operator]
            breach.lessons_learned = rng.choice(LESSONS)
            before_status = breach.status
            breach.status, breach.closed_at = Status.CLOSED, closed_at
            self._save(
                planned,
                EventType.CLOSED,
                people.dpo,
                closed_at,
                "Breach closed.",
                before={"status": before_status, "lessons_learned": ""},
                after={"status": Status.CLOSED, "lessons_learned": breach.lessons_learned},
            )
        return self._finish(planned)

    def _open_now(self) -> list[_Planned]:
        """The live cases: the 72-hour clock running now, and a few recent ones."""
        anchor = self.now.replace(minute=0, second=0, microsecond=0)
        cases = [
            (3, {"stop": "recorded", "nature": Nature.MISDIRECTED_EMAIL}),
            (51, {"stop": "recorded", "nature": Nature.LOST_OR_STOLEN_DEVICE}),
            (26, {"stop": "assessed", "likelihood": "possible", "severity": "significant"}),
            (64, {"stop": "assessed", "likelihood": "probable", "severity": "severe"}),
            (79, {"stop": "assessed", "likelihood": "remote", "severity": "severe"}),
            (
                40,
                {
                    "stop": "decided",
                    "likelihood": "probable",
                    "severity": "significant",
                    "reportable": True,
                    "late": False,
                },
            ),
            (24 * 6, {"likelihood": "remote", "severity": "minimal", "reportable": False}),
            (
                24 * 9,
                {
                    "likelihood": "possible",
                    "severity": "severe",
                    "reportable": True,
                    "late": False,
                },
            ),
        ]
        planned = []
        for hours, options in cases:
            aware = anchor - timedelta(hours=hours)
            planned.append(self._breach(aware, **options))  # type: ignore[arg-type]
        return planned

    # --- bookkeeping -------------------------------------------------------------------

    def _event(self, planned, type_, actor, at, description, *, before=None, after=None):
        planned.events.append(
            BreachEvent(
                type=type_,
                actor=actor,
                at=at,
                description=description,
                before=before or {},
                after=after or {},
            )
        )

    def _save(self, planned, type_, actor, at, description, **values):
        planned.breach.version += 1
        self._event(planned, type_, actor, at, description, **values)

    def _action(self, planned, kind, description, added_at, due_on, completed_on):
        rng = self.rng
        owner = rng.choice(self.people.staff[planned.breach.unit.pk])
        added_at = added_at + timedelta(minutes=rng.randint(5, 120))
        if added_at > self.now:
            return
        if completed_on is not None and completed_on > self.today:
            completed_on = None
        completed_at = None
        if completed_on is not None:
            completed_at = office_moment(rng, completed_on)
            if completed_at <= added_at or completed_at > self.now:
                completed_on = None
                completed_at = None
        action = BreachAction(
            kind=kind,
            description=description,
            owner=owner,
            due_on=due_on,
            completed_on=completed_on,
            created_at=added_at,
        )
        planned.actions.append((action, added_at, completed_at))
        planned.breach.version += 1 + (completed_on is not None)

    def _finish(self, planned: _Planned) -> _Planned:
        breach = planned.breach
        moments = [e.at for e in planned.events] + [a for _, a, _ in planned.actions]
        moments += [c for _, _, c in planned.actions if c is not None]
        breach.updated_at = max(moments)
        return planned
