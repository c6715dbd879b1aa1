"""The breaches API: thin viewsets that validate shapes and call services."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import record_access
from core.models import AccessLogEntry

from .. import selectors, services
from ..models import BreachEvent
from . import serializers as s
from .filters import BreachFilter


class CanUseRegister(permissions.BasePermission):
    message = "Your role does not allow you to use the breach register."

    def has_permission(self, request, view) -> bool:
        return selectors.can_record(request.user)


CONFLICT = OpenApiResponse(
    description="Stale version, or the action is not allowed in the current state."
)
FORBIDDEN = OpenApiResponse(description="Your role does not allow this action.")


class BreachViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The personal-data breach register and its 72-hour clock."""

    permission_classes = [permissions.IsAuthenticated, CanUseRegister]
    filterset_class = BreachFilter
    serializer_class = s.BreachSerializer

    def get_queryset(self):
        return selectors.visible_breaches(self.request.user).order_by("-aware_at", "-id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["now"] = selectors.now()
        return context

    def _detail(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        instance = (
            selectors.visible_breaches(self.request.user)  # type: ignore[arg-type]
            .prefetch_related(
                Prefetch("events", queryset=BreachEvent.objects.select_related("actor")),
                "actions__owner",
            )
            .get(pk=pk)
        )
        data = s.BreachDetailSerializer(instance, context=self.get_serializer_context()).data
        record_access(
            user=self.request.user,  # type: ignore[arg-type]
            records=[instance],
            record_type="breach",
            fields=selectors.PERSONAL_FIELDS,
            action=AccessLogEntry.Action.API,
            http_request=self.request,
        )
        return Response(data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object().pk)

    @extend_schema(
        request=s.BreachCreateSerializer, responses={201: s.BreachDetailSerializer, 403: FORBIDDEN}
    )
    def create(self, request, *args, **kwargs):
        payload = s.BreachCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        breach = services.record_breach(actor=request.user, **payload.validated_data)
        return self._detail(breach.pk, status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, service):
        self.get_object()  # 404 unless visible to this user
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        pk = int(self.kwargs["pk"])
        service(breach_id=pk, actor=request.user, **payload.validated_data)
        return self._detail(pk)

    @extend_schema(
        request=s.BreachAssessSerializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        return self._act(request, s.BreachAssessSerializer, services.assess_risk)

    @extend_schema(
        request=s.BreachDecideSerializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
        description="The regulator decision: DPO group only.",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._act(request, s.BreachDecideSerializer, services.decide)

    @extend_schema(
        request=s.BreachReportSerializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._act(request, s.BreachReportSerializer, services.report_to_regulator)

    @extend_schema(
        request=s.BreachNotifySubjectsSerializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="notify-subjects")
    def notify_subjects(self, request, pk=None):
        return self._act(
            request, s.BreachNotifySubjectsSerializer, services.record_subjects_notified
        )

    @extend_schema(
        request=s.BreachAddActionSerializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        return self._act(request, s.BreachAddActionSerializer, services.add_action)

    @extend_schema(
        request=s.BreachCloseSerializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, s.BreachCloseSerializer, services.close_breach)
