"""Page forms: they check the shape of what was typed and hand it to a service, which
owns every rule. A service's ValidationError is put back on the form field by field."""

from __future__ import annotations

from django import forms

from accounts.models import Unit, User
from core.govuk_forms import Checkboxes, Radios, StrictDateField

from . import rules
from .vocabularies import FINAL_DECISION_CHOICES, Kind, Level, Likelihood, Severity


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class AnswersForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you assessing?",
        choices=Kind.choices,
        widget=Radios,
        error_messages={"required": "Choose a DPIA or a data sharing agreement"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for the assessment"},
    )
    description = forms.CharField(
        label="Describe the processing",
        help_text="What personal data, whose, why, and how it will be used.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label="Owning unit",
        queryset=Unit.objects.filter(active=True),
        empty_label="Choose a unit",
        error_messages={"required": "Choose the unit that owns the processing"},
    )
    asset_owner = UserChoiceField(
        label="Information asset owner",
        queryset=User.objects.filter(is_active=True).order_by("username"),
        empty_label="Choose a person",
        error_messages={"required": "Choose the information asset owner"},
    )
    project_lead = UserChoiceField(
        label="Project lead",
        queryset=User.objects.filter(is_active=True).order_by("username"),
        empty_label="Choose a person",
        error_messages={"required": "Choose the project lead"},
    )
    partner_organisations = forms.CharField(
        label="Partner organisations (data sharing agreements)",
        help_text="One organisation per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    lawful_basis = forms.CharField(
        label="Lawful basis for sharing (data sharing agreements)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    data_flows = forms.CharField(
        label="Data flows (data sharing agreements)",
        help_text="What is shared, with whom, how and how often.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    screening = forms.MultipleChoiceField(
        label="Screening: which of these apply?",
        help_text="The regulator's high-risk indicators. If any applies, a full DPIA is "
        "required. Select all that apply.",
        choices=rules.SCREENING_QUESTIONS,
        widget=Checkboxes,
        required=False,
    )
    equality_impact = forms.CharField(
        label="Equality impact (optional)",
        help_text="The integrated impact assessment: effects on people with protected "
        "characteristics and how they are addressed.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    next_review_on = StrictDateField(
        label="Proposed next review date (optional)",
        help_text="For example, 31 3 2027",
        noun="the proposed next review date",
        required=False,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["screening"] = {code: code in data["screening"] for code in rules.SCREENING_CODES}
        return data


class RiskForm(forms.Form):
    description = forms.CharField(
        label="Risk", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    likelihood = forms.ChoiceField(
        label="Likelihood of harm", choices=Likelihood.choices, widget=Radios(inline=True)
    )
    severity = forms.ChoiceField(
        label="Severity of harm", choices=Severity.choices, widget=Radios(inline=True)
    )
    mitigation = forms.CharField(
        label="Mitigation", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    residual_risk = forms.ChoiceField(
        label="Residual risk after mitigation", choices=Level.choices, widget=Radios(inline=True)
    )
    owner = forms.CharField(label="Risk owner (post)", max_length=200)


class EmptyForm(forms.Form):
    pass


class RemoveRiskForm(forms.Form):
    risk = forms.IntegerField(widget=forms.HiddenInput)


class TriageForm(forms.Form):
    complexity = forms.ChoiceField(
        label="Complexity", choices=Level.choices, widget=Radios(inline=True)
    )
    inherent_risk = forms.ChoiceField(
        label="Inherent risk", choices=Level.choices, widget=Radios(inline=True)
    )


class RequestChangesForm(forms.Form):
    advice = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what needs to change"},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=FINAL_DECISION_CHOICES,
        widget=Radios,
        error_messages={"required": "Choose a decision"},
    )
    advice = forms.CharField(
        label="DPO advice",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the DPO's advice"},
    )
    conditions = forms.CharField(
        label="Conditions (approved with conditions only)",
        help_text="One condition per line.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    next_review_on = StrictDateField(
        label="Next review date",
        help_text="For example, 31 3 2027. Not needed when rejecting.",
        noun="the next review date",
        required=False,
    )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["conditions"] = [line for line in data["conditions"].splitlines() if line.strip()]
        return data


class CompleteConditionForm(forms.Form):
    condition = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="How it was met (optional)", required=False, max_length=5000)


class SignOffForm(forms.Form):
    advice_followed = forms.TypedChoiceField(
        label="Is the DPO's advice being followed?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=Radios(inline=True),
        error_messages={"required": "Say whether the DPO's advice is being followed"},
    )
    reasons = forms.CharField(
        label="If not, why not",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ConsultationForm(forms.Form):
    answered_on = StrictDateField(
        label="Date the ICO answered", help_text="For example, 14 3 2026", noun="the date"
    )
    outcome = forms.CharField(label="The ICO's answer", widget=forms.Textarea(attrs={"rows": 3}))
