"""The letter step on a request, and the letter template editor (DPO and admins: core.policy
LETTER_TEMPLATE_EDITORS). Thin: the services render, save and send."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from core import policy
from core.access import record_access
from core.errors import ConflictError
from core.govuk_forms import apply_service_errors
from core.models import AccessLogEntry

from . import letter_services, letters, selectors
from .forms import LetterForm, TemplateEditForm
from .models import LetterTemplate, LetterTemplateVersion
from .views import _back, _bound, _login, _request_for


def _log_preview(request, item) -> None:
    """A preview shows the requester's name and what they asked: access-logged."""
    record_access(
        user=request.user,
        records=[item],
        record_type="request",
        fields=["requester_name", "summary"],
        action=AccessLogEntry.Action.VIEW,
        http_request=request,
    )


@_login
def letter_new(request, pk: int):
    item = _request_for(request.user, pk)
    form = LetterForm(*_bound(request), exemptions=list(item.exemptions or []))
    status, preview = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            problem = letter_services.letter_problems(
                item,
                template=data["template"],
                send=data["send"],
                stop_clock=data["stop_clock"],
                details=data["details"],
                reasons=form.reasons(),
            )
            if request.POST.get("action") == "preview":
                try:
                    subject, text = letter_services.render_letter(
                        item,
                        template=data["template"],
                        actor=request.user,
                        details=data["details"],
                        reasons=form.reasons(),
                    )
                except ValidationError as error:
                    apply_service_errors(form, error, form.service_aliases())
                else:
                    preview = {"subject": subject, "text": text, "problem": problem}
                    _log_preview(request, item)
                    status = 200
            else:
                try:
                    document = letter_services.issue_letter(
                        request_id=item.pk,
                        template=data["template"],
                        send=data["send"],
                        stop_clock=data["stop_clock"],
                        actor=request.user,
                        extra={"details": data["details"], "reasons": form.reasons()},
                    )
                except ValidationError as error:
                    apply_service_errors(form, error, form.service_aliases())
                else:
                    words = (
                        f"{item.reference}: {document.description.split(' (')[0].lower()} written"
                    )
                    if data["send"]:
                        words += " and queued to email to the requester"
                    if data["stop_clock"]:
                        words += "; the clock is stopped"
                    messages.success(request, words + ".")
                    return redirect(_back(item))
    kinds = [
        {"key": key, "name": kind.name, "stops": kind.stops_clock_for is not None}
        for key, kind in letters.TEMPLATES.items()
    ]
    context = {
        "item": item,
        "form": form,
        "preview": preview,
        "kinds": kinds,
        "edits_templates": policy.holds(request.user, policy.LETTER_TEMPLATE_EDITORS),
    }
    return render(request, "casefile/letter_new.html", context, status=status)


def _editor(view):
    return policy.roles_required(*policy.LETTER_TEMPLATE_EDITORS)(view)


@_editor
def template_list(request):
    letter_services.ensure_templates()
    templates = LetterTemplate.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=LetterTemplateVersion.objects.select_related("created_by").order_by("-number"),
        )
    )
    rows = [(template, template.versions.all()[0]) for template in templates]
    return render(request, "casefile/template_list.html", {"rows": rows})


@_editor
def template_edit(request, key: str):
    try:
        current = letter_services.current_version(key)
    except ValidationError:
        from django.http import Http404

        raise Http404("No such letter template.") from None
    template = current.template
    initial = {"subject": current.subject, "body": current.body, "based_on": current.number}
    form = TemplateEditForm(request.POST if request.method == "POST" else None, initial=initial)
    status, preview = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("action") == "preview":
                preview = _preview(request, form, key, data)
                if preview is not None:
                    status = 200
            else:
                try:
                    saved = letter_services.save_template(
                        key=key,
                        actor=request.user,
                        subject=data["subject"],
                        body=data["body"],
                        change_note=data["change_note"],
                        based_on=data["based_on"],
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                except ConflictError as error:
                    form.add_error(None, str(error))
                    status = 409
                else:
                    messages.success(request, f"{template.name}: version {saved.number} saved.")
                    return redirect("casefile:template_list")
    versions = template.versions.select_related("created_by").order_by("-number")
    context = {
        "template": template,
        "current": current,
        "form": form,
        "preview": preview,
        "fields": letters.MERGE_FIELDS,
        "versions": versions,
    }
    return render(request, "casefile/template_edit.html", context, status=status)


def _preview(request, form, key: str, data: dict):
    """The wording being edited, rendered against the chosen request or made-up values."""
    try:
        letter_services.check_wording(data["subject"], data["body"])
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    reference = (data.get("preview_reference") or "").strip()
    if not reference:
        fields = letter_services.sample_fields()
        return {
            "subject": " ".join(letters.render(data["subject"], fields).split()),
            "text": letters.render(data["body"], fields),
            "against": "made-up values (every field shown as x, every condition true)",
        }
    item = selectors.visible_requests_for(request.user).filter(reference=reference).first()
    if item is None:
        form.add_error("preview_reference", "There is no request with that reference.")
        return None
    _log_preview(request, item)
    subject, text = letter_services.render_letter(
        item, template=key, actor=request.user, subject=data["subject"], body=data["body"]
    )
    return {"subject": subject, "text": text, "against": item.reference}


@_login
def timeline_csv(request, pk: int):
    """The request's whole timeline as CSV (every document, letter, email, data request,
    chase and release confirmation among the rest), access-logged as an export."""
    from core import csv_files
    from core.dates import long_datetime

    item = _request_for(request.user, pk)
    events = list(item.events.select_related("actor").order_by("at", "id"))
    record_access(
        user=request.user,
        records=[item],
        record_type="request",
        fields=["timeline"],
        action=AccessLogEntry.Action.EXPORT,
        http_request=request,
        export_rows=len(events),
    )
    rows = [["reference", "when", "event", "by", "description", "document", "email"]]
    for event in events:
        after = event.after or {}
        rows.append(
            [
                item.reference,
                long_datetime(event.at),
                event.get_type_display(),
                event.actor.display_name if event.actor else "Rights Desk",
                event.description,
                after.get("document") or "",
                after.get("email") or "",
            ]
        )
    return csv_files.buffered_response(rows, filename=f"{item.reference}-timeline.csv")
