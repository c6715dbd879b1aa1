"""Where job files live (settings.STORAGES["jobs"]; README "Legacy import and export")."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class JobFileStorage(FileSystemStorage):
    """Private files under settings.JOB_FILES_DIR, never served by URL. The directory is
    read on every use, so a test (or a deployment) can move it without a restart."""

    @property
    def base_location(self):
        return str(settings.JOB_FILES_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise NotImplementedError("Job files are downloaded through their job's page.")
