"""Template helpers for GOV.UK form markup and request lists (no queries here)."""

from datetime import date

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "number": "govuk-input govuk-input--width-5",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
}


def _described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def _text(value) -> str:
    if value is None:
        return ""
    return str(value)


@register.filter
def govuk_widget(field):
    """Render a text, textarea, select, number or hidden field as GOV.UK markup (by
    hand: the project's form renderer has no Django widget templates)."""
    widget_type = field.widget_type
    value = field.value()
    if widget_type == "hidden":
        return format_html(
            '<input type="hidden" name="{}" value="{}" id="{}">',
            field.html_name,
            _text(value),
            field.auto_id,
        )
    classes = INPUT_CLASSES.get(widget_type, "govuk-input")
    base = classes.split()[0]
    if field.errors:
        classes += " " + ERROR_CLASSES.get(base, "")
    described = _described_by(field)
    aria = format_html(' aria-describedby="{}"', described) if described else ""
    if widget_type == "textarea":
        return format_html(
            '<textarea class="{}" id="{}" name="{}" rows="{}"{}>{}</textarea>',
            classes,
            field.auto_id,
            field.html_name,
            field.field.widget.attrs.get("rows", 5),
            aria,
            _text(value),
        )
    if widget_type == "select":
        chosen = _text(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    _text(getattr(key, "value", key)),
                    mark_safe(" selected") if _text(getattr(key, "value", key)) == chosen else "",
                    label,
                )
                for key, label in field.field.choices
            ),
        )
        return format_html(
            '<select class="{}" id="{}" name="{}"{}>{}</select>',
            classes,
            field.auto_id,
            field.html_name,
            aria,
            options,
        )
    input_type = "text"
    extra = ' inputmode="numeric"' if widget_type == "number" else ""
    if widget_type == "email" or field.name.endswith("email"):
        extra = ' type="email" spellcheck="false" autocomplete="email"'
        input_type = None
    return format_html(
        '<input class="{}" id="{}" name="{}"{}{} value="{}"{}>',
        classes,
        field.auto_id,
        field.html_name,
        format_html(' type="{}"', input_type) if input_type else "",
        mark_safe(extra),  # noqa: S308 - constant markup
        _text(value),
        aria,
    )


@register.filter
def described_by(field) -> str:
    return _described_by(field)


@register.filter
def error_anchor(field) -> str:
    """The id an error-summary link should jump to (the first input of the field)."""
    if field.widget_type == "dateinput":
        return f"{field.auto_id}_day"
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def date_parts(field) -> list[dict]:
    """The day, month and year boxes of a date field with what the user typed."""
    value = field.value()
    if isinstance(value, date):
        value = [value.day, value.month, value.year]
    value = list(value or [None, None, None])
    parts = []
    for (suffix, label, width), typed in zip(
        (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)), value, strict=False
    ):
        parts.append(
            {
                "name": f"{field.html_name}_{suffix}",
                "id": f"{field.auto_id}_{suffix}",
                "label": label,
                "width": width,
                "value": "" if typed is None else typed,
            }
        )
    return parts


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
