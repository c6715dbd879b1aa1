"""Every write that means something to a request.

Each action on a request is declared once in `actions.WORKFLOW` and performed by the
casework kernel (core/kernel.py) in one transaction: lock the row, check the version,
the actor and the status, do the domain work (validate, write, recompute the statutory
dates), save and write the timeline event. The services below keep their names and
keyword arguments; each is one `WORKFLOW.perform` call. Domain errors:
- `django.core.exceptions.ValidationError` for bad input (field errors, HTTP 400);
- `core.errors.ConflictError` when someone else changed the request (HTTP 409);
- `core.errors.TransitionError` when the action is not allowed now (HTTP 409);
- `django.core.exceptions.PermissionDenied` when the user's role does not allow it.

The package is split by action family: intake (logging a request), clock (stops and
extensions), assignment (assignment and notes), closing (close, withdraw, reopen,
lapse), reviews (internal reviews and complaints), holds (legal hold).
"""

# `actions` before the family modules: they refer to its WORKFLOW when called.
from ._common import DATE_FIELDS, date_problem
from .actions import WORKFLOW
from .assignment import add_note, assign, assign_many
from .clock import extend, restart_clock, stop_clock
from .closing import (
    LAPSING_STOP_REASONS,
    close_request,
    closure_errors,
    lapse_stalled_requests,
    recompute_open_due_dates,
    reopen,
    withdraw,
)
from .intake import (
    RequesterDetails,
    log_request,
    record_requester_reply,
    regime_errors,
    requester_errors,
)
from .reviews import open_internal_review, record_complaint, record_complaint_decision

__all__ = [
    "DATE_FIELDS",
    "LAPSING_STOP_REASONS",
    "WORKFLOW",
    "RequesterDetails",
    "add_note",
    "assign",
    "assign_many",
    "close_request",
    "closure_errors",
    "date_problem",
    "extend",
    "lapse_stalled_requests",
    "log_request",
    "open_internal_review",
    "recompute_open_due_dates",
    "record_complaint",
    "record_complaint_decision",
    "record_requester_reply",
    "regime_errors",
    "reopen",
    "requester_errors",
    "restart_clock",
    "stop_clock",
    "withdraw",
]
