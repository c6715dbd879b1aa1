from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from ..letters import TEMPLATES
from ..models import DataRequest, Document, DocumentKind, OutboundEmail


class DocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.display_name")
    version = serializers.IntegerField(source="version_number")
    is_current = serializers.BooleanField()
    release_confirmed_by = serializers.CharField(
        source="release_confirmed_by.display_name", default=None
    )
    released_by = serializers.CharField(source="released_by.display_name", default=None)
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "description",
            "filename",
            "size",
            "sha256",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "release_check",
            "version",
            "replaces",
            "is_current",
            "release_confirmed_by",
            "release_confirmed_at",
            "release_confirmation_reason",
            "released_by",
            "released_at",
            "content_url",
        ]

    def get_content_url(self, document) -> str:
        return reverse("document-content", kwargs={"pk": document.pk})


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=False, use_url=False, max_length=None)  # type: ignore[arg-type]
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    replaces = serializers.IntegerField(required=False, min_value=1)


class ConfirmReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DataRequestSerializer(serializers.ModelSerializer):
    area_label = serializers.SerializerMethodField()
    chases = serializers.SerializerMethodField()
    emails = serializers.SerializerMethodField()

    class Meta:
        model = DataRequest
        fields = [
            "id",
            "area",
            "area_label",
            "contact_email",
            "manager_email",
            "details",
            "sent_on",
            "due_on",
            "status",
            "received_on",
            "items",
            "escalated_on",
            "chases",
            "emails",
        ]

    def get_area_label(self, data_request) -> str:
        return settings.DATA_REQUEST_AREAS.get(data_request.area, data_request.area)

    def get_chases(self, data_request) -> list[dict]:
        return [
            {"sent_on": chase.sent_on.isoformat(), "kind": chase.kind}
            for chase in data_request.chases.all()
        ]

    def get_emails(self, data_request) -> list[dict]:
        """The emails of this data request (request, chasers, escalation) and what
        became of each: queued, sent, failed, delivered or bounced."""
        return [
            {
                "id": email.pk,
                "template": email.template,
                "to": email.recipients,
                "status": email.status,
                "status_label": email.get_status_display(),
                "attempts": email.attempts,
                "detail": email.detail,
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in data_request.emails.all()
        ]


class DataRequestCreateSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=60)
    contact_email = serializers.EmailField()
    manager_email = serializers.EmailField(required=False, allow_blank=True)
    details = serializers.CharField(max_length=5000)
    due_on = serializers.DateField(required=False)

    def validate_area(self, value):
        if value not in settings.DATA_REQUEST_AREAS:
            raise serializers.ValidationError(
                "Choose one of: " + ", ".join(settings.DATA_REQUEST_AREAS) + "."
            )
        return value


class ReceivedSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    items = serializers.IntegerField(min_value=0)


class LetterSerializer(serializers.Serializer):
    template = serializers.ChoiceField(
        choices=[(key, kind.name) for key, kind in TEMPLATES.items()]
    )
    send = serializers.BooleanField(default=False)
    stop_clock = serializers.BooleanField(
        default=False,
        help_text="Identity, clarification and fee letters: stop the clock from today.",
    )
    details = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text=(
            "The caseworker's words for the letter as a whole: what to clarify, the fee, "
            "anything general in a refusal."
        ),
    )
    reasons = serializers.DictField(
        child=serializers.CharField(max_length=5000, allow_blank=True),
        required=False,
        help_text=(
            "Refusal notice: {exemption code: why it applies}, one for each exemption the "
            "request cites (FOIA s.17(1)(c); for a qualified one, the public interest "
            "reasons too: s.17(3); EIR reg 14(3)). A missing one is a 400 on "
            "reasons.<code>."
        ),
    )


def nested_errors(errors: dict[str, list[str]]) -> dict:
    """A service's field errors with "reasons.<code>" keys nested as {"reasons": {code:
    [...]}}, as DRF reports a nested field's errors."""
    nested: dict = {}
    for key, messages in errors.items():
        head, dot, tail = key.partition(".")
        if dot:
            nested.setdefault(head, {})[tail] = messages
        else:
            nested[key] = messages
    return nested


class OutboundEmailSerializer(serializers.ModelSerializer):
    document = serializers.IntegerField(source="document_id", allow_null=True)
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = OutboundEmail
        fields = [
            "id",
            "document",
            "template",
            "to",
            "subject",
            "status",
            "status_label",
            "attempts",
            "detail",
            "provider_reference",
            "created_at",
            "sent_at",
        ]
