"""The case file's API: thin views that find what the user may see and call services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.access import record_access
from core.models import AccessLogEntry
from requests_tracker.selectors import can_work_on_requests

from .. import letter_services, selectors, services
from ..models import DataRequest, Document
from . import serializers as s
from .parsers import MultiPartParser

CASE_FILE_DENIED = "You cannot see the case file of another unit's request."


class CanWorkOnRequests(permissions.BasePermission):
    message = "Your role does not allow you to work on requests."

    def has_permission(self, request, view) -> bool:
        return can_work_on_requests(request.user)


class CaseFileView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanWorkOnRequests]

    def information_request(self, pk: int):
        found = selectors.visible_request(self.request.user, pk)  # type: ignore[arg-type]
        if found is None:
            raise NotFound()
        if not selectors.may_use_case_file(self.request.user, found):  # type: ignore[arg-type]
            raise PermissionDenied(CASE_FILE_DENIED)
        return found

    def document(self, pk: int) -> Document:
        document = get_object_or_404(Document.objects.select_related("request"), pk=pk)
        self.information_request(document.request_id)
        return document

    def data_request(self, pk: int) -> DataRequest:
        data_request = get_object_or_404(DataRequest, pk=pk)
        self.information_request(data_request.request_id)
        return data_request


class RequestDocumentsView(CaseFileView):
    """The documents on a request; POST adds one (multipart: file, kind, description)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: s.DocumentSerializer(many=True)})
    def get(self, request, pk: int):
        found = self.information_request(pk)
        documents = selectors.documents(found)
        return Response(s.DocumentSerializer(documents, many=True).data)

    @extend_schema(request=s.UploadSerializer, responses={201: s.DocumentSerializer})
    def post(self, request, pk: int):
        found = self.information_request(pk)
        payload = s.UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        document = services.upload_document(
            request_id=found.pk,
            actor=request.user,
            file=data["file"],
            kind=data["kind"],
            description=data.get("description", ""),
            replaces=data.get("replaces"),
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def download(request, document: Document, action: str) -> FileResponse:
    """The file itself, access-logged (record_type "document")."""
    record_access(
        user=request.user,
        records=[_Logged(document)],
        record_type="document",
        fields=["file"],
        action=action,
        http_request=request,
    )
    handle = services.document_storage().open(document.stored_name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Logged:
    """A document as the access log records it: its id, its request's reference and unit."""

    def __init__(self, document: Document) -> None:
        self.pk = document.pk
        self.reference = document.request.reference
        self.unit_id = document.request.unit_id


class DocumentContentView(CaseFileView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk: int):
        return download(request, self.document(pk), AccessLogEntry.Action.API)


class ConfirmReleaseView(CaseFileView):
    @extend_schema(request=s.ConfirmReleaseSerializer, responses={200: s.DocumentSerializer})
    def post(self, request, pk: int):
        document = self.document(pk)
        payload = s.ConfirmReleaseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        confirmed = services.confirm_release(
            document_id=document.pk, actor=request.user, reason=payload.validated_data["reason"]
        )
        return Response(s.DocumentSerializer(confirmed).data)


class ReleaseView(CaseFileView):
    @extend_schema(request=None, responses={200: s.DocumentSerializer})
    def post(self, request, pk: int):
        document = self.document(pk)
        released = services.mark_released(document_id=document.pk, actor=request.user)
        return Response(s.DocumentSerializer(released).data)


class RequestDataRequestsView(CaseFileView):
    @extend_schema(responses={200: s.DataRequestSerializer(many=True)})
    def get(self, request, pk: int):
        found = self.information_request(pk)
        return Response(s.DataRequestSerializer(selectors.data_requests(found), many=True).data)

    @extend_schema(request=s.DataRequestCreateSerializer, responses={201: s.DataRequestSerializer})
    def post(self, request, pk: int):
        found = self.information_request(pk)
        payload = s.DataRequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = services.commission_data_request(
            request_id=found.pk, actor=request.user, **payload.validated_data
        )
        return Response(s.DataRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class DataRequestChaseView(CaseFileView):
    @extend_schema(request=None, responses={200: s.DataRequestSerializer})
    def post(self, request, pk: int):
        data_request = self.data_request(pk)
        chased = services.chase_data_request(data_request_id=data_request.pk, actor=request.user)
        return Response(s.DataRequestSerializer(chased).data)


class DataRequestReceivedView(CaseFileView):
    @extend_schema(request=s.ReceivedSerializer, responses={200: s.DataRequestSerializer})
    def post(self, request, pk: int):
        data_request = self.data_request(pk)
        payload = s.ReceivedSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        received = services.record_received(
            data_request_id=data_request.pk, actor=request.user, **payload.validated_data
        )
        return Response(s.DataRequestSerializer(received).data)


class RequestLettersView(CaseFileView):
    """POST writes a letter from a template: 201 with the correspondence document."""

    @extend_schema(request=s.LetterSerializer, responses={201: s.DocumentSerializer})
    def post(self, request, pk: int):
        found = self.information_request(pk)
        payload = s.LetterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            document = letter_services.issue_letter(
                request_id=found.pk,
                template=data["template"],
                send=data["send"],
                stop_clock=data["stop_clock"],
                actor=request.user,
                extra={"details": data.get("details", ""), "reasons": data.get("reasons", {})},
            )
        except DjangoValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(s.nested_errors(error.message_dict)) from None
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class RequestEmailsView(CaseFileView):
    """The emails sent (or waiting, or failed) to the requester."""

    @extend_schema(responses={200: s.OutboundEmailSerializer(many=True)})
    def get(self, request, pk: int):
        found = self.information_request(pk)
        return Response(s.OutboundEmailSerializer(selectors.emails(found), many=True).data)
