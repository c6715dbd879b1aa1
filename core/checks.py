"""System checks: the GOV.UK Notify email backend needs its settings before anything
sends (`migrate`, `check --deploy` and the servers stop on an Error)."""

import uuid

from django.conf import settings
from django.core import checks

from . import notify


@checks.register(checks.Tags.compatibility)
def notify_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.EMAIL_BACKEND != notify.BACKEND:
        return []
    found: list[checks.CheckMessage] = []
    problem = notify.api_key_problem(settings.NOTIFY_API_KEY)
    if problem:
        found.append(
            checks.Error(
                problem,
                hint="Copy the API key from GOV.UK Notify's API integration page.",
                id="core.E001",
            )
        )
    try:
        uuid.UUID(settings.NOTIFY_EMAIL_TEMPLATE_ID)
    except ValueError:
        found.append(
            checks.Error(
                "NOTIFY_EMAIL_TEMPLATE_ID is not set to a GOV.UK Notify template id.",
                hint="The id of the email template whose subject is ((subject)) and body ((body)).",
                id="core.E002",
            )
        )
    if settings.NOTIFY_REPLY_TO_ID:
        try:
            uuid.UUID(settings.NOTIFY_REPLY_TO_ID)
        except ValueError:
            found.append(
                checks.Error(
                    "NOTIFY_REPLY_TO_ID is not a GOV.UK Notify reply-to address id.",
                    hint="Copy it from Notify's settings, or leave it empty.",
                    id="core.E003",
                )
            )
    if not settings.NOTIFY_BASE_URL.startswith(
        ("https://", "http://127.0.0.1", "http://localhost")
    ):
        found.append(
            checks.Error(
                "NOTIFY_BASE_URL must be an https:// address.",
                hint=f"Leave it unset for {notify.DEFAULT_BASE_URL}.",
                id="core.E004",
            )
        )
    if not settings.NOTIFY_CALLBACK_TOKEN:
        found.append(
            checks.Warning(
                "NOTIFY_CALLBACK_TOKEN is not set, so delivery receipts are not recorded.",
                hint="Set a long random token here and the same in Notify's callback settings.",
                id="core.W001",
            )
        )
    return found
