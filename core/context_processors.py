"""What every page's layout needs about the service itself (no personal data)."""

from django.conf import settings


def feedback_href(address: str) -> str:
    """A link for the feedback address: a URL as it is, an email address as mailto:."""
    if address.startswith(("https://", "http://", "mailto:")):
        return address
    return f"mailto:{address}"


def service(request) -> dict[str, str]:
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "feedback_href": feedback_href(settings.FEEDBACK_ADDRESS),
    }
