"""Assessment pages: thin views over the selectors and services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import charts, csv_files
from core.dates import month_start, uk_today
from core.errors import ConflictError, TransitionError
from core.govuk_forms import apply_service_errors
from core.policy import is_dpo

from . import forms as f
from . import pipeline as pipeline_module
from . import rules, services
from .models import Assessment, AssessmentEvent
from .selectors import (
    can_see_pipeline,
    can_use_assessments,
    pipeline_by_tier,
    pipeline_rows,
    queue_sections,
    review_calendar,
    triage_table,
    visible_assessments,
)
from .services import WORKFLOW
from .vocabularies import Status


def _require_user(request) -> None:
    if not can_use_assessments(request.user):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------
# The queue and lists
# ---------------------------------------------------------------------------------------


@login_required
def index(request):
    _require_user(request)
    today = uk_today()
    context = {"today": today, "dpo": is_dpo(request.user)}
    if context["dpo"]:
        context["sections"] = queue_sections(today)
    context["mine"] = (
        visible_assessments(request.user).exclude(status=Status.CLOSED).order_by("-updated_at")[:50]
    )
    return render(request, "dpia/index.html", context)


@login_required
def review_calendar_page(request):
    _require_user(request)
    today = uk_today()
    months: dict[date, list[Assessment]] = {}
    for assessment in review_calendar(request.user):
        months.setdefault(month_start(assessment.next_review_on), []).append(assessment)
    return render(
        request,
        "dpia/calendar.html",
        {"months": sorted(months.items()), "today": today},
    )


@login_required
def export_csv(request):
    _require_user(request)
    today = uk_today()
    return csv_files.buffered_response(
        _assessment_rows(request.user, today), filename=f"assessments-{today}.csv"
    )


def _assessment_rows(user, today: date):
    yield [
        "reference",
        "kind",
        "title",
        "status",
        "unit",
        "full_dpia_required",
        "tier",
        "reviewer_level",
        "first_submitted_on",
        "submitted_on",
        "target_on",
        "late",
        "decision",
        "decided_on",
        "open_conditions",
        "prior_consultation",
        "next_review_on",
    ]
    rows = visible_assessments(user).prefetch_related("conditions").order_by("id")
    for a in rows:
        yield [
            a.reference,
            a.get_kind_display(),
            a.title,
            a.get_status_display(),
            a.unit.name,
            "yes" if a.full_dpia_required else "no",
            a.tier,
            a.get_reviewer_level_display(),
            a.first_submitted_on,
            a.submitted_on,
            a.target_on,
            "yes" if a.is_with_dpo and rules.is_late(a.target_on, today) else "no",
            a.get_decision_display(),
            a.decided_on,
            sum(1 for c in a.conditions.all() if c.completed_on is None),
            a.get_consultation_display(),
            a.next_review_on,
        ]


# ---------------------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------------------


@login_required
def new(request):
    _require_user(request)
    form = f.AnswersForm(request.POST or None, initial={"unit": request.user.unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.create_assessment(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _after_save(request, assessment)
    return render(request, "dpia/form.html", {"form": form, "assessment": None})


@login_required
def edit(request, pk: int):
    _require_user(request)
    assessment = get_object_or_404(visible_assessments(request.user), pk=pk)
    editing = WORKFLOW["edit"]
    if not editing.may(request.user, assessment):
        raise PermissionDenied
    if assessment.status not in editing.from_statuses:
        messages.info(
            request,
            f"{assessment.reference} cannot be changed while it is "
            f"{assessment.get_status_display().lower()}.",
        )
        return redirect("dpia:detail", pk=pk)
    initial = {
        "title": assessment.title,
        "description": assessment.description,
        "unit": assessment.unit_id,
        "asset_owner": assessment.asset_owner_id,
        "project_lead": assessment.project_lead_id,
        "partner_organisations": assessment.partner_organisations,
        "lawful_basis": assessment.lawful_basis,
        "data_flows": assessment.data_flows,
        "screening": rules.indicators_met(assessment.screening),
        "equality_impact": assessment.equality_impact,
        "next_review_on": assessment.next_review_on,
    }
    form = editing.form(request.POST or None, initial=initial, editing=True)  # type: ignore[misc]
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.update_answers(
                assessment_id=pk,
                actor=request.user,
                version=_version(request),
                **form.service_arguments(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except (ConflictError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            return _after_save(request, assessment)
    return render(request, "dpia/form.html", {"form": form, "assessment": assessment})


def _after_save(request, assessment: Assessment):
    if request.POST.get("then") == "submit":
        try:
            services.submit(assessment_id=assessment.pk, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.warning(request, f"Saved as a draft, not submitted yet: {message}")
        except TransitionError as error:
            messages.warning(request, f"Saved, not submitted: {error}")
        else:
            messages.success(request, f"{assessment.reference} was submitted to the DPO.")
            return redirect("dpia:detail", pk=assessment.pk)
    else:
        messages.success(request, f"{assessment.reference} was saved as a draft.")
    return redirect("dpia:detail", pk=assessment.pk)


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# The assessment page and its actions
# ---------------------------------------------------------------------------------------

#: Actions with a page of their own (changing the answers), not a form on the detail page.
OWN_PAGE = {"edit"}


def _detail_context(request, assessment: Assessment, bound: dict | None = None) -> dict:
    bound = bound or {}
    # What this user may do now, from the declaration (the API lists the same).
    available = WORKFLOW.available(request.user, assessment)
    action_forms = {}
    for action in available:
        if action.form is None or action.name in OWN_PAGE:
            continue
        # Keyed by name, usable in templates: forms.request_changes
        if action.slug in bound:
            action_forms[action.name] = bound[action.slug]
        else:
            action_forms[action.name] = action.build_form(request.user, assessment)
    versions = list(assessment.versions.all())
    changes = (
        rules.diff_answers(versions[-2].answers, versions[-1].answers) if len(versions) > 1 else []
    )
    today = uk_today()
    errors_form = next((form for form in bound.values() if form is not None), None)
    return {
        "assessment": assessment,
        "risks": list(assessment.risks.all()),
        "conditions": list(assessment.conditions.all()),
        "open_conditions": any(c.completed_on is None for c in assessment.conditions.all()),
        "events": list(assessment.events.select_related("actor").all()),
        "versions": versions,
        "changes": changes,
        "indicators": [
            q for code, q in rules.SCREENING_QUESTIONS if assessment.screening.get(code)
        ],
        "actions": [action.slug for action in available],
        "forms": action_forms,
        "can_edit_answers": any(action.name == "edit" for action in available),
        "late": assessment.is_with_dpo and rules.is_late(assessment.target_on, today),
        "tier": triage_table().tiers.get(assessment.tier),
        "today": today,
        "errors_form": errors_form,
        "action_error": bound.get("__error__"),
    }


def _assessment_for(request, pk: int) -> Assessment:
    return get_object_or_404(
        visible_assessments(request.user).prefetch_related(
            "risks",
            "conditions",
            Prefetch("versions"),
            Prefetch("events", queryset=AssessmentEvent.objects.select_related("actor")),
        ),
        pk=pk,
    )


@login_required
def detail(request, pk: int):
    _require_user(request)
    assessment = _assessment_for(request, pk)
    return render(request, "dpia/detail.html", _detail_context(request, assessment))


@login_required
@require_POST
def act(request, pk: int, action: str):
    """Every action on the detail page: the declared action its URL names, its form, and
    the kernel's answer (403 for the role, 409 for a stale version, the status or a guard)."""
    _require_user(request)
    declared = WORKFLOW.by_slug(action)
    if declared is None or declared.form is None or declared.name in OWN_PAGE:
        raise Http404
    assessment = _assessment_for(request, pk)
    form = declared.build_form(request.user, assessment, request.POST)
    status_code = 400
    if form.is_valid():
        arguments = dict(getattr(form, "service_arguments", lambda: form.cleaned_data)())
        try:
            WORKFLOW.perform(
                declared.name, pk=pk, actor=request.user, version=_version(request), **arguments
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except (ConflictError, TransitionError) as error:
            form.add_error(None, str(error))
            status_code = 409
        else:
            messages.success(request, f"{assessment.reference}: {declared.done}")
            return redirect("dpia:detail", pk=pk)
    assessment = _assessment_for(request, pk)
    context = _detail_context(request, assessment, bound={declared.slug: form})
    context["errors_form"] = form
    context["has_errors"] = True
    return render(request, "dpia/detail.html", context, status=status_code)


# ---------------------------------------------------------------------------------------
# The Data Board pipeline
# ---------------------------------------------------------------------------------------


def month_chart(
    chart_id: str, title: str, caption: str, rows: list, series: list[tuple[str, str, str]]
) -> charts.Chart:
    """A grouped column chart, one group per month and one bar per series (attribute,
    label, colour), with its table (core.charts draws it)."""
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description="Column chart, one group of bars per month.",
        table_caption=caption,
        categories=[f"{row.month:%B %Y}" for row in rows],
        axis_labels=[f"{row.month:%b}" for row in rows],
        series=[
            charts.Series(label, [getattr(row, attr) or 0 for row in rows], colour)
            for attr, label, colour in series
        ],
    )


