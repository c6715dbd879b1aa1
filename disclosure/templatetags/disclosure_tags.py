"""{% load disclosure_tags %}: the request page's disclosure-log section, and the list of
similar published answers for the request journeys."""

from django import template

from requests_tracker.vocabularies import Status

from .. import selectors, services

register = template.Library()


@register.inclusion_tag("disclosure/_panel.html", takes_context=True)
def disclosure_panel(context, record):
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and services.may_publish(user, record)
    return {
        "record": record,
        "allowed": allowed,
        "live": services.live_item(record.pk),
        "withdrawn": list(record.publications.exclude(withdrawn_at__isnull=True)),
        "refusal": services.WORKFLOW.refusal(record, "publish"),
        "kind_published": record.kind in ("foi", "eir"),
        "closed": record.status == Status.CLOSED,
    }


@register.inclusion_tag("disclosure/_similar.html")
def similar_published(text: str, limit: int = 5):
    """`{% similar_published draft_text %}`: published answers like the draft request."""
    return {"similar": selectors.similar_published(text, limit)}
