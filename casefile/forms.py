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


class LetterForm(forms.Form):
    template = forms.ChoiceField(
        label="Which letter",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which letter to write."},
    )
    details = forms.CharField(
        label="What the letter says for this request (optional for some letters)",
        help_text=(
            "Clarification: what the requester needs to clarify. Fee notice: the fee and how "
            "to pay. Refusal notice: anything about the refusal as a whole (give the reason "
            "for each exemption below)."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    send = forms.BooleanField(label="Email it to the requester", required=False)
    stop_clock = forms.BooleanField(
        label="Stop the clock from today (identity, clarification and fee letters)",
        required=False,
    )

    def __init__(self, *args, exemptions: list[str] | tuple[str, ...] = (), **kwargs):
        """`exemptions`: the codes the request cites; each gets a reason box (used by a
        refusal notice), named reason_<code>."""
        from requests_tracker.vocabularies import EXEMPTION_LABELS

        from .letters import TEMPLATES, reason_hint

        super().__init__(*args, **kwargs)
        template_field = self.fields["template"]
        assert isinstance(template_field, forms.ChoiceField)
        template_field.choices = [(key, kind.name) for key, kind in TEMPLATES.items()]
        self.exemption_codes = list(exemptions)
        for code in self.exemption_codes:
            self.fields[self.reason_field(code)] = forms.CharField(
                label=f"Why {EXEMPTION_LABELS.get(code, code)} applies",
                help_text=reason_hint(code),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    @staticmethod
    def reason_field(code: str) -> str:
        return f"reason_{code}"

    @property
    def reason_fields(self) -> list:
        return [self[self.reason_field(code)] for code in self.exemption_codes]

    def reasons(self) -> dict[str, str]:
        """{exemption code: reason} from the cleaned data (blank ones left out)."""
        return {
            code: self.cleaned_data[self.reason_field(code)].strip()
            for code in self.exemption_codes
            if self.cleaned_data.get(self.reason_field(code), "").strip()
        }

    def service_aliases(self) -> dict[str, str]:
        """The service's error keys ("reasons.<code>") as this form's field names."""
        return {f"reasons.{code}": self.reason_field(code) for code in self.exemption_codes}


class TemplateEditForm(forms.Form):
    subject = forms.CharField(label="Email subject", max_length=200)
    body = forms.CharField(
        label="Words of the letter",
        help_text="Merge fields go in double braces, for example {{ reference }}.",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=20000,
    )
    change_note = forms.CharField(
        label="What you changed and why",
        required=False,
        max_length=500,
        help_text="Kept with the version, so others can see why the wording changed.",
    )
    preview_reference = forms.CharField(
        label="Preview against a request (optional)",
        required=False,
        max_length=30,
        help_text="A reference, for example FOI-2026-00001. Empty: made-up values.",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)
