"""Page forms: shapes and friendly messages only; every rule lives in the services.

Date-times are entered the GOV.UK way (core.govuk_forms.StrictDateTimeField): day, month
and year boxes plus a time (24-hour clock, UK time). A UK time skipped or repeated by a
clock change is refused.
"""

from __future__ import annotations

from django import forms

from accounts.models import Unit
from core.dates import to_uk
from core.govuk_forms import Checkboxes, Radios, StrictDateField, StrictDateTimeField, VersionedForm

from . import clock
from .vocabularies import ActionKind, Likelihood, Nature, SecurityProperty, Severity, Source

YES_NO = [("yes", "Yes"), ("no", "No")]


def _uk_datetime(what: str, *, required: bool, **kwargs) -> StrictDateTimeField:
    """A date and UK time, e.g. ``what="you became aware of the breach"``."""
    return StrictDateTimeField(
        noun=f"the date {what}",
        time_noun=f"the time {what}",
        localise=clock.localise_uk,
        required=required,
        **kwargs,
    )


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class BreachDetailsForm(forms.Form):
    """The details that can be completed after the first report."""

    label_class = "govuk-label"  # breach pages use the regular label size

    summary = forms.CharField(
        label="What happened?",
        help_text="Do not include names or other details of the people affected.",
        max_length=10000,
        widget=_textarea(5),
        error_messages={"required": "Enter a summary of what happened."},
    )
    occurred_at = _uk_datetime(
        "the breach happened",
        required=False,
        label="When did the breach happen? (optional)",
        help_text="Leave blank if not known. For example, 27 3 2026 and 09:15.",
    )
    how_discovered = forms.CharField(
        label="How was it discovered?", required=False, max_length=5000, widget=_textarea(3)
    )
    reported_by_name = forms.CharField(
        label="Reported by (if not you)",
        help_text="For example, a member of the public or another force.",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )
    unit = forms.ModelChoiceField(
        label="Unit",
        queryset=Unit.objects.filter(active=True),
        required=False,
        empty_label="Your unit",
    )
    security_properties = forms.MultipleChoiceField(
        label="What was affected?",
        choices=SecurityProperty.choices,
        required=False,
        widget=Checkboxes,
    )
    data_categories = forms.CharField(
        label="Categories of personal data",
        help_text="For example, names and addresses, custody records, health information.",
        required=False,
        max_length=5000,
        widget=_textarea(3),
    )
    special_category_data = forms.BooleanField(
        label="Special category data (health, ethnicity, biometrics and so on)", required=False
    )
    criminal_offence_data = forms.BooleanField(label="Criminal offence data", required=False)
    data_subjects_count = forms.IntegerField(
        label="Approximate number of people affected",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the number of people as a whole number, like 12."},
    )
    records_count = forms.IntegerField(
        label="Approximate number of records",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the number of records as a whole number, like 40."},
    )

    # The error summary lists errors in the order the page shows the fields.
    field_order = ["summary", "occurred_at"]

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
            initial["occurred_at"] = to_uk(breach.occurred_at)
        return initial


class RecordBreachForm(BreachDetailsForm):
    """A quick first report: what happened, when the force became aware, the source and
    the nature. Everything else can be added later."""

    aware_at = _uk_datetime(
        "you became aware of the breach",
        required=True,
        label="When did the force become aware of the breach?",
        help_text="The 72 hours start here. For example, 27 3 2026 and 14:30 "
        "(UK time, 24-hour clock).",
    )
    source = forms.ChoiceField(
        label="Where did the breach come from?",
        choices=Source.choices,
        widget=Radios,
        error_messages={"required": "Choose where the breach came from."},
    )
    nature = forms.ChoiceField(
        label="What kind of breach was it?",
        choices=Nature.choices,
        widget=Radios(small=True),
        error_messages={"required": "Choose what kind of breach it was."},
    )

    field_order = ["summary", "aware_at", "source", "nature", "occurred_at"]

    def service_kwargs(self) -> dict:
        return {
            **super().service_kwargs(),
            "aware_at": self.cleaned_data.get("aware_at"),
            "source": self.cleaned_data["source"],
            "nature": self.cleaned_data["nature"],
        }


class BreachActionForm(VersionedForm):
    """An action on the breach page (the version the user saw travels with it)."""

    label_class = "govuk-label"


