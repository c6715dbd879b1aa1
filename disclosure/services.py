"""Writes for the disclosure log: publishing a closed FOI or EIR response and withdrawing
it. Both are kernel actions on the request (core/kernel.py): the request is locked, the
version the caseworker saw is checked (409 when stale), and the event is written to the
request's timeline in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils import timezone

from casefile.models import RELEASED_KINDS, Document
from core import policy
from core.dates import uk_today
from core.kernel import Action, Change, Workflow, invalid
from requests_tracker.models import InformationRequest, RequestEvent
from requests_tracker.vocabularies import EXEMPTION_LABELS, EventType, RequestKind, Status

from .models import PublishedDocument, PublishedItem

TITLE_MAX = 200
SUMMARY_MAX = 5000
REASON_MAX = 2000
#: What the search vector is made of (the weights rank title matches first).
SEARCH_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("reference", weight="A", config="simple")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector("exemption_text", weight="C", config="english")
)


def may_publish(actor: Any, record: InformationRequest) -> bool:
    """Those who act on the case (core.policy.acts_on_case) publish and withdraw it."""
    return actor is not None and policy.acts_on_case(
        actor, unit_id=record.unit_id, assigned_to_id=record.assigned_to_id
    )


def live_item(request_id: int) -> PublishedItem | None:
    return PublishedItem.objects.filter(request_id=request_id, withdrawn_at__isnull=True).first()


def publish_refusal(actor: object, record: InformationRequest) -> str | None:
    """Why this request cannot be published at all (beyond being closed), or None."""
    if record.kind == RequestKind.ROA:
        return (
            "Right of access requests are about the requester's own personal data, so they "
            "are never published in the disclosure log."
        )
    if record.kind not in (RequestKind.FOI, RequestKind.EIR):
        return "Only FOI and EIR responses are published in the disclosure log."
    if live_item(record.pk) is not None:
        return f"{record.reference} is already in the disclosure log."
    return None


def publishable_documents(record: InformationRequest):
    """The documents that may be published with the response: the current version of a
    response or redacted response that passed the release check (or had its findings
    confirmed) and was marked released (casefile.services.mark_released)."""
    return (
        Document.objects.filter(request=record, kind__in=RELEASED_KINDS, released_at__isnull=False)
        .filter(replaced_by__isnull=True)
        .order_by("filename", "id")
    )


def _documents(record: InformationRequest, document_ids: list[int]) -> list[Document]:
    chosen = []
    allowed = {document.pk: document for document in publishable_documents(record)}
    others = {
        document.pk: document
        for document in Document.objects.filter(request=record, pk__in=document_ids)
    }
    for document_id in dict.fromkeys(document_ids):
        if document_id in allowed:
            chosen.append(allowed[document_id])
            continue
        document = others.get(document_id)
        if document is None:
            raise invalid("documents", "Choose documents from this request's case file.")
        if document.kind not in RELEASED_KINDS:
            raise invalid(
                "documents",
                f"{document.filename} is not a response or a redacted response, so it cannot "
                "be published.",
            )
        if not document.is_current:
            raise invalid("documents", f"{document.filename} has been replaced by a newer version.")
        raise invalid(
            "documents",
            f"{document.filename} has not been marked released. It must pass the release "
            "check (or have its findings confirmed) and be marked released first.",
        )
    return chosen


def _update_search_vector(item: PublishedItem) -> None:
    if connection.vendor == "postgresql":
        PublishedItem.objects.filter(pk=item.pk).update(search_vector=SEARCH_VECTOR)


def _publish(
    change: Change[InformationRequest],
    *,
    title: str,
    summary: str,
    documents: list[int] | None = None,
) -> PublishedItem:
    record = change.record
    title, summary = (title or "").strip(), (summary or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Enter a public title."]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"The public title must be {TITLE_MAX} characters or fewer."]
    if not summary:
        errors["summary"] = ["Enter a summary of the request written for publication."]
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = [f"The public summary must be {SUMMARY_MAX} characters or fewer."]
    elif " ".join(summary.split()).lower() == " ".join(record.summary.split()).lower():
        errors["summary"] = [
            "Write the summary for publication: the requester's own words are never "
            "published, as they may hold personal data."
        ]
    if errors:
        from django.core.exceptions import ValidationError

        raise ValidationError(errors)
    chosen = _documents(record, list(documents or []))
    if record.closed_on is None:  # a closed request always has its date (a DB constraint)
        raise invalid(None, "The request has no date of response.")
    labels = [EXEMPTION_LABELS.get(code, code) for code in record.exemptions or []]
    item = PublishedItem.objects.create(
        request=record,
        reference=record.reference,
        kind=record.kind,
        title=title,
        summary=summary,
        responded_on=record.closed_on,
        outcome=record.outcome,
        outcome_label=record.get_outcome_display(),
        exemption_codes=" ".join(["", *(record.exemptions or []), ""]) if labels else "",
        exemption_text="\n".join(labels),
        published_at=timezone.now(),
        published_by=change.actor,
    )
    PublishedDocument.objects.bulk_create(
        PublishedDocument(item=item, document=d, filename=d.filename, size=d.size) for d in chosen
    )
    _update_search_vector(item)
    count = len(chosen)
    change.event(
        f"Published in the disclosure log as “{title}”, with {count} "
        f"document{'' if count == 1 else 's'}.",
        after={"title": title, "documents": [d.filename for d in chosen]},
    )
    return item


def _withdraw(change: Change[InformationRequest], *, reason: str) -> PublishedItem:
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "Say why the item is being withdrawn from the disclosure log.")
    if len(reason) > REASON_MAX:
        raise invalid("reason", f"The reason must be {REASON_MAX} characters or fewer.")
    item = PublishedItem.objects.select_for_update().get(
        request=change.record, withdrawn_at__isnull=True
    )
    item.withdrawn_at = timezone.now()
    item.withdrawn_by = change.actor
    item.withdrawal_reason = reason
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    change.event(
        f"Withdrawn from the disclosure log: {reason}",
        before={"title": item.title},
        after={"withdrawal_reason": reason},
    )
    return item


def _not_published(actor: object, record: InformationRequest) -> str | None:
    if live_item(record.pk) is None:
        return f"{record.reference} is not in the disclosure log."
    return None


WORKFLOW: Workflow[InformationRequest] = Workflow(
    model=InformationRequest,
    noun="request",
    event_model=RequestEvent,
    event_field="request",
    reference=lambda record: record.reference,
    actions=[
        Action(
            name="publish",
            label="Publish in the disclosure log",
            from_statuses={Status.CLOSED},
            refusal="Only a closed request's response can be published.",
            guard=publish_refusal,
            may=may_publish,
            denial="Only those who work on this request can publish it.",
            run=_publish,
            event=EventType.PUBLISHED,
            done="Published in the disclosure log.",
        ),
        Action(
            name="withdraw_publication",
            label="Withdraw from the disclosure log",
            from_statuses=set(Status.values),
            guard=_not_published,
            may=may_publish,
            denial="Only those who work on this request can withdraw its publication.",
            run=_withdraw,
            event=EventType.PUBLICATION_WITHDRAWN,
            done="Withdrawn from the disclosure log.",
        ),
    ],
)


def publish(
    *,
    request_id: int,
    actor: Any,
    title: str,
    summary: str,
    documents: list[int] | None = None,
    version: int | None = None,
) -> PublishedItem:
    """Publish a closed FOI or EIR response (raises ValidationError, PermissionDenied,
    TransitionError or ConflictError with words for the caseworker)."""
    return WORKFLOW.perform(
        "publish",
        pk=request_id,
        actor=actor,
        version=version,
        title=title,
        summary=summary,
        documents=documents,
    )


def withdraw(
    *, request_id: int, actor: Any, reason: str, version: int | None = None
) -> PublishedItem:
    """Withdraw the request's live item, recording the reason; the item stays as the
    audit and its public page says it was withdrawn."""
    return WORKFLOW.perform(
        "withdraw_publication", pk=request_id, actor=actor, version=version, reason=reason
    )


def note_documents_removed(sender: object, requester_ids: list[int], **kwargs: Any) -> None:
    """Receiver of requests_tracker's `personal_data_disposed`: the case file deletes
    those requesters' documents (casefile.services.dispose_documents), so the items that
    published some of them say from today that the documents were removed under the
    retention schedule, not that none were released."""
    PublishedItem.objects.filter(
        request__requester_id__in=requester_ids,
        documents__isnull=False,
        documents_removed_on__isnull=True,
    ).update(documents_removed_on=uk_today())
