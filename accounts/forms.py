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


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
        error_messages={"required": "Enter the code"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
    )


class SetUpCodeForm(CodeForm):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        help_text="The 6-digit code the app shows after you added Rights Desk to it.",
        error_messages={"required": "Enter the code from your app"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-5",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )


class AccessReviewForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked who in my team holds which role, and it is right",
        error_messages={"required": "Confirm that you have checked your team's roles"},
    )
    note = forms.CharField(
        label="Anything you asked to change (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )
