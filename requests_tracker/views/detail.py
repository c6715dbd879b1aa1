"""The request page and its actions (declared in requests_tracker/services/actions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from core import policy
from core.access import record_access
from core.errors import ConflictError, TransitionError
from core.govuk_forms import apply_service_errors
from core.models import AccessLogEntry

from .. import selectors
from ..models import InformationRequest, RequestEvent
from ..services import WORKFLOW
from ..vocabularies import StopReason
from ._access import _require_worker, may_see_personal_data

# ---------------------------------------------------------------------------------------
# The request page and its actions
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    """How the request page shows a declared action (services/actions.py)."""

    button: str
    success: str
    warning: bool = False


#: The page's words for each action it offers; the title is the declared label.
PAGE_TEXT = {
    "stop_clock": PageText("Stop the clock", "Clock stopped."),
    "restart_clock": PageText("Restart the clock", "Clock restarted."),
    "extend": PageText("Extend the deadline", "Deadline extended."),
    "assign": PageText("Assign", "Request assigned."),
    "close": PageText("Close the request", "Request closed."),
    "internal_review": PageText("Open the internal review", "Internal review opened."),
    "reopen": PageText("Reopen", "Request reopened."),
    "withdraw": PageText("Withdraw the request", "Request withdrawn.", warning=True),
    "note": PageText("Add the note", "Note added to the timeline."),
}


@dataclass
class PageAction:
    """One action offered on the request page, with its form."""

    name: str
    title: str
    button: str
    form: Any
    success: str
    warning: bool = False
    open: bool = False

    @property
    def slug(self) -> str:  # in the URL and the form's prefix: stop-clock
        return slug_of(self.name)


def slug_of(name: str) -> str:
    return name.replace("_", "-")


def _title(declared, item: InformationRequest, user: User) -> tuple[str, str]:
    """The title and button: the declared label, in the words of the stop to end, or
    for a caseworker taking a request themselves."""
    text = PAGE_TEXT[declared.name]
    if declared.name == "restart_clock":
        stop = next((stop for stop in item.clock_stops.all() if stop.ended_on is None), None)
        if stop is not None and stop.reason == StopReason.IDENTITY:
            return "Record identity received", "Record identity received"
        if stop is not None and stop.reason == StopReason.FEE:
            return "Record the fee received", "Record fee received"
    if declared.name == "assign" and not policy.leads(user):
        return "Assign to me", text.button
    return declared.label, text.button


def _page_action(declared, item: InformationRequest, user: User, data=None) -> PageAction:
    """The declared action with its form: bound to `data`, or unbound at the version seen."""
    slug = slug_of(declared.name)
    kwargs = declared.form_kwargs(user, item) if declared.form_kwargs else {}
    if data is not None:
        form = declared.form(data, prefix=slug, **kwargs)
    else:
        form = declared.form(initial={"version": item.version}, prefix=slug, **kwargs)
    title, button = _title(declared, item, user)
    text = PAGE_TEXT[declared.name]
    return PageAction(declared.name, title, button, form, text.success, text.warning)


def _actions(item: InformationRequest, user: User, data=None, only: str | None = None):
    """What the user may do to the request now (WORKFLOW.available, the API's answer too),
    each with its form; the action named `only` bound to `data`, and shown even when it is
    not offered so its refusal can be read beside what was typed."""
    offered = [a for a in WORKFLOW.available(user, item) if a.name in PAGE_TEXT]
    if only is not None and only not in {a.name for a in offered}:
        offered.append(WORKFLOW[only])
    return [
        _page_action(declared, item, user, data if declared.name == only else None)
        for declared in offered
    ]


def _detail_queryset(user: User):
    return selectors.visible_requests(user).prefetch_related(
        Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
        "clock_stops",
        "reviews",
    )


def _render_detail(request, item, actions, *, page_errors=(), status=200, error_target=None):
    today = selectors.uk_today()
    rules = selectors.statutory_rules()
    bound = next((a for a in actions if a.form.is_bound), None)
    show_personal_data = may_see_personal_data(request.user, item)
    if show_personal_data:
        record_access(
            user=request.user,
            records=[item],
            record_type="request",
            fields=[
                "summary",
                "requester.name",
                "requester.email",
                "requester.address",
                "requester.phone",
            ],
            action=AccessLogEntry.Action.VIEW,
            http_request=request,
        )
    return render(
        request,
        "requests_tracker/request_detail.html",
        {
            "item": item,
            "deadline": selectors.deadline_state(item, today=today, rules=rules),
            "actions": actions,
            "bound_form": bound.form if bound else None,
            "page_errors": list(page_errors),
            "error_target": error_target or (f"#action-{bound.slug}" if bound else "#actions"),
            "has_errors": bool(page_errors) or bool(bound and bound.form.errors),
            "show_personal_data": show_personal_data,
            "events": list(item.events.all())[::-1],
        },
        status=status,
    )


@login_required
def request_detail(request, pk: int):
    _require_worker(request.user)
    item = get_object_or_404(_detail_queryset(request.user), pk=pk)
    return _render_detail(request, item, _actions(item, request.user))


def _page_errors(error: Exception) -> str:
    if isinstance(error, ConflictError):
        return f"{error} Your entries are kept below: check the timeline, then send them again."
    return str(error)


@login_required
@require_POST
def request_action(request, pk: int, action: str):
    """Every action on the request page: the declared action named in the URL, its form,
    then the service's answer (400 field errors, 403, 409, or done)."""
    _require_worker(request.user)
    name = action.replace("-", "_")
    if name not in PAGE_TEXT or slug_of(name) != action:
        raise Http404("No such action.")
    item = get_object_or_404(_detail_queryset(request.user), pk=pk)
    refusal = WORKFLOW.refusal(item, name, request.user)
    if refusal is not None:
        actions = _actions(item, request.user)
        return _render_detail(
            request,
            item,
            actions,
            page_errors=[f"That action is not available. {refusal}"],
            status=409,
            error_target="#actions",
        )
    actions = _actions(item, request.user, data=request.POST, only=name)
    chosen = next(a for a in actions if a.name == name)
    chosen.open = True
    form = chosen.form
    if not form.is_valid():
        return _render_detail(request, item, actions, status=400)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    declared = WORKFLOW[name]
    try:
        WORKFLOW.perform(
            name,
            pk=item.pk,
            actor=request.user,
            # A note changes nothing a stale page could overwrite: no version check.
            version=version if declared.changes_record else None,
            **data,
        )
    except ValidationError as error:
        apply_service_errors(form, error, getattr(form, "ALIASES", None))
        return _render_detail(request, item, actions, status=400)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "Your role does not allow this.")
        return _render_detail(request, item, actions, status=403)
    except (ConflictError, TransitionError) as error:
        # Reload what changed and keep everything the user typed: only the version the
        # form carries moves on, so sending it again applies their entry to the latest.
        item = get_object_or_404(_detail_queryset(request.user), pk=pk)
        if WORKFLOW.refusal(item, name, request.user) is not None:
            return _render_detail(
                request, item, _actions(item, request.user), page_errors=[str(error)], status=409
            )
        posted = request.POST.copy()
        posted[f"{action}-version"] = str(item.version)
        actions = _actions(item, request.user, data=posted, only=name)
        chosen = next(a for a in actions if a.name == name)
        chosen.open = True
        chosen.form.is_valid()
        chosen.form.add_error(None, _page_errors(error))
        return _render_detail(request, item, actions, status=409)
    messages.success(request, f"{item.reference}: {chosen.success}")
    return redirect(reverse("requests:detail", kwargs={"pk": item.pk}))
