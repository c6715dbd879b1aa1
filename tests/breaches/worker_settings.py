"""Settings for the real Celery worker started by test_alert_worker.py: the project's
settings, with email written to files in a directory the test reads."""

import os

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BREACH_TEST_MAIL_DIR"]
