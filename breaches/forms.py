"""Page forms: shapes and friendly messages only; every rule lives in the services.

Date-times are entered the GOV.UK way: day, month and year boxes plus a time (24-hour
clock, UK time). A UK time skipped or repeated by a clock change is refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django import forms

from accounts.models import Unit

from . import clock
from .vocabularies import ActionKind, Likelihood, Nature, SecurityProperty, Severity, Source

TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
YES_NO = [("yes", "Yes"), ("no", "No")]


def _int_field() -> forms.CharField:
    return forms.CharField(required=False, max_length=4)


class DateTimePartsMixin:
    """Adds `<prefix>_day/_month/_year/_time` fields; `clean()` joins them into
    `cleaned_data[prefix]` (an aware datetime, or None when all are blank and optional)."""

    datetime_parts: dict[str, tuple[str, bool]] = {}  # prefix -> (what, required)
    date_parts: dict[str, tuple[str, bool]] = {}  # prefix -> (what, required): a date only

    def _add_part_fields(self) -> None:
        for prefix in [*self.datetime_parts, *self.date_parts]:
            for part in ("day", "month", "year"):
                self.fields[f"{prefix}_{part}"] = _int_field()
        for prefix in self.datetime_parts:
            self.fields[f"{prefix}_time"] = forms.CharField(required=False, max_length=5)

    def _date_from(self, prefix: str, what: str, required: bool) -> date | None:
        raw = [
            (self.cleaned_data.get(f"{prefix}_{p}") or "").strip() for p in ("day", "month", "year")
        ]
        if not any(raw):
            if required:
                self.add_error(f"{prefix}_day", f"Enter the date {what}.")
            return None
        if not all(raw) or not all(part.isdigit() for part in raw):
            self.add_error(
                f"{prefix}_day", f"The date {what} must include a day, month and year in numbers."
            )
            return None
        day, month, year = (int(part) for part in raw)
        try:
            if year < 1000:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            self.add_error(f"{prefix}_day", f"The date {what} must be a real date.")
            return None

    def _datetime_from(self, prefix: str, what: str, required: bool) -> datetime | None:
        time_text = (self.cleaned_data.get(f"{prefix}_time") or "").strip()
        day = self._date_from(prefix, what, required or bool(time_text))
        if day is None:
            return None
        match = TIME_RE.match(time_text)
        if not match:
            self.add_error(
                f"{prefix}_time", f"Enter the time {what} in 24-hour format, for example 14:30."
            )
            return None
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            self.add_error(f"{prefix}_time", f"The time {what} must be a real time, like 09:05.")
            return None
        try:
            return clock.localise_uk(datetime(day.year, day.month, day.day, hour, minute))  # noqa: DTZ001
        except clock.ClockError as error:
            self.add_error(f"{prefix}_time", str(error))
            return None

    def clean(self):
        cleaned = super().clean()
        for prefix, (what, required) in self.datetime_parts.items():
            cleaned[prefix] = self._datetime_from(prefix, what, required)
        for prefix, (what, required) in self.date_parts.items():
            cleaned[prefix] = self._date_from(prefix, what, required)
        return cleaned


class ServiceErrorsMixin:
    """Puts a service's ValidationError field errors on the form's fields."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = self.field_map.get(field, field)
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class BreachDetailsForm(ServiceErrorsMixin, DateTimePartsMixin, forms.Form):
    """The details that can be completed after the first report."""

    datetime_parts = {"occurred_at": ("the breach happened", False)}
    field_map = {"occurred_at": "occurred_at_day"}

    summary = forms.CharField(
        label="What happened?",
        help_text="Do not include names or other details of the people affected.",
        max_length=10000,
        error_messages={"required": "Enter a summary of what happened."},
    )
    how_discovered = forms.CharField(
        label="How was it discovered?", required=False, max_length=5000
    )
    reported_by_name = forms.CharField(
        label="Reported by (if not you)",
        help_text="For example, a member of the public or another force.",
        required=False,
        max_length=200,
    )
    unit = forms.ModelChoiceField(
        label="Unit", queryset=Unit.objects.filter(active=True), required=False
    )
    security_properties = forms.MultipleChoiceField(
        label="What was affected?", choices=SecurityProperty.choices, required=False
    )
    data_categories = forms.CharField(
        label="Categories of personal data",
        help_text="For example, names and addresses, custody records, health information.",
        required=False,
        max_length=5000,
    )
    special_category_data = forms.BooleanField(
        label="Special category data (health, ethnicity, biometrics and so on)", required=False
    )
    criminal_offence_data = forms.BooleanField(label="Criminal offence data", required=False)
    data_subjects_count = forms.IntegerField(
        label="Approximate number of people affected",
        required=False,
        min_value=0,
        error_messages={"invalid": "Enter the number of people as a whole number, like 12."},
    )
    records_count = forms.IntegerField(
        label="Approximate number of records",
        required=False,
        min_value=0,
        error_messages={"invalid": "Enter the number of records as a whole number, like 40."},
    )

    field_order = ["summary", *(f"occurred_at_{p}" for p in ("day", "month", "year", "time"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_part_fields()
        # The error summary lists errors in the order the page shows the fields.
        self.order_fields(self.field_order)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "occurred_at": data.get("occurred_at"),
            "how_discovered": data.get("how_discovered", ""),
            "reported_by_name": data.get("reported_by_name", ""),
            "unit": data.get("unit"),
            "security_properties": data.get("security_properties", []),
            "data_categories": data.get("data_categories", ""),
            "special_category_data": data.get("special_category_data", False),
            "criminal_offence_data": data.get("criminal_offence_data", False),
            "data_subjects_count": data.get("data_subjects_count"),
            "records_count": data.get("records_count"),
        }

    @classmethod
    def initial_for(cls, breach) -> dict:
        initial = {
            field: getattr(breach, field)
            for field in (
                "summary",
                "how_discovered",
                "reported_by_name",
                "security_properties",
                "data_categories",
                "special_category_data",
                "criminal_offence_data",
                "data_subjects_count",
                "records_count",
            )
        }
        initial["unit"] = breach.unit_id
        if breach.occurred_at:
            local = clock.to_uk(breach.occurred_at)
            initial.update(
                occurred_at_day=local.day,
                occurred_at_month=local.month,
                occurred_at_year=local.year,
                occurred_at_time=f"{local:%H:%M}",
            )
        return initial


class RecordBreachForm(BreachDetailsForm):
    """A quick first report: what happened, when the force became aware, the source and
    the nature. Everything else can be added later."""

    datetime_parts = {
        "aware_at": ("you became aware of the breach", True),
        "occurred_at": ("the breach happened", False),
    }
    field_map = {"aware_at": "aware_at_day", "occurred_at": "occurred_at_day"}

    source = forms.ChoiceField(
        label="Where did the breach come from?",
        choices=Source.choices,
        error_messages={"required": "Choose where the breach came from."},
    )
    nature = forms.ChoiceField(
        label="What kind of breach was it?",
        choices=Nature.choices,
        error_messages={"required": "Choose what kind of breach it was."},
    )

    field_order = [
        "summary",
        *(f"aware_at_{p}" for p in ("day", "month", "year", "time")),
        "source",
        "nature",
        *(f"occurred_at_{p}" for p in ("day", "month", "year", "time")),
    ]

    def service_kwargs(self) -> dict:
        return {
            **super().service_kwargs(),
            "aware_at": self.cleaned_data.get("aware_at"),
            "source": self.cleaned_data["source"],
            "nature": self.cleaned_data["nature"],
        }


class VersionedForm(ServiceErrorsMixin, DateTimePartsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_part_fields()


class AssessForm(VersionedForm):
    field_map = {"rationale": "rationale"}
    likelihood = forms.ChoiceField(
        label="How likely is it that people will be harmed?",
        choices=Likelihood.choices,
        error_messages={"required": "Choose how likely it is that people will be harmed."},
    )
    severity = forms.ChoiceField(
        label="How severe could the harm be?",
        choices=Severity.choices,
        error_messages={"required": "Choose how severe the harm could be."},
    )
    rationale = forms.CharField(
        label="Reasons for this assessment",
        max_length=10000,
        error_messages={"required": "Explain the reasons for this assessment of the risk."},
    )


class DecideForm(VersionedForm):
    reportable = forms.ChoiceField(
        label="Must the breach be reported to the ICO?",
        choices=YES_NO,
        error_messages={"required": "Choose whether the breach must be reported to the ICO."},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="Record the reasons for a decision not to report, too: the ICO expects them.",
        max_length=10000,
        error_messages={"required": "Enter the reasons for the decision."},
    )

    def service_kwargs(self) -> dict:
        return {
            "reportable": self.cleaned_data["reportable"] == "yes",
            "reasons": self.cleaned_data["reasons"],
        }


class ReportForm(VersionedForm):
    datetime_parts = {"reported_at": ("the breach was reported to the ICO", True)}
    field_map = {"reported_at": "reported_at_day"}
    regulator_reference = forms.CharField(
        label="ICO reference (if you have it)", required=False, max_length=100
    )
    late_reason = forms.CharField(
        label="Reasons for any delay",
        help_text="Required when the report was made after the 72-hour deadline.",
        required=False,
        max_length=10000,
    )

    def service_kwargs(self) -> dict:
        return {
            "reported_at": self.cleaned_data.get("reported_at"),
            "regulator_reference": self.cleaned_data.get("regulator_reference", ""),
            "late_reason": self.cleaned_data.get("late_reason", ""),
        }


class NotifySubjectsForm(VersionedForm):
    datetime_parts = {"notified_at": ("the people affected were told", False)}
    field_map = {"notified_at": "notified_at_day"}
    notified = forms.ChoiceField(
        label="Were the people affected told about the breach?",
        choices=YES_NO,
        error_messages={"required": "Choose whether the people affected were told."},
    )
    reasons = forms.CharField(label="If not, why not?", required=False, max_length=10000)

    def service_kwargs(self) -> dict:
        return {
            "notified": self.cleaned_data["notified"] == "yes",
            "notified_at": self.cleaned_data.get("notified_at"),
            "reasons": self.cleaned_data.get("reasons", ""),
        }


class ActionForm(VersionedForm):
    date_parts = {"due_on": ("the action is due", True)}
    field_map = {"due_on": "due_on_day"}
    kind = forms.ChoiceField(
        label="Type of action",
        choices=ActionKind.choices,
        error_messages={"required": "Choose whether this is a containment or a remedial action."},
    )
    description = forms.CharField(
        label="Action", max_length=5000, error_messages={"required": "Describe the action."}
    )
    owner_name = forms.CharField(
        label="Owner",
        max_length=200,
        error_messages={"required": "Enter who owns the action."},
    )

    def service_kwargs(self) -> dict:
        return {
            "kind": self.cleaned_data["kind"],
            "description": self.cleaned_data["description"],
            "owner_name": self.cleaned_data["owner_name"],
            "due_on": self.cleaned_data.get("due_on"),
        }


class CompleteActionForm(VersionedForm):
    action = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(VersionedForm):
    lessons_learned = forms.CharField(
        label="Lessons learned",
        help_text="What will stop this happening again? The Data Board reviews these.",
        max_length=20000,
        error_messages={"required": "Enter the lessons learned, to help prevent a repeat."},
    )
