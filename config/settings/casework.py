"""The rules of the casework apps: statutory calendars, timeliness targets, DPIA triage,
retention of requesters' personal data, and data requests to business areas (casefile).
Online requests (the intake app) are in `intake`."""

from datetime import date

from django.core.exceptions import ImproperlyConfigured

from .environment import env

# --- Statutory rules (see docs/law.md) --------------------------------------------------
ROA_HOLIDAY_REGION = env.str("ROA_HOLIDAY_REGION", default="EW")
PART3_COUNT_FROM = env.str("PART3_COUNT_FROM", default="receipt")
FOI_MAX_EXTENSION_WORKING_DAYS = env.int("FOI_MAX_EXTENSION_WORKING_DAYS", default=20)
CLOCK_STOP_LAPSE_DAYS = env.int("CLOCK_STOP_LAPSE_DAYS", default=90)
# No request date (received, clock stop, extension, closure, withdrawal, decision) may be
# earlier than this: it catches mistyped years (0001, 1026) before they reach the figures.
EARLIEST_DATE = date.fromisoformat(env.str("EARLIEST_DATE", default="2000-01-01"))
# Who a new internal review is assigned to: a username (an active caseworker, team lead,
# DPO or admin; requests_tracker/checks.py checks it), or empty for whoever opens it.
INTERNAL_REVIEW_ASSIGNEE = env.str("INTERNAL_REVIEW_ASSIGNEE", default="")

# --- Timeliness figures (see docs/metrics.md) -------------------------------------------
# Target percentage per request kind, drawn on every chart and used for the Board's
# red/amber/green status (default BOARD_TARGET_PERCENT, 90%: the regulator's threshold for
# concern on FOIA). A month is green at or above its target, amber below it by less than
# BOARD_AMBER_BAND percentage points, red below that. dashboards/checks.py refuses values
# that do not make sense.
BOARD_TARGET_PERCENT = env.float("BOARD_TARGET_PERCENT", default=90.0)
BOARD_AMBER_BAND = env.float("BOARD_AMBER_BAND", default=5.0)
TIMELINESS_TARGETS = {
    "roa": env.float("TIMELINESS_TARGET_ROA", default=BOARD_TARGET_PERCENT),
    "foi": env.float("TIMELINESS_TARGET_FOI", default=BOARD_TARGET_PERCENT),
    "eir": env.float("TIMELINESS_TARGET_EIR", default=BOARD_TARGET_PERCENT),
    "internal_review": env.float("TIMELINESS_TARGET_INTERNAL_REVIEW", default=BOARD_TARGET_PERCENT),
}
# A burst of changes within this many seconds causes one recomputation (core/outbox.py).
FIGURES_COALESCE_SECONDS = env.int("FIGURES_COALESCE_SECONDS", default=5)
# How long public pages and open data may be cached by browsers and proxies (seconds).
TIMELINESS_CACHE_SECONDS = env.int("TIMELINESS_CACHE_SECONDS", default=300)
if ROA_HOLIDAY_REGION not in {"EW", "SCT", "NIR", "UK"}:
    raise ImproperlyConfigured("ROA_HOLIDAY_REGION must be one of EW, SCT, NIR, UK.")
if PART3_COUNT_FROM not in {"receipt", "day_after"}:
    raise ImproperlyConfigured("PART3_COUNT_FROM must be 'receipt' or 'day_after'.")

# --- DPIA triage (see dpia/rules.py and README "DPIA triage") ---------------------------
# Complexity x inherent risk -> tier; each tier's target review time (calendar days) and
# reviewer level. Unset: dpia.rules.DEFAULT_TRIAGE. Override with DPIA_TRIAGE as JSON in
# the same shape; a system check (dpia/checks.py) refuses a table that does not add up,
# so `migrate` and `check` stop before anything serves with it.
DPIA_TRIAGE = env.json("DPIA_TRIAGE", default=None)

# --- Retention of requesters' personal data (docs/retention.md) ------------------------
# Years after a request is finished (closed, withdrawn or lapsed) before its requester's
# personal data is disposed of, per kind. Defaults follow The National Archives' FOI
# retention guidance (3 years after the last action) and, for right of access, the
# 6-year limitation period for claims.
RETENTION_YEARS = {
    "roa": env.int("RETENTION_YEARS_ROA", default=6),
    "foi": env.int("RETENTION_YEARS_FOI", default=3),
    "eir": env.int("RETENTION_YEARS_EIR", default=3),
    "internal_review": env.int("RETENTION_YEARS_INTERNAL_REVIEW", default=3),
}

# --- Data requests to business areas (casefile app) ---
# The areas (code=label pairs), the default deadline,
# how often an unanswered one is chased, and after how many chasers it goes to the manager.
DATA_REQUEST_AREAS = env.dict(
    "DATA_REQUEST_AREAS",
    default={
        "custody": "Custody",
        "cctv": "CCTV",
        "body_worn_video": "Body-worn video",
        "professional_standards": "Professional standards",
        "crime_records": "Crime records",
    },
)
DATA_REQUEST_WORKING_DAYS = env.int("DATA_REQUEST_WORKING_DAYS", default=5)
DATA_REQUEST_CHASE_EVERY_WORKING_DAYS = env.int("DATA_REQUEST_CHASE_EVERY_WORKING_DAYS", default=2)
DATA_REQUEST_ESCALATE_AFTER_CHASES = env.int("DATA_REQUEST_ESCALATE_AFTER_CHASES", default=2)
# The named manager data requests are escalated to, unless one is given on the request.
DATA_REQUEST_MANAGER_EMAIL = env.str(
    "DATA_REQUEST_MANAGER_EMAIL", default="information.manager@example.org"
)
