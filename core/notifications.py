"""Email: rendered from templates, links made absolute from settings.SITE_URL.

Services decide who is told what and when; the words live in plain-text templates
(`<name>_subject.txt` and `<name>.txt`, autoescape off) beside the app's other
templates, so wording changes never touch workflow code."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse

# What became of a message after it left us, as the email provider reports it (GOV.UK
# Notify's delivery receipts; an SMTP server's refusal is known at send time instead).
# Sent with keyword arguments: reference (str: the provider's id for the message, which an
# email backend puts on the message it sent as `message.provider_reference`), status
# ("delivered", "permanent-failure", "temporary-failure" or "technical-failure") and
# detail (str, words for a caseworker). Whoever records sent messages listens.
delivery_status = Signal()


def absolute_url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """The full address of a page, for a link in an email."""
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of the email `template`; the subject is one line."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    return subject, body


def send(template: str, context: dict[str, Any], recipients: list[str]) -> None:
    """Render and send one email to `recipients` (raises if sending fails, so a caller
    inside a transaction rolls back its "sent" record and the job tries again)."""
    subject, body = render(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
