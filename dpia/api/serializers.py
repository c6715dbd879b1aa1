"""DRF serializers for assessments: shapes only; every rule lives in the services."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Unit
from core.api_fields import StrictDateField

from .. import rules
from ..models import AnswerVersion, Assessment, AssessmentEvent, Condition, Risk
from ..vocabularies import FINAL_DECISION_CHOICES, Kind, Level, Likelihood, Severity

User = get_user_model()


def _user_field(**kwargs):
    return serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        error_messages={"does_not_exist": "There is no active user called '{value}'."},
        **kwargs,
    )


class AssessmentScreeningSerializer(serializers.Serializer):
    def get_fields(self):
        return {
            code: serializers.BooleanField(required=False, default=False, help_text=question)
            for code, question in rules.SCREENING_QUESTIONS
        }


class AssessmentAnswersSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(active=True))
    asset_owner = _user_field()
    project_lead = _user_field()
    partner_organisations = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    lawful_basis = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    data_flows = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    screening = AssessmentScreeningSerializer(required=False)
    equality_impact = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    next_review_on = StrictDateField(required=False, allow_null=True)


class AssessmentCreateSerializer(AssessmentAnswersSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)


class AssessmentAnswersUpdateSerializer(AssessmentAnswersSerializer):
    version = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields


class AssessmentRiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = [
            "id",
            "description",
            "likelihood",
            "severity",
            "mitigation",
            "residual_risk",
            "owner",
        ]
        read_only_fields = fields


class AssessmentConditionSerializer(serializers.ModelSerializer):
    completed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Condition
        fields = ["id", "text", "completed_on", "completed_by", "completion_note"]
        read_only_fields = fields


class AssessmentEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = AssessmentEvent
        fields = ["id", "type", "at", "actor", "description", "before", "after"]
        read_only_fields = fields


class AnswerVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnswerVersion
        fields = ["number", "taken_at", "answers"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]
    asset_owner = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]
    project_lead = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "reference",
            "kind",
            "title",
            "description",
            "unit",
            "asset_owner",
            "project_lead",
            "partner_organisations",
            "lawful_basis",
            "data_flows",
            "screening",
            "full_dpia_required",
            "equality_impact",
            "status",
            "first_submitted_on",
            "submitted_on",
            "complexity",
            "inherent_risk",
            "tier",
            "reviewer_level",
            "triaged_on",
            "target_on",
            "overdue",
            "dpo_advice",
            "decision",
            "decided_on",
            "signed_off_on",
            "advice_followed",
            "advice_not_followed_reasons",
            "high_residual_risk_accepted",
            "consultation",
            "consultation_answered_on",
            "consultation_outcome",
            "next_review_on",
            "closed_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj: Assessment) -> bool:
        return obj.is_with_dpo and rules.is_late(obj.target_on, self.context["today"])


class AssessmentDetailSerializer(AssessmentSerializer):
    risks = AssessmentRiskSerializer(many=True, read_only=True)
    conditions = AssessmentConditionSerializer(many=True, read_only=True)
    events = AssessmentEventSerializer(many=True, read_only=True)
    versions = AnswerVersionSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(
        help_text="The actions you may take on this assessment now (the page offers the same)."
    )

    class Meta(AssessmentSerializer.Meta):
        fields = [
            *AssessmentSerializer.Meta.fields,
            "risks",
            "conditions",
            "versions",
            "events",
            "available_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, obj: Assessment) -> list[str]:
        return list(self.context.get("available_actions", []))


# --- Action payloads -------------------------------------------------------------------


class AssessmentVersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you last saw; if someone has changed the assessment since, "
        "the action is refused with 409.",
    )


class AssessmentTriageSerializer(AssessmentVersionedSerializer):
    complexity = serializers.ChoiceField(choices=Level.choices)
    inherent_risk = serializers.ChoiceField(choices=Level.choices)


class AssessmentRequestChangesSerializer(AssessmentVersionedSerializer):
    advice = serializers.CharField(max_length=20000)


class AssessmentDecideSerializer(AssessmentVersionedSerializer):
    decision = serializers.ChoiceField(choices=FINAL_DECISION_CHOICES)
    advice = serializers.CharField(max_length=20000)
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list, max_length=50
    )
    next_review_on = StrictDateField(required=False, allow_null=True, default=None)


class AssessmentCompleteConditionSerializer(AssessmentVersionedSerializer):
    condition = serializers.IntegerField(min_value=1)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AssessmentSignOffSerializer(AssessmentVersionedSerializer):
    advice_followed = serializers.BooleanField()
    reasons = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class AssessmentConsultationSerializer(AssessmentVersionedSerializer):
    answered_on = StrictDateField()
    outcome = serializers.CharField(max_length=20000)


class AssessmentRiskCreateSerializer(AssessmentVersionedSerializer):
    description = serializers.CharField(max_length=5000)
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    mitigation = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    residual_risk = serializers.ChoiceField(choices=Level.choices)
    owner = serializers.CharField(max_length=200)


class AssessmentRemoveRiskSerializer(AssessmentVersionedSerializer):
    risk = serializers.IntegerField(min_value=1)
