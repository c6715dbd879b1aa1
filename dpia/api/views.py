"""The assessments API: thin viewsets that validate shapes and call services."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.dates import uk_today

from .. import services
from ..models import AssessmentEvent
from ..selectors import can_use_assessments, visible_assessments
from . import serializers as s
from .filters import AssessmentFilter


class CanUseAssessments(permissions.BasePermission):
    message = "Your role does not allow you to work on assessments."

    def has_permission(self, request, view) -> bool:
        return can_use_assessments(request.user)


class AssessmentPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


CONFLICT = OpenApiResponse(
    description="Stale version, or the action is not allowed in the current state."
)
FORBIDDEN = OpenApiResponse(description="Your role does not allow this action.")


def _responses(code=200):
    return {code: s.AssessmentDetailSerializer, 403: FORBIDDEN, 409: CONFLICT}


class AssessmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """DPIAs and data-sharing agreements: drafting, submission, triage, DPO decision."""

    permission_classes = [permissions.IsAuthenticated, CanUseAssessments]
    filterset_class = AssessmentFilter
    pagination_class = AssessmentPagination
    serializer_class = s.AssessmentSerializer

    def get_queryset(self):
        return visible_assessments(self.request.user).order_by("target_on", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = uk_today()
        return context

    def _detail(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        instance = (
            visible_assessments(self.request.user)  # type: ignore[arg-type]
            .prefetch_related(
                "risks",
                "conditions",
                "versions",
                Prefetch("events", queryset=AssessmentEvent.objects.select_related("actor")),
            )
            .get(pk=pk)
        )
        data = s.AssessmentDetailSerializer(instance, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object().pk)

    @extend_schema(request=s.AssessmentCreateSerializer, responses=_responses(201))
    def create(self, request, *args, **kwargs):
        payload = s.AssessmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = services.create_assessment(actor=request.user, **payload.validated_data)
        return self._detail(created.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.AssessmentAnswersUpdateSerializer, responses=_responses())
    def partial_update(self, request, pk=None):
        self.get_object()
        payload = s.AssessmentAnswersUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.update_answers(assessment_id=int(pk), actor=request.user, **payload.validated_data)
        return self._detail(int(pk))

    def _act(self, request, serializer_class, service, **extra):
        self.get_object()  # 404 unless visible to this user
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        pk = int(self.kwargs["pk"])
        service(assessment_id=pk, actor=request.user, **extra, **payload.validated_data)
        return self._detail(pk)

    @extend_schema(request=s.AssessmentVersionedSerializer, responses=_responses())
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, s.AssessmentVersionedSerializer, services.submit)

    @extend_schema(request=s.AssessmentTriageSerializer, responses=_responses())
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self._act(request, s.AssessmentTriageSerializer, services.triage)

    @extend_schema(request=s.AssessmentVersionedSerializer, responses=_responses())
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        return self._act(request, s.AssessmentVersionedSerializer, services.start_review)

    @extend_schema(request=s.AssessmentRequestChangesSerializer, responses=_responses())
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        return self._act(request, s.AssessmentRequestChangesSerializer, services.request_changes)

    @extend_schema(request=s.AssessmentDecideSerializer, responses=_responses())
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._act(request, s.AssessmentDecideSerializer, services.decide)

    @extend_schema(request=s.AssessmentCompleteConditionSerializer, responses=_responses())
    @action(detail=True, methods=["post"], url_path="complete-condition")
    def complete_condition(self, request, pk=None):
        self.get_object()
        payload = s.AssessmentCompleteConditionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        services.complete_condition(
            assessment_id=int(pk),
            actor=request.user,
            condition_id=data.pop("condition"),
            **data,
        )
        return self._detail(int(pk))

    @extend_schema(request=s.AssessmentSignOffSerializer, responses=_responses())
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        return self._act(request, s.AssessmentSignOffSerializer, services.sign_off)

    @extend_schema(request=s.AssessmentConsultationSerializer, responses=_responses())
    @action(detail=True, methods=["post"], url_path="consultation-answer")
    def consultation_answer(self, request, pk=None):
        return self._act(
            request, s.AssessmentConsultationSerializer, services.record_consultation_answer
        )

    @extend_schema(request=s.AssessmentVersionedSerializer, responses=_responses())
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, s.AssessmentVersionedSerializer, services.close)

    @extend_schema(request=s.AssessmentRiskCreateSerializer, responses=_responses(201))
    @action(detail=True, methods=["post"])
    def risks(self, request, pk=None):
        self.get_object()
        payload = s.AssessmentRiskCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.add_risk(assessment_id=int(pk), actor=request.user, **payload.validated_data)
        return self._detail(int(pk), status.HTTP_201_CREATED)

    @extend_schema(request=s.AssessmentRemoveRiskSerializer, responses=_responses())
    @action(detail=True, methods=["post"], url_path="remove-risk")
    def remove_risk(self, request, pk=None):
        self.get_object()
        payload = s.AssessmentRemoveRiskSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.remove_risk(
            assessment_id=int(pk),
            actor=request.user,
            risk_id=payload.validated_data["risk"],
            version=payload.validated_data.get("version"),
        )
        return self._detail(int(pk))
