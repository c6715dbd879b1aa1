"""The GOV.UK form layer: the widgets, fields and helpers every page form uses.

Forms are plain Django forms. The renderer below (``FORM_RENDERER``) makes ``{{ form }}``
and ``{{ form.field.as_field_group }}`` come out as GOV.UK Frontend markup, using the
templates in ``templates/govuk/``; ``{% include "govuk/field.html" with field=... %}``
does the same with page-specific options (label or legend size, input width).

Rules kept in one place:
- ids: a field's hint is ``<id>-hint``, its error message ``<id>-error``; the first
  input of a field has the id its label points at (``BoundField.id_for_label``): the
  field id itself, the first radio or checkbox (later ones are ``<id>-2``, ``<id>-3`` as
  GOV.UK Frontend numbers them), or the day box of a date (``<id>_day``). The error
  summary links there, so every link lands on an input.
- date input: day, month and year boxes, with the Design System's messages ("... must
  include a month", "... must be a real date").

Written on Django's own form rendering API rather than a package: crispy-forms-gds 2.0.1
(January 2025) targets GOV.UK Frontend 5.0 and declares Django 5.0/5.1 only, and
govuk-frontend-django renders component macros through Jinja2 template tags, not form
fields (no renderer, no widgets), so neither gives ``{{ form }}`` in Frontend 6 markup.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting

from core.errors import ConflictError, TransitionError

TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")

#: An attribute the field template passes to a widget to say its field has errors; the
#: GOV.UK widgets turn it into the error classes and never print it.
ERROR_ATTR = "data-govuk-error"


class GovukRenderer(TemplatesSetting):
    """``{{ form }}`` and ``{{ form.field.as_field_group }}`` in GOV.UK markup."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


# ---------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------


def _govuk_option_id(id_: str, index) -> str:
    """GOV.UK Frontend numbering: the first item has the field's id, then ``-2``..."""
    if not id_:
        return id_
    if index is None or str(index) == "0":
        return id_
    try:
        return f"{id_}-{int(index) + 1}"
    except ValueError:  # an option inside a group: "1_0"
        return f"{id_}-{index}"


class Radios(forms.RadioSelect):
    """GOV.UK radios. ``inline`` for two or three short answers; ``small`` for long lists."""

    template_name = "govuk/widgets/radios.html"

    def __init__(self, attrs=None, choices=(), *, inline: bool = False, small: bool = False):
        super().__init__(attrs, choices)
        self.inline = inline
        self.small = small

    def id_for_label(self, id_, index=None):
        return _govuk_option_id(id_, index)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        attrs.pop(ERROR_ATTR, None)
        context = super().get_context(name, value, attrs)
        context["widget"].update(inline=self.inline, small=self.small)
        return context


class Checkboxes(forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes (small by default, as every list in this service is)."""

    template_name = "govuk/widgets/checkboxes.html"

    def __init__(self, attrs=None, choices=(), *, small: bool = True):
        super().__init__(attrs, choices)
        self.small = small

    def id_for_label(self, id_, index=None):
        return _govuk_option_id(id_, index)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        attrs.pop(ERROR_ATTR, None)
        context = super().get_context(name, value, attrs)
        context["widget"]["small"] = self.small
        return context


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes named ``<name>_day`` and so on,
    with ids ``<id>_day`` and so on."""

    template_name = "govuk/widgets/date_input.html"
    parts = (("day", "Day", 2, True), ("month", "Month", 2, True), ("year", "Year", 4, True))

    def __init__(self, attrs=None):
        widgets = {name: forms.TextInput() for name, *_ in self.parts}
        super().__init__(widgets, attrs)

    def id_for_label(self, id_):
        return f"{id_}_{self.parts[0][0]}" if id_ else id_

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None] * len(self.parts)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        has_error = bool(attrs.pop(ERROR_ATTR, False))
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for sub, (part, label, width, numeric) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            sub["attrs"]["id"] = f"{id_}_{part}" if id_ else ""
            sub.update(label=label, width=width, numeric=numeric)
        context["widget"]["has_error"] = has_error
        return context


class DateTimeInput(DateInput):
    """A date input with a fourth box for the UK time (24-hour clock)."""

    parts = (*DateInput.parts, ("time", "Time (UK)", 4, False))  # type: ignore[assignment]

    def decompress(self, value):
        if isinstance(value, datetime):
            return [str(value.day), str(value.month), str(value.year), f"{value:%H:%M}"]
        return [None] * len(self.parts)


# ---------------------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------------------


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class StrictDateField(forms.MultiValueField):
    """A date typed into three boxes. ``noun`` names it in messages, e.g. "the date the
    request was received": "Enter the date the request was received", "The date the
    request was received must include a month", "... must be a real date"."""

    widget = DateInput

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        parts = len(self.widget.parts)
        fields = tuple(forms.CharField() for _ in range(parts))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def _parts(self, value) -> list[str]:
        value = list(value or [])
        value += [None] * (len(self.widget.parts) - len(value))
        return [(part or "").strip() for part in value]

    def _date(self, day: str, month: str, year: str) -> date | None:
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {self.noun}", code="required")
            return None
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(
                f"{_capitalised(self.noun)} must include a {' and a '.join(missing)}",
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{_capitalised(self.noun)} must be a real date", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                f"{_capitalised(self.noun)} must be a real date", code="invalid"
            ) from None

    def clean(self, value):
        day, month, year = self._parts(value)[:3]
        return self._date(day, month, year)

    def compress(self, data_list):  # clean() above does the work
        return None


