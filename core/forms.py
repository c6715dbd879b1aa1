from django import forms


class AccessLogSearchForm(forms.Form):
    user = forms.CharField(required=False, label="Username", max_length=150)
    reference = forms.CharField(required=False, label="Record reference", max_length=60)
    since = forms.DateField(required=False, label="From (YYYY-MM-DD)")
    until = forms.DateField(required=False, label="To (YYYY-MM-DD)")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", "The end date must be on or after the start date.")
        return cleaned


class RoleChangeSearchForm(forms.Form):
    user = forms.CharField(required=False, label="Username", max_length=150)
    since = forms.DateField(required=False, label="From (YYYY-MM-DD)")
    until = forms.DateField(required=False, label="To (YYYY-MM-DD)")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", "The end date must be on or after the start date.")
        return cleaned
