from django import forms

from . import selectors
from .services import REASON_MAX, SUMMARY_MAX, TITLE_MAX

DATE_HELP = "For example, 2026-04-01."


class SearchForm(forms.Form):
    """The public list's search and filters (GET): bad values are field errors, and the
    list shows everything the valid ones select."""

    q = forms.CharField(label="Search the disclosure log", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind of request", required=False)
    outcome = forms.ChoiceField(label="Outcome", required=False)
    exemption = forms.ChoiceField(label="Exemption or exception used", required=False)
    from_date = forms.DateField(
        label="Answered on or after",
        required=False,
        help_text=DATE_HELP,
        error_messages={"invalid": "Enter the date as year-month-day, for example 2026-04-01."},
    )
    to_date = forms.DateField(
        label="Answered on or before",
        required=False,
        help_text=DATE_HELP,
        error_messages={"invalid": "Enter the date as year-month-day, for example 2026-04-30."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *selectors.kind_choices()]
        self.fields["outcome"].choices = [("", "Any outcome"), *selectors.outcome_choices()]
        self.fields["exemption"].choices = [("", "Any"), *selectors.exemption_choices()]
        for name in ("kind", "outcome", "exemption"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one from the list."

    def clean(self):
        data = super().clean()
        first, last = data.get("from_date"), data.get("to_date")
        if first and last and first > last:
            self.add_error("to_date", "The end date must be the same as or after the start date.")
        return data

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return selectors.Filters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            outcome=data.get("outcome") or "",
            exemption=data.get("exemption") or "",
            from_date=data.get("from_date"),
            to_date=data.get("to_date"),
        )


class PublishForm(forms.Form):
    title = forms.CharField(
        label="Public title",
        max_length=TITLE_MAX,
        help_text="What the request was about, in a few words. For example, Police vehicle fleet costs 2025.",
        error_messages={"required": "Enter a public title."},
    )
    summary = forms.CharField(
        label="Summary of the request, written for publication",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Describe what was asked in your own words. Do not copy the requester's "
        "words, and leave out anything that could identify them.",
        error_messages={"required": "Enter a summary of the request written for publication."},
    )
    documents = forms.MultipleChoiceField(
        label="Released documents to publish",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only responses and redacted responses marked released can be published.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(str(d.pk), d.filename) for d in documents]
        self.fields["documents"].error_messages["invalid_choice"] = (
            "Choose only released responses from this request."
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being withdrawn?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The reason is recorded on the request's timeline. The public page says only that the response was withdrawn, and when.",
        error_messages={"required": "Say why the item is being withdrawn from the disclosure log."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
