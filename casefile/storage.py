"""Where document bytes live (settings.STORAGES["documents"])."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from storages.backends.s3 import S3Storage


class DocumentStorage(FileSystemStorage):
    """Private files under settings.DOCUMENTS_DIR, never served by URL (downloads go
    through the access-logged view). Read on every use, so a test can move it."""

    @property
    def base_location(self):
        return str(settings.DOCUMENTS_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise NotImplementedError("Documents are downloaded through the case file.")


def document_storage():
    return storages["documents"]


class S3DocumentStorage(S3Storage):
    """An S3-compatible bucket (DOCUMENT_STORAGE=s3). Objects are private: no ACL, no
    overwriting, and no link to them is ever made (downloads go through the case file)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError("Documents are downloaded through the case file.")
