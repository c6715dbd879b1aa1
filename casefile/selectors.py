"""Reads for the case file: whose documents and data requests a user may see."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from accounts.models import User
from core import policy
from requests_tracker.models import InformationRequest
from requests_tracker.selectors import personal_data_q, visible_requests

from .models import DataRequest, DataRequestChase, Document


def may_use_case_file(user: User, request: InformationRequest) -> bool:
    """The case file holds the requester's letters and identity evidence, so it follows
    the personal-data rule (core.policy): the DPO and admins on every request,
    caseworkers and team leads on their own unit's."""
    return policy.sees_personal_data(user, request.unit_id)


def visible_request(user: User, pk: int) -> InformationRequest | None:
    return visible_requests(user).filter(pk=pk).first()


def documents(request: InformationRequest) -> QuerySet[Document]:
    return (
        Document.objects.filter(request=request)
        .select_related("uploaded_by", "release_confirmed_by", "released_by", "replaces")
        .order_by("uploaded_at", "id")
    )


def visible_documents(user: User) -> QuerySet[Document]:
    """Documents on requests whose case file `user` may see."""
    requests = visible_requests(user).filter(personal_data_q(user))
    return Document.objects.filter(request__in=requests.values("pk")).select_related(
        "request", "uploaded_by"
    )


def data_requests(request: InformationRequest) -> QuerySet[DataRequest]:
    return (
        DataRequest.objects.filter(request=request)
        .select_related("created_by")
        .prefetch_related(Prefetch("chases", queryset=DataRequestChase.objects.order_by("sent_on")))
    )


def visible_data_requests(user: User) -> QuerySet[DataRequest]:
    requests = visible_requests(user).filter(personal_data_q(user))
    return DataRequest.objects.filter(request__in=requests.values("pk")).select_related("request")


def area_label(code: str) -> str:
    return settings.DATA_REQUEST_AREAS.get(code, code)


def area_choices() -> list[tuple[str, str]]:
    return list(settings.DATA_REQUEST_AREAS.items())


def emails(request: InformationRequest):
    from .models import OutboundEmail

    return (
        OutboundEmail.objects.filter(request=request)
        .select_related("document")
        .order_by("-created_at", "-id")
    )


def visible_requests_for(user: User) -> QuerySet[InformationRequest]:
    """The requests `user` may preview a letter against (those they may see)."""
    return visible_requests(user)
