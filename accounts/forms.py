from django import forms


class PreferencesForm(forms.Form):
    wants_digest = forms.ChoiceField(
        label="Do you want a reminder email each working morning?",
        help_text="It lists your requests due within 5 working days and your overdue "
        "requests; team leads also get the unit's overdue list.",
        choices=[("yes", "Yes, email me the digest"), ("no", "No, do not email me")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you want the reminder email"},
    )
