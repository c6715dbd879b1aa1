"""The disclosure log's pages: public (the list, an item, its documents, the CSV and the
Atom feed) and the caseworker's steps (publish, withdraw) and the DPO's list. Thin views
over the selectors and services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from casefile.storage import document_storage
from core import csv_files, policy
from core.govuk_forms import run_service
from requests_tracker.selectors import can_work_on_requests, visible_requests

from . import selectors, services
from .forms import PublishForm, SearchForm, WithdrawForm
from .models import PublishedDocument

PAGE_SIZE = 20
#: The CSV holds at most this many rows (the newest); the JSON API pages through all.
CSV_MAX_ROWS = 100_000
FILTER_NAMES = ("q", "kind", "outcome", "exemption", "from_date", "to_date")


def _query(form: SearchForm) -> str:
    pairs = [(name, form.data.get(name, "")) for name in FILTER_NAMES]
    return urlencode([(k, v) for k, v in pairs if v])


@require_safe
def log(request):
    form = SearchForm(request.GET or None)
    filters = form.filters()
    items = selectors.search(filters)
    page = selectors.page_of(items, request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "items": page.object_list,
        "query": _query(form),
        "searched": bool(filters.q),
        "filtered": any(getattr(filters, name) for name in ("kind", "outcome", "exemption"))
        or filters.from_date
        or filters.to_date,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "disclosure/log.html", context, status=status)


@require_safe
def item_page(request, pk: int):
    item = selectors.item(pk)
    if item is None:
        raise Http404("No such item in the disclosure log.")
    documents = [] if item.withdrawn else list(item.documents.filter(document__isnull=False))
    status = 410 if item.withdrawn else 200
    return render(
        request, "disclosure/item.html", {"item": item, "documents": documents}, status=status
    )


@require_safe
def document_download(request, pk: int, document_pk: int):
    published = get_object_or_404(
        PublishedDocument.objects.select_related("item", "document"),
        pk=document_pk,
        item_id=pk,
        item__withdrawn_at__isnull=True,
        document__isnull=False,
    )
    document = published.document
    if document is None:  # filtered out above; for the type checker
        raise Http404("That document is no longer available.")
    handle = document_storage().open(document.stored_name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=published.filename, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


CSV_HEADER = [
    "reference",
    "kind",
    "title",
    "summary",
    "date_of_response",
    "outcome",
    "exemptions",
    "documents",
    "url",
    "documents_removed_on",
]


def csv_rows(items):
    yield CSV_HEADER
    for item in items.prefetch_related("documents")[:CSV_MAX_ROWS]:
        yield [
            item.reference,
            item.kind.upper(),
            item.title,
            item.summary,
            item.responded_on.isoformat(),
            item.outcome_label,
            "; ".join(item.exemptions),
            "; ".join(d.filename for d in item.available_documents),
            reverse("disclosure:item", args=[item.pk]),
            item.documents_removed_on.isoformat() if item.documents_removed_on else "",
        ]


@require_safe
def log_csv(request):
    """The live items the filters select, as open data (CSV, formula-guarded)."""
    form = SearchForm(request.GET or None)
    items = selectors.search(form.filters())
    return csv_files.streaming_response(csv_rows(items), filename="disclosure-log.csv")


# ---------------------------------------------------------------------------------------
# The caseworker's steps
# ---------------------------------------------------------------------------------------


def _request_for(user, pk: int):
    if not can_work_on_requests(user):
        raise PermissionDenied
    found = visible_requests(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such request.")
    if not services.may_publish(user, found):
        raise PermissionDenied
    return found


def _back(item) -> str:
    return reverse("requests:detail", args=[item.pk]) + "#disclosure-log"


@login_required
def publish(request, pk: int):
    record = _request_for(request.user, pk)
    documents = list(services.publishable_documents(record))
    refusal = services.WORKFLOW.refusal(record, "publish")
    data = request.POST if request.method == "POST" else None
    form = PublishForm(data, documents=documents, initial={"version": record.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            answer = run_service(
                form,
                lambda: services.publish(
                    request_id=record.pk,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    documents=[int(value) for value in form.cleaned_data["documents"]],
                    version=form.cleaned_data["version"],
                ),
            )
            if answer.done:
                messages.success(request, f"{record.reference}: published in the disclosure log.")
                return redirect(reverse("disclosure:item", args=[answer.result.pk]))
            status = answer.status
    context = {"record": record, "form": form, "documents": documents, "refusal": refusal}
    return render(request, "disclosure/publish.html", context, status=status)


@login_required
def withdraw(request, pk: int):
    record = _request_for(request.user, pk)
    item = services.live_item(record.pk)
    if item is None:
        raise Http404("This request is not in the disclosure log.")
    data = request.POST if request.method == "POST" else None
    form = WithdrawForm(data, initial={"version": record.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            answer = run_service(
                form,
                lambda: services.withdraw(
                    request_id=record.pk,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                ),
            )
            if answer.done:
                messages.success(request, f"{record.reference}: withdrawn from the disclosure log.")
                return redirect(_back(record))
            status = answer.status
    context = {"record": record, "item": item, "form": form}
    return render(request, "disclosure/withdraw.html", context, status=status)


@policy.roles_required(*policy.DISCLOSURE_LOG_MANAGERS)
def manage(request):
    """Every item, published and withdrawn, with who did it and why (the audit)."""
    page = Paginator(selectors.all_items(), 50).get_page(request.GET.get("page"))
    return render(request, "disclosure/manage.html", {"page": page, "items": page.object_list})
