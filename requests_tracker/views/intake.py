"""Logging a request: choosing its kind, the form, the receipt."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from core.govuk_forms import apply_service_errors

from .. import forms, selectors, services
from ..models import InformationRequest
from ..vocabularies import RequestKind
from ._access import _require_worker

# ---------------------------------------------------------------------------------------
# Logging a request
# ---------------------------------------------------------------------------------------


@login_required
def choose_kind(request):
    _require_worker(request.user)
    error = None
    if "kind" in request.GET:
        kind = request.GET["kind"]
        if kind in forms.LOGGABLE_KINDS:
            return redirect("requests:log", kind=kind)
        error = "Choose the kind of request"
    return render(
        request,
        "requests_tracker/choose_kind.html",
        {
            "kinds": [(k.value, k.label) for k in forms.LOGGABLE_KINDS],
            "page_errors": [error] if error else [],
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def log_request(request, kind: str):
    _require_worker(request.user)
    if kind not in forms.LOGGABLE_KINDS:
        raise Http404("No such kind of request.")
    initial = {"unit": request.user.unit_id}
    duplicates: list[InformationRequest] = []
    if request.method == "POST":
        form = forms.LogRequestForm(request.POST, kind=kind, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            duplicates = list(
                selectors.possible_duplicates(
                    kind=kind, email=data["requester_email"], received_on=data["received_on"]
                )[:5]
            )
            if duplicates and not data["confirm_not_duplicate"]:
                form.add_error(
                    "confirm_not_duplicate",
                    "The same requester made a request of this kind in the last 30 days: "
                    "check it is not a duplicate, then confirm",
                )
            else:
                try:
                    created = services.log_request(
                        actor=request.user,
                        kind=kind,
                        regime=data.get("regime", ""),
                        received_on=data["received_on"],
                        channel=data["channel"],
                        requester_type=data["requester_type"],
                        summary=data["summary"],
                        unit=data["unit"],
                        assigned_to=request.user
                        if request.user.has_role(Role.CASEWORKER)
                        and data["unit"].pk == request.user.unit_id
                        else None,
                        requester=services.RequesterDetails(
                            name=data["requester_name"],
                            email=data["requester_email"],
                            address=data["requester_address"],
                            phone=data["requester_phone"],
                        ),
                    )
                except ValidationError as error:
                    apply_service_errors(form, error, form.ALIASES)
                else:
                    return redirect("requests:logged", pk=created.pk)
    else:
        form = forms.LogRequestForm(kind=kind, initial=initial)
    return render(
        request,
        "requests_tracker/log_request.html",
        {
            "form": form,
            "kind_label": RequestKind(kind).label,
            "kind": kind,
            "duplicates": duplicates,
        },
        status=400 if form.errors else 200,
    )


@login_required
def logged(request, pk: int):
    _require_worker(request.user)
    item = selectors.logged_receipt(request.user, pk)
    if item is None:
        raise Http404("No such request.")
    visible = selectors.visible_requests(request.user).filter(pk=pk).exists()
    return render(request, "requests_tracker/logged.html", {"item": item, "visible": visible})