class AssessForm(BreachActionForm):
    likelihood = forms.ChoiceField(
        label="How likely is it that people will be harmed?",
        choices=Likelihood.choices,
        widget=Radios(inline=True),
        error_messages={"required": "Choose how likely it is that people will be harmed."},
    )
    severity = forms.ChoiceField(
        label="How severe could the harm be?",
        choices=Severity.choices,
        widget=Radios(inline=True),
        error_messages={"required": "Choose how severe the harm could be."},
    )
    rationale = forms.CharField(
        label="Reasons for this assessment",
        max_length=10000,
        widget=_textarea(),
        error_messages={"required": "Explain the reasons for this assessment of the risk."},
    )


class DecideForm(BreachActionForm):
    reportable = forms.ChoiceField(
        label="Must the breach be reported to the ICO?",
        choices=YES_NO,
        widget=Radios(inline=True),
        error_messages={"required": "Choose whether the breach must be reported to the ICO."},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="Record the reasons for a decision not to report, too: the ICO expects them.",
        max_length=10000,
        widget=_textarea(),
        error_messages={"required": "Enter the reasons for the decision."},
    )

    def service_kwargs(self) -> dict:
        return {
            "reportable": self.cleaned_data["reportable"] == "yes",
            "reasons": self.cleaned_data["reasons"],
        }


class ReportForm(BreachActionForm):
    reported_at = _uk_datetime(
        "the breach was reported to the ICO",
        required=True,
        label="When was it reported?",
        help_text="UK time, 24-hour clock. For example, 28 3 2026 and 10:00.",
    )
    regulator_reference = forms.CharField(
        label="ICO reference (if you have it)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
    )
    late_reason = forms.CharField(
        label="Reasons for any delay",
        help_text="Required when the report was made after the 72-hour deadline.",
        required=False,
        max_length=10000,
        widget=_textarea(),
    )

    def service_kwargs(self) -> dict:
        return {
            "reported_at": self.cleaned_data.get("reported_at"),
            "regulator_reference": self.cleaned_data.get("regulator_reference", ""),
            "late_reason": self.cleaned_data.get("late_reason", ""),
        }


class NotifySubjectsForm(BreachActionForm):
    notified = forms.ChoiceField(
        label="Were the people affected told about the breach?",
        choices=YES_NO,
        widget=Radios(inline=True),
        error_messages={"required": "Choose whether the people affected were told."},
    )
    notified_at = _uk_datetime(
        "the people affected were told",
        required=False,
        label="If they were told, when?",
        help_text="UK time, 24-hour clock.",
    )
    reasons = forms.CharField(
        label="If not, why not?", required=False, max_length=10000, widget=_textarea()
    )

    def service_kwargs(self) -> dict:
        return {
            "notified": self.cleaned_data["notified"] == "yes",
            "notified_at": self.cleaned_data.get("notified_at"),
            "reasons": self.cleaned_data.get("reasons", ""),
        }


class ActionForm(BreachActionForm):
    kind = forms.ChoiceField(
        label="Type of action",
        choices=ActionKind.choices,
        widget=Radios(inline=True),
        error_messages={"required": "Choose whether this is a containment or a remedial action."},
    )
    description = forms.CharField(
        label="Action",
        max_length=5000,
        widget=_textarea(2),
        error_messages={"required": "Describe the action."},
    )
    owner_name = forms.CharField(
        label="Owner",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
        error_messages={"required": "Enter who owns the action."},
    )
    due_on = StrictDateField(
        noun="the date the action is due", label="Due date", help_text="For example, 14 4 2026."
    )

    def service_kwargs(self) -> dict:
        return {
            "kind": self.cleaned_data["kind"],
            "description": self.cleaned_data["description"],
            "owner_name": self.cleaned_data["owner_name"],
            "due_on": self.cleaned_data.get("due_on"),
        }


class CompleteActionForm(BreachActionForm):
    action = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(BreachActionForm):
    lessons_learned = forms.CharField(
        label="Lessons learned",
        help_text="What will stop this happening again? The Data Board reviews these.",
        max_length=20000,
        widget=_textarea(),
        error_messages={"required": "Enter the lessons learned, to help prevent a repeat."},
    )
