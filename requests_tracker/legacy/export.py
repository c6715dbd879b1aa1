"""Export: the legacy format back out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import ClockStop, InformationRequest
from ..vocabularies import (
    RequestKind,
)
from .format import COLUMNS

# ---------------------------------------------------------------------------------------
# Export: the same format back out
# ---------------------------------------------------------------------------------------


def _stops_text(stops: Iterable[ClockStop]) -> str:
    return ";".join(
        f"{stop.reason}:{stop.started_on.isoformat()}:{stop.ended_on.isoformat() if stop.ended_on else ''}"
        for stop in stops
    )


def export_rows(queryset=None, *, include_personal_data: bool = True) -> Iterator[list[str]]:
    """The header, then one row per request, streamed (constant memory)."""
    queryset = queryset if queryset is not None else InformationRequest.objects.all()
    queryset = (
        queryset.select_related("unit", "assigned_to", "requester", "parent")
        .prefetch_related("clock_stops")
        .order_by("id")
    )
    yield COLUMNS
    for request in queryset.iterator(chunk_size=2000):
        person = request.requester if include_personal_data else None
        values = {
            "legacy_reference": request.legacy_reference or request.reference,
            "kind": request.kind,
            "regime": request.regime,
            "received_on": request.received_on.isoformat(),
            "channel": request.channel,
            "requester_type": request.requester_type,
            "summary": request.summary,
            "unit": request.unit.name if request.unit else "",
            "assigned_to": request.assigned_to.username if request.assigned_to else "",
            "requester_name": person.name
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "requester_email": person.email
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "requester_address": person.address
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "requester_phone": person.phone
            if person and request.kind != RequestKind.INTERNAL_REVIEW
            else "",
            "clock_stops": _stops_text(request.clock_stops.all()),
            "extended_on": request.extended_on.isoformat() if request.extended_on else "",
            "extension_working_days": str(request.extension_working_days or ""),
            "extension_reason": request.extension_reason,
            "complex": "true" if request.complex else "",
            "closed_on": request.closed_on.isoformat() if request.closed_on else "",
            "outcome": request.outcome,
            "exemptions": ";".join(request.exemptions),
            "late_reason": request.late_reason,
            "late_reason_detail": request.late_reason_detail,
            "withdrawn_on": request.withdrawn_on.isoformat() if request.withdrawn_on else "",
            "withdrawal_reason": request.withdrawal_reason,
            "lapsed_on": request.lapsed_on.isoformat() if request.lapsed_on else "",
            "review_of": (request.parent.legacy_reference or request.parent.reference)
            if request.parent
            else "",
        }
        yield [values[column] for column in COLUMNS]
