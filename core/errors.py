"""Domain errors shared by every app's services.

Bad input is Django's `ValidationError` (field errors, HTTP 400). The two errors here
are about the record's state, answered with HTTP 409 and shown as an error summary.
"""


class ConflictError(Exception):
    """Someone else changed the record since the user loaded it (optimistic lock)."""

    code = "stale_version"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Someone else changed this record while you were working on it. "
            "Reload it to see their change, then try again."
        )


class TransitionError(Exception):
    """The action is not allowed in the record's current state."""

    code = "invalid_transition"
