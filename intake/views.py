"""Pages: the public question pages and follow page, and the intake queue for staff.
Thin: the services write, the selectors read, journey.py orders the questions."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from core import access, policy
from core.errors import ConflictError, TransitionError
from core.govuk_forms import apply_service_errors
from core.network import client_ip
from requests_tracker.models import InformationRequest

from . import forms as intake_forms
from . import journey, selectors, services, tokens
from .models import FileKind, Kind

SESSION_KEY = "intake_journey"
SENT_KEY = "intake_sent"


def _answers(request: HttpRequest) -> journey.Answers:
    return dict(request.session.get(SESSION_KEY, {}))


def _save(request: HttpRequest, answers: journey.Answers) -> None:
    request.session[SESSION_KEY] = answers


def _step_url(step: journey.Step, change: bool = False) -> str:
    url = reverse("intake:step", kwargs={"slug": step.slug})
    return f"{url}?change=1" if change else url


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/start.html", {"first": _step_url(journey.STEPS[0])})


def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = journey.BY_SLUG.get(slug)
    if current is None:
        raise Http404
    answers = _answers(request)
    if not current.applies(answers):
        missing = journey.first_unanswered(answers)
        return redirect(_step_url(missing) if missing else reverse("intake:check"))
    missing = journey.first_unanswered(answers)
    if missing is not None and journey.STEPS.index(missing) < journey.STEPS.index(current):
        return redirect(_step_url(missing))  # an earlier question is still unanswered
    change = request.GET.get("change") == "1"
    names = list(current.form.base_fields)
    if request.method == "POST":
        form = current.form(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if current.slug == "identity":
                try:
                    evidence = _store_evidence(request, answers)
                except ValidationError as error:
                    apply_service_errors(form, error, {"file": "identity"})
                    return _question(request, current, form, answers, change)
                answers["evidence"] = evidence
                data = {}
            if current.slug == "kind" and answers.get("kind") not in (None, data["kind"]):
                answers = {}  # another kind asks other questions
            answers.update(data)
            done = set(answers.get("_done", []))
            done.add(current.slug)
            answers["_done"] = sorted(done)
            _save(request, answers)
            following = journey.next_step(current, answers)
            if following is None or (change and journey.first_unanswered(answers) is None):
                return redirect("intake:check")
            return redirect(_step_url(following, change))
    else:
        form = current.form(initial={name: answers.get(name) for name in names})
    return _question(request, current, form, answers, change)


def _store_evidence(request: HttpRequest, answers: journey.Answers) -> list[dict]:
    kept = list(answers.get("evidence", []))
    for field, kind in (("identity", FileKind.IDENTITY), ("authority", FileKind.AUTHORITY)):
        upload = request.FILES.get(field)
        if upload is None:
            continue
        item = services.store_evidence(upload, kind, field)
        kept = [old for old in kept if old["kind"] != kind]
        kept.append(
            {
                "kind": item.kind,
                "filename": item.filename,
                "content_type": item.content_type,
                "size": item.size,
                "stored_name": item.stored_name,
            }
        )
    return kept


def _question(request, current, form, answers, change, status=200) -> HttpResponse:
    previous = journey.previous_step(current, answers)
    back = (
        reverse("intake:check")
        if change
        else (_step_url(previous) if previous else reverse("intake:start"))
    )
    return render(
        request,
        current.template,
        {
            "form": form,
            "step": current,
            "back": back,
            "change": change,
            "someone_else": journey.for_someone_else(answers),
            "evidence": answers.get("evidence", []),
            "caption": _caption(answers),
            **(current.context(answers) if current.context else {}),
        },
        status=400 if form.errors else status,
    )


def _caption(answers: journey.Answers) -> str:
    kind = answers.get("kind")
    return Kind(kind).label if kind in Kind.values else "Make a request"


def check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    missing = journey.first_unanswered(answers)
    if missing is not None:
        return redirect(_step_url(missing))
    form = intake_forms.CheckForm(request.POST or None)
    page_errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submit(
                kind=answers["kind"],
                name=answers.get("name", ""),
                email=answers.get("email", ""),
                address=answers.get("address", ""),
                request_text=answers.get("request", ""),
                about=answers.get("about", ""),
                subject_name=answers.get("subject_name", ""),
                date_range=answers.get("date_range", ""),
                records=answers.get("records", []),
                evidence=[services.Evidence(**item) for item in answers.get("evidence", [])],
                honeypot=form.cleaned_data.get("website", ""),
                client=client_ip(request),
            )
        except services.RateLimited as error:
            page_errors = [(str(error), "#main-content")]
            status = 429
        except ValidationError as error:
            for key, words in error.message_dict.items():
                target = _change_link_for(key)
                page_errors += [(word, target) for word in words]
            status = 400
        else:
            due = services.due_for(submission)
            request.session.pop(SESSION_KEY, None)
            request.session[SENT_KEY] = {
                "reference": submission.reference,
                "due": due.words,
                "has_due": due.due_on is not None,
                "kind": submission.kind,
                "email": bool(submission.email),
            }
            return redirect("intake:sent")
    rows = [
        (row_step, text, _step_url(row_step, change=True))
        for row_step, text in journey.summary_rows(answers)
    ]
    return render(
        request,
        "intake/check.html",
        {
            "rows": rows,
            "form": form,
            "page_errors": page_errors,
            "back": _step_url(journey.applicable(answers)[-1]),
            "caption": _caption(answers),
        },
        status=status,
    )


def _change_link_for(key: str) -> str:
    slug = {
        "kind": "kind",
        "about": "about",
        "subject_name": "someone-else",
        "request": "request",
        "date_range": "dates",
        "records": "records",
        "name": "name",
        "email": "contact",
        "address": "contact",
    }.get(key)
    return _step_url(journey.BY_SLUG[slug], change=True) if slug else "#main-content"


def sent(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SENT_KEY)
    if not done:
        return redirect("intake:start")
    return render(request, "intake/sent.html", {"done": done})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    submission = services.confirm_email(token=token)
    if submission is None:
        raise Http404
    return render(request, "intake/email_confirmed.html", {"reference": submission.reference})


def follow(request: HttpRequest, token: str) -> HttpResponse:
    request_id = tokens.followed_request_id(token)
    record = InformationRequest.objects.filter(pk=request_id).first() if request_id else None
    if record is None:
        raise Http404
    form = intake_forms.ReplyForm()
    status = 200
    if request.method == "POST":
        form = intake_forms.ReplyForm(request.POST, request.FILES)
        if not record.is_active:
            form.add_error(None, "This request is finished, so it cannot take replies.")
            status = 400
        elif form.is_valid():
            if form.cleaned_data.get("website"):
                form.add_error(None, "We could not take this message. Leave the last box empty.")
                status = 400
            else:
                upload = form.cleaned_data.get("file")
                try:
                    services.send_reply(
                        request_id=record.pk,
                        text=form.cleaned_data.get("text", ""),
                        files=[upload] if upload else [],
                        client=client_ip(request),
                    )
                except services.RateLimited as error:
                    form.add_error(None, str(error))
                    status = 429
                except ValidationError as error:
                    apply_service_errors(form, error)
                    status = 400
                else:
                    messages.success(
                        request, "We have your reply. Your caseworker will pick it up."
                    )
                    return redirect(request.path)
        else:
            status = 400
    return render(
        request,
        "intake/follow.html",
        {"view": selectors.follow_view(record), "form": form},
        status=status,
    )


# ---------------------------------------------------------------------------------------
# The intake queue (staff)
# ---------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The signed-in user (the staff views are behind `roles_required`)."""
    return cast(User, request.user)