@login_required
def pipeline_page(request):
    if not can_see_pipeline(request.user):
        raise PermissionDenied
    rows = pipeline_rows(12)
    by_tier = pipeline_by_tier(12)
    tiers = triage_table().tiers
    tier_table: dict[date, dict[str, float | None]] = {}
    for snap in by_tier:
        tier_table.setdefault(snap.month, {})[snap.tier] = snap.median_days_to_decision
    median_rows = [
        {"month": month, "values": [values.get(code) for code in sorted(tiers)]}
        for month, values in sorted(tier_table.items())
    ]
    return render(
        request,
        "dpia/pipeline.html",
        {
            "rows": rows,
            "flow_chart": month_chart(
                "flow",
                "Assessments submitted and decided per month",
                "Submitted and decided per month",
                rows,
                [
                    ("submitted", "Submitted", charts.BLUE),
                    ("decided", "Decided", charts.GREEN),
                ],
            ),
            "backlog_chart": month_chart(
                "backlog",
                "Assessments in review and late against the tier target at each month end",
                "In review and late at month end",
                rows,
                [
                    ("in_review_at_month_end", "In review", charts.BLUE),
                    ("late_at_month_end", "Late against tier target", charts.RED),
                ],
            ),
            "tier_codes": [tiers[code] for code in sorted(tiers)],
            "median_rows": median_rows,
            "computed_at": max((row.computed_at for row in rows), default=None),
            "figures_doc": pipeline_module.__doc__,
        },
    )
