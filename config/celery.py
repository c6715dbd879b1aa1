"""The Celery application. Tasks are autodiscovered from each app's `tasks.py`;
the beat schedule lives in settings (CELERY_BEAT_SCHEDULE)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("rights_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
