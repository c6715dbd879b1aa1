"""Reads for the disclosure log: the public list with search and filters, and the
published answers similar to a draft request (for the request journeys)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window

from requests_tracker.vocabularies import (
    EIR_EXCEPTIONS,
    FOI_EXEMPTIONS,
    OUTCOMES_BY_KIND,
    Outcome,
    RequestKind,
)

from .models import PublishedItem

#: Words longer than this are not searched for (no useful word is; a hostile one is slow).
MAX_WORD = 60
MAX_WORDS = 12
#: No log has this many pages; a larger page number is answered as past the end.
MAX_PAGE = 1_000_000
REFERENCE = re.compile(r"^[A-Za-z]{2,5}-\d{4}-\d{1,8}$")
#: Common words the SQLite fallback leaves out of "similar" matching (PostgreSQL's
#: english configuration drops its own stop words).
STOP_WORDS = {"about", "please", "would", "could", "information", "request", "there", "their"}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    outcome: str = ""
    exemption: str = ""
    from_date: date | None = None
    to_date: date | None = None


def kind_choices() -> list[tuple[str, str]]:
    return [(RequestKind.FOI.value, "FOI"), (RequestKind.EIR.value, "EIR")]


def outcome_choices() -> list[tuple[str, str]]:
    codes = dict.fromkeys([*OUTCOMES_BY_KIND[RequestKind.FOI], *OUTCOMES_BY_KIND[RequestKind.EIR]])
    return [(code, Outcome(code).label) for code in codes]


def exemption_choices() -> list[tuple[str, str]]:
    return [*FOI_EXEMPTIONS, *EIR_EXCEPTIONS]


def live() -> QuerySet[PublishedItem]:
    return PublishedItem.objects.filter(withdrawn_at__isnull=True)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'-]+", text or "") if len(w) <= MAX_WORD][:MAX_WORDS]


def _search(items: QuerySet[PublishedItem], text: str, *, any_word: bool = False):
    """Full-text on PostgreSQL (websearch syntax, ranked); words in any field on SQLite."""
    text = (text or "").strip()[:500]
    if not text:
        return items, False
    if connection.vendor == "postgresql":
        if any_word:
            words = _words(text)
            if not words:
                return items.none(), True
            query = SearchQuery(" or ".join(words), search_type="websearch", config="english")
        else:
            query = SearchQuery(text, search_type="websearch", config="english")
        if REFERENCE.match(text):
            # A reference is looked up exactly (stored upper case; its own index), not
            # OR-ed into the full-text query, which would stop PostgreSQL using the GIN.
            return items.filter(reference=text.upper()), True
        found = (
            items.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-responded_on", "-id")
        )
        return found, True
    words = _words(text)
    if not words:
        return items.none(), True
    if any_word:
        words = [w for w in words if len(w) > 3 and w.lower() not in STOP_WORDS] or words
    fields = ("title", "summary", "reference", "exemption_text")
    combined = Q()
    for word in words:
        matches = Q()
        for name in fields:
            matches |= Q(**{f"{name}__icontains": word})
        combined = (combined | matches) if any_word else (combined & matches)
    return items.filter(combined), True


def search(filters: Filters) -> QuerySet[PublishedItem]:
    """Live items matching the filters: best matches first when searching, else newest."""
    items = live()
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.outcome:
        items = items.filter(outcome=filters.outcome)
    if filters.exemption:
        items = items.filter(exemption_codes__contains=f" {filters.exemption} ")
    if filters.from_date:
        items = items.filter(responded_on__gte=filters.from_date)
    if filters.to_date:
        items = items.filter(responded_on__lte=filters.to_date)
    items, searched = _search(items, filters.q)
    if not searched:
        items = items.order_by("-responded_on", "-id")
    return items.defer("search_vector")


def similar_published(text: str, limit: int = 5) -> list[PublishedItem]:
    """Published answers similar to a draft request's text, best first: any of its words
    (full-text, ranked, on PostgreSQL; a word in the title or summary on SQLite, newest
    first). For the request journeys, before an FOI or EIR request is sent."""
    items, searched = _search(live(), text, any_word=True)
    if not searched:
        return []
    if connection.vendor != "postgresql":
        items = items.order_by("-responded_on", "-id")
    return list(items.defer("search_vector")[: max(0, limit)])


def item(pk: int) -> PublishedItem | None:
    """One item, live or withdrawn (a withdrawn one's page says so)."""
    return PublishedItem.objects.filter(pk=pk).defer("search_vector").first()


def all_items() -> QuerySet[PublishedItem]:
    """Every item, withdrawn ones too: the DPO's and admins' list."""
    return PublishedItem.objects.select_related("published_by", "withdrawn_by").defer(
        "search_vector"
    )


def page_of(items: QuerySet[PublishedItem], number: Any, per_page: int) -> Page:
    """One page of `items` and their total in one query (COUNT(*) OVER ()): a search
    reads its matches once, not once to count and again to rank. Out-of-range or bad page
    numbers give the last or first page, as Paginator.get_page does."""
    paginator = Paginator(items, per_page)
    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError):
        wanted = 1
    if wanted > MAX_PAGE:  # an OFFSET the database cannot take: past the end anyway
        return paginator.get_page(wanted)
    offset = (wanted - 1) * per_page
    rows = list(items.annotate(total=Window(Count("id")))[offset : offset + per_page])
    if rows:
        paginator.__dict__["count"] = rows[0].total  # Paginator.count is a cached_property
        return Page(rows, wanted, paginator)
    if wanted == 1:
        paginator.__dict__["count"] = 0
        return Page([], 1, paginator)
    return paginator.get_page(wanted)  # past the end: the last page (two queries, rare)
