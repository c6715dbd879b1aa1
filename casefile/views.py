"""The case file's pages: thin views over the services; the section itself is rendered
on the request page by the `case_file` template tag (templatetags/casefile_tags.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ConflictError, TransitionError
from core.govuk_forms import apply_service_errors, run_service
from core.models import AccessLogEntry
from requests_tracker.selectors import can_work_on_requests

from . import selectors, services
from .api.views import download
from .forms import ConfirmReleaseForm, DataRequestForm, ReceivedForm, UploadForm
from .models import DataRequest, Document


def _request_for(user, pk: int):
    if not user.is_authenticated:
        raise PermissionDenied
    if not can_work_on_requests(user):
        raise PermissionDenied
    found = selectors.visible_request(user, pk)
    if found is None:
        raise Http404("No such request.")
    if not selectors.may_use_case_file(user, found):
        raise PermissionDenied
    return found


def _back(item) -> str:
    return reverse("requests:detail", args=[item.pk]) + "#case-file"


def _bound(request, files: bool = False) -> tuple:
    """Form arguments: bound to what was posted (even an empty POST), unbound on GET."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _login(view):
    from django.contrib.auth.decorators import login_required

    return login_required(view)


@_login
def upload(request, pk: int):
    item = _request_for(request.user, pk)
    form = UploadForm(*_bound(request, files=True))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            added = []
            for file in request.FILES.getlist("file"):
                try:
                    added.append(
                        services.upload_document(
                            request_id=item.pk,
                            actor=request.user,
                            file=file,
                            kind=form.cleaned_data["kind"],
                            description=form.cleaned_data["description"],
                            replaces=form.cleaned_data["replaces"],
                        )
                    )
                except ValidationError as error:
                    for message in error.message_dict.get("file", []) or error.messages:
                        form.add_error("file", f"{file.name}: {message}")
            if added:
                messages.success(
                    request,
                    f"{item.reference}: added {len(added)} document{'s' if len(added) != 1 else ''}.",
                )
            if not form.errors:
                return redirect(_back(item))
    return render(request, "casefile/upload.html", {"item": item, "form": form}, status=status)


@_login
def document_download(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("request"), pk=pk)
    _request_for(request.user, document.request_id)
    return download(request, document, AccessLogEntry.Action.VIEW)


@_login
def confirm_release(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("request"), pk=pk)
    item = _request_for(request.user, document.request_id)
    form = ConfirmReleaseForm(*_bound(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            answer = run_service(
                form,
                lambda: services.confirm_release(
                    document_id=document.pk, actor=request.user, reason=form.cleaned_data["reason"]
                ),
            )
            if answer.done:
                messages.success(request, f"{item.reference}: release confirmed.")
                return redirect(_back(item))
            status = answer.status
    context = {"item": item, "document": document, "form": form}
    return render(request, "casefile/confirm_release.html", context, status=status)


@_login
@require_POST
def release(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("request"), pk=pk)
    item = _request_for(request.user, document.request_id)
    try:
        services.mark_released(document_id=document.pk, actor=request.user)
    except (TransitionError, ConflictError) as error:
        messages.error(request, f"{document.filename}: {error}")
    else:
        messages.success(request, f"{item.reference}: {document.filename} marked released.")
    return redirect(_back(item))


@_login
def data_request_new(request, pk: int):
    item = _request_for(request.user, pk)
    form = DataRequestForm(*_bound(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.commission_data_request(
                    request_id=item.pk, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{item.reference}: data request sent.")
                return redirect(_back(item))
    return render(
        request, "casefile/data_request.html", {"item": item, "form": form}, status=status
    )


@_login
@require_POST
def data_request_chase(request, pk: int):
    data_request = get_object_or_404(DataRequest, pk=pk)
    item = _request_for(request.user, data_request.request_id)
    try:
        services.chase_data_request(data_request_id=data_request.pk, actor=request.user)
    except (TransitionError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"{item.reference}: data request chased.")
    return redirect(_back(item))


@_login
def data_request_received(request, pk: int):
    data_request = get_object_or_404(DataRequest, pk=pk)
    item = _request_for(request.user, data_request.request_id)
    form = ReceivedForm(*_bound(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            answer = run_service(
                form,
                lambda: services.record_received(
                    data_request_id=data_request.pk, actor=request.user, **form.cleaned_data
                ),
            )
            if answer.done:
                messages.success(request, f"{item.reference}: answer recorded.")
                return redirect(_back(item))
            status = answer.status
    context = {"item": item, "form": form, "data_request": data_request}
    return render(request, "casefile/received.html", context, status=status)
