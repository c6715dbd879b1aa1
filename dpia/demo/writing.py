"""Writing the planned demo pipeline in bulk, as the services would have left it."""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from core.bulk import insert
from core.demo import BATCH, historic_timestamps
from dpia import rules
from dpia.demo.planning import _Planned
from dpia.models import AnswerVersion, Assessment, AssessmentEvent, Condition, Risk
from dpia.vocabularies import (
    REFERENCE_PREFIX,
    EventType,
    Kind,
)


def write(planned: list[_Planned]) -> int:
    """Write the planned assessments in bulk, with their references, risks,
    conditions, answer versions and timeline; returns how many."""
    planned.sort(key=lambda p: (p.assessment.created_at, p.assessment.title))
    with historic_timestamps(Assessment, Risk, Condition, AnswerVersion, AssessmentEvent):
        # The reference carries the id (as `create_assessment` makes it), so the ids
        # are given here, after any the table has had, and the id sequence is moved
        # past them (PostgreSQL; SQLite's follows by itself) for the next real one.
        first_id = (Assessment.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        for index, p in enumerate(planned):
            a = p.assessment
            a.pk = first_id + index
            year = timezone.localtime(a.created_at).year
            a.reference = f"{REFERENCE_PREFIX[Kind(a.kind)]}-{year}-{a.pk:04d}"
        insert(Assessment, [p.assessment for p in planned], batch_size=BATCH)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Assessment]):
                cursor.execute(sql)
        risks, conditions = [], []
        for p in planned:
            for risk in p.risks:
                risk.assessment = p.assessment
                risks.append(risk)
            for condition in p.conditions:
                condition.assessment = p.assessment
                conditions.append(condition)
        insert(Risk, risks, returning=True, batch_size=BATCH)
        insert(Condition, conditions, batch_size=BATCH)
        versions, events = [], []
        for p in planned:
            a = p.assessment
            for number, (moment, actor, description, n_risks) in enumerate(p.versions, 1):
                versions.append(
                    AnswerVersion(
                        assessment=a,
                        number=number,
                        answers=_answers(a, description, p.risks[:n_risks]),
                        taken_at=moment,
                        taken_by=actor,
                    )
                )
            for moment, type_, actor, description, before, after in p.events:
                if type_ == EventType.CREATED:
                    description = f"Draft {a.reference} started."
                events.append(
                    AssessmentEvent(
                        assessment=a,
                        type=type_,
                        actor=actor,
                        at=moment,
                        description=description,
                        before=before,
                        after=after,
                    )
                )
        insert(AnswerVersion, versions, batch_size=BATCH)
        events.sort(key=lambda e: (e.at, e.assessment.pk))
        insert(AssessmentEvent, events, batch_size=BATCH)
    return len(planned)


def _answers(a: Assessment, description: str, risks: list[Risk]) -> dict[str, str]:
    """What `services.answers_snapshot` takes at a submission."""
    snapshot = {"Title": a.title, "Description": description}
    if a.kind == Kind.DSA:
        snapshot["Partner organisations"] = a.partner_organisations
        snapshot["Lawful basis"] = a.lawful_basis
        snapshot["Data flows"] = a.data_flows
    for code, question in rules.SCREENING_QUESTIONS:
        snapshot[f"Screening: {question}"] = "Yes" if a.screening.get(code) else "No"
    snapshot["Equality impact"] = a.equality_impact
    for risk in risks:
        snapshot[f"Risk {risk.pk}"] = (
            f"{risk.description} (likelihood {risk.likelihood}, severity {risk.severity}; "
            f"mitigation: {risk.mitigation or 'none'}; residual {risk.residual_risk}; "
            f"owner {risk.owner})"
        )
    return snapshot
