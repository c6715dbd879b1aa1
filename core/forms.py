from django import forms


class RoleChangeSearchForm(forms.Form):
    """Search a log by who and when (the role-change log; the access log adds a record)."""

    user = forms.CharField(required=False, label="Username", max_length=150)
    since = forms.DateField(required=False, label="From (YYYY-MM-DD)")
    until = forms.DateField(required=False, label="To (YYYY-MM-DD)")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", "The end date must be on or after the start date.")
        return cleaned


class AccessLogSearchForm(RoleChangeSearchForm):
    reference = forms.CharField(required=False, label="Record reference", max_length=60)

    field_order = ["user", "reference", "since", "until"]