class StrictDateTimeField(StrictDateField):
    """A date and a UK wall-clock time (24-hour clock). ``time_noun`` names the time in
    messages; ``localise`` turns the naive wall-clock time into an aware datetime and
    raises ``ValueError`` (with a message for the user) for a time the clocks skipped
    or repeated."""

    widget = DateTimeInput

    def __init__(
        self, *, noun: str, time_noun: str, localise: Callable[[datetime], datetime], **kwargs
    ):
        self.time_noun = time_noun
        self.localise = localise
        super().__init__(noun=noun, **kwargs)

    def clean(self, value):
        day, month, year, time_text = self._parts(value)
        if time_text and not (day or month or year) and not self.required:
            raise ValidationError(f"Enter {self.noun}", code="required")
        moment = self._date(day, month, year)
        if moment is None:
            return None
        match = TIME_RE.match(time_text)
        if not match:
            raise ValidationError(
                f"Enter {self.time_noun} in 24-hour format, for example 14:30", code="time"
            )
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(
                f"{_capitalised(self.time_noun)} must be a real time, like 09:05", code="time"
            )
        try:
            return self.localise(datetime(moment.year, moment.month, moment.day, hour, minute))  # noqa: DTZ001
        except ValueError as error:
            raise ValidationError(str(error), code="time") from None


# ---------------------------------------------------------------------------------------
# Forms and helpers
# ---------------------------------------------------------------------------------------


class VersionedForm(forms.Form):
    """An action form: it carries the version of the record the user saw, so a service
    can refuse a change made on a stale page (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def apply_service_errors(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: each field's messages on that field
    (``aliases`` maps a service's key to the form's field name), everything else (keys
    the form has no field for, and errors with no field) at the top of the summary."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages in error.message_dict.items():
        field = aliases.get(key, key)
        if field == NON_FIELD_ERRORS or field not in form.fields:
            form.add_error(None, messages)
        else:
            form.add_error(field, messages)


@dataclass(frozen=True)
class ServiceAnswer:
    #: True when the service did its work; `result` is what it returned.
    done: bool
    #: The HTTP status for the page shown again: 400 bad input, 409 a state conflict.
    status: int
    result: Any = None


def run_service(form: forms.Form, call: Callable[[], Any]) -> ServiceAnswer:
    """Run a page's service `call()` for a valid form. Refusals land on the form: field
    errors where the service named a field (400), a stale version or a status that does
    not allow the action at the top (409)."""
    try:
        result = call()
    except ValidationError as error:
        apply_service_errors(form, error)
        return ServiceAnswer(done=False, status=400)
    except (TransitionError, ConflictError) as error:
        form.add_error(None, str(error))
        return ServiceAnswer(done=False, status=409)
    return ServiceAnswer(done=True, status=200, result=result)


# ---------------------------------------------------------------------------------------
# What the templates ask of a bound field (used by core/templatetags/govuk_forms.py)
# ---------------------------------------------------------------------------------------

INPUT_CLASSES = {
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "selectmultiple": ("govuk-select", "govuk-select--error"),
    "clearablefile": ("govuk-file-upload", "govuk-file-upload--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
}


def described_by(field) -> str:
    """The ids of the field's hint and error message, for ``aria-describedby``."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def error_anchor(field) -> str:
    """Where an error-summary link for this field goes: its first input (empty for a
    hidden field, which the user cannot reach)."""
    if field.is_hidden:
        return ""
    return field.id_for_label or field.auto_id


def _govuk_choice_widget(widget):
    """A form that cannot import this module (``accounts`` sits below ``core``) declares
    Django's own radios or checkboxes; they are drawn as the GOV.UK ones."""
    if isinstance(widget, Radios | Checkboxes):
        return widget
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Checkboxes(attrs=widget.attrs, choices=widget.choices)
    if isinstance(widget, forms.RadioSelect):
        return Radios(attrs=widget.attrs, choices=widget.choices)
    return widget


def render_widget(field, extra_classes: str = "") -> str:
    """The field's input with GOV.UK classes, error classes and ``aria-describedby``.
    Numbers are typed into a text box with a numeric keyboard, as GOV.UK advises."""
    widget = field.field.widget
    attrs: dict = {}
    if field.is_hidden:
        return field.as_widget()
    if field.use_fieldset:
        if field.errors:
            attrs[ERROR_ATTR] = True
        return field.as_widget(widget=_govuk_choice_widget(widget), attrs=attrs)
    base, error_class = INPUT_CLASSES.get(field.widget_type, ("govuk-input", "govuk-input--error"))
    # No maxlength: the browser would cut off what was typed without a word; the form
    # says what is too long instead.
    widget = copy.copy(widget)
    widget.attrs = {k: v for k, v in widget.attrs.items() if k not in ("maxlength", "minlength")}
    if isinstance(widget, forms.NumberInput):
        widget.input_type = "text"
        widget.attrs = {"inputmode": "numeric", **widget.attrs}
        if "class" not in widget.attrs and not extra_classes:
            extra_classes = "govuk-input--width-5"
    classes = [base, widget.attrs.get("class", ""), extra_classes]
    if field.errors:
        classes.append(error_class)
    attrs["class"] = " ".join(c for c in classes if c)
    described = described_by(field)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(widget=widget, attrs=attrs)
