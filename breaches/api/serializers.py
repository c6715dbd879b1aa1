"""DRF serializers for breaches: shapes only. Every rule lives in the services."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Unit
from core.dates import to_uk

from .. import clock, selectors
from ..models import Breach, BreachAction, BreachEvent
from ..vocabularies import (
    ActionKind,
    Likelihood,
    Nature,
    Risk,
    SecurityProperty,
    Severity,
    Source,
)

User = get_user_model()


@extend_schema_field(OpenApiTypes.DATETIME)
class UKDateTimeField(serializers.Field):
    """ISO 8601 in: with an offset, or UK local time without one (a time skipped or
    repeated by a clock change is refused). ISO 8601 out, with the Europe/London offset."""

    default_error_messages = {"invalid": "{message}"}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", message="Enter a date and time as an ISO 8601 string.")
        try:
            return clock.parse_uk_datetime(data)
        except clock.ClockError as error:
            self.fail("invalid", message=str(error))

    def to_representation(self, value):
        return to_uk(value).isoformat()


class BreachEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]
    at = UKDateTimeField(read_only=True)

    class Meta:
        model = BreachEvent
        fields = ["id", "type", "at", "actor", "description", "before", "after"]


class BreachActionSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = BreachAction
        fields = ["id", "kind", "description", "owner", "owner_name", "due_on", "completed_on"]


class BreachSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # type: ignore[var-annotated]
    # Empty until the risk has been assessed.
    risk = serializers.ChoiceField(choices=Risk.choices, allow_blank=True, read_only=True)
    aware_at = UKDateTimeField(read_only=True)
    occurred_at = UKDateTimeField(read_only=True, allow_null=True)
    report_due_at = UKDateTimeField(read_only=True)
    reported_at = UKDateTimeField(read_only=True, allow_null=True)
    decided_at = UKDateTimeField(read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="username", read_only=True, allow_null=True
    )
    security_properties = serializers.ListField(
        child=serializers.ChoiceField(choices=SecurityProperty.choices), read_only=True
    )
    hours_remaining = serializers.SerializerMethodField()

    class Meta:
        model = Breach
        fields = [
            "id",
            "reference",
            "status",
            "summary",
            "aware_at",
            "occurred_at",
            "report_due_at",
            "hours_remaining",
            "source",
            "nature",
            "security_properties",
            "unit",
            "risk",
            "reportable",
            "decided_at",
            "decided_by",
            "reported_at",
            "regulator_reference",
            "subjects_notified",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_hours_remaining(self, obj: Breach) -> float | None:
        """Elapsed hours to the 72-hour deadline (negative once passed); null once the
        breach is reported or decided not reportable."""
        return selectors.hours_remaining(obj, self.context.get("now"))


class BreachDetailSerializer(BreachSerializer):
    reported_by = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="username", read_only=True, allow_null=True
    )
    assessed_by = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="username", read_only=True, allow_null=True
    )
    likelihood = serializers.ChoiceField(
        choices=Likelihood.choices, allow_blank=True, read_only=True
    )
    severity = serializers.ChoiceField(choices=Severity.choices, allow_blank=True, read_only=True)
    assessed_at = UKDateTimeField(read_only=True, allow_null=True)
    subjects_notified_at = UKDateTimeField(read_only=True, allow_null=True)
    closed_at = UKDateTimeField(read_only=True, allow_null=True)
    events = BreachEventSerializer(many=True, read_only=True)
    actions = BreachActionSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(
        help_text="The actions you may take on this breach now (the page offers the same)."
    )

    class Meta(BreachSerializer.Meta):
        fields = [
            *BreachSerializer.Meta.fields,
            "how_discovered",
            "reported_by",
            "reported_by_name",
            "data_categories",
            "special_category_data",
            "criminal_offence_data",
            "data_subjects_count",
            "records_count",
            "likelihood",
            "severity",
            "risk_rationale",
            "assessed_at",
            "assessed_by",
            "decision_reasons",
            "dpo_consulted",
            "late_report_reason",
            "subjects_notified_at",
            "subjects_notification_reasons",
            "lessons_learned",
            "closed_at",
            "actions",
            "events",
            "available_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, obj: Breach) -> list[str]:
        return list(self.context.get("available_actions", []))


class BreachCreateSerializer(serializers.Serializer):
    aware_at = UKDateTimeField(help_text="When the force became aware (ISO 8601).")
    source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]
    nature = serializers.ChoiceField(choices=Nature.choices)
    summary = serializers.CharField(max_length=10000)
    occurred_at = UKDateTimeField(required=False, allow_null=True, default=None)
    how_discovered = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    reported_by_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(active=True), required=False, allow_null=True, default=None
    )
    security_properties = serializers.ListField(
        child=serializers.ChoiceField(choices=SecurityProperty.choices),
        required=False,
        default=list,
        max_length=3,
    )
    data_categories = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    special_category_data = serializers.BooleanField(required=False, default=False)
    criminal_offence_data = serializers.BooleanField(required=False, default=False)
    data_subjects_count = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2_000_000_000
    )
    records_count = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2_000_000_000
    )


class BreachVersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you last saw; if someone has changed the breach since, the "
        "action is refused with 409.",
    )


class BreachAssessSerializer(BreachVersionedSerializer):
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    rationale = serializers.CharField(max_length=10000)


class BreachDecideSerializer(BreachVersionedSerializer):
    reportable = serializers.BooleanField()
    reasons = serializers.CharField(max_length=10000)


class BreachReportSerializer(BreachVersionedSerializer):
    reported_at = UKDateTimeField()
    regulator_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    late_reason = serializers.CharField(
        max_length=10000, required=False, allow_blank=True, default=""
    )


class BreachNotifySubjectsSerializer(BreachVersionedSerializer):
    notified = serializers.BooleanField()
    notified_at = UKDateTimeField(required=False, allow_null=True, default=None)
    reasons = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class BreachCloseSerializer(BreachVersionedSerializer):
    lessons_learned = serializers.CharField(max_length=20000)


class BreachAddActionSerializer(BreachVersionedSerializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    description = serializers.CharField(max_length=5000)
    due_on = serializers.DateField(input_formats=["iso-8601"])
    owner = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "There is no active user called '{value}'."},
    )
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
