"""The requests API: thin viewsets that validate shapes and call services."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import policy
from core.access import record_access
from core.dates import uk_today
from core.models import AccessLogEntry

from .. import services
from ..models import RequestEvent
from ..selectors import can_work_on_requests, statutory_rules, visible_requests
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


class RequestViewSet(
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

    def _detail(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        instance = (
            visible_requests(self.request.user)  # type: ignore[arg-type]
            .prefetch_related(
                Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
                "clock_stops",
                "complaints",
            )
            .get(pk=pk)
        )
        context = self.get_serializer_context()
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

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object().pk)

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
        return self._detail(created.pk, status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, service):
        self.get_object()  # 404 unless visible to this user
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        pk = int(self.kwargs["pk"])
        service(request_id=pk, actor=request.user, **payload.validated_data)
        return self._detail(pk)

    @extend_schema(
        request=s.StopClockSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="stop-clock")
    def stop_clock(self, request, pk=None):
        return self._act(request, s.StopClockSerializer, services.stop_clock)

    @extend_schema(
        request=s.RestartClockSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="restart-clock")
    def restart_clock(self, request, pk=None):
        return self._act(request, s.RestartClockSerializer, services.restart_clock)

    @extend_schema(
        request=s.ExtendSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._act(request, s.ExtendSerializer, services.extend)

    @extend_schema(
        request=s.AssignSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        self.get_object()
        payload = s.AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.assign(
            request_id=int(pk),
            actor=request.user,
            assignee=payload.validated_data["user"],
            version=payload.validated_data.get("version"),
        )
        return self._detail(result.pk)

    @extend_schema(
        request=s.CloseSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, s.CloseSerializer, services.close_request)

    @extend_schema(
        request=s.WithdrawSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(request, s.WithdrawSerializer, services.withdraw)

    @extend_schema(
        request=s.ReopenSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(request, s.ReopenSerializer, services.reopen)

    @extend_schema(
        request=s.NoteSerializer, responses={200: s.RequestDetailSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        return self._act(request, s.NoteSerializer, services.add_note)

    @extend_schema(
        request=s.InternalReviewSerializer,
        responses={201: s.RequestDetailSerializer, 409: CONFLICT},
        description="Open the internal review of a closed FOI or EIR request; returns the review.",
    )
    @action(detail=True, methods=["post"], url_path="internal-review")
    def internal_review(self, request, pk=None):
        self.get_object()
        payload = s.InternalReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.open_internal_review(
            request_id=int(pk), actor=request.user, **payload.validated_data
        )
        return self._detail(review.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.ComplaintCreateSerializer, responses={200: s.RequestDetailSerializer})
    @action(detail=True, methods=["post"])
    def complaint(self, request, pk=None):
        return self._act(request, s.ComplaintCreateSerializer, services.record_complaint)

    @extend_schema(
        request=s.ComplaintDecisionSerializer,
        responses={200: s.RequestDetailSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="complaint-decision")
    def complaint_decision(self, request, pk=None):
        instance = self.get_object()
        payload = s.ComplaintDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        complaint_id = data.pop("complaint")
        if not instance.complaints.filter(pk=complaint_id).exists():
            return Response({"complaint": ["No such complaint on this request."]}, status=400)
        services.record_complaint_decision(complaint_id=complaint_id, actor=request.user, **data)
        return self._detail(instance.pk)
