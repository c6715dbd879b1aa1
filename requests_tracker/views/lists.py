"""My work, the list of requests (filters, bulk assign, CSV) and the team page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Unit, User
from core import csv_files, policy
from core.errors import ConflictError, TransitionError

from .. import exports, forms, selectors, services
from ..api.filters import RequestFilter
from ..models import InformationRequest
from ..vocabularies import ACTIVE_STATUSES, RequestKind, Status
from ._access import PAGE_SIZE, SORTS, _is_lead, _require_worker, may_see_personal_data

# ---------------------------------------------------------------------------------------
# My work
# ---------------------------------------------------------------------------------------


#: My work lists at most this many requests, soonest deadline first; the counts above
#: cover them all and a link leads to the rest (issue 19: a page reads what it shows).
MY_WORK_ROWS = 50


def my_work_context(user: User) -> dict[str, Any]:
    """What My work shows: the user's open requests soonest first, with counts."""
    today = selectors.uk_today()
    rules = selectors.statutory_rules()
    queryset = selectors.work_list(user)
    counts = selectors.work_counts(queryset, today=today, rules=rules)
    return {
        "today": today,
        "counts": counts,
        "rows": selectors.with_deadlines(queryset[:MY_WORK_ROWS], today=today, rules=rules),
        "more": max(counts["open"] - MY_WORK_ROWS, 0),
        "rest_query": urlencode({"assigned_to": user.get_username(), "status": ""}),
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


#: All requests counts the matches up to this many and then says "more than": a count
#: of every request a wide filter matches ("Any status") would read them all, and pages
#: beyond it would be read with ever-larger offsets (issue 19). Narrower filters reach
#: any request.
LIST_COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):
    """A paginator whose count stops at LIST_COUNT_LIMIT (one query, as before:
    COUNT over the first LIST_COUNT_LIMIT + 1 matches)."""

    @cached_property
    def matches(self) -> int:
        queryset: QuerySet = self.object_list  # type: ignore[assignment]
        return queryset[: LIST_COUNT_LIMIT + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.matches, LIST_COUNT_LIMIT)

    @property
    def capped(self) -> bool:
        return self.matches > LIST_COUNT_LIMIT


def _filter_choices(user: User) -> dict[str, Any]:
    unit_id = None if user.has_role(*policy.ALL_UNITS) else user.unit_id
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
    paginator = BoundedPaginator(selectors.list_rows(queryset), PAGE_SIZE)
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
            "params": exports.with_default_filter(request.GET),
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
        row.hide_summary = not may_see_personal_data(user, row)  # type: ignore[attr-defined]
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
    unit_id = None if request.user.has_role(*policy.ALL_UNITS) else request.user.unit_id
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
# Team lead view
# ---------------------------------------------------------------------------------------


#: Overdue requests per page of the Team page: the reassign control sits above them.
TEAM_PAGE_SIZE = 25


@login_required
def team(request, bulk_form: forms.BulkAssignForm | None = None, status: int = 200):
    _require_worker(request.user)
    if not _is_lead(request.user):
        raise PermissionDenied("The team view is for team leads.")
    unit_id = None if request.user.has_role(*policy.ALL_UNITS) else request.user.unit_id
    today = selectors.uk_today()
    rules = selectors.statutory_rules()
    visible = selectors.visible_requests(request.user)
    overdue = visible.filter(status__in=ACTIVE_STATUSES, due_on__lt=today).order_by("due_on", "id")
    if unit_id is not None:
        overdue = overdue.filter(Q(unit_id=unit_id))
    backlog = selectors.team_backlog(unit_id, today=today, rules=rules)
    total = sum(count for _, count in backlog["bands"])
    page = Paginator(overdue, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
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
                request.user,
                selectors.with_deadlines(page.object_list, today=today, rules=rules),
            ),
            "overdue_count": page.paginator.count,
            "page": page,
            "query": "",
            "assignees": list(selectors.assignable_users(unit_id)),
            "bulk_form": bulk_form,
        },
        status=status,
    )


def home_context(user: User) -> dict[str, Any]:
    """My work on the home page, for users who have requests to work on."""
    if not user.is_authenticated or not user.has_role(*policy.UNIT_CASEWORKERS):
        return {}
    return my_work_context(user)
