from django import template
from django.core.cache import cache
from django.utils import timezone

from .. import access

register = template.Library()

#: The report reads 30 days of the access log: kept for a quarter of an hour.
UNUSUAL_CACHE_SECONDS = 15 * 60


@register.inclusion_tag("core/_unusual_access_panel.html")
def unusual_access_panel(days: int = 30):
    """The DPO's home: how many people the unusual-access report flags now."""
    today = timezone.localdate()
    key = f"home:unusual-access:{today.isoformat()}:{days}"
    flagged = cache.get(key)
    if flagged is None:
        flagged = [row.username for row in access.unusual_access(days=days, today=today)]
        cache.set(key, flagged, UNUSUAL_CACHE_SECONDS)
    return {"flagged": flagged, "days": days}
