import django_filters
from django.db.models import Q

from core.dates import uk_today
from core.filters import IdFilter

from ..vocabularies import WITH_DPO, Kind, Status


class AssessmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    tier = django_filters.CharFilter(field_name="tier")
    unit = IdFilter(field_name="unit_id")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="true: waiting for the DPO past the tier's target date; false: everything else.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("target_on", "target_on"),
            ("submitted_on", "submitted_on"),
            ("decided_on", "decided_on"),
            ("next_review_on", "next_review_on"),
            ("reference", "reference"),
        )
    )

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=WITH_DPO, target_on__lt=uk_today())
        if value is None:
            return queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
