"""Project-wide pages: the public landing page, the signed-in home page, /healthz, the
error pages, and the access log for the DPO."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from . import access, csv_files
from .forms import AccessLogSearchForm
from .policy import ACCESS_LOG_READERS, roles_required

logger = logging.getLogger(__name__)


def landing(request):
    return render(request, "landing.html")


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


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("healthz: broker check failed")
        return "error"
    return "ok"


@require_GET
@never_cache
def healthz(request):
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(value in {"ok", "in-process"} for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


# --- The access log (DPO and admins) -----------------------------------------------------


def _access_log_entries(request):
    form = AccessLogSearchForm(request.GET or None)
    entries = access.search()
    if form.is_bound and form.is_valid():
        entries = access.search(
            username=form.cleaned_data["user"],
            reference=form.cleaned_data["reference"],
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
    elif form.is_bound:
        entries = entries.none()
    return form, entries


@roles_required(*ACCESS_LOG_READERS)
def access_log(request):
    form, entries = _access_log_entries(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


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
            ]

    return csv_files.streaming_response(rows(), filename="access-log.csv")


@roles_required(*ACCESS_LOG_READERS)
def unusual_access(request):
    return render(
        request, "core/unusual_access.html", {"report": access.unusual_access(), "days": 30}
    )
