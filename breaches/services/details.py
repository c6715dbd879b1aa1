"""Completing a first report later: the domain work of the `update` action."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core.kernel import Change, invalid

from .. import selectors
from ..models import Breach
from .checks import check_counts, check_occurred, clean_properties

UPDATABLE_FIELDS = (
    "occurred_at",
    "how_discovered",
    "reported_by_name",
    "unit",
    "security_properties",
    "data_categories",
    "special_category_data",
    "criminal_offence_data",
    "data_subjects_count",
    "records_count",
    "summary",
)


def update(change: Change[Breach], **changes: Any) -> None:
    """What happened, the data and people involved; nothing is written when nothing changed."""
    breach = change.record
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise invalid(None, f"These details cannot be changed here: {', '.join(sorted(unknown))}.")
    errors: dict[str, list[str]] = {}
    if "summary" in changes and not (changes["summary"] or "").strip():
        errors["summary"] = ["Enter a summary of what happened."]
    if "security_properties" in changes:
        changes["security_properties"] = clean_properties(changes["security_properties"], errors)
    occurred_at = changes.get("occurred_at")
    if occurred_at is not None:
        check_occurred(errors, occurred_at, breach.aware_at, now=selectors.now())
    check_counts(
        errors,
        data_subjects_count=changes.get("data_subjects_count"),
        records_count=changes.get("records_count"),
    )
    if errors:
        raise ValidationError(errors)
    for field in ("summary", "how_discovered", "reported_by_name", "data_categories"):
        if field in changes:
            changes[field] = (changes[field] or "").strip()
    changed = [field for field, value in changes.items() if getattr(breach, field) != value]
    if not changed:
        change.unchanged = True
        return
    before = change.values(changed)
    for field in changed:
        setattr(breach, field, changes[field])
    change.event(
        "Details updated: " + ", ".join(f.replace("_", " ") for f in changed) + ".",
        before=before,
        after=change.values(changed),
    )
