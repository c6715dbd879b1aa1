"""Every write that means something to a request.

Each service is one transaction: lock the row, check the version (optimistic lock) and
the allowed-transition table, validate, write the change and its timeline event,
recompute the statutory dates. Domain errors:
- `django.core.exceptions.ValidationError` for bad input (field errors, HTTP 400);
- `core.errors.ConflictError` when someone else changed the request (HTTP 409);
- `core.errors.TransitionError` when the action is not allowed now (HTTP 409);
- `django.core.exceptions.PermissionDenied` when the user's role does not allow it.
"""

# The package is split by action family; these names are the public services.
from ._common import ALLOWED, DATE_FIELDS, _event, _lock, date_problem
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
from .intake import RequesterDetails, log_request
from .reviews import open_internal_review, record_complaint, record_complaint_decision

__all__ = [
    "ALLOWED",
    "DATE_FIELDS",
    "LAPSING_STOP_REASONS",
    "RequesterDetails",
    "_event",
    "_lock",
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
    "reopen",
    "restart_clock",
    "stop_clock",
    "withdraw",
]
