"""Work-list rows are written in Python (requests_tracker.templatetags.requests_ui.work_rows)
for speed (issue 19); they must be exactly the markup the template wrote, for every kind
of row: active and closed, hidden summary, selectable and selected, assigned or not,
clock stopped, requester replied, values that need escaping."""

import re
from datetime import date

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone

from requests_tracker import selectors, services
from requests_tracker.models import InformationRequest
from tests.requests_tracker.test_views import log

pytestmark = pytest.mark.django_db

#: The rows as the template wrote them before (the loop of _work_table.html).
TEMPLATE_ROWS = """{% load requests_ui %}
    {% for row in rows %}
    <tr class="govuk-table__row">
      {% if selectable %}<td class="govuk-table__cell rq-select-cell">{% if row.is_active %}<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"><div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="select-{{ row.pk }}" name="requests" type="checkbox" value="{{ row.pk }}" form="bulk-assign"{% if row.pk|stringformat:"s" in selected %} checked{% endif %}><label class="govuk-label govuk-checkboxes__label" for="select-{{ row.pk }}"><span class="govuk-visually-hidden">Select {{ row.reference }}</span></label></div></div>{% endif %}</td>{% endif %}
      <td class="govuk-table__cell rq-nowrap rq-ref-cell"><a class="govuk-link" href="{% url 'requests:detail' row.pk %}">{{ row.reference }}</a></td>
      <td class="govuk-table__cell rq-summary" data-label="Summary">{% if row.hide_summary %}<span class="rq-secondary">Hidden: another unit's request</span>{% else %}{{ row.summary|truncatechars:70 }}{% endif %}</td>
      <td class="govuk-table__cell rq-due-cell" data-label="Due"><span class="rq-nowrap">{% if row.due_on %}{{ row.due_on|date:"j M Y" }}{% else %}No due date{% endif %}</span><br><span class="govuk-body-s rq-days{% if row.deadline.overdue %} rq-overdue{% endif %}">{% if row.is_active %}{{ row.deadline.words }}{% else %}{{ row.get_status_display }}{% if row.closed_on %} {{ row.closed_on|date:"j M Y" }}{% endif %}{% endif %}</span><span class="govuk-body-s rq-secondary rq-received"><br>Received {{ row.received_on|date:"j M Y" }}</span></td>
      {% if show_assignee %}<td class="govuk-table__cell" data-label="Assigned to">{% if row.assigned_to %}{{ row.assigned_to.display_name }}{% else %}<span class="rq-secondary">Unassigned</span>{% endif %}</td>{% endif %}
      <td class="govuk-table__cell rq-status-cell">{% if row.requester_replied_at %}<strong class="govuk-tag govuk-tag--purple rq-tag">Requester replied</strong> {% endif %}{% deadline_tags row.deadline %}{% if not row.deadline.overdue and not row.deadline.due_soon and not row.deadline.clock_stopped and not row.deadline.extended %}<span class="rq-secondary">{{ row.get_status_display }}</span>{% endif %}</td>
    </tr>
    {% endfor %}
"""


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_rows_written_in_python_are_the_markup_the_template_wrote(caseworker, make_user, on_day):
    on_day("2026-04-20")
    colleague = make_user("cam")
    plain = log(caseworker, summary="Budget & <costs> '2025'" * 5, assigned_to=caseworker)
    log(caseworker, kind="roa", received_on=date(2026, 3, 1), assigned_to=colleague)
    log(caseworker, kind="eir", summary="Air")
    stopped = log(caseworker, received_on=date(2026, 4, 13), assigned_to=caseworker)
    services.stop_clock(
        request_id=stopped.pk,
        actor=caseworker,
        reason="clarification",
        started_on=date(2026, 4, 14),
    )
    extended = log(caseworker, received_on=date(2026, 4, 1), assigned_to=caseworker)
    services.extend(
        request_id=extended.pk, actor=caseworker, extended_on=date(2026, 4, 2), reason="PIT"
    )
    closed = log(caseworker, received_on=date(2026, 4, 1))
    services.close_request(
        request_id=closed.pk, actor=caseworker, closed_on=date(2026, 4, 10), outcome="not_held"
    )
    InformationRequest.objects.filter(pk=plain.pk).update(requester_replied_at=timezone.now())
    rows = selectors.with_deadlines(
        selectors.with_open_stop(selectors.request_queryset().order_by("id")),
        today=date(2026, 4, 20),
        rules=selectors.statutory_rules(),
    )
    assert len(rows) == 6
    rows[2].hide_summary = True
    template = engines["django"].from_string(TEMPLATE_ROWS)
    for context in (
        {},
        {"show_assignee": True},
        {"show_assignee": True, "selectable": True, "selected": [str(rows[0].pk)]},
    ):
        context = {"rows": rows, "caption": "Requests", **context}
        written = render_to_string("requests_tracker/_work_table.html", context)
        body = written[written.index("<tbody") : written.index("</tbody>")]
        body = body[body.index(">") + 1 :]
        assert normalised(body) == normalised(template.render(context))
        assert "Budget &amp; &lt;costs&gt;" in body
        assert "<costs>" not in body
