"""Template helpers for request lists (no queries here). Form markup comes from the
shared GOV.UK form layer: core/govuk_forms.py and templates/govuk/."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .. import selectors
from ..vocabularies import EXEMPTION_LABELS

register = template.Library()


@register.simple_tag
def deadline_tags(deadline):
    """GOV.UK tags for a row: overdue, due soon, clock stopped, extended."""
    if deadline is None:
        return ""
    tags = []
    if deadline.overdue:
        tags.append(("govuk-tag--red", "Overdue"))
    elif deadline.due_soon:
        tags.append(("govuk-tag--orange", "Due soon"))
    if deadline.clock_stopped:
        tags.append(("govuk-tag--grey", "Clock stopped"))
    if deadline.extended:
        tags.append(("govuk-tag--purple", "Extended"))
    if not tags:
        return ""
    return format_html(
        "".join('<strong class="govuk-tag {} rq-tag">{}</strong> ' for _ in tags),
        *[item for tag in tags for item in tag],
    )


@register.filter
def has_any_role(user, roles: str) -> bool:
    """``user|has_any_role:"caseworker,team_lead"``"""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*roles.split(","))


@register.inclusion_tag("requests_tracker/_my_work.html", takes_context=True)
def my_work_panel(context):
    """My work (counts and the open requests) for the signed-in user."""
    from ..views import my_work_context  # views import this module's siblings

    return my_work_context(context["user"])


@register.inclusion_tag("requests_tracker/_team_panel.html", takes_context=True)
def team_panel(context):
    """A team lead's home: their unit's backlog by age and who holds overdue work."""
    user = context["user"]
    today = selectors.uk_today()
    backlog = selectors.team_backlog(user.unit_id, today=today, rules=selectors.statutory_rules())
    holders = [row for row in backlog["by_assignee"] if row["overdue"]]
    return {
        "unit": user.unit,
        "bands": backlog["bands"],
        "total": sum(count for _, count in backlog["bands"]),
        "overdue": sum(row["overdue"] for row in backlog["by_assignee"]),
        "holders": holders[:5],
    }


@register.filter
def exemption_labels(codes) -> str:
    """Recorded exemptions in words ("Section 31 – Law enforcement"), never their codes."""
    return ", ".join(EXEMPTION_LABELS.get(code, code) for code in codes or ())


# ---------------------------------------------------------------------------------------
# Work-list rows (requests_tracker/_work_table.html)
# ---------------------------------------------------------------------------------------
# A work list shows 50 rows (My work) or 25 (All requests, Team). Rendered by the template
# engine each row cost about half a millisecond (two dozen tags and filters), most of the
# page's time (issue 19); written here they cost a fraction of that, with the same markup
# (tests/requests_tracker/test_work_rows.py compares the two), every value escaped.


class _RowWriter:
    """Writes rows, remembering what repeats from row to row within one table (dates,
    status names, the detail URL's shape)."""

    def __init__(self, *, selectable: bool, show_assignee: bool, selected) -> None:
        self.selectable = selectable
        self.show_assignee = show_assignee
        self.selected = {str(value) for value in selected or ()}
        # The detail URL of request 0, split where its pk goes.
        self.url_head, self.url_tail = reverse("requests:detail", args=[0]).rsplit("0", 1)
        self.dates: dict = {}
        self.statuses: dict[str, str] = {}

    def date(self, day) -> str:
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = format_date(day, "j M Y")
        return text

    def status(self, row) -> str:
        text = self.statuses.get(row.status)
        if text is None:
            text = self.statuses[row.status] = escape(row.get_status_display())
        return text

    def row(self, row) -> str:
        pk = int(row.pk)
        reference = escape(row.reference)
        parts = ['<tr class="govuk-table__row">']
        if self.selectable:
            parts.append('<td class="govuk-table__cell rq-select-cell">')
            if row.is_active:
                checked = " checked" if str(pk) in self.selected else ""
                parts.append(
                    '<div class="govuk-checkboxes govuk-checkboxes--small"'
                    ' data-module="govuk-checkboxes"><div class="govuk-checkboxes__item">'
                    f'<input class="govuk-checkboxes__input" id="select-{pk}" name="requests"'
                    f' type="checkbox" value="{pk}" form="bulk-assign"{checked}><label'
                    f' class="govuk-label govuk-checkboxes__label" for="select-{pk}"><span'
                    f' class="govuk-visually-hidden">Select {reference}</span></label></div></div>'
                )
            parts.append("</td>")
        parts.append(
            '<td class="govuk-table__cell rq-nowrap rq-ref-cell"><a class="govuk-link"'
            f' href="{escape(self.url_head)}{pk}{escape(self.url_tail)}">{reference}</a></td>'
        )
        summary = (
            '<span class="rq-secondary">Hidden: another unit\'s request</span>'
            if getattr(row, "hide_summary", False)
            else escape(Truncator(row.summary).chars(70))
        )
        parts.append(
            f'<td class="govuk-table__cell rq-summary" data-label="Summary">{summary}</td>'
        )
        deadline = getattr(row, "deadline", None)
        if row.is_active:
            days = escape(deadline.words) if deadline is not None else ""
        else:
            days = self.status(row)
            if row.closed_on:
                days = f"{days} {self.date(row.closed_on)}"
        due = self.date(row.due_on) if row.due_on else "No due date"
        overdue = " rq-overdue" if deadline is not None and deadline.overdue else ""
        parts.append(
            '<td class="govuk-table__cell rq-due-cell" data-label="Due"><span class="rq-nowrap">'
            f'{due}</span><br><span class="govuk-body-s rq-days{overdue}">{days}</span><span'
            ' class="govuk-body-s rq-secondary rq-received"><br>Received'
            f" {self.date(row.received_on)}</span></td>"
        )
        if self.show_assignee:
            who = (
                escape(row.assigned_to.display_name)
                if row.assigned_to_id
                else '<span class="rq-secondary">Unassigned</span>'
            )
            parts.append(f'<td class="govuk-table__cell" data-label="Assigned to">{who}</td>')
        parts.append('<td class="govuk-table__cell rq-status-cell">')
        if row.requester_replied_at:
            parts.append(
                '<strong class="govuk-tag govuk-tag--purple rq-tag">Requester replied</strong> '
            )
        parts.append(deadline_tags(deadline))
        if deadline is None or not (
            deadline.overdue or deadline.due_soon or deadline.clock_stopped or deadline.extended
        ):
            parts.append(f'<span class="rq-secondary">{self.status(row)}</span>')
        parts.append("</td></tr>")
        return "".join(parts)


@register.simple_tag(takes_context=True)
def work_rows(context, rows) -> SafeString:
    """Every row of the work table: select box (for a lead), reference, summary (or that
    it is hidden), due date and deadline words, assignee, status tags. `selectable`,
    `show_assignee` and `selected` come from the including template's context."""
    writer = _RowWriter(
        selectable=bool(context.get("selectable")),
        show_assignee=bool(context.get("show_assignee")),
        selected=context.get("selected"),
    )
    return mark_safe("\n".join(writer.row(row) for row in rows))  # noqa: S308 - escaped above
