"""What an uploaded file is, from its content (never its name), and whether we keep it."""

from __future__ import annotations

from dataclasses import dataclass

from core.release_check import detect_type
from core.release_check.container import SafeZip
from core.release_check.model import Budget, Limits
from core.release_check.xls import stream_names

#: What the API's multipart parser puts in place of a path separator in an uploaded
#: file's name, so that the name survives Django's basename() and is refused as a path.
PATH_MARK = "\u2215"

#: file type -> content type sent back with a download.
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv",
    "text": "text/plain",
    "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # a script
)
_EML_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"received:", b"message-id:")
_ODT_TYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Detected:
    file_type: str
    allowed: bool
    reason: str = ""

    @property
    def content_type(self) -> str:
        return ALLOWED.get(self.file_type, "application/octet-stream")


def _looks_like_email(data: bytes) -> bool:
    head = data[:4096].lower()
    first_lines = head.split(b"\n", 20)[:20]
    return sum(1 for line in first_lines if line.startswith(_EML_HEADERS)) >= 2


def detect(data: bytes) -> Detected:
    if not data:
        return Detected("empty", False, "The file is empty.")
    if data.startswith(_EXECUTABLE_MAGIC):
        return Detected(
            "executable", False, "The file is a program or script, which cannot be added."
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Detected("png", True)
    if data.startswith(b"\xff\xd8\xff"):
        return Detected("jpeg", True)
    file_type = detect_type(data)
    if file_type == "zip":
        try:
            archive = SafeZip(data, Budget(Limits()))
            if archive.has("mimetype") and archive.read("mimetype")[:100].strip() == _ODT_TYPE:
                return Detected("odt", True)
        except Exception:  # noqa: S110 - a damaged zip is refused below
            pass
    if file_type == "ole":
        names = stream_names(data) or []
        if any(str(name).startswith("__substg1.0_") for name in names):
            return Detected("msg", True)
    if file_type == "text" and _looks_like_email(data):
        return Detected("eml", True)
    if file_type in ALLOWED:
        return Detected(file_type, True)
    if file_type == "encrypted_office":
        return Detected(
            file_type, False, "The file is password-protected: remove the password, then add it."
        )
    return Detected(
        file_type,
        False,
        "The file is not a type the case file takes (PDF, Word, Excel, OpenDocument, CSV, "
        "text, email, PNG or JPEG image).",
    )
