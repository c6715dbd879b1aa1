"""Every write that means something to an assessment, by action family:

- `actions`: the declared workflow (`WORKFLOW`) and the public services, one perform() each;
- `creating`: starting an assessment (a draft);
- `answers`, `review`, `decided`: each action's domain work (the answers and risks; the
  submission and the DPO's review; what follows the decision);
- `reminders`: the daily job.

Domain errors: `ValidationError` (bad input, 400), `core.errors.ConflictError` (someone
else changed the assessment, 409), `core.errors.TransitionError` (not allowed now, 409),
`PermissionDenied` (the user's role does not allow it, 403).
"""

from .actions import (
    WORKFLOW,
    add_risk,
    can_edit,
    close,
    complete_condition,
    decide,
    mark_review_due,
    record_consultation_answer,
    remove_risk,
    request_changes,
    sign_off,
    start_review,
    submit,
    triage,
    update_answers,
)
from .answers import ANSWER_FIELDS, answers_snapshot
from .creating import create_assessment
from .reminders import is_late_now, send_due_reminders

__all__ = [
    "ANSWER_FIELDS",
    "WORKFLOW",
    "add_risk",
    "answers_snapshot",
    "can_edit",
    "close",
    "complete_condition",
    "create_assessment",
    "decide",
    "is_late_now",
    "mark_review_due",
    "record_consultation_answer",
    "remove_risk",
    "request_changes",
    "send_due_reminders",
    "sign_off",
    "start_review",
    "submit",
    "triage",
    "update_answers",
]
