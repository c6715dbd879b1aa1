"""The assessments API: thin viewsets that validate shapes and call services."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.api_actions import CaseActionsMixin
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


def _acts(name: str, code=200):
    """The OpenAPI description of a declared action's endpoint: its serializer in, the
    assessment's detail out."""
    return extend_schema(request=services.WORKFLOW[name].serializer, responses=_responses(code))


class AssessmentViewSet(
    CaseActionsMixin,
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
    workflow = services.WORKFLOW

    def get_queryset(self):
        return visible_assessments(self.request.user).order_by("target_on", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = uk_today()
        return context

    def detail_response(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
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
        context = self.get_serializer_context()
        context["available_actions"] = self.available_actions(instance)
        data = s.AssessmentDetailSerializer(instance, context=context).data
        return Response(data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_object().pk)

    @extend_schema(request=s.AssessmentCreateSerializer, responses=_responses(201))
    def create(self, request, *args, **kwargs):
        payload = s.AssessmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = services.create_assessment(actor=request.user, **payload.validated_data)
        return self.detail_response(created.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.AssessmentAnswersUpdateSerializer, responses=_responses())
    def partial_update(self, request, pk=None):
        self.get_object()
        payload = s.AssessmentAnswersUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.update_answers(assessment_id=int(pk), actor=request.user, **payload.validated_data)
        return self.detail_response(int(pk))

    @_acts("submit")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.act(request, "submit")

    @_acts("triage")
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self.act(request, "triage")

    @_acts("start_review")
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        return self.act(request, "start_review")

    @_acts("request_changes")
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        return self.act(request, "request_changes")

    @_acts("decide")
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self.act(request, "decide")

    @_acts("complete_condition")
    @action(detail=True, methods=["post"], url_path="complete-condition")
    def complete_condition(self, request, pk=None):
        return self.act(request, "complete_condition")

    @_acts("sign_off")
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        return self.act(request, "sign_off")

    @_acts("consultation_answer")
    @action(detail=True, methods=["post"], url_path="consultation-answer")
    def consultation_answer(self, request, pk=None):
        return self.act(request, "consultation_answer")

    @_acts("close")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.act(request, "close")

    @_acts("add_risk", 201)
    @action(detail=True, methods=["post"])
    def risks(self, request, pk=None):
        response = self.act(request, "add_risk")
        response.status_code = status.HTTP_201_CREATED
        return response

    @_acts("remove_risk")
    @action(detail=True, methods=["post"], url_path="remove-risk")
    def remove_risk(self, request, pk=None):
        return self.act(request, "remove_risk")
