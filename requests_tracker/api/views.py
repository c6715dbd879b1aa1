"""The requests API: thin viewsets that validate shapes and call services."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import policy
from core.access import record_access
from core.api_actions import CaseActionsMixin
from core.dates import uk_today
from core.models import AccessLogEntry

from .. import services
from ..models import RequestEvent
from ..selectors import can_work_on_requests, statutory_rules, visible_requests
from ..services import WORKFLOW
from . import serializers as s
from .filters import RequestFilter
from .pagination import RequestPagination

#: The personal data a detail response shows (recorded in the access log).
REQUESTER_FIELDS = ["requester.name", "requester.email", "requester.address", "requester.phone"]


class CanWorkOnRequests(permissions.BasePermission):
    message = "Your role does not allow you to work on requests."

    def has_permission(self, request, view) -> bool:
        return can_work_on_requests(request.user)


CONFLICT = OpenApiResponse(
    description="Stale version, or the action is not allowed in the current state."
)


def _acts(name: str, *, status_code: int = 200, **schema):
    """The schema of the endpoint for declared action `name`: its serializer in, the
    request's detail out (409 when stale or not allowed now)."""
    return extend_schema(
        request=WORKFLOW[name].serializer,
        responses={status_code: s.RequestDetailSerializer, 409: CONFLICT},
        **schema,
    )


class RequestViewSet(
    CaseActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Right-of-access, FOI and EIR requests and internal reviews."""

    permission_classes = [permissions.IsAuthenticated, CanWorkOnRequests]
    filterset_class = RequestFilter
    pagination_class = RequestPagination
    serializer_class = s.RequestSerializer
    workflow = WORKFLOW

    def get_queryset(self):
        return visible_requests(self.request.user).order_by("due_on", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["rules"] = statutory_rules()
        context["today"] = uk_today()
        # Asked per record by the serializer: the same rule as the request page.
        context["show_personal_data"] = lambda record: policy.sees_personal_data(
            self.request.user, record.unit_id
        )
        return context

    def detail_response(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        instance = (
            visible_requests(self.request.user)  # type: ignore[arg-type]
            .prefetch_related(
                Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
                "clock_stops",
                "complaints",
                "reviews",
            )
            .get(pk=pk)
        )
        context = self.get_serializer_context()
        # What the caller may do now: the same answer as the request page.
        context["available_actions"] = self.available_actions
        data = s.RequestDetailSerializer(instance, context=context).data
        if data.get("requester") is not None:
            record_access(
                user=self.request.user,  # type: ignore[arg-type]
                records=[instance],
                record_type="request",
                fields=REQUESTER_FIELDS,
                action=AccessLogEntry.Action.API,
                http_request=self.request,
            )
        return Response(data, status=status_code)

    def action_response(self, name: str, pk: int, result) -> Response:
        if name == "internal_review":  # answers with the new review
            return self.detail_response(result.pk, status.HTTP_201_CREATED)
        return self.detail_response(pk)

    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_object().pk)

    @extend_schema(
        request=s.RequestCreateSerializer,
        responses={
            201: PolymorphicProxySerializer(
                component_name="RequestCreated",
                serializers=[s.RequestDetailSerializer, s.RequestReceiptSerializer],
                resource_type_field_name=None,
            )
        },
        description=(
            "Logs a request. The answer is the request in full, or, when it was logged "
            "for a unit the caller does not work in, a receipt (reference, unit, due "
            "date) without the requester's details."
        ),
    )
    def create(self, request, *args, **kwargs):
        payload = s.RequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        created = services.log_request(
            actor=request.user,
            requester=services.RequesterDetails(**data.pop("requester")),
            regime=data.pop("regime", "") or "",
            unit=data.pop("unit", None),
            **data,
        )
        if not visible_requests(request.user).filter(pk=created.pk).exists():
            # Handed to another unit: committed, so answer with a receipt, never an error.
            receipt = s.RequestReceiptSerializer(created).data
            return Response(receipt, status=status.HTTP_201_CREATED)
        return self.detail_response(created.pk, status.HTTP_201_CREATED)

    @_acts("stop_clock")
    @action(detail=True, methods=["post"], url_path="stop-clock")
    def stop_clock(self, request, pk=None):
        return self.act(request, "stop_clock")

    @_acts("restart_clock")
    @action(detail=True, methods=["post"], url_path="restart-clock")
    def restart_clock(self, request, pk=None):
        return self.act(request, "restart_clock")

    @_acts("extend")
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self.act(request, "extend")

    @_acts("assign")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self.act(request, "assign")

    @_acts("close")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.act(request, "close")

    @_acts("withdraw")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self.act(request, "withdraw")

    @_acts("reopen")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self.act(request, "reopen")

    @_acts("note")
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        return self.act(request, "note")

    @_acts(
        "internal_review",
        status_code=status.HTTP_201_CREATED,
        description="Open the internal review of a closed FOI or EIR request; returns the review.",
    )
    @action(detail=True, methods=["post"], url_path="internal-review")
    def internal_review(self, request, pk=None):
        return self.act(request, "internal_review")

    @_acts("complaint")
    @action(detail=True, methods=["post"])
    def complaint(self, request, pk=None):
        return self.act(request, "complaint")

    @_acts("complaint_decision")
    @action(detail=True, methods=["post"], url_path="complaint-decision")
    def complaint_decision(self, request, pk=None):
        return self.act(request, "complaint_decision")
