"""DRF serializers: shapes only. Every rule of law and workflow lives in the services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Unit
from core.api_fields import StrictDateField

from .. import statutory
from ..models import ClockStop, InformationRequest, RegulatorComplaint, RequestEvent
from ..vocabularies import (
    EXEMPTION_LABELS,
    Channel,
    ComplaintOutcome,
    LateReason,
    Outcome,
    Regime,
    RequesterType,
    RequestKind,
    StopReason,
)

User = get_user_model()

LOGGABLE_KINDS = [
    (k, label) for k, label in RequestKind.choices if k != RequestKind.INTERNAL_REVIEW
]


class RequesterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")


class RequestCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LOGGABLE_KINDS)
    regime = serializers.ChoiceField(choices=Regime.choices, required=False, allow_blank=True)
    received_on = StrictDateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    requester_type = serializers.ChoiceField(choices=RequesterType.choices)
    summary = serializers.CharField(max_length=10000)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(active=True), required=False, allow_null=True
    )
    requester = RequesterSerializer()


class ClockStopSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClockStop
        fields = ["id", "reason", "started_on", "ended_on"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = RequestEvent
        fields = ["id", "type", "at", "actor", "description", "before", "after"]


class ComplaintSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegulatorComplaint
        fields = [
            "id",
            "received_on",
            "regulator_reference",
            "regulator_deadline",
            "outcome",
            "decided_on",
            "decision_notice_reference",
        ]


class RequestSerializer(serializers.ModelSerializer):
    """The request as other systems see it. `requester` is personal data: it is included
    only when the serializer context says the user may see it."""

    unit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # type: ignore[var-annotated]
    assigned_to = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="username", read_only=True, allow_null=True
    )
    parent = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)  # type: ignore[assignment, var-annotated]
    # Empty string when not applicable (no regime outside right of access, no outcome or
    # late reason while open).
    regime = serializers.ChoiceField(choices=Regime.choices, allow_blank=True, read_only=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)
    late_reason = serializers.ChoiceField(
        choices=LateReason.choices, allow_blank=True, read_only=True
    )
    on_time = serializers.SerializerMethodField()
    days_remaining = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "reference",
            "kind",
            "regime",
            "status",
            "received_on",
            "channel",
            "requester_type",
            "summary",
            "unit",
            "assigned_to",
            "assigned_on",
            "clock_started_on",
            "original_due_on",
            "due_on",
            "due_explanation",
            "extended",
            "extended_on",
            "extension_working_days",
            "complex",
            "closed_on",
            "outcome",
            "exemptions",
            "pages_disclosed",
            "pages_withheld",
            "late_reason",
            "late_reason_detail",
            "withdrawn_on",
            "lapsed_on",
            "parent",
            "on_time",
            "days_remaining",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_on_time(self, obj: InformationRequest) -> bool | None:
        return obj.on_time

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_remaining(self, obj: InformationRequest) -> int | None:
        """Working days for FOI, EIR and reviews; calendar days for right of access.
        Null when there is no due date or the request is no longer open."""
        if not obj.is_active:
            return None
        return statutory.days_remaining(
            kind=statutory.Kind(obj.kind),
            due_on=obj.due_on,
            today=self.context["today"],
            rules=self.context["rules"],
        )


class RequestReceiptSerializer(serializers.ModelSerializer):
    """What the author of a request logged for another unit gets back: enough to quote
    and follow it up, nothing about the requester or what they asked."""

    unit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # type: ignore[var-annotated]
    regime = serializers.ChoiceField(choices=Regime.choices, allow_blank=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "reference",
            "kind",
            "regime",
            "status",
            "received_on",
            "unit",
            "due_on",
            "due_explanation",
        ]
        read_only_fields = fields


class RequestDetailSerializer(RequestSerializer):
    events = EventSerializer(many=True, read_only=True)
    clock_stops = ClockStopSerializer(many=True, read_only=True)
    complaints = ComplaintSerializer(many=True, read_only=True)
    requester = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField(
        help_text="The actions you may take on this request now (the request page offers "
        "the same): names from the request workflow, such as stop_clock or close."
    )

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "requester",
            "events",
            "clock_stops",
            "complaints",
            "available_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, obj: InformationRequest) -> list[str]:
        available = self.context.get("available_actions")
        return available(obj) if available else []

    @extend_schema_field(RequesterSerializer(allow_null=True))
    def get_requester(self, obj: InformationRequest) -> dict | None:
        allowed = self.context.get("show_personal_data")
        if obj.requester is None or not (allowed and allowed(obj)):
            return None
        person = obj.requester
        return {
            "name": person.name,
            "email": person.email,
            "address": person.address,
            "phone": person.phone,
        }


# --- Action payloads -------------------------------------------------------------------


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you last saw; if someone has changed the request since, the "
        "action is refused with 409.",
    )


class StopClockSerializer(VersionedSerializer):
    reason = serializers.ChoiceField(choices=StopReason.choices)
    started_on = StrictDateField()


class RestartClockSerializer(VersionedSerializer):
    ended_on = StrictDateField()


class ExtendSerializer(VersionedSerializer):
    extended_on = StrictDateField()
    reason = serializers.CharField(max_length=5000)
    working_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=40
    )


class AssignSerializer(VersionedSerializer):
    user = serializers.SlugRelatedField(
        source="assignee",  # the assign action's argument
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        error_messages={"does_not_exist": "There is no active user called '{value}'."},
    )


class CloseSerializer(VersionedSerializer):
    closed_on = StrictDateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    exemptions = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(EXEMPTION_LABELS.items())),
        required=False,
        default=list,
        max_length=30,
    )
    late_reason = serializers.ChoiceField(
        choices=LateReason.choices, required=False, allow_blank=True, default=""
    )
    late_reason_detail = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    pages_disclosed = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    pages_withheld = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class WithdrawSerializer(VersionedSerializer):
    withdrawn_on = StrictDateField()
    reason = serializers.CharField(max_length=5000)


class ReopenSerializer(VersionedSerializer):
    reason = serializers.CharField(max_length=5000)


class NoteSerializer(VersionedSerializer):
    text = serializers.CharField(max_length=20000)


class InternalReviewSerializer(VersionedSerializer):
    received_on = StrictDateField()
    complex = serializers.BooleanField(required=False, default=False)


class ComplaintCreateSerializer(serializers.Serializer):
    received_on = StrictDateField()
    regulator_reference = serializers.CharField(max_length=100)
    regulator_deadline = StrictDateField(required=False, allow_null=True)


class ComplaintDecisionSerializer(serializers.Serializer):
    complaint = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=ComplaintOutcome.choices)
    decided_on = StrictDateField()
    decision_notice_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )
