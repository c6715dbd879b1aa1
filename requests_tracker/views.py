"""Caseworker and team-lead pages: thin views that read through selectors and write
through services, exactly as the API does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, Unit, User
from core import csv_files, policy
from core.access import record_access
from core.errors import ConflictError, TransitionError
from core.models import AccessLogEntry

from . import exports, forms, selectors, services
from .api.filters import RequestFilter
from .models import InformationRequest, RequestEvent
from .services import WORKFLOW
from .vocabularies import ACTIVE_STATUSES, RequestKind, Status, StopReason

PAGE_SIZE = 25

SORTS = exports.SORTS


def _require_worker(user: User) -> None:
    if not selectors.can_work_on_requests(user):
        raise PermissionDenied("Your role does not allow you to work on requests.")


def _is_lead(user: User) -> bool:
    return policy.leads(user)


may_see_personal_data = selectors.may_see_personal_data


# ---------------------------------------------------------------------------------------
# My work
# ---------------------------------------------------------------------------------------


def my_work_context(user: User) -> dict[str, Any]:
    """What My work shows: the user's open requests soonest first, with counts."""
    today = selectors.uk_today()
    rules = selectors.statutory_rules()
    queryset = selectors.work_list(user)
    return {
        "today": today,
        "counts": selectors.work_counts(queryset, today=today, rules=rules),
        "rows": selectors.with_deadlines(queryset, today=today, rules=rules),
    }


@login_required
def my_work(request):
    _require_worker(request.user)
    return render(request, "requests_tracker/my_work.html", my_work_context(request.user))


# ---------------------------------------------------------------------------------------
# All requests: filters, search, sort, pagination, bulk assign, CSV
# ---------------------------------------------------------------------------------------


def _filtered(request) -> tuple[RequestFilter, Any, str]:
    """The visible requests narrowed by the query string (the API's filter set)."""
    filterset, queryset = exports.filtered_requests(request.user, request.GET)
    return filterset, queryset, exports.sort_key(request.GET)


def _filter_choices(user: User) -> dict[str, Any]:
    unit_id = None if user.has_role(Role.DPO, Role.ADMIN) else user.unit_id
    units = Unit.objects.filter(active=True)
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    return {
        "kinds": RequestKind.choices,
        "statuses": Status.choices,
        "units": list(units),
        "assignees": list(selectors.assignable_users(unit_id)),
    }


@login_required
def request_list(request, bulk_form: forms.BulkAssignForm | None = None, status: int = 200):
    _require_worker(request.user)
    filterset, queryset, sort = _filtered(request)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    today = selectors.uk_today()
    rows = _hide_private(
        request.user,
        selectors.with_deadlines(page.object_list, today=today, rules=selectors.statutory_rules()),
    )
    choices = _filter_choices(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests_tracker/request_list.html",
        {
            "filterset": filterset,
            "filter_errors": filterset.errors if filterset.is_bound else {},
            "params": request.GET,
            "page": page,
            "page_links": _page_links(page),
            "rows": rows,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in SORTS.items()],
            "query": query.urlencode(),
            "is_lead": _is_lead(request.user),
            "bulk_form": bulk_form,
            "selected": request.POST.getlist("requests") if bulk_form else [],
            "filtered": any(
                value for key, value in request.GET.items() if key not in ("page", "sort")
            ),
            **choices,
        },
        status=status,
    )


def _hide_private(user: User, rows: list[InformationRequest]) -> list[InformationRequest]:
    """Mark rows whose summary the user may not read (it can hold personal data)."""
    for row in rows:
        row.hide_summary = not may_see_personal_data(user, row)
    return rows


def _page_links(page) -> list[int | None]:
    """Page numbers for the GOV.UK pagination component; None is an ellipsis."""
    last = page.paginator.num_pages
    wanted = {1, last, page.number - 1, page.number, page.number + 1}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    links: list[int | None] = []
    for n in numbers:
        if links and n - (links[-1] or 0) > 1:
            links.append(None)
        links.append(n)
    return links