@policy.roles_required(*policy.STAFF)
def queue(request: HttpRequest) -> HttpResponse:
    items = list(selectors.queue(_user(request))[:200])
    rows = [(item, len(selectors.possible_duplicates(item))) for item in items]
    return render(request, "intake/queue.html", {"rows": rows})


def _forms(submission, data=None, failed: str | None = None) -> dict:
    initial = {"version": submission.version}
    built = {}
    for name, form_class in (
        ("accept", intake_forms.AcceptForm),
        ("merge", intake_forms.MergeForm),
        ("reject", intake_forms.RejectForm),
    ):
        bound = data if failed == name else None
        built[name] = form_class(bound, initial=initial, prefix=name)
    if submission.kind != Kind.ROA:
        del built["accept"].fields["regime"]
    return built


def _detail(request, submission, forms=None, status=200, problem: str = "") -> HttpResponse:
    access.record_access(
        user=request.user,
        records=[submission],
        record_type="online_submission",
        fields=["name", "email", "address", "request"],
        action="view",
        http_request=request,
    )
    available = {action.name for action in services.WORKFLOW.available(request.user, submission)}
    return render(
        request,
        "intake/submission.html",
        {
            "item": submission,
            "files": list(submission.files.all()),
            "duplicates": selectors.possible_duplicates(submission),
            "forms": forms or _forms(submission),
            "available": available,
            "events": list(submission.events.select_related("actor")),
            "problem": problem,
        },
        status=status,
    )


@policy.roles_required(*policy.STAFF)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(selectors.visible_submissions(_user(request)), pk=pk)
    return _detail(request, submission)


@login_required
@require_POST
@policy.roles_required(*policy.STAFF)
def submission_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    submission = get_object_or_404(selectors.visible_submissions(_user(request)), pk=pk)
    if action not in ("accept", "merge", "reject"):
        raise Http404
    forms = _forms(submission, request.POST, failed=action)
    form = forms[action]
    if not form.is_valid():
        return _detail(request, submission, forms, status=400)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        result = services.WORKFLOW.perform(
            action, pk=submission.pk, actor=request.user, version=version, **data
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _detail(request, submission, forms, status=400)
    except (ConflictError, TransitionError) as error:
        submission.refresh_from_db()
        return _detail(request, submission, status=409, problem=str(error))
    except PermissionDenied:
        raise
    messages.success(request, services.WORKFLOW[action].done)
    if isinstance(result, InformationRequest):
        return redirect("requests:detail", pk=result.pk)
    return redirect("intake:queue")
