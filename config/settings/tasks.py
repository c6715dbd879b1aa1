"""Celery (CELERY_BROKER_URL; unset: tasks run in-process), every periodic job (the beat
schedule), and when an export or import runs as a background job."""

from datetime import timedelta

from celery.schedules import crontab

from .base import TIME_ZONE
from .environment import env

# Unset broker: tasks run in-process (eagerly), so a laptop needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (killed, out of memory) goes back on the queue instead
# of being acknowledged as done.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task that was taken but never acknowledged (its worker vanished)
# after the visibility timeout: longer than the longest task may run, so a task still
# running is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60
    ),
    "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
}
# Sending a task from a web request with the broker down costs at most about a second:
# the change it follows is already committed, and its outbox row waits for the
# periodic drain (core/outbox.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Every periodic job is registered here, and only here.
CELERY_BEAT_SCHEDULE = {
    "drain-figure-changes": {
        # Recomputes whatever changes are still pending after a broker outage or a dead
        # worker (core/outbox.py); with nothing pending it does nothing.
        "task": "core.tasks.drain_figure_changes",
        "schedule": timedelta(seconds=env.int("FIGURES_DRAIN_SECONDS", default=30)),
    },
    "lapse-stalled-requests": {
        "task": "requests_tracker.tasks.lapse_stalled_requests",
        "schedule": crontab(hour=2, minute=15),
    },
    "request-reminder-digests": {
        "task": "requests_tracker.tasks.send_reminder_digests",
        # Weekday mornings; the task itself skips bank holidays.
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "recompute-timeliness-last-13-months": {
        "task": "dashboards.tasks.recompute_recent_months",
        "schedule": crontab(hour=3, minute=30),
    },
    "dpia-reminders": {
        "task": "dpia.tasks.send_assessment_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "dpia-pipeline-last-13-months": {
        "task": "dpia.tasks.recompute_recent_pipeline",
        "schedule": crontab(hour=3, minute=45),
    },
    "breach-deadline-alerts": {
        "task": "breaches.tasks.send_breach_deadline_alerts",
        "schedule": crontab(minute="*/15"),
    },
    "breach-analysis-snapshots": {
        "task": "breaches.tasks.recompute_breach_snapshots",
        "schedule": crontab(hour=3, minute=50),
    },
    "delete-expired-job-files": {
        # Export files and import uploads older than JOB_FILE_HOURS.
        "task": "requests_tracker.tasks.delete_expired_job_files",
        "schedule": crontab(minute=20),
    },
    "dispose-personal-data": {
        "task": "requests_tracker.tasks.dispose_personal_data",
        "schedule": crontab(hour=1, minute=30),
    },
    "dispose-decided-submissions": {
        "task": "intake.tasks.dispose_decided_submissions",
        "schedule": crontab(hour=1, minute=40),
    },
    "remove-abandoned-intake-uploads": {
        # Daily: evidence from online journeys never sent, past INTAKE_ABANDONED_UPLOAD_HOURS.
        "task": "intake.tasks.remove_abandoned_uploads",
        "schedule": crontab(hour=1, minute=50),
    },
    "disable-inactive-accounts": {
        # Warns, then disables, accounts unused for ACCOUNT_INACTIVE_DAYS.
        "task": "core.tasks.disable_inactive_accounts",
        "schedule": crontab(hour=6, minute=45),
    },
    "data-request-chasers": {
        # Weekday mornings; the task skips bank holidays and never chases twice a day.
        "task": "casefile.tasks.chase_data_requests",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    "resend-requester-emails": {
        # Emails to requesters still waiting after a failed attempt (an SMTP outage).
        "task": "casefile.tasks.resend_waiting_emails",
        "schedule": timedelta(minutes=env.int("EMAIL_RETRY_MINUTES", default=10)),
    },
}

# --- Large exports and imports run as jobs (core/jobs.py, docs/import-format.md) ---
# An export of more rows than this runs as a job that writes a file the user downloads
# when it is ready (a web worker is never busy streaming it for minutes).
EXPORT_ASYNC_ROWS = env.int("EXPORT_ASYNC_ROWS", default=5000)
# Exporting more requesters' records than this asks for a reason, kept in the access log.
EXPORT_REASON_ROWS = env.int("EXPORT_REASON_ROWS", default=500)
# A legacy import file larger than this (bytes) is imported by a job, with progress.
IMPORT_ASYNC_BYTES = env.int("IMPORT_ASYNC_BYTES", default=1024 * 1024)
# Files made by jobs (exports; uploaded import files) are deleted after this many hours.
JOB_FILE_HOURS = env.int("JOB_FILE_HOURS", default=24)
