"""Pages: the public performance dashboard, its methodology and open data (anonymous,
cached), the Data Board (signed in) and the statutory returns. Thin: figures come from
`pages` and `selectors`, which read the snapshots only."""

from __future__ import annotations

from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST, require_safe

from core import csv_files
from core.dates import format_month, parse_month, uk_today
from core.policy import BOARD_COMMENTATORS, BOARD_READERS, roles_required
from requests_tracker.vocabularies import RequestKind

from . import board, pages, services
from .caching import cached_public_page
from .forms import CommentaryForm
from .models import MonthlySnapshot
from .months import parse_quarter
from .selectors import FIGURE_NAMES, latest_complete_month, recent_revisions, row_data, target

#: Other Data Board panels, built in their own apps (breaches, DPIAs): (link text, URL
#: names to try in order). A panel whose URL is not defined yet is simply not shown.
#: >>> The lead wires the breach and DPIA board pages here. <<<
OTHER_BOARD_PANELS: list[tuple[str, tuple[str, ...]]] = [
    ("Personal data breaches: analysis", ("breaches:board", "breaches:analysis")),
    ("DPIAs and data-sharing agreements: pipeline", ("dpia:board", "dpia:pipeline")),
]


def can_see_board(user) -> bool:
    return user.is_authenticated and user.has_role(*BOARD_READERS)


def board_access(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not can_see_board(request.user):
            raise PermissionDenied("The Data Board is for Board members and the DPO.")
        return view(request, *args, **kwargs)

    return wrapper


def other_board_panels() -> list[dict]:
    panels = []
    for text, url_names in OTHER_BOARD_PANELS:
        for url_name in url_names:
            try:
                panels.append({"text": text, "href": reverse(url_name)})
            except NoReverseMatch:
                continue
            break
    return panels


# ---------------------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------------------


@require_safe
@cached_public_page
def performance(request):
    month = latest_complete_month()
    kind = request.GET.get("kind", RequestKind.ROA)
    if kind not in RequestKind.values:
        kind = RequestKind.ROA
    has_figures = MonthlySnapshot.objects.filter(unit__isnull=True, month__lte=month).exists()
    context = {
        "month": month,
        "has_figures": has_figures,
        "headlines": pages.headlines(month),
        "kinds": RequestKind.choices,
        "kind": kind,
        "section": pages.kind_section(kind, month) if has_figures else None,
    }
    return render(request, "dashboards/performance.html", context)


@require_safe
@cached_public_page
def methodology(request):
    targets = [(label, target(kind)) for kind, label in RequestKind.choices]
    return render(
        request,
        "dashboards/methodology.html",
        {"targets": targets, "revisions": recent_revisions(), "figure_names": FIGURE_NAMES},
    )


@require_safe
@cached_public_page
def data_csv(request):
    """Every snapshot row (all units, and each unit) as open data."""
    return csv_files.buffered_response(_open_data_rows(), filename="timeliness.csv")


def _open_data_rows():
    names = pages.unit_names()
    today = uk_today()
    yield ["month", "kind", "unit", "unit_name", *FIGURE_NAMES, "revised", "provisional"]
    rows = MonthlySnapshot.objects.order_by("month", "kind", "unit_id")
    for snapshot in rows.iterator(chunk_size=2000):
        data = row_data(snapshot, today)
        yield [
            data["month"],
            data["kind"],
            data["unit"],
            "All units" if data["unit"] is None else names.get(data["unit"], ""),
            *[data[name] for name in FIGURE_NAMES],
            "yes" if data["revised"] else "no",
            "yes" if data["provisional"] else "no",
        ]


# ---------------------------------------------------------------------------------------
# Data Board
# ---------------------------------------------------------------------------------------


def _chosen_month(request, default):
    text = request.GET.get("month", "")
    if not text:
        return default, None
    try:
        return parse_month(text), None
    except ValueError as error:
        return default, str(error)


def _board_page(request, month, *, error=None, form=None, status=200):
    today = uk_today()
    pack, context = board.board_pack(month, today)
    may_comment = request.user.has_role(*BOARD_COMMENTATORS)
    if may_comment and form is None:
        initial = {
            "month": format_month(month),
            "text": pack.commentary.text if pack.commentary else "",
        }
        form = CommentaryForm(initial=initial)
    context.update(
        {
            "pack": pack,
            "error": error,
            "months": pages.available_months(),
            "selected": format_month(month),
            "other_panels": other_board_panels(),
            "may_comment": may_comment,
            "form": form,
        }
    )
    return render(request, "dashboards/board.html", context, status=status)


@board_access
@require_safe
def board_page(request):
    month, error = _chosen_month(request, latest_complete_month(uk_today()))
    return _board_page(request, month, error=error, status=400 if error else 200)


@board_access
@require_safe
def board_pdf(request):
    """The same pack as the page, as a PDF to print or send (one click from the page)."""
    month, error = _chosen_month(request, latest_complete_month(uk_today()))
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    from . import pdf  # ReportLab takes most of a second to import: only when asked

    pack, context = board.board_pack(month, uk_today())
    response = HttpResponse(pdf.render_pack(pack, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="data-board-{format_month(month)}.pdf"'
    return response


@roles_required(*BOARD_COMMENTATORS)
@require_POST
def board_commentary(request):
    form = CommentaryForm(request.POST)
    month = latest_complete_month(uk_today())
    if form.is_valid():
        month = form.cleaned_data["month"]
        try:
            services.save_commentary(
                month=month, text=form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"Commentary for {month:%B %Y} saved.")
            url = reverse("data_board:index")
            return redirect(f"{url}?month={format_month(month)}#commentary")
    elif "month" not in form.errors:
        month = parse_month(request.POST["month"])
    return _board_page(request, month, form=form, status=400)


def _chosen_quarter(request):
    default = pages.latest_complete_quarter(uk_today())
    text = request.GET.get("quarter", "")
    if not text:
        return default, None
    try:
        return parse_quarter(text), None
    except ValueError as error:
        return default, str(error)


@board_access
@require_safe
def returns(request):
    (year, quarter), error = _chosen_quarter(request)
    context = pages.quarterly_return(year, quarter)
    context.update({"error": error, "quarter_text": f"{year}-Q{quarter}"})
    return render(request, "dashboards/returns.html", context, status=400 if error else 200)


@board_access
@require_safe
def returns_csv(request):
    (year, quarter), error = _chosen_quarter(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    data = pages.quarterly_return(year, quarter)
    return csv_files.buffered_response(
        _return_rows(f"{year}-Q{quarter}", data),
        filename=f"foi-eir-return-{year}-q{quarter}.csv",
    )


def _return_rows(label: str, data):
    yield ["quarter", "section", "measure", "foi", "eir", "total"]
    for _key, measure, values in data["measures"]:
        yield [
            label,
            "Quarterly publication (s.45 Code of Practice)",
            measure,
            # Percentages and means to one decimal place, as numbers (never guarded).
            *[Decimal(f"{value:.1f}") if isinstance(value, float) else value for value in values],
        ]
    for row in data["exemption_rows"]:
        yield [
            label,
            "Exemptions and exceptions applied",
            row["label"],
            row["foi"],
            row["eir"],
            row["foi"] + row["eir"],
        ]
