from django import forms

from .models import DocumentKind
from .selectors import area_choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for one field taking several files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] or single(None, initial)
        return [single(data, initial)]


class UploadForm(forms.Form):
    file = MultipleFileField(
        label="Files",
        help_text="Choose one or more files: PDF, Word, Excel, OpenDocument, CSV, text, email, PNG or JPEG.",
        error_messages={"required": "Choose a file.", "empty": "The file is empty."},
    )
    kind = forms.ChoiceField(
        label="What kind of document", choices=DocumentKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label="Description (optional)", required=False, max_length=500)
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmReleaseForm(forms.Form):
    reason = forms.CharField(
        label="Why can it be released despite the findings?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the document can be released despite the findings."},
    )


class DataRequestForm(forms.Form):
    area = forms.ChoiceField(label="Business area", widget=forms.RadioSelect)
    contact_email = forms.EmailField(label="Contact's email address")
    details = forms.CharField(label="What is needed", widget=forms.Textarea(attrs={"rows": 4}))
    due_on = forms.DateField(
        label="Deadline (optional)",
        required=False,
        help_text="For example, 2026-12-24. Leave it empty for the default number of working days.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()


class ReceivedForm(forms.Form):
    received_on = forms.DateField(label="Date received", help_text="For example, 2026-12-24.")
    items = forms.IntegerField(label="Number of items or pages received", min_value=0)
