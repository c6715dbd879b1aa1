"""Project-wide pages: the public landing page, the signed-in home page, /healthz, the
error pages, and the access log for the DPO."""

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection
from redis.backoff import NoBackoff
from redis.retry import Retry

from accounts import selectors as account_selectors

from . import access, csv_files
from .cache import ResilientRedisCache
from .forms import AccessLogSearchForm, RoleChangeSearchForm
from .models import AccessLogEntry, Job
from .policy import ACCESS_LOG_READERS, roles_required

logger = logging.getLogger(__name__)


def landing(request):
    return render(request, "landing.html")


#: How the privacy notice names each retention period of settings.RETENTION_YEARS.
RETENTION_LABELS = {
    "roa": "Right of access (a request for your own personal data)",
    "foi": "Freedom of Information",
    "eir": "Environmental information",
    "internal_review": "Internal review of our answer",
}


@require_safe
def accessibility(request):
    return render(
        request,
        "core/service/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON,
        },
    )


@require_safe
def privacy(request):
    retention = [
        (RETENTION_LABELS.get(kind, kind), years)
        for kind, years in settings.RETENTION_YEARS.items()
    ]
    return render(
        request,
        "core/service/privacy.html",
        {"dpo_email": settings.DPO_CONTACT_EMAIL, "retention": retention},
    )


@require_safe
def cookies(request):
    return render(
        request,
        "core/service/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
    )


@login_required
def home(request):
    return render(request, "home.html")


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not healthy"; the reason goes to the log
        logger.exception("healthz: database check failed")
        return "error"
    return "ok"


def _redis_ping(url: str, timeout: float) -> bool:
    """PING with a deadline on connect and on the answer, and no retries: a hung Redis
    (one that accepts connections but never answers) costs `timeout`, not a hang."""
    client = redis.Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )
    try:
        return bool(client.ping())
    finally:
        client.close()


def _cache_status() -> str:
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        return "ok" if backend.ping() else "error"
    if isinstance(backend, LocMemCache):
        return "in-process"
    if isinstance(backend, DummyCache):
        return "not configured"
    try:
        backend.get("healthz")
    except Exception as error:
        logger.warning("healthz: cache check failed (%s)", type(error).__name__)
        return "error"
    return "ok"


def _broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "in-process"
    timeout = settings.HEALTHZ_CHECK_TIMEOUT
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            if not _redis_ping(url, timeout):
                return "error"
        else:
            with Connection(url, connect_timeout=timeout) as conn:
                conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as error:  # the class only: a broker URL can carry a password
        logger.warning("healthz: broker check failed (%s)", type(error).__name__)
        return "error"
    return "ok"


#: What the site cannot answer without. The cache and the broker degrade it: pages are
#: rendered from the database without the cache, and changes are saved while the
#: broker is down (background work catches up later), so a load balancer should keep
#: sending traffic: 200 with "status": "degraded".
ESSENTIAL = ("database",)


@require_safe
@never_cache
def healthz(request):
    checks = {
        "database": _database_status(),
        "cache": _cache_status(),
        "broker": _broker_status(),
    }
    down = [name for name, value in checks.items() if value == "error"]
    if any(name in ESSENTIAL for name in down):
        status, code = "error", 503
    elif down:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


# --- The access log (DPO and admins) -----------------------------------------------------


def _searched(request, form_class, search):
    """A log's search form and its rows: every row before a search, the matching ones
    after a valid search, none after an invalid one (the form says why)."""
    form = form_class(request.GET or None)
    if not form.is_bound:
        return form, search()
    if form.is_valid():
        return form, search(**form.cleaned_data)
    return form, search().none()


def _log_page(request, template: str, form, rows):
    """One page of 50 rows of a log, with the search kept in the page links."""
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def _access_log_entries(request):
    def search(user="", reference="", since=None, until=None):
        return access.search(username=user, reference=reference, since=since, until=until)

    return _searched(request, AccessLogSearchForm, search)


@roles_required(*ACCESS_LOG_READERS)
def access_log(request):
    form, entries = _access_log_entries(request)
    return _log_page(request, "core/access_log.html", form, entries)


