"""DRF fields the case APIs share, with messages a caseworker understands."""

from typing import Any

from rest_framework import serializers


class StrictDateField(serializers.DateField):
    """YYYY-MM-DD only (no other input format, no date and time), with a message a
    caseworker understands; the API's answer to `core.govuk_forms.StrictDateField`."""

    default_error_messages = {
        "invalid": "Enter a real date in the format YYYY-MM-DD, for example 2026-03-14.",
        "datetime": "Enter a date (YYYY-MM-DD), not a date and time.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["iso-8601"], **kwargs)
