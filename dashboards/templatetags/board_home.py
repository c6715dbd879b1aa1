"""The Board member's home page panel: this month's main figures against target, the
trend, and the way into the pack (templates/home.html loads it; core cannot import
dashboards, so the home page asks for the panel by name)."""

from django import template

from requests_tracker.selectors import uk_today

from ..board import RAG_LABELS, amber_band, statuses_and_trend
from ..selectors import latest_complete_month

register = template.Library()

HOME_TREND_MONTHS = 6


@register.inclusion_tag("dashboards/_board_home.html", takes_context=True)
def board_home_panel(context):
    from ..views import other_board_panels  # views import the pages this module serves

    month = latest_complete_month(uk_today())
    statuses, trend = statuses_and_trend(
        month, trend_months=HOME_TREND_MONTHS, chart_id="home-trend"
    )
    return {
        "month": month,
        "statuses": statuses,
        "trend": trend,
        "band": amber_band(),
        "rag_labels": RAG_LABELS,
        "other_panels": other_board_panels(),
        "has_figures": any(status.value is not None for status in statuses),
    }
