import django_filters
from django.db.models import Q

from core.dates import uk_today
from core.filters import IdFilter

from ..vocabularies import ACTIVE_STATUSES, RequestKind, Status


class RequestFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=RequestKind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    unit = IdFilter(field_name="unit_id")
    assigned_to = django_filters.CharFilter(
        field_name="assigned_to__username", help_text="Username of the assignee."
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="true: open requests whose due date has passed; false: everything else.",
    )
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the reference or the summary."
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("due_on", "due_on"),
            ("received_on", "received_on"),
            ("reference", "reference"),
            ("closed_on", "closed_on"),
            ("status", "status"),
        )
    )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=ACTIVE_STATUSES, due_on__lt=uk_today())
        if value is None:
            return queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(summary__icontains=value))
