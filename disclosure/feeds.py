"""The disclosure log as an Atom feed: the newest published responses."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.dates import UK, long_date

from . import selectors

FEED_ITEMS = 50


class DisclosureLogFeed(Feed):
    feed_type = Atom1Feed
    title = "Rights Desk disclosure log"
    subtitle = "Freedom of Information and Environmental Information responses we have published."

    def link(self):
        return reverse("disclosure:log")

    def items(self):
        return selectors.search(selectors.Filters()).prefetch_related("documents")[:FEED_ITEMS]

    def item_title(self, item):
        return f"{item.reference}: {item.title}"

    def item_description(self, item):
        parts = [item.summary, f"Outcome: {item.outcome_label}."]
        if item.exemptions:
            parts.append("Exemptions used: " + "; ".join(item.exemptions) + ".")
        if item.documents_removed_on:
            parts.append(
                "The documents released with this answer were removed on "
                f"{long_date(item.documents_removed_on)} under our retention schedule."
            )
        return "\n\n".join(parts)

    def item_link(self, item):
        return reverse("disclosure:item", args=[item.pk])

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return datetime.combine(item.responded_on, time(12), tzinfo=UK)

    def item_categories(self, item):
        return [item.kind.upper(), item.outcome_label]
