"""Evidence files sent by the public: checked as the case file checks uploads (content,
never the name; the virus scanner when configured), with a smaller size limit and only
the kinds a scan or photo of a document comes as."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

from casefile import content, scanning
from casefile.storage import document_storage

logger = logging.getLogger(__name__)

#: What proof of identity comes as: a scan (PDF) or a photo.
EVIDENCE_TYPES = ("pdf", "png", "jpeg")


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    data: bytes
    content_type: str


def check_file(file, field: str = "file") -> CheckedFile:
    """The file's bytes once they pass the checks; a ValidationError in plain words if not."""
    limit = settings.INTAKE_MAX_FILE_BYTES
    name = (getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        raise ValidationError({field: ["Choose a file."]})
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError({field: [f"The file must be smaller than {filesizeformat(limit)}."]})
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({field: [f"The file must be smaller than {filesizeformat(limit)}."]})
    if not data:
        raise ValidationError({field: ["The file is empty."]})
    detected = content.detect(data)
    if not detected.allowed or detected.file_type not in EVIDENCE_TYPES:
        raise ValidationError(
            {field: ["The file must be a PDF, a PNG or a JPEG (a scan or photo)."]}
        )
    try:
        verdict = scanning.scan(data)
    except scanning.ScanUnavailable as error:
        logger.warning("virus scan unavailable: %s", error)
        raise ValidationError(
            {field: ["The file could not be checked for viruses just now. Try again later."]}
        ) from None
    if verdict is not None and not verdict.clean:
        raise ValidationError({field: ["The file could not be accepted: it contains a virus."]})
    return CheckedFile(filename=name[:255], data=data, content_type=detected.content_type)


#: Where uploads wait in document storage until their submission is sent and accepted.
UPLOAD_DIR = "intake"


def store(checked: CheckedFile) -> str:
    """Keep the bytes in document storage until the submission is accepted; the key."""
    return document_storage().save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", ContentFile(checked.data))


def read(stored_name: str) -> bytes:
    with document_storage().open(stored_name, "rb") as handle:
        return handle.read()


def delete(stored_name: str) -> None:
    document_storage().delete(stored_name)
