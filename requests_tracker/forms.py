"""Page forms: they check the shape of what was typed (a real date, a choice from the
list) and hand it to a service, which owns every rule. A service's ValidationError is
put back on the form field by field, so the user sees it beside what they typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Unit
from core.govuk_forms import Checkboxes, Radios, StrictDateField, VersionedForm

from . import statutory
from .vocabularies import (
    OUTCOMES_BY_KIND,
    Channel,
    LateReason,
    Outcome,
    Regime,
    RequesterType,
    RequestKind,
    StopReason,
    exemptions_for,
)

# ---------------------------------------------------------------------------------------
# Logging a request
# ---------------------------------------------------------------------------------------

LOGGABLE_KINDS = (RequestKind.FOI, RequestKind.EIR, RequestKind.ROA)


class LogRequestForm(forms.Form):
    regime = forms.ChoiceField(
        label="Which law is the request made under?",
        choices=Regime.choices,
        widget=Radios,
        required=False,
        help_text="Most of a police force's requests are under Part 3 (law enforcement).",
    )
    received_on = StrictDateField(
        noun="the date the request was received",
        label="When was the request received?",
        help_text="For example, 27 3 2025",
    )
    channel = forms.ChoiceField(
        label="How did the request arrive?",
        choices=Channel.choices,
        widget=Radios(small=True),
        error_messages={"required": "Choose how the request arrived"},
    )
    requester_type = forms.ChoiceField(
        label="Type of requester",
        choices=[("", "Choose the type of requester"), *RequesterType.choices],
        error_messages={"required": "Choose the type of requester"},
    )
    summary = forms.CharField(
        label="What was asked for?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A short summary caseworkers will recognise. Do not include the requester's name.",
        error_messages={"required": "Enter a summary of what was asked for"},
    )
    requester_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the requester's name"},
    )
    requester_email = forms.CharField(
        label="Email address",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "email"}),
    )
    requester_address = forms.CharField(
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if there is no email address.",
    )
    requester_phone = forms.CharField(
        label="Phone number (optional)", max_length=50, required=False
    )
    unit = forms.ModelChoiceField(
        label="Unit responsible",
        queryset=Unit.objects.filter(active=True),
        empty_label="Choose a unit",
        error_messages={"required": "Choose the unit responsible"},
    )
    confirm_not_duplicate = forms.BooleanField(
        label="This is a new request, not a duplicate: log it anyway", required=False
    )

    field_order = [
        "regime",
        "received_on",
        "summary",
        "channel",
        "unit",
        "requester_name",
        "requester_email",
        "requester_address",
        "requester_phone",
        "requester_type",
        "confirm_not_duplicate",
    ]

    #: Service error keys that are named differently here.
    ALIASES = {
        "requester.name": "requester_name",
        "requester.email": "requester_email",
        "requester": "requester_name",
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == RequestKind.ROA:
            self.fields["regime"].required = True
            self.fields["regime"].error_messages["required"] = (
                "Choose whether the request is under UK GDPR or DPA 2018 Part 3"
            )
        else:
            del self.fields["regime"]


# ---------------------------------------------------------------------------------------
# Actions on a request
# ---------------------------------------------------------------------------------------


class StopClockForm(VersionedForm):
    reason = forms.ChoiceField(
        label="Why is the clock stopping?",
        widget=Radios(small=True),
        choices=StopReason.choices,
        error_messages={"required": "Choose why the clock is being stopped"},
    )
    started_on = StrictDateField(
        noun="the date the clock stopped",
        label="When did the clock stop?",
        help_text="The day you asked the requester. For example, 27 3 2025",
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the reasons the law allows for this kind (docs/law.md, "Clock stops"):
        # information requests are applicant-blind; no fee for an internal review.
        allowed = statutory.stop_reasons(statutory.Kind(kind))
        self.fields["reason"].choices = [  # type: ignore[attr-defined]
            choice for choice in StopReason.choices if choice[0] in allowed
        ]


class RestartClockForm(VersionedForm):
    ended_on = StrictDateField(
        noun="the date the clock restarted",
        label="When did the reply arrive?",
        help_text="The clock restarts on this day. For example, 27 3 2025",
    )


class ExtendForm(VersionedForm):
    extended_on = StrictDateField(
        noun="the date of the extension",
        label="When was the extension decided?",
        help_text="It must be on or before the original due date. For example, 27 3 2025",
    )
    working_days = forms.IntegerField(
        label="Extra working days (FOI public interest test)",
        required=False,
        min_value=1,
        max_value=40,
        help_text="Leave blank for the maximum allowed.",
        error_messages={
            "invalid": "Enter the extra working days as a whole number, like 10",
            "min_value": "The extra working days must be 1 or more",
            "max_value": "The extra working days must be 40 or fewer",
        },
    )
    reason = forms.CharField(
        label="Reason for the extension",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the extension"},
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != RequestKind.FOI:
            del self.fields["working_days"]


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label="Assign to",
        queryset=None,
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who to assign the request to",
            "invalid_choice": "Choose someone from the list",
        },
    )

    ALIASES = {"user": "assignee"}

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class NoteForm(VersionedForm):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Notes join the timeline and cannot be changed later.",
        error_messages={"required": "Enter the note"},
    )


class CloseForm(VersionedForm):
    closed_on = StrictDateField(
        noun="the date the response was sent",
        label="When was the response sent?",
        help_text="For example, 27 3 2025",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=Radios(small=True),
        error_messages={"required": "Choose the outcome"},
    )
    exemptions = forms.MultipleChoiceField(
        label="Exemptions relied on",
        widget=Checkboxes,
        required=False,
        help_text="Only when information is withheld.",
    )
    pages_disclosed = forms.IntegerField(
        label="Pages disclosed (optional)", required=False, min_value=0
    )
    pages_withheld = forms.IntegerField(
        label="Pages withheld (optional)", required=False, min_value=0
    )
    late_reason = forms.ChoiceField(
        label="If the response is late, why?",
        choices=[("", "Not late"), *LateReason.choices],
        required=False,
    )
    late_reason_detail = forms.CharField(
        label="Describe why the response is late (if 'Other')",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, kind: str, regime: str, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [  # type: ignore[attr-defined]
            (code, Outcome(code).label) for code in OUTCOMES_BY_KIND[RequestKind(kind)]
        ]
        options = exemptions_for(kind, regime)
        if options:
            self.fields["exemptions"].choices = options  # type: ignore[attr-defined]
        else:
            del self.fields["exemptions"]
        if kind != RequestKind.ROA:
            del self.fields["pages_disclosed"]
            del self.fields["pages_withheld"]
        if late:
            self.fields["late_reason"].label = "The response is late: why?"
            self.fields["late_reason"].choices = [("", "Choose a reason"), *LateReason.choices]  # type: ignore[attr-defined]


class WithdrawForm(VersionedForm):
    withdrawn_on = StrictDateField(
        noun="the date the request was withdrawn",
        label="When was the request withdrawn?",
        help_text="For example, 27 3 2025",
    )
    reason = forms.CharField(
        label="Why was it withdrawn?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the request was withdrawn"},
    )


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label="Why is the request being reopened?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the request is being reopened"},
    )


class InternalReviewForm(VersionedForm):
    received_on = StrictDateField(
        noun="the date the review was asked for",
        label="When did the requester ask for a review?",
        help_text="For example, 27 3 2025",
    )
    complex = forms.BooleanField(
        label="The review is complex (allow up to 40 working days)", required=False
    )


# ---------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------


class BulkAssignForm(forms.Form):
    requests = forms.ModelMultipleChoiceField(  # type: ignore[var-annotated]
        label="Requests",
        queryset=None,
        error_messages={"required": "Select at least one request to assign"},
    )
    assignee = forms.ModelChoiceField(  # type: ignore[var-annotated]
        label="Assign the selected requests to",
        queryset=None,
        error_messages={
            "required": "Choose who to assign the selected requests to",
            "invalid_choice": "Choose someone from the list",
        },
    )

    def __init__(self, *args, requests, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = requests
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda user: user.display_name


class ExportForm(forms.Form):
    """Confirming a large export; the reason is required when it carries many requesters'
    details, and is kept in the access log."""

    reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Why do you need these requesters' details?",
        help_text="For example: a subject access request about our own handling, or an "
        "audit by the Information Commissioner. This is kept in the access log.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.needs_reason and not reason:
            raise ValidationError("Enter why you need these requesters' details")
        return reason
