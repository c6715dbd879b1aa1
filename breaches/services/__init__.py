"""Every write that means something to a breach, by action family:

- `actions`: the declared workflow (`WORKFLOW`) and the public services, one perform() each;
- `recording`: recording a breach (its first report);
- `details`, `regulator`, `containment`: each action's domain work;
- `alerts`: the deadline alerts to the DPO group.

Domain errors: `ValidationError` (bad input, 400), `core.errors.ConflictError` (someone
else changed the breach, 409), `core.errors.TransitionError` (not allowed now, 409),
`PermissionDenied` (the user's role does not allow it, 403).
"""

from .actions import (
    WORKFLOW,
    add_action,
    assess_risk,
    close_breach,
    complete_action,
    decide,
    record_subjects_notified,
    report_to_regulator,
    update_details,
)
from .alerts import send_deadline_alerts
from .checks import EARLIEST
from .details import UPDATABLE_FIELDS
from .recording import record_breach

__all__ = [
    "EARLIEST",
    "UPDATABLE_FIELDS",
    "WORKFLOW",
    "add_action",
    "assess_risk",
    "close_breach",
    "complete_action",
    "decide",
    "record_breach",
    "record_subjects_notified",
    "report_to_regulator",
    "send_deadline_alerts",
    "update_details",
]