@roles_required(*ACCESS_LOG_READERS)
def access_log_export(request):
    _, entries = _access_log_entries(request)

    def rows():
        yield [
            "at",
            "username",
            "user_unit",
            "action",
            "record_type",
            "record_reference",
            "record_unit",
            "fields",
            "ip_address",
            "path",
            "export_rows",
            "reason",
        ]
        for entry in entries.iterator(chunk_size=2000):
            yield [
                timezone.localtime(entry.at).isoformat(),
                entry.user.username,
                entry.user_unit.name if entry.user_unit else "",
                entry.action,
                entry.record_type,
                entry.record_reference,
                entry.record_unit.name if entry.record_unit else "",
                ";".join(entry.fields),
                entry.ip_address,
                entry.path,
                entry.export_rows,
                entry.reason,
            ]

    return csv_files.streaming_response(rows(), filename="access-log.csv")


@roles_required(*ACCESS_LOG_READERS)
def unusual_access(request):
    return render(
        request, "core/unusual_access.html", {"report": access.unusual_access(), "days": 30}
    )


# --- The role-change log (DPO and admins) --------------------------------------------------


def _role_changes(request):
    def search(user="", since=None, until=None):
        return account_selectors.role_changes(username=user, since=since, until=until)

    return _searched(request, RoleChangeSearchForm, search)


@roles_required(*ACCESS_LOG_READERS)
def role_changes(request):
    form, changes = _role_changes(request)
    return _log_page(request, "core/role_changes.html", form, changes)


@roles_required(*ACCESS_LOG_READERS)
def role_changes_export(request):
    _, changes = _role_changes(request)

    def rows():
        yield ["at", "username", "what", "change", "value", "by", "source", "note"]
        for change in changes.iterator(chunk_size=2000):
            yield [
                timezone.localtime(change.at).isoformat(),
                change.user.username,
                change.kind,
                change.change,
                change.value,
                change.actor.username if change.actor else "",
                change.source,
                change.note,
            ]

    return csv_files.streaming_response(rows(), filename="role-changes.csv")


# --- Background jobs: progress and the file, for their owner only ------------------------

#: Seconds between automatic reloads of a job page that is not finished (an HTTP
#: `Refresh` header: the Content-Security-Policy allows no inline script or meta refresh).
JOB_REFRESH_SECONDS = 5


def _own_job(request, pk: int) -> Job:
    # Someone else's job is "not found", not "forbidden": its existence is not shown.
    return get_object_or_404(Job.objects.select_related("owner"), pk=pk, owner=request.user)


@login_required
@never_cache
@require_safe
def job(request, pk: int):
    job = _own_job(request, pk)
    downloadable = (
        job.kind == Job.Kind.REQUESTS_EXPORT
        and job.status == Job.Status.DONE
        and bool(job.file)
        and (job.expires_at is None or job.expires_at > timezone.now())
    )
    response = render(
        request,
        "core/job.html",
        {
            "job": job,
            "downloadable": downloadable,
            "report": [
                {"line": line, "column": column, "message": message}
                for line, column, message in job.result.get("errors", [])
            ],
            "more": job.result.get("more", 0),
            "refresh_seconds": JOB_REFRESH_SECONDS,
        },
    )
    if not job.finished:
        response["Refresh"] = str(JOB_REFRESH_SECONDS)
    return response


class _JobRecord:
    """An export file as an access-log record."""

    def __init__(self, job: Job) -> None:
        self.pk = job.pk
        self.reference = f"export-job-{job.pk}"
        self.unit_id = None


@login_required
@require_safe
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if (
        job.kind != Job.Kind.REQUESTS_EXPORT
        or job.status != Job.Status.DONE
        or not job.file
        or (job.expires_at is not None and job.expires_at <= timezone.now())
    ):
        raise Http404("There is no file to download: it is not ready, or it has been deleted.")
    handle = job.file.open("rb")
    access.record_access(
        user=request.user,
        records=[_JobRecord(job)],
        record_type="export_file",
        fields=job.parameters.get("fields", []),
        action=AccessLogEntry.Action.EXPORT,
        http_request=request,
        reason=job.parameters.get("reason", ""),
        export_rows=job.total,
    )
    return FileResponse(handle, as_attachment=True, filename=job.filename or "export.csv")
