"""Requests made online (the intake app): routing, spam limits, links and retention."""

from .environment import env

# Which unit each kind of online request is routed to (a unit's name; empty: no unit, so
# only the DPO and admins see it in the intake queue until one is configured).
INTAKE_UNITS = {
    "foi": env.str("INTAKE_FOI_UNIT", default=""),
    "eir": env.str("INTAKE_EIR_UNIT", default=""),
    "roa": env.str("INTAKE_ROA_UNIT", default=""),
}
# Spam limits: submissions per email address and per client address in a rolling day.
INTAKE_LIMIT_PER_ADDRESS = env.int("INTAKE_LIMIT_PER_ADDRESS", default=5)
INTAKE_LIMIT_PER_CLIENT = env.int("INTAKE_LIMIT_PER_CLIENT", default=20)
INTAKE_LIMIT_WINDOW_SECONDS = env.int("INTAKE_LIMIT_WINDOW_SECONDS", default=24 * 60 * 60)
# The longest request text, and the largest identity-evidence file, accepted online.
INTAKE_MAX_TEXT_CHARS = env.int("INTAKE_MAX_TEXT_CHARS", default=10_000)
INTAKE_MAX_FILE_BYTES = env.int("INTAKE_MAX_FILE_BYTES", default=10 * 1024 * 1024)
# How long the email-confirmation link and the private follow link work.
INTAKE_CONFIRM_LINK_DAYS = env.int("INTAKE_CONFIRM_LINK_DAYS", default=7)
INTAKE_FOLLOW_LINK_DAYS = env.int("INTAKE_FOLLOW_LINK_DAYS", default=2 * 365)
# The intake queue's possible duplicates: same requester or similar text this recently.
INTAKE_DUPLICATE_DAYS = env.int("INTAKE_DUPLICATE_DAYS", default=60)
#: What a rejected (spam) or merged online submission holds of its requester goes this long
#: after the decision (intake/retention.py); an accepted one's goes with its request's.
INTAKE_DECIDED_RETENTION_DAYS = env.int("INTAKE_DECIDED_RETENTION_DAYS", default=90)
# Evidence uploaded in an online journey that is never sent is deleted this many hours
# after its upload (intake.retention.remove_abandoned_uploads; docs/retention.md). Keep
# it well above the session's life (SESSION_IDLE_MINUTES), or a slow requester's file
# could go before they press send.
INTAKE_ABANDONED_UPLOAD_HOURS = env.int("INTAKE_ABANDONED_UPLOAD_HOURS", default=24)
INTAKE_DUPLICATE_SIMILARITY = env.float("INTAKE_DUPLICATE_SIMILARITY", default=0.6)
