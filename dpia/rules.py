"""The rules of DPIA screening, triage and review dates: pure functions on plain values.

No Django here, so every rule can be tested exhaustively. Readings we chose
(docs/law.md, "DPIA screening and triage"):

- **Screening**: a full DPIA is required when *any* of the regulator's high-risk
  indicators applies (the ICO's list of processing "likely to result in high risk";
  answering yes to one is enough for us to require one, the stricter reading).
- **Triage**: complexity (low/medium/high) and inherent risk (low/medium/high) give a
  tier through a matrix; each tier has a target review time in **calendar days** and a
  reviewer level (deputy DPO or DPO). The table is configuration (setting
  `DPIA_TRIAGE`); `DEFAULT_TRIAGE` below is the documented default.
- **Target date**: the date of the submission being reviewed plus the tier's target days.
  Before triage, a provisional target of `triage_days` after submission (the DPO has that
  long to triage), so untriaged work sorts with everything else in the DPO's queue.
- **Residual risk**: likelihood × severity on the ICO's template scale; the owner may
  record a different residual level after mitigation, and a high residual risk accepted
  at sign-off requires prior consultation with the ICO (Art. 36; DPA 2018 s.65).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

LEVELS = ("low", "medium", "high")


class ReviewerLevel(StrEnum):
    DEPUTY_DPO = "deputy_dpo"
    DPO = "dpo"


class TriageConfigError(ValueError):
    """The configured tier table is incomplete or inconsistent."""


#: The regulator's high-risk indicators (ICO: "When do we need to do a DPIA?").
SCREENING_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("innovative_technology", "Does it use innovative technology or a new use of technology?"),
    ("biometric_data", "Does it process biometric data to identify people?"),
    (
        "large_scale_special_category",
        "Does it process special-category or criminal-offence data on a large scale?",
    ),
    ("systematic_monitoring", "Does it systematically monitor a publicly accessible place?"),
    (
        "profiling_automated_decisions",
        "Does it involve profiling or automated decisions with legal or similar effects?",
    ),
    ("data_matching", "Does it combine, compare or match data from different sources?"),
    (
        "invisible_processing",
        "Is personal data obtained from a third party without telling the people concerned?",
    ),
    ("tracking", "Does it track people's location or behaviour?"),
    ("vulnerable_people", "Does it involve children or other vulnerable people?"),
    ("risk_of_physical_harm", "Could a breach put someone's physical health or safety at risk?"),
    ("transfer_outside_uk", "Will personal data be transferred outside the UK?"),
)
SCREENING_CODES = tuple(code for code, _ in SCREENING_QUESTIONS)


def full_dpia_required(answers: Mapping[str, bool]) -> bool:
    """True when any high-risk indicator is answered yes."""
    return any(bool(answers.get(code)) for code in SCREENING_CODES)


def indicators_met(answers: Mapping[str, bool]) -> list[str]:
    return [code for code in SCREENING_CODES if answers.get(code)]


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    target_days: int
    reviewer: ReviewerLevel


@dataclass(frozen=True)
class TriageTable:
    #: complexity → inherent risk → tier code
    matrix: Mapping[str, Mapping[str, str]]
    tiers: Mapping[str, Tier]
    #: days the DPO has to triage a new submission (the provisional target)
    triage_days: int

    def tier_for(self, *, complexity: str, risk: str) -> Tier:
        if complexity not in LEVELS:
            raise ValueError(f"Unknown complexity {complexity!r}")
        if risk not in LEVELS:
            raise ValueError(f"Unknown risk {risk!r}")
        return self.tiers[self.matrix[complexity][risk]]


#: The documented default (README "DPIA triage"): three tiers.
DEFAULT_TRIAGE: dict[str, Any] = {
    "triage_days": 5,
    "tiers": {
        "1": {"label": "Tier 1 (standard)", "target_days": 10, "reviewer": "deputy_dpo"},
        "2": {"label": "Tier 2 (significant)", "target_days": 20, "reviewer": "deputy_dpo"},
        "3": {"label": "Tier 3 (high risk or novel)", "target_days": 30, "reviewer": "dpo"},
    },
    # rows: complexity; columns: inherent risk
    "matrix": {
        "low": {"low": "1", "medium": "1", "high": "3"},
        "medium": {"low": "1", "medium": "2", "high": "3"},
        "high": {"low": "2", "medium": "3", "high": "3"},
    },
}


def build_table(config: Mapping[str, Any]) -> TriageTable:
    """Validate a tier-table configuration and build the table, or raise
    `TriageConfigError` saying what is wrong."""
    try:
        raw_tiers = config["tiers"]
        raw_matrix = config["matrix"]
        triage_days = int(config.get("triage_days", DEFAULT_TRIAGE["triage_days"]))
    except (KeyError, TypeError, ValueError) as error:
        raise TriageConfigError(f"DPIA_TRIAGE needs 'tiers' and 'matrix' ({error})") from error
    if triage_days < 1:
        raise TriageConfigError("DPIA_TRIAGE triage_days must be at least 1")
    tiers: dict[str, Tier] = {}
    for code, spec in raw_tiers.items():
        try:
            target_days = int(spec["target_days"])
            reviewer = ReviewerLevel(spec["reviewer"])
        except (KeyError, TypeError, ValueError) as error:
            raise TriageConfigError(f"DPIA_TRIAGE tier {code!r} is invalid ({error})") from error
        if target_days < 1:
            raise TriageConfigError(f"DPIA_TRIAGE tier {code!r} needs target_days of 1 or more")
        tiers[str(code)] = Tier(
            code=str(code),
            label=str(spec.get("label", f"Tier {code}")),
            target_days=target_days,
            reviewer=reviewer,
        )
    matrix: dict[str, dict[str, str]] = {}
    for complexity in LEVELS:
        row = raw_matrix.get(complexity) if isinstance(raw_matrix, Mapping) else None
        if not isinstance(row, Mapping):
            raise TriageConfigError(f"DPIA_TRIAGE matrix has no row for complexity {complexity!r}")
        matrix[complexity] = {}
        for risk in LEVELS:
            code = row.get(risk)
            if code is None or str(code) not in tiers:
                raise TriageConfigError(
                    f"DPIA_TRIAGE matrix[{complexity!r}][{risk!r}] must name a tier "
                    f"(one of {', '.join(sorted(tiers))})"
                )
            matrix[complexity][risk] = str(code)
    return TriageTable(matrix=matrix, tiers=tiers, triage_days=triage_days)


def provisional_target(submitted_on: date, table: TriageTable) -> date:
    return submitted_on + timedelta(days=table.triage_days)


def target_date(submitted_on: date, tier: Tier) -> date:
    return submitted_on + timedelta(days=tier.target_days)


# --- Risks ---------------------------------------------------------------------------

LIKELIHOODS = ("remote", "possible", "probable")
SEVERITIES = ("minimal", "significant", "severe")


def risk_score(likelihood: str, severity: str) -> str:
    """The ICO DPIA template's matrix: likelihood × severity → low/medium/high."""
    score = (LIKELIHOODS.index(likelihood) + 1) * (SEVERITIES.index(severity) + 1)
    if score >= 6:
        return "high"
    if score >= 3:
        return "medium"
    return "low"


# --- Reminders -----------------------------------------------------------------------

REVIEW_REMINDER_DAYS = 30


def review_reminder_due(next_review_on: date | None, today: date) -> bool:
    """The owner is reminded from 30 days before the review date (once)."""
    if next_review_on is None:
        return False
    return today >= next_review_on - timedelta(days=REVIEW_REMINDER_DAYS)


def is_late(target_on: date | None, today: date) -> bool:
    """Late when the target date has passed (the target day itself is on time)."""
    return target_on is not None and today > target_on


# --- Version history -----------------------------------------------------------------


def diff_answers(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What changed between two snapshots of the answers: one entry per changed key,
    in the order of `after` then keys only in `before`."""
    changes = []
    keys = list(after) + [key for key in before if key not in after]
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old != new:
            changes.append({"field": key, "before": old, "after": new})
    return changes


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
