"""The one form of the dashboards: the Data Office's commentary on a month's Board pack."""

from django import forms

from core.dates import parse_month

from .services import COMMENTARY_MAX_LENGTH


class CommentaryForm(forms.Form):
    month = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Commentary for the Board",
        help_text="What the Board should know about this month's figures: causes, actions "
        "and what to expect next month. Saving keeps the earlier version.",
        max_length=COMMENTARY_MAX_LENGTH,
        error_messages={
            "required": "Enter the commentary",
            "max_length": f"The commentary must be {COMMENTARY_MAX_LENGTH:,} characters or fewer",
        },
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.errors.get("text"):
            self.fields["text"].widget.attrs["class"] = "govuk-textarea govuk-textarea--error"
            self.fields["text"].widget.attrs["aria-describedby"] = "id_text-hint id_text-error"
        else:
            self.fields["text"].widget.attrs["aria-describedby"] = "id_text-hint"

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
