"""The breaches API: thin viewsets that validate shapes and call services."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import record_access
from core.api_actions import CaseActionsMixin
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


def _acts(name: str, **schema):
    """The OpenAPI description of a declared action's endpoint: its serializer in, the
    breach's detail out."""
    return extend_schema(
        request=services.WORKFLOW[name].serializer,
        responses={200: s.BreachDetailSerializer, 403: FORBIDDEN, 409: CONFLICT},
        **schema,
    )


class BreachViewSet(
    CaseActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The personal-data breach register and its 72-hour clock."""

    permission_classes = [permissions.IsAuthenticated, CanUseRegister]
    filterset_class = BreachFilter
    serializer_class = s.BreachSerializer
    workflow = services.WORKFLOW

    def get_queryset(self):
        return selectors.visible_breaches(self.request.user).order_by("-aware_at", "-id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["now"] = selectors.now()
        return context

    def detail_response(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        instance = (
            selectors.visible_breaches(self.request.user)  # type: ignore[arg-type]
            .prefetch_related(
                Prefetch("events", queryset=BreachEvent.objects.select_related("actor")),
                "actions__owner",
            )
            .get(pk=pk)
        )
        context = self.get_serializer_context()
        context["available_actions"] = self.available_actions(instance)
        data = s.BreachDetailSerializer(instance, context=context).data
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
        return self.detail_response(self.get_object().pk)

    @extend_schema(
        request=s.BreachCreateSerializer, responses={201: s.BreachDetailSerializer, 403: FORBIDDEN}
    )
    def create(self, request, *args, **kwargs):
        payload = s.BreachCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        breach = services.record_breach(actor=request.user, **payload.validated_data)
        return self.detail_response(breach.pk, status.HTTP_201_CREATED)

    @_acts("assess")
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        return self.act(request, "assess")

    @_acts("decide", description="The regulator decision: DPO group only.")
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self.act(request, "decide")

    @_acts("report")
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self.act(request, "report")

    @_acts("notify_subjects")
    @action(detail=True, methods=["post"], url_path="notify-subjects")
    def notify_subjects(self, request, pk=None):
        return self.act(request, "notify_subjects")

    @_acts("add_action")
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        return self.act(request, "add_action")

    @_acts("close")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.act(request, "close")
