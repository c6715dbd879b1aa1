"""The case file section of the request page: `{% load casefile_tags %}{% case_file item %}`."""

from django import template

from .. import selectors
from ..forms import UploadForm
from ..models import RELEASED_KINDS, EmailStatus

register = template.Library()

#: Emails the request page warns about.
PROBLEM_STATUSES = (EmailStatus.QUEUED, EmailStatus.FAILED, EmailStatus.BOUNCED)


@register.inclusion_tag("casefile/_case_file.html", takes_context=True)
def case_file(context, item):
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and selectors.may_use_case_file(user, item)
    documents = list(selectors.documents(item)) if allowed else []
    emails = list(selectors.emails(item)) if allowed else []
    area_emails = list(selectors.area_emails(item)) if allowed else []
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "item": item,
        "allowed": allowed,
        "documents": documents,
        "data_requests": list(selectors.data_requests(item)) if allowed else [],
        "emails": emails,
        "problem_emails": _problems(emails),
        "problem_area_emails": _problems(area_emails),
        "upload_form": UploadForm(),
        "released_kinds": [str(kind) for kind in RELEASED_KINDS],
    }


def _problems(emails: list) -> list:
    """Emails that failed, bounced, or are waiting after a failed attempt."""
    return [
        email
        for email in emails
        if email.status in PROBLEM_STATUSES
        and (email.status != EmailStatus.QUEUED or email.attempts > 0)
    ]


@register.filter
def area_label(code: str) -> str:
    return selectors.area_label(code)
