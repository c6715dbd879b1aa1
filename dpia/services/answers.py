"""The answers and the risks: the domain work of `edit`, `add_risk` and `remove_risk`
(declared in `actions.py`), and the checks creating an assessment shares."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import Unit, User
from core.kernel import Change, invalid

from .. import rules
from ..models import Assessment, Risk
from ..selectors import uk_today
from ..vocabularies import Kind, Level, Likelihood, Severity

ANSWER_FIELDS = (
    "title",
    "description",
    "partner_organisations",
    "lawful_basis",
    "data_flows",
    "equality_impact",
    "next_review_on",
)


def clean_screening(screening: dict[str, Any] | None) -> dict[str, bool]:
    screening = screening or {}
    unknown = sorted(set(screening) - set(rules.SCREENING_CODES))
    if unknown:
        raise invalid("screening", f"Unknown screening question: {', '.join(unknown)}.")
    return {code: bool(screening.get(code)) for code in rules.SCREENING_CODES}


def validate_answers(
    *,
    kind: str,
    title: str,
    unit: Unit | None,
    asset_owner: User | None,
    project_lead: User | None,
    next_review_on: date | None,
    today: date,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = ["Choose a DPIA or a data sharing agreement."]
    if not title.strip():
        errors["title"] = ["Enter a title for the assessment."]
    if unit is None:
        errors["unit"] = ["Choose the unit that owns the processing."]
    if asset_owner is None:
        errors["asset_owner"] = ["Choose the information asset owner."]
    if project_lead is None:
        errors["project_lead"] = ["Choose the project lead."]
    if next_review_on is not None and next_review_on <= today:
        errors["next_review_on"] = ["The next review date must be in the future."]
    if errors:
        raise ValidationError(errors)


def answers_snapshot(assessment: Assessment) -> dict[str, str]:
    """The answers as a reviewer reads them: label → text, for the version history."""
    snapshot: dict[str, str] = {
        "Title": assessment.title,
        "Description": assessment.description,
    }
    if assessment.kind == Kind.DSA:
        snapshot["Partner organisations"] = assessment.partner_organisations
        snapshot["Lawful basis"] = assessment.lawful_basis
        snapshot["Data flows"] = assessment.data_flows
    for code, question in rules.SCREENING_QUESTIONS:
        snapshot[f"Screening: {question}"] = "Yes" if assessment.screening.get(code) else "No"
    snapshot["Equality impact"] = assessment.equality_impact
    for risk in assessment.risks.all():
        snapshot[f"Risk {risk.pk}"] = (
            f"{risk.description} (likelihood {risk.get_likelihood_display().lower()}, severity "
            f"{risk.get_severity_display().lower()}; mitigation: {risk.mitigation or 'none'}; "
            f"residual {risk.get_residual_risk_display().lower()}; owner {risk.owner})"
        )
    return snapshot


def edit(
    change: Change[Assessment],
    *,
    screening: dict[str, Any] | None = None,
    unit: Unit | None = None,
    asset_owner: User | None = None,
    project_lead: User | None = None,
    **fields: Any,
) -> None:
    unknown = set(fields) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown answer fields: {sorted(unknown)}")
    assessment = change.record
    before = change.values((*fields, "screening", "unit", "asset_owner", "project_lead"))
    for name, value in fields.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    if unit is not None:
        assessment.unit = unit
    if asset_owner is not None:
        assessment.asset_owner = asset_owner
    if project_lead is not None:
        assessment.project_lead = project_lead
    if screening is not None:
        assessment.screening = clean_screening(screening)
        assessment.full_dpia_required = rules.full_dpia_required(assessment.screening)
    validate_answers(
        kind=assessment.kind,
        title=assessment.title,
        unit=assessment.unit,
        asset_owner=assessment.asset_owner,
        project_lead=assessment.project_lead,
        next_review_on=assessment.next_review_on if "next_review_on" in fields else None,
        today=uk_today(),
    )
    after = change.values(before)
    changed = sorted(k for k in after if after[k] != before[k])
    change.event(
        "Answers changed: " + (", ".join(changed) if changed else "nothing") + ".",
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )


def add_risk(
    change: Change[Assessment],
    *,
    description: str,
    likelihood: str,
    severity: str,
    residual_risk: str,
    owner: str,
    mitigation: str = "",
) -> Risk:
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = ["Describe the risk."]
    if likelihood not in Likelihood.values:
        errors["likelihood"] = ["Choose how likely the harm is."]
    if severity not in Severity.values:
        errors["severity"] = ["Choose how severe the harm would be."]
    if residual_risk not in Level.values:
        errors["residual_risk"] = ["Choose the residual risk after mitigation."]
    if not owner.strip():
        errors["owner"] = ["Enter the post that owns the risk."]
    if errors:
        raise ValidationError(errors)
    risk = Risk.objects.create(
        assessment=change.record,
        description=description.strip(),
        likelihood=likelihood,
        severity=severity,
        mitigation=mitigation.strip(),
        residual_risk=residual_risk,
        owner=owner.strip(),
    )
    change.event(
        f"Risk added (residual {risk.get_residual_risk_display().lower()}).",
        after={"risk": risk.pk, "residual_risk": residual_risk},
    )
    return risk


def remove_risk(change: Change[Assessment], *, risk: int) -> None:
    deleted, _ = Risk.objects.filter(assessment=change.record, pk=risk).delete()
    if not deleted:
        raise invalid("risk", "That risk is not on this assessment.")
    change.event("Risk removed.", before={"risk": risk})
