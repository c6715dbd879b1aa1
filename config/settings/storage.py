"""Files: static files, job files, documents on requests (local or S3) and upload checks."""

from typing import Any

from .environment import BASE_DIR, PRODUCTION, env

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# frontend/build is made by `make frontend` (GOV.UK Frontend from npm).
STATICFILES_DIRS = [path for path in [BASE_DIR / "frontend" / "build"] if path.is_dir()]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Files made by background jobs (core/jobs.py) ---
# Where job files are kept: private (never served as static or media files), and shared
# by the web and worker processes (a volume in docker-compose.yml).
JOB_FILES_DIR = env.path("JOB_FILES_DIR", default=BASE_DIR / "var" / "jobs")
STORAGES["jobs"] = {"BACKEND": env.str("JOB_STORAGE", default="core.storage.JobFileStorage")}

# --- Documents on requests (casefile app) and uploads ---
# Documents on requests: the bytes go to STORAGES["documents"], the database holds only
# their metadata. DOCUMENT_STORAGE picks where (README "Document storage"): "local" (the
# default: files under DOCUMENTS_DIR, never served by URL: every download goes through an
# access-logged view), "s3" (an S3-compatible bucket through django-storages; objects are
# private and never linked to), or the dotted path of another Django storage class.
DOCUMENTS_DIR = env.path("DOCUMENTS_DIR", default=BASE_DIR / "var" / "documents")
DOCUMENT_STORAGE = env.str("DOCUMENT_STORAGE", default="local")
if DOCUMENT_STORAGE == "s3":
    _s3_options: dict[str, Any] = {
        "bucket_name": env.str("DOCUMENT_S3_BUCKET", default=""),
        # Empty: AWS itself; for MinIO, Ceph, etc. their address.
        "endpoint_url": env.str("DOCUMENT_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("DOCUMENT_S3_REGION", default="") or None,
        # Empty: boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance
        # or task role).
        "access_key": env.str("DOCUMENT_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("DOCUMENT_S3_SECRET_ACCESS_KEY", default="") or None,
        # "path" for most S3-compatible servers; "virtual" or "auto" for AWS.
        "addressing_style": env.str("DOCUMENT_S3_ADDRESSING_STYLE", default="") or None,
        "location": env.str("DOCUMENT_S3_PREFIX", default="documents"),
        # Never a public ACL, never an existing object overwritten, no signed links.
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    if env.str("DOCUMENT_S3_SERVER_SIDE_ENCRYPTION", default=""):
        _s3_options["object_parameters"] = {
            "ServerSideEncryption": env.str("DOCUMENT_S3_SERVER_SIDE_ENCRYPTION")
        }
    STORAGES["documents"] = {
        "BACKEND": "casefile.storage.S3DocumentStorage",
        "OPTIONS": _s3_options,
    }
elif DOCUMENT_STORAGE == "local":
    STORAGES["documents"] = {"BACKEND": "casefile.storage.DocumentStorage"}
else:
    STORAGES["documents"] = {"BACKEND": DOCUMENT_STORAGE}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=25 * 1024 * 1024)
# clamd's address for the virus scan of every upload: "unix:///run/clamav/clamd.ctl" or
# "tcp://127.0.0.1:3310". Empty: no scan.
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="")
CLAMD_TIMEOUT_SECONDS = env.float("CLAMD_TIMEOUT_SECONDS", default=30.0)
