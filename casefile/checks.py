"""System checks: documents in S3 need a bucket before anything is uploaded."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def document_storage_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if getattr(settings, "DOCUMENT_STORAGE", "local") != "s3":
        return []
    options: dict = settings.STORAGES["documents"].get("OPTIONS", {})
    if not options.get("bucket_name"):
        return [
            checks.Error(
                "DOCUMENT_STORAGE is s3 but DOCUMENT_S3_BUCKET is not set.",
                hint="Name the (private) bucket the case file's documents are kept in.",
                id="casefile.E001",
            )
        ]
    return []
