"""The Data Board pack for one month: status against target (red, amber, green), the
change on the previous month and on the same month a year before, every panel as a chart
with its table, and the Data Office's commentary.

Built once from the snapshots (through `pages.board_context`) and drawn twice from the
same objects: the page (dashboards/board.html) and the PDF (dashboards/pdf.py), so the
two always carry the same figures and words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from casefile.selectors import area_figures
from core import charts
from core.dates import add_months, months_between
from core.numbers import round_pct
from requests_tracker.vocabularies import RequestKind

from . import pages
from .models import BoardCommentary
from .selectors import commentary_versions, snapshots, target

GREEN, AMBER, RED = "green", "amber", "red"
RAG_LABELS = {GREEN: "On target", AMBER: "Close to target", RED: "Below target"}
#: GOV.UK tag colours (amber is GOV.UK's orange tag).
RAG_TAGS = {GREEN: "govuk-tag--green", AMBER: "govuk-tag--orange", RED: "govuk-tag--red"}


def amber_band() -> float:
    return float(settings.BOARD_AMBER_BAND)


def rag(value: float | None, goal: float, band: float) -> str:
    """Green at or above the target, amber less than `band` points below it, red below
    that; "" with no figure. Compared on the whole percent the pages show."""
    if value is None:
        return ""
    shown = round_pct(value, 0)
    if shown >= goal:  # type: ignore[operator]
        return GREEN
    if shown > goal - band:  # type: ignore[operator]
        return AMBER
    return RED


def change(now: float | None, then: float | None) -> int | None:
    """The change in whole percentage points between the two figures as the pages show
    them (so 79% to 81% is +2); None when either is missing."""
    if now is None or then is None:
        return None
    return int(round_pct(now, 0) - round_pct(then, 0))  # type: ignore[operator]


def change_text(points: int | None) -> str:
    if points is None:
        return "–"
    if points == 0:
        return "No change"
    word = "point" if abs(points) == 1 else "points"
    return f"{'+' if points > 0 else '−'}{abs(points)} {word}"


@dataclass
class Status:
    kind: str
    label: str
    value: float | None
    target: float
    rag: str
    previous: float | None
    year_before: float | None
    due: int | None

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag, "No figure")

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS.get(self.rag, "govuk-tag--grey")

    @property
    def pct(self) -> str:
        return pages.pct_text(self.value)

    @property
    def change_on_month(self) -> str:
        return change_text(change(self.value, self.previous))

    @property
    def change_on_year(self) -> str:
        return change_text(change(self.value, self.year_before))


@dataclass
class Panel:
    id: str
    heading: str
    chart: charts.Chart | None = None
    intro: str = ""
    notes: list[str] = field(default_factory=list)
    empty: str = ""


@dataclass
class Pack:
    month: date
    statuses: list[Status]
    trend: charts.Chart
    panels: list[Panel]
    commentary: BoardCommentary | None
    versions: list[BoardCommentary]
    band: float

    @property
    def earlier_versions(self) -> list[BoardCommentary]:
        return self.versions[1:]


def statuses_and_trend(
    month: date, trend_months: int = 13, chart_id: str = "board-trend"
) -> tuple[list[Status], charts.Chart]:
    """This month's headline (% due met) per kind against its target, with the previous
    month and the same month a year before; and the trend chart of the last
    `trend_months` months (13: the same month a year before is on it). One query."""
    first = add_months(month, -12)
    rows = {(s.kind, s.month): s for s in snapshots(first=first, last=month)}
    band = amber_band()
    statuses = []
    for kind, label in RequestKind.choices:
        now = rows.get((kind, month))
        before = rows.get((kind, add_months(month, -1)))
        year_ago = rows.get((kind, first))
        goal = target(kind)
        value = now.pct_due_met if now else None
        statuses.append(
            Status(
                kind=kind,
                label=label,
                value=value,
                target=goal,
                rag=rag(value, goal, band),
                previous=before.pct_due_met if before else None,
                year_before=year_ago.pct_due_met if year_ago else None,
                due=now.due if now else None,
            )
        )
    months = list(months_between(add_months(month, -(trend_months - 1)), month))
    goals = sorted({target(kind) for kind in RequestKind.values})
    trend = charts.line_chart(
        chart_id=chart_id,
        title=f"Percentage of requests due each month that were answered on time, by kind, "
        f"{months[0]:%B %Y} to {month:%B %Y}",
        description="Line chart, one line per kind of request, with the target as a dashed line.",
        table_caption="Due and answered on time, by month and kind",
        categories=[f"{m:%b %Y}" for m in months],
        axis_labels=[
            f"{m:%b %Y}" if (len(months) - 1 - i) % (1 if len(months) <= 7 else 3) == 0 else ""
            for i, m in enumerate(months)
        ],
        series=[
            charts.Series(
                label,
                [rows[(kind, m)].pct_due_met if (kind, m) in rows else None for m in months],
                charts.PALETTE[index],
                pages.pct_text,
            )
            for index, (kind, label) in enumerate(RequestKind.choices)
        ],
        references=[charts.Reference(f"Target ({goal:g}%)", goal) for goal in goals],
        unit="%",
        y_max=100,
    )
    return statuses, trend


def _count(value) -> str:
    return charts.format_number(value)


def _kinds_panel(
    panel_id: str, heading: str, caption: str, labels: list[str], rows: list[dict], intro=""
) -> Panel:
    """A count table (kinds × labels) as horizontal stacked bars with its table."""
    if not any(row["total"] for row in rows):
        return Panel(panel_id, heading, intro=intro, empty=f"{caption}: none this month.")
    chart = charts.bar_chart(
        chart_id=f"board-{panel_id}",
        title=heading,
        description=f"Horizontal stacked bar chart: {caption[0].lower()}{caption[1:]}.",
        table_caption=caption,
        categories=[row["kind"] for row in rows],
        category_heading="Kind",
        series=[
            charts.Series(label, [row["counts"][i] for row in rows])
            for i, label in enumerate(labels)
        ],
        after=[charts.Column("Total", [_count(row["total"]) for row in rows])],
        stacked=True,
        horizontal=True,
    )
    return Panel(panel_id, heading, chart=chart, intro=intro)


def _by_unit_panel(context: dict) -> Panel:
    heading = "Timeliness by unit"
    by_unit = list(context["by_unit"])
    if not by_unit:
        return Panel("units", heading, empty="No unit had requests in this month.")
    units = sorted({row.unit.name for row in by_unit})
    cells = {(row.unit.name, row.kind): row for row in by_unit}
    kinds = RequestKind.choices
    series = [
        charts.Series(
            label,
            [cells[(unit, kind)].pct_due_met if (unit, kind) in cells else None for unit in units],
            charts.PALETTE[index],
            pages.pct_text,
        )
        for index, (kind, label) in enumerate(kinds)
    ]

    def total(unit: str, name: str) -> str:
        return _count(sum(getattr(r, name) for (u, _k), r in cells.items() if u == unit))

    chart = charts.bar_chart(
        chart_id="board-units",
        title=f"Percentage of requests due that were answered on time, by unit and kind, "
        f"{context['month']:%B %Y}",
        description="Horizontal bar chart, one group of bars per unit.",
        table_caption=f"Each unit, {context['month']:%B %Y}: due and answered on time",
        categories=units,
        category_heading="Unit",
        series=series,
        after=[
            charts.Column("Received (all kinds)", [total(u, "received") for u in units]),
            charts.Column("Due (all kinds)", [total(u, "due") for u in units]),
            charts.Column(
                "Overdue at month end (all kinds)",
                [total(u, "overdue_at_month_end") for u in units],
            ),
        ],
        horizontal=True,
        unit="%",
        y_max=100,
    )
    return Panel("units", heading, chart=chart)


def _single_series_panel(
    panel_id: str,
    heading: str,
    caption: str,
    pairs: list[tuple[str, float | None]],
    series_label: str,
    *,
    category_heading: str,
    empty: str,
    intro: str = "",
    notes: list[str] | None = None,
) -> Panel:
    if not any(value for _, value in pairs):
        return Panel(panel_id, heading, intro=intro, notes=notes or [], empty=empty)
    chart = charts.bar_chart(
        chart_id=f"board-{panel_id}",
        title=heading,
        description=f"Horizontal bar chart: {caption[0].lower()}{caption[1:]}.",
        table_caption=caption,
        categories=[label for label, _ in pairs],
        category_heading=category_heading,
        series=[charts.Series(series_label, [value for _, value in pairs])],
        horizontal=True,
    )
    return Panel(panel_id, heading, chart=chart, intro=intro, notes=notes or [])


def panels(context: dict) -> list[Panel]:
    month = context["month"]
    result = [_by_unit_panel(context)]
    if context["backlog_kept"]:
        result.append(
            _kinds_panel(
                "backlog",
                "Backlog by age",
                "Open requests at the end of the month, by calendar days since receipt",
                context["age_labels"],
                context["backlog"],
            )
        )
    else:
        result.append(
            Panel(
                "backlog",
                "Backlog by age",
                empty="Backlog ages are kept for the last 13 months only.",
            )
        )
    result.append(
        _single_series_panel(
            "late",
            "Top reasons for late responses",
            f"Late responses sent {context['late_reasons_from']:%B %Y} to {month:%B %Y}, all kinds",
            list(context["late_reasons"]),
            "Late responses",
            category_heading="Reason",
            empty=f"No late responses from {context['late_reasons_from']:%B %Y} to {month:%B %Y}.",
        )
    )
    result.append(_data_requests_panel(month))
    review = context["review"]
    review_of = ", ".join(f"{label}: {n:,}" for label, n in context["review_of"])
    result.append(
        _single_series_panel(
            "reviews",
            "Internal reviews",
            "Internal reviews completed in the month, by outcome",
            list(context["review_outcomes"]),
            "Reviews completed",
            category_heading="Outcome",
            empty="No internal review was completed in the month.",
            notes=[
                f"Reviews asked for: {_count(review.received if review else 0)} ({review_of})",
                f"Reviews due: {_count(review.due if review else 0)}",
                f"Due and answered on time: {pages.pct_text(review.pct_due_met if review else None)}",
                f"Reviews completed: {_count(review.closed if review else 0)}",
            ],
        )
    )
    result.append(
        _kinds_panel(
            "outcomes",
            "Outcomes",
            "Responses sent in the month, by outcome",
            context["outcome_labels"],
            context["outcomes"],
        )
    )
    exemptions = context["exemptions"]
    result.append(
        _single_series_panel(
            "exemptions",
            "Exemptions used",
            "Exemptions, exceptions and restrictions relied on in responses sent in the month",
            [(f"{row['label']} ({row['kind']})", row["n"]) for row in exemptions],
            "Responses",
            category_heading="Exemption (kind)",
            empty="No exemptions were relied on in responses sent this month.",
        )
    )
    result.append(
        _kinds_panel(
            "requesters",
            "Who asked",
            "Requests received in the month, by type of requester",
            context["requester_labels"],
            context["requester_types"],
        )
    )
    result.append(
        _kinds_panel(
            "response-times",
            "Time taken to respond",
            "Responses sent in the month, by working days from receipt",
            context["response_labels"],
            context["response_times"],
        )
    )
    allocation = context["allocation"]
    result.append(_allocation_panel(allocation))
    complaints = context["complaints"]
    complaint_rows = [
        {
            "kind": row["kind"],
            "counts": [row["received"], *row["decided"]],
            "total": row["received"] + sum(row["decided"]),
        }
        for row in complaints
    ]
    result.append(
        _grouped_kinds_panel(
            "complaints",
            "Complaints and appeals to the regulator",
            "Complaints received, and the regulator's decisions made, in the month",
            ["Received", *(f"Decided: {label.lower()}" for label in context["complaint_labels"])],
            complaint_rows,
        )
    )
    result.append(_years_panel(context))
    return result


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _data_requests_panel(month: date) -> Panel:
    """Data requests to business areas in the month, per area (docs/metrics.md "Data
    requests by business area"): live from the case file, three queries."""
    heading = "Data requests to business areas"
    figures = area_figures(month, add_months(month, 1) - timedelta(days=1))
    intro = (
        "Requests to the areas that hold the information (custody, CCTV …) for it. "
        "Answered on time: of the data requests due in the month, those answered by their "
        "deadline. Median: working days from sending to the answer, over those answered in "
        "the month. Waited on: responses sent late in the month that had a data request to "
        "the area past its deadline and unanswered when the response went."
    )
    if not figures:
        return Panel(
            "data-requests",
            heading,
            intro=intro,
            empty="No data requests were made, due or answered in the month.",
        )
    chart = charts.bar_chart(
        chart_id="board-data-requests",
        title=f"Data requests by business area, {month:%B %Y}",
        description="Horizontal bar chart, one group of bars per business area: data requests "
        "made, due, answered on time, and late responses that waited on the area.",
        table_caption=f"Data requests by business area, {month:%B %Y}",
        categories=[row.label for row in figures],
        category_heading="Business area",
        series=[
            # Blue and grey for the volumes, green for on time, red for the late
            # responses (GOV.UK colours, PALETTE).
            charts.Series("Made", [row.made for row in figures], charts.PALETTE[0]),
            charts.Series("Due", [row.due for row in figures], charts.PALETTE[5]),
            charts.Series(
                "Answered on time", [row.answered_on_time for row in figures], charts.PALETTE[1]
            ),
            charts.Series(
                "Late responses that waited on it",
                [row.late_responses_waited for row in figures],
                charts.PALETTE[2],
            ),
        ],
        after=[
            charts.Column(
                "Due and answered on time (%)",
                [pages.pct_text(row.pct_answered_on_time) for row in figures],
            ),
            charts.Column("Answered in the month", [_count(row.answered) for row in figures]),
            charts.Column(
                "Median working days to answer",
                [_days(row.median_working_days) for row in figures],
            ),
        ],
        horizontal=True,
    )
    return Panel("data-requests", heading, chart=chart, intro=intro)


def _grouped_kinds_panel(
    panel_id: str, heading: str, caption: str, labels: list[str], rows: list[dict]
) -> Panel:
    if not any(row["total"] for row in rows):
        return Panel(panel_id, heading, empty=f"{caption}: none this month.")
    chart = charts.bar_chart(
        chart_id=f"board-{panel_id}",
        title=heading,
        description=f"Horizontal bar chart: {caption[0].lower()}{caption[1:]}.",
        table_caption=caption,
        categories=[row["kind"] for row in rows],
        category_heading="Kind",
        series=[
            charts.Series(label, [row["counts"][i] for row in rows])
            for i, label in enumerate(labels)
        ],
        horizontal=True,
    )
    return Panel(panel_id, heading, chart=chart)


def _allocation_panel(allocation: list[dict]) -> Panel:
    heading = "Time from receipt to allocation"
    caption = (
        "Requests received in the month that have been allocated to a caseworker (calendar days)"
    )
    if not any(row.get("allocated") for row in allocation):
        return Panel(
            "allocation", heading, empty="No request received in the month has been allocated yet."
        )
    chart = charts.bar_chart(
        chart_id="board-allocation",
        title=heading,
        description="Horizontal bar chart of the median calendar days from receipt to allocation, by kind.",
        table_caption=caption,
        categories=[row["kind"] for row in allocation],
        category_heading="Kind",
        columns=[
            charts.Column("Allocated", [_count(row.get("allocated") or 0) for row in allocation])
        ],
        series=[charts.Series("Median days", [row.get("median_days") for row in allocation])],
        after=[charts.Column("Average days", [_count(row.get("mean_days")) for row in allocation])],
        horizontal=True,
    )
    return Panel("allocation", heading, chart=chart)


def _years_panel(context: dict) -> Panel:
    last_year, this_year = context["last_year"], context["this_year"]
    heading = f"{last_year} compared with {this_year}"
    rows = context["comparison"]
    chart = charts.bar_chart(
        chart_id="board-years",
        title=f"Average of the monthly percentages due and answered on time, {last_year} and {this_year}",
        description="Horizontal bar chart, two bars per kind of request.",
        table_caption=f"{this_year} counts January to {context['month']:%B}",
        categories=[row["kind"] for row in rows],
        category_heading="Kind",
        columns=[
            charts.Column(f"Received {last_year}", [_count(r["previous"].received) for r in rows]),
            charts.Column(f"Received {this_year}", [_count(r["current"].received) for r in rows]),
        ],
        series=[
            charts.Series(
                f"Monthly average {last_year}",
                [r["previous"].average_pct_due_met for r in rows],
                charts.PALETTE[5],
                pages.pct_text,
            ),
            charts.Series(
                f"Monthly average {this_year}",
                [r["current"].average_pct_due_met for r in rows],
                charts.PALETTE[0],
                pages.pct_text,
            ),
        ],
        after=[
            charts.Column(
                f"Pooled {last_year}",
                [pages.pct_text(r["previous"].pooled_pct_due_met) for r in rows],
            ),
            charts.Column(
                f"Pooled {this_year}",
                [pages.pct_text(r["current"].pooled_pct_due_met) for r in rows],
            ),
        ],
        horizontal=True,
        unit="%",
        y_max=100,
    )
    return Panel("years", heading, chart=chart)


def board_pack(month: date, today: date) -> tuple[Pack, dict]:
    """The pack for `month`, and the page context it was built from."""
    context = pages.board_context(month, today)
    statuses, trend = statuses_and_trend(month)
    versions = commentary_versions(month)
    pack = Pack(
        month=month,
        statuses=statuses,
        trend=trend,
        panels=panels(context),
        commentary=versions[0] if versions else None,
        versions=versions,
        band=amber_band(),
    )
    return pack, context
