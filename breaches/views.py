"""Breach register pages: thin views over the selectors and services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import csv_files
from core.access import record_access
from core.dates import add_months, long_datetime, month_start, months_between, to_uk, uk_today
from core.errors import ConflictError, TransitionError
from core.govuk_forms import apply_service_errors
from core.models import AccessLogEntry

from . import charts, clock, forms, selectors, services
from .api.filters import BreachFilter
from .models import Breach, BreachEvent, BreachMonthSnapshot
from .vocabularies import (
    AlertThreshold,
    Nature,
    Risk,
    SecurityProperty,
    SnapshotDimension,
    Source,
    Status,
)


def _register_user(request) -> None:
    if not selectors.can_record(request.user):
        raise PermissionDenied


def _annotate(breach: Breach, now) -> Breach:
    breach.countdown = (  # type: ignore[attr-defined]
        clock.countdown_text(breach.report_due_at, now) if breach.awaiting_regulator else ""
    )
    breach.hours_left = selectors.hours_remaining(breach, now)  # type: ignore[attr-defined]
    breach.overdue = breach.hours_left is not None and breach.hours_left < 0  # type: ignore[attr-defined]
    breach.due_soon = (  # type: ignore[attr-defined]
        breach.hours_left is not None  # type: ignore[attr-defined]
        and not breach.overdue  # type: ignore[attr-defined]
        and breach.hours_left < clock.DUE_SOON_WINDOW.total_seconds() / 3600  # type: ignore[attr-defined]
    )
    return breach


@login_required
def register(request):
    _register_user(request)
    now = selectors.now()
    filterset = BreachFilter(request.GET or None, queryset=selectors.visible_breaches(request.user))
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    if filterset.is_bound and not filterset.is_valid():
        qs = qs.none()
    page = Paginator(qs.order_by("-aware_at", "-id"), 50).get_page(request.GET.get("page"))
    for breach in page.object_list:
        _annotate(breach, now)
    awaiting = [
        _annotate(b, now)
        for b in selectors.awaiting_decision(selectors.visible_breaches(request.user))[:20]
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "breaches/register.html",
        {
            "filterset": filterset,
            "page": page,
            "awaiting": awaiting,
            "query": query.urlencode(),
            "statuses": Status.choices,
            "sources": Source.choices,
            "natures": Nature.choices,
            "risks": Risk.choices,
            "can_analyse": selectors.can_view_analysis(request.user),
            "unit_choices": _unit_choices(),
        },
    )


def _unit_choices():
    from accounts.models import Unit

    return list(Unit.objects.filter(active=True).values_list("pk", "name"))


def _uk(moment) -> str:
    return "" if moment is None else to_uk(moment).isoformat()


@login_required
def export_csv(request):
    """The filtered register as CSV: references, dates, codes and decisions, not the free
    text (which may name people)."""
    _register_user(request)
    filterset = BreachFilter(request.GET or None, queryset=selectors.visible_breaches(request.user))
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    return csv_files.buffered_response(_breach_rows(qs), filename="breaches.csv")


def _breach_rows(qs):
    yield [
        "reference",
        "status",
        "aware_at",
        "report_due_at",
        "source",
        "nature",
        "security_properties",
        "unit",
        "risk",
        "reportable",
        "decided_at",
        "reported_at",
        "reported_within_72h",
        "subjects_notified",
        "data_subjects_count",
        "records_count",
        "closed_at",
    ]
    for b in qs.order_by("aware_at", "id").iterator():
        within = "" if b.reported_at is None else str(b.reported_at <= b.report_due_at).lower()
        yield [
            b.reference,
            b.get_status_display(),
            _uk(b.aware_at),
            _uk(b.report_due_at),
            b.get_source_display(),
            b.get_nature_display(),
            ", ".join(SecurityProperty(p).label for p in b.security_properties),
            b.unit.name if b.unit else "",
            b.get_risk_display(),
            "" if b.reportable is None else str(b.reportable).lower(),
            _uk(b.decided_at),
            _uk(b.reported_at),
            within,
            "" if b.subjects_notified is None else str(b.subjects_notified).lower(),
            b.data_subjects_count,
            b.records_count,
            _uk(b.closed_at),
        ]


@login_required
def record(request):
    _register_user(request)
    form = forms.RecordBreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.record_breach(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Breach {breach.reference} recorded. Report to the ICO, if needed, by "
                f"{long_datetime(breach.report_due_at)} UK time.",
            )
            return redirect("breaches:detail", pk=breach.pk)
    return render(
        request, "breaches/record.html", {"form": form}, status=400 if form.errors else 200
    )


def _get_breach(request, pk: int) -> Breach:
    try:
        return (
            selectors.visible_breaches(request.user)
            .prefetch_related(
                Prefetch("events", queryset=BreachEvent.objects.select_related("actor")),
                "actions__owner",
                "alerts",
            )
            .get(pk=pk)
        )
    except Breach.DoesNotExist:
        raise Http404 from None


#: Actions with a page of their own (completing the details), not a form on the detail page.
OWN_PAGE = {"update"}


def _render_detail(request, breach: Breach, status: int = 200, problem: str = "", **bound):
    now = selectors.now()
    _annotate(breach, now)
    available = services.WORKFLOW.available(request.user, breach)
    context = {
        "breach": breach,
        "problem": problem,
        # What this user may do now, from the declaration (the API lists the same).
        "available": [action.name for action in available],
        "Status": Status,
        "high_risk": breach.risk == Risk.HIGH_RISK,
        "alerts": [
            (AlertThreshold(alert.threshold).label, alert.sent_at) for alert in breach.alerts.all()
        ],
        **{
            f"{action.slug}_form": action.build_form(
                request.user, breach, initial={"version": breach.version}
            )
            for action in available
            if action.form is not None and action.name not in OWN_PAGE
        },
        **bound,
    }
    return render(request, "breaches/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    _register_user(request)
    breach = _get_breach(request, pk)
    # The summary, lessons and reporter's name can identify people: log who read them.
    record_access(
        user=request.user,
        records=[breach],
        record_type="breach",
        fields=selectors.PERSONAL_FIELDS,
        action=AccessLogEntry.Action.VIEW,
        http_request=request,
    )
    return _render_detail(request, breach)


def _service_kwargs(form) -> dict:
    if hasattr(form, "service_kwargs"):
        return form.service_kwargs()
    return {
        k: v for k, v in form.cleaned_data.items() if k in form.declared_fields and k != "version"
    }


@login_required
@require_POST
def act(request, pk: int, name: str):
    """Every action on the detail page: the declared action its URL names, its form, and
    the kernel's answer (403 for the role, 409 for a stale version or the status)."""
    _register_user(request)
    action = services.WORKFLOW.by_slug(name)
    if action is None or action.form is None or action.name in OWN_PAGE:
        raise Http404
    breach = _get_breach(request, pk)
    form = action.build_form(
        request.user, breach, request.POST, initial={"version": breach.version}
    )
    if form.is_valid():
        try:
            services.WORKFLOW.perform(
                action.name,
                pk=breach.pk,
                actor=request.user,
                version=form.cleaned_data.get("version"),
                **_service_kwargs(form),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except (ConflictError, TransitionError) as error:
            return _render_detail(request, _get_breach(request, pk), status=409, problem=str(error))
        else:
            messages.success(request, action.done)
            return redirect("breaches:detail", pk=breach.pk)
    problem = " ".join(
        message
        for field, errors in form.errors.items()
        if field == NON_FIELD_ERRORS or form[field].is_hidden
        for message in errors
    )
    return _render_detail(
        request,
        breach,
        status=400,
        problem=problem,
        **{f"{action.slug}_form": form, "open_form": action.slug},
    )


@login_required
def edit(request, pk: int):
    _register_user(request)
    breach = _get_breach(request, pk)
    update = services.WORKFLOW["update"]
    if not update.may(request.user, breach):
        raise PermissionDenied(update.denial)
    if breach.status not in update.from_statuses:
        return _render_detail(request, breach, status=409, problem=update.refusal)
    form = update.form(  # type: ignore[misc]
        request.POST if request.method == "POST" else None,
        initial=update.form.initial_for(breach),  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_details(
                breach_id=breach.pk,
                actor=request.user,
                version=_int(request.POST.get("version")),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except (ConflictError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, update.done)
            return redirect("breaches:detail", pk=breach.pk)
    return render(
        request,
        "breaches/edit.html",
        {"form": form, "breach": breach},
        status=400 if form.errors else 200,
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Data Board analysis ---------------------------------------------------------------


def _period(request, months_available: list[date]) -> tuple[date, date, str]:
    """Twelve months ending with the current month, or a calendar year (?year=2025)."""
    current = month_start(uk_today())
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        first = date(int(year), 1, 1)
        return first, date(int(year), 12, 1), year
    return add_months(current, -11), current, ""


@login_required
def analysis(request):
    if not selectors.can_view_analysis(request.user):
        raise PermissionDenied
    available = selectors.snapshot_months()
    first, last, year = _period(request, available)
    months = months_between(first, last)
    snapshots = list(BreachMonthSnapshot.objects.filter(month__gte=first, month__lte=last))
    context = {
        "year": year,
        "years": sorted({m.year for m in available}, reverse=True),
        "first": first,
        "last": last,
        "months": months,
        "totals": charts.totals_table(months, snapshots),
        "computed_at": max((s.computed_at for s in snapshots), default=None),
        "dimensions": [
            charts.dimension_panel(months, snapshots, dimension)
            for dimension in (
                SnapshotDimension.SOURCE,
                SnapshotDimension.NATURE,
                SnapshotDimension.RISK,
                SnapshotDimension.UNIT,
            )
        ],
        "register_url": reverse("breaches:register"),
    }
    context["reporting_chart"] = charts.reporting_chart(months, context["totals"])
    return render(request, "breaches/analysis.html", context)
