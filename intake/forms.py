"""The question pages' forms: one question each (intake/journey.py orders them)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from core.govuk_forms import Checkboxes, Radios
from requests_tracker.vocabularies import Regime, RequesterType

from .models import About, Kind, Records


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to ask for?",
        choices=Kind.choices,
        widget=Radios,
        error_messages={"required": "Choose what you want to ask for."},
    )


class AboutForm(forms.Form):
    about = forms.ChoiceField(
        label="Who is the information about?",
        choices=About.choices,
        widget=Radios,
        help_text="You can ask for someone else's information if they have given you their "
        "written authority, or you act for them legally.",
        error_messages={"required": "Choose whether the information is about you or someone else."},
    )


class SubjectForm(forms.Form):
    subject_name = forms.CharField(
        label="What is the name of the person the information is about?",
        max_length=200,
        error_messages={
            "required": "Enter the name of the person the information is about.",
            "max_length": "Their name must be 200 characters or fewer.",
        },
    )


class RequestForm(forms.Form):
    request = forms.CharField(
        label="What information do you want?",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Describe the information as clearly as you can. Do not include anything "
        "you would not want us to read.",
        error_messages={"required": "Describe the information you want."},
    )

    def clean_request(self) -> str:
        text = self.cleaned_data["request"]
        limit = settings.INTAKE_MAX_TEXT_CHARS
        if len(text) > limit:
            raise forms.ValidationError(
                f"Your request must be {limit:,} characters or fewer (it is {len(text):,})."
            )
        return text


class DatesForm(forms.Form):
    date_range = forms.CharField(
        label="What dates should we search? (optional)",
        required=False,
        max_length=200,
        help_text="For example, 'March to June 2025' or 'the night of 4 July 2025'.",
        error_messages={"max_length": "The dates must be 200 characters or fewer."},
    )


class RecordsForm(forms.Form):
    records = forms.MultipleChoiceField(
        label="Which records are likely to hold it?",
        choices=Records.choices,
        widget=Checkboxes,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one kind of record, or 'Something else'."},
    )


class IdentityForm(forms.Form):
    identity = forms.FileField(
        label="Upload proof of identity (optional)",
        required=False,
        help_text="A scan or photo (PDF, PNG or JPEG) of a passport, driving licence or "
        "similar. If you leave this out, we will ask for it: the month we have to reply "
        "starts when it reaches us.",
    )
    authority = forms.FileField(
        label="Upload their written authority (optional)",
        required=False,
        help_text="A scan or photo (PDF, PNG or JPEG) of the signed authority.",
    )


class PublishedForm(forms.Form):
    """No question: the page shows published answers like the request, then goes on."""


class NameForm(forms.Form):
    name = forms.CharField(
        label="What is your full name?",
        max_length=200,
        error_messages={
            "required": "Enter your full name.",
            "max_length": "Your name must be 200 characters or fewer.",
        },
    )


class ContactForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="We will send your reference and the reply here. We will ask you to confirm it.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com."
        },
    )
    address = forms.CharField(
        label="Postal address (if you would rather we write to you)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The postal address must be 1,000 characters or fewer."},
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("address", "").strip():
            self.add_error("email", "Enter an email address or a postal address, so we can reply.")
        return data


class CheckForm(forms.Form):
    """The send button, and the box people never see (a robot fills it in)."""

    website = forms.CharField(required=False, label="Leave this empty")


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For example, the detail we asked for.",
    )
    file = forms.FileField(
        label="Upload a file (optional)",
        required=False,
        help_text="Proof of identity or a signed authority: a scan or photo (PDF, PNG or JPEG).",
    )
    website = forms.CharField(required=False, label="Leave this empty")


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    regime = forms.ChoiceField(
        label="Which law does it fall under?",
        choices=Regime.choices,
        widget=Radios,
        required=False,
    )
    requester_type = forms.ChoiceField(
        label="Type of requester",
        choices=RequesterType.choices,
        initial=RequesterType.MEMBER_OF_PUBLIC,
        widget=Radios(small=True),
    )


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    into = forms.CharField(
        label="Reference of the request to merge it into",
        max_length=30,
        help_text="For example, FOI-2026-00042.",
        error_messages={"required": "Enter the reference of the request to merge it into."},
    )


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is it spam?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this is spam."},
    )
