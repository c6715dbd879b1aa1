"""The disclosure log as open data at /api/v1/disclosure-log/: anonymous, read-only,
filtered by query parameters, paginated. Never anything about the requester."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from core.throttling import ClientRateThrottle

from .. import selectors
from ..forms import SearchForm
from ..models import PublishedDocument, PublishedItem, PublishedKind


class PublishedDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = PublishedDocument
        fields = ["filename", "size", "url"]

    def get_url(self, document: PublishedDocument) -> str:
        from django.urls import reverse

        return reverse("disclosure:document", args=[document.item_id, document.pk])


class PublishedItemSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PublishedKind.choices)
    date_of_response = serializers.DateField(source="responded_on")
    outcome = serializers.CharField(source="outcome_label")
    exemptions = serializers.ListField(child=serializers.CharField())
    #: Only those that can still be downloaded: none once documents_removed_on is set.
    documents = PublishedDocumentSerializer(many=True, source="available_documents")
    documents_removed_on = serializers.DateField(
        allow_null=True,
        help_text="The day the released documents were removed under the retention schedule "
        "(null: not removed).",
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = PublishedItem
        fields = [
            "id",
            "reference",
            "kind",
            "title",
            "summary",
            "date_of_response",
            "outcome",
            "exemptions",
            "documents",
            "documents_removed_on",
            "url",
        ]

    def get_url(self, item: PublishedItem) -> str:
        from django.urls import reverse

        return reverse("disclosure:item", args=[item.pk])


class DisclosureLogFilter(django_filters.FilterSet):
    """The query parameters (validated by the page's own search form, so the words of a
    bad value are the same on the page and in the API)."""

    q = django_filters.CharFilter(method="_none", help_text="Words to search for.")
    kind = django_filters.ChoiceFilter(
        method="_none", choices=selectors.kind_choices(), help_text="foi or eir."
    )
    outcome = django_filters.ChoiceFilter(method="_none", choices=selectors.outcome_choices())
    exemption = django_filters.ChoiceFilter(
        method="_none", choices=selectors.exemption_choices(), help_text="An exemption's code."
    )
    from_date = django_filters.DateFilter(method="_none", help_text="Answered on or after.")
    to_date = django_filters.DateFilter(method="_none", help_text="Answered on or before.")

    class Meta:
        model = PublishedItem
        fields: list[str] = []

    def _none(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        form = SearchForm(self.data)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        return selectors.search(form.filters()).prefetch_related("documents")


class OneQueryPagination(PageNumberPagination):
    """DRF's page-number pagination, the page and the total read in one query."""

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            raise NotFound("Invalid page.") from None
        if number < 1:
            raise NotFound("Invalid page.")
        self.request = request
        self.page = selectors.page_of(queryset, number, self.get_page_size(request))
        if self.page.number != number:
            raise NotFound("Invalid page.")  # past the last page, as DRF answers
        return list(self.page)


@extend_schema_view(
    list=extend_schema(auth=[], summary="The disclosure log: published responses"),
    retrieve=extend_schema(auth=[], summary="One published response"),
)
class DisclosureLogViewSet(viewsets.ReadOnlyModelViewSet):
    """FOI and EIR responses we have published, newest first (best match first when
    searching with q). Withdrawn items are not listed."""

    serializer_class = PublishedItemSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public"
    filterset_class = DisclosureLogFilter
    pagination_class = OneQueryPagination

    def get_queryset(self):
        return selectors.live().prefetch_related("documents").defer("search_vector")
