"""Legal hold (requests_tracker/retention.py): a held request's requester is never disposed of."""

from __future__ import annotations

from core.kernel import Change, invalid

from ..models import InformationRequest
from ..vocabularies import EventType


def legal_hold_work(change: Change[InformationRequest], *, hold: bool, reason: str = "") -> None:
    request = change.record
    if hold and not reason.strip():
        raise invalid("reason", "Enter why the request is on legal hold.")
    if request.legal_hold == hold:
        raise invalid(
            "hold", "The request is already " + ("on" if hold else "off") + " legal hold."
        )
    request.legal_hold = hold
    request.legal_hold_reason = reason.strip() if hold else ""
    change.event(
        f"Legal hold set: {request.legal_hold_reason}" if hold else "Legal hold released.",
        type=EventType.LEGAL_HOLD_SET if hold else EventType.LEGAL_HOLD_RELEASED,
    )
