"""The intake API: POST /api/v1/public/requests/ — anonymous, throttled per client
address, for the force's own website or other channels. Answers 202 with the reference
and the due date (or why there is none yet), 400 with field errors, 429 when limited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.network import client_ip
from core.throttling import ClientRateThrottle

from . import services
from .models import About, Kind, Records


class PublicRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    address = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, trim_whitespace=False
    )
    request = serializers.CharField(help_text="What information is wanted.")
    about = serializers.ChoiceField(
        choices=About.choices,
        required=False,
        allow_blank=True,
        help_text="Right of access only: whether the information is about the requester.",
    )
    subject_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Right of access for someone else: the name of the person it is about.",
    )
    date_range = serializers.CharField(required=False, allow_blank=True, max_length=200)
    records = serializers.ListField(
        child=serializers.ChoiceField(choices=Records.choices), required=False, max_length=10
    )
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Leave empty (a field robots fill in)."
    )


class ReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="The submission's reference, e.g. WEB-000042.")
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    due_words = serializers.CharField(
        help_text="The due date in words, or why there is none yet (proof of identity awaited)."
    )
    email_confirmation_sent = serializers.BooleanField()


class PublicRequestView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "intake"

    @extend_schema(
        request=PublicRequestSerializer,
        responses={202: ReceiptSerializer},
        summary="Make a request (anonymous)",
    )
    def post(self, request):
        serializer = PublicRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            submission = services.submit(
                kind=data["kind"],
                name=data["name"],
                email=data.get("email", ""),
                address=data.get("address", ""),
                request_text=data["request"],
                about=data.get("about", ""),
                subject_name=data.get("subject_name", ""),
                date_range=data.get("date_range", ""),
                records=data.get("records", []),
                honeypot=data.get("website", ""),
                client=client_ip(request),
            )
        except services.RateLimited as error:
            raise exceptions.Throttled(detail=str(error)) from None
        except ValidationError:
            raise
        due = services.due_for(submission)
        receipt = {
            "reference": submission.reference,
            "received_on": submission.received_on,
            "due_on": due.due_on,
            "due_words": due.words,
            "email_confirmation_sent": bool(submission.email),
        }
        return Response(ReceiptSerializer(receipt).data, status=status.HTTP_202_ACCEPTED)
