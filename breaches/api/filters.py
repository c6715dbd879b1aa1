"""Register filters, shared by the API and the register page."""

from datetime import timedelta

import django_filters
from django.db.models import Q

from core.dates import uk_midnight
from core.filters import IdFilter

from .. import selectors
from ..vocabularies import Nature, Risk, Source, Status


class BreachFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    source = django_filters.ChoiceFilter(choices=Source.choices)
    nature = django_filters.ChoiceFilter(choices=Nature.choices)
    risk = django_filters.ChoiceFilter(choices=Risk.choices)
    unit = IdFilter(field_name="unit_id")
    aware_after = django_filters.DateFilter(
        method="filter_aware_after", help_text="Became aware on or after this UK date."
    )
    aware_before = django_filters.DateFilter(
        method="filter_aware_before", help_text="Became aware on or before this UK date."
    )
    due_within_24h = django_filters.BooleanFilter(
        method="filter_due_within_24h",
        help_text="true: awaiting a regulator decision with less than 24 hours left or the "
        "deadline passed.",
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the reference or the summary."
    )

    def filter_aware_after(self, queryset, name, value):
        return queryset.filter(aware_at__gte=uk_midnight(value))

    def filter_aware_before(self, queryset, name, value):
        return queryset.filter(aware_at__lt=uk_midnight(value + timedelta(days=1)))

    def filter_due_within_24h(self, queryset, name, value):
        if value is None:
            return queryset
        soon = selectors.due_within(queryset)
        return soon if value else queryset.exclude(pk__in=soon.values("pk"))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(summary__icontains=value))