@login_required
@require_POST
def bulk_assign(request):
    _require_worker(request.user)
    if not _is_lead(request.user):
        raise PermissionDenied("Only a team lead can assign requests to someone else.")
    unit_id = None if request.user.has_role(Role.DPO, Role.ADMIN) else request.user.unit_id
    form = forms.BulkAssignForm(
        request.POST,
        auto_id="bulk-%s",
        requests=selectors.visible_requests(request.user).filter(status__in=ACTIVE_STATUSES),
        users=selectors.assignable_users(unit_id),
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("requests:list")
    if form.is_valid():
        try:
            assigned = services.assign_many(
                request_ids=[r.pk for r in form.cleaned_data["requests"]],
                actor=request.user,
                assignee=form.cleaned_data["assignee"],
            )
        except (ValidationError, TransitionError, ConflictError) as error:
            form.add_error(None, _messages(error))
        else:
            who = form.cleaned_data["assignee"].display_name
            messages.success(
                request,
                f"{len(assigned)} request{'s' if len(assigned) != 1 else ''} assigned to {who}.",
            )
            return redirect(back)
    if back.startswith(reverse("requests:team")):
        return team(request, bulk_form=form, status=400)
    return request_list(request, bulk_form=form, status=400)


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export_csv(request):
    """Exactly the filtered list (every page), as CSV. Requester details and summaries
    only where the user's role allows them. The access log is written first. A large
    export asks to be confirmed and is made in the background; exporting many
    requesters' details asks for a reason."""
    _require_worker(request.user)
    _, queryset, _ = _filtered(request)
    size = exports.size(request.user, queryset)
    form = forms.ExportForm(
        request.POST if request.method == "POST" else None, needs_reason=size.needs_reason
    )
    if request.method == "GET" and not size.needs_reason and not size.in_background:
        return _stream_export(request, queryset, size, reason="")
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if not size.in_background:
            return _stream_export(request, queryset, size, reason=reason)
        job = exports.queue_export(
            user=request.user,
            query=request.GET.urlencode(),
            path=request.get_full_path(),
            ip_address=request.META.get("REMOTE_ADDR") or None,
            reason=reason,
        )
        return redirect("job", pk=job.pk)
    query = request.GET.urlencode()
    return render(
        request,
        "requests_tracker/export.html",
        {
            "form": form,
            "size": size,
            "query": query,
            "list_url": reverse("requests:list") + (f"?{query}" if query else ""),
            "async_rows": settings.EXPORT_ASYNC_ROWS,
        },
        status=400 if form.errors else 200,
    )


def _stream_export(request, queryset, size, *, reason: str):
    exports.log_export(
        request.user,
        queryset,
        rows=size.rows,
        reason=reason,
        path=request.get_full_path(),
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )
    return csv_files.streaming_response(
        exports.csv_rows(request.user, queryset), filename=exports.filename()
    )


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
                    forms.apply_service_errors(form, error, form.ALIASES)
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
    refusal = WORKFLOW.refusal(item, name)
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
        forms.apply_service_errors(form, error, getattr(form, "ALIASES", None))
        return _render_detail(request, item, actions, status=400)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "Your role does not allow this.")
        return _render_detail(request, item, actions, status=403)
    except (ConflictError, TransitionError) as error:
        # Reload what changed and keep everything the user typed: only the version the
        # form carries moves on, so sending it again applies their entry to the latest.
        item = get_object_or_404(_detail_queryset(request.user), pk=pk)
        if WORKFLOW.refusal(item, name) is not None:
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


# ---------------------------------------------------------------------------------------
# Team lead view
# ---------------------------------------------------------------------------------------


@login_required
def team(request, bulk_form: forms.BulkAssignForm | None = None, status: int = 200):
    _require_worker(request.user)
    if not _is_lead(request.user):
        raise PermissionDenied("The team view is for team leads.")
    unit_id = None if request.user.has_role(Role.DPO, Role.ADMIN) else request.user.unit_id
    today = selectors.uk_today()
    rules = selectors.statutory_rules()
    visible = selectors.visible_requests(request.user)
    overdue = visible.filter(status__in=ACTIVE_STATUSES, due_on__lt=today).order_by("due_on", "id")
    if unit_id is not None:
        overdue = overdue.filter(Q(unit_id=unit_id))
    backlog = selectors.team_backlog(unit_id, today=today, rules=rules)
    total = sum(count for _, count in backlog["bands"])
    return render(
        request,
        "requests_tracker/team.html",
        {
            "unit": request.user.unit if unit_id is not None else None,
            "bands": [
                (label, count, round(100 * count / total) if total else 0)
                for label, count in backlog["bands"]
            ],
            "total": total,
            "by_assignee": backlog["by_assignee"],
            "overdue": _hide_private(
                request.user, selectors.with_deadlines(overdue[:200], today=today, rules=rules)
            ),
            "overdue_count": overdue.count(),
            "assignees": list(selectors.assignable_users(unit_id)),
            "bulk_form": bulk_form,
        },
        status=status,
    )


def home_context(user: User) -> dict[str, Any]:
    """My work on the home page, for users who have requests to work on."""
    if not user.is_authenticated or not user.has_role(Role.CASEWORKER, Role.TEAM_LEAD):
        return {}
    return my_work_context(user)
