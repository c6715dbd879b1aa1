"""The permission matrix of docs/permissions.md, walked for every named URL and every
role. A URL added without an entry here fails `test_every_url_has_a_matrix_entry`."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import DigestSent, Unit, User
from breaches import services as breach_services
from breaches import snapshots as breach_snapshots
from breaches.models import BreachMonthSnapshot
from casefile import services as casefile_services
from casefile.models import DataRequest, DataRequestChase, Document
from core import jobs
from core.models import Job
from disclosure import services as disclosure_services
from dpia import pipeline as dpia_pipeline
from dpia import services as dpia_services
from dpia.models import PipelineSnapshot, ReminderSent
from intake import services as intake_services
from intake import tokens as intake_tokens
from requests_tracker import services
from requests_tracker.models import ExtraNonWorkingDay

ROLES = ("anonymous", "caseworker", "team_lead", "dpo", "data_board", "admin")
#: Roles that may see a requester's personal data (of their unit, for unit roles).
PERSONAL_DATA_ROLES = {"caseworker", "team_lead", "dpo", "admin"}
REQUESTER_NAME = "Perdita Matrixworth"
REQUESTER_EMAIL = "perdita.matrixworth@example.org"


def answers(anonymous, caseworker, team_lead, dpo, data_board, admin):
    return dict(zip(ROLES, (anonymous, caseworker, team_lead, dpo, data_board, admin), strict=True))


PUBLIC = answers(200, 200, 200, 200, 200, 200)
SIGNED_IN = answers(302, 200, 200, 200, 200, 200)
CASE_STAFF_PAGE = answers(302, 200, 200, 200, 403, 200)
DPO_PAGE = answers(302, 403, 403, 200, 403, 200)
BOARD_PAGE = answers(302, 403, 403, 200, 200, 200)
TEAM_LEAD_PAGE = answers(302, 403, 200, 200, 403, 200)
CASE_STAFF_API = answers(401, 200, 200, 200, 403, 200)
#: POST-only API actions answer GET with 405 once the role is allowed in.
CASE_STAFF_API_ACTION = answers(401, 405, 405, 405, 403, 405)
SIGNED_IN_API = answers(401, 200, 200, 200, 200, 200)

#: POST-only pages answer GET with 405 for everyone; who may POST is checked separately.
POST_ONLY_PAGE = answers(302, 405, 405, 405, 405, 405)
OWNER_PAGE = answers(302, 200, 200, 403, 403, 200)
#: A background job (an export file, an import) is its owner's alone (here the DPO's):
#: to everyone else, admins included, it does not exist.
JOB_OWNER_ONLY = answers(302, 404, 404, 200, 404, 404)
#: Single sign-on's start and callback do not exist while it is not configured (these
#: tests' settings); tests/accounts/test_sso*.py cover them configured.
SSO_UNCONFIGURED = answers(404, 404, 404, 404, 404, 404)
#: The "ask for access" page is for users without a role; everyone else goes home.
NO_ROLE_ONLY = answers(302, 302, 302, 302, 302, 302)
#: A team lead's monthly access review of their own unit.
TEAM_LEAD_ONLY = answers(302, 403, 200, 403, 403, 403)


def api_actions(prefix: str, key: str, actions: tuple[str, ...]) -> dict:
    return {f"{prefix}-{action}": (CASE_STAFF_API_ACTION, key) for action in actions}


#: URL name -> (expected status per role for GET, path kwargs key or None).
MATRIX: dict[str, tuple[dict[str, int], str | None]] = {
    # Public
    "landing": (PUBLIC, None),
    "healthz": (PUBLIC, None),
    "accessibility": (PUBLIC, None),
    "privacy": (PUBLIC, None),
    "cookies": (PUBLIC, None),
    "login": (PUBLIC, None),
    "sso-start": (SSO_UNCONFIGURED, None),
    "sso-callback": (SSO_UNCONFIGURED, None),
    "logout": (answers(405, 405, 405, 405, 405, 405), None),  # sign-out is a POST
    "api-schema": (PUBLIC, None),
    "api-docs": (PUBLIC, None),
    # GOV.UK Notify's callback: POST only, with its bearer token (tests/core/test_notify.py).
    "notify-delivery-receipt": (answers(405, 405, 405, 405, 405, 405), None),
    "performance:index": (PUBLIC, None),
    "performance:methodology": (PUBLIC, None),
    "performance:data-csv": (PUBLIC, None),
    "performance-monthly": (PUBLIC, None),
    # The disclosure log: public, never anything about the requester
    "disclosure:log": (PUBLIC, None),
    "disclosure:csv": (PUBLIC, None),
    "disclosure:feed": (PUBLIC, None),
    "disclosure:item": (PUBLIC, "disclosure-item"),
    "disclosure:document": (PUBLIC, "disclosure-document"),
    "disclosure-log-list": (PUBLIC, None),
    "disclosure-log-detail": (PUBLIC, "disclosure-item"),
    # Requests made online (intake app): the public side is anyone's; the follow page and
    # the email confirmation take a signed token; the queue is the unit's staff's.
    "intake:start": (PUBLIC, None),
    "intake:step": (PUBLIC, "intake-step"),
    # Check your answers and the confirmation send a visitor with no answers to the start.
    "intake:check": (answers(302, 302, 302, 302, 302, 302), None),
    "intake:sent": (answers(302, 302, 302, 302, 302, 302), None),
    "intake:confirm-email": (PUBLIC, "intake-confirm"),
    "intake:follow": (PUBLIC, "intake-follow"),
    "public-requests": (answers(405, 405, 405, 405, 405, 405), None),  # POST only
    "intake:queue": (CASE_STAFF_PAGE, None),
    "intake:submission": (CASE_STAFF_PAGE, "submission"),
    "intake:action": (POST_ONLY_PAGE, "submission-action"),
    # Any signed-in user
    "home": (SIGNED_IN, None),
    "accounts:preferences": (SIGNED_IN, None),
    "accounts:no-access": (NO_ROLE_ONLY, None),
    "accounts:two-factor-setup": (SIGNED_IN, None),
    "accounts:two-factor-verify": (SIGNED_IN, None),
    "accounts:two-factor-recovery-codes": (POST_ONLY_PAGE, None),
    "accounts:access-review": (TEAM_LEAD_ONLY, None),
    "api-root": (SIGNED_IN_API, None),
    # Requests: case staff of the unit, the DPO and admins; never the Data Board
    "requests:list": (CASE_STAFF_PAGE, None),
    "requests:my_work": (CASE_STAFF_PAGE, None),
    "requests:export": (CASE_STAFF_PAGE, None),
    "requests:new": (CASE_STAFF_PAGE, None),
    "requests:log": (CASE_STAFF_PAGE, "request-kind"),
    "requests:detail": (CASE_STAFF_PAGE, "request"),
    "requests:logged": (CASE_STAFF_PAGE, "request"),
    "requests:action": (POST_ONLY_PAGE, "request-action"),
    "requests:bulk_assign": (POST_ONLY_PAGE, None),
    "requests:team": (TEAM_LEAD_PAGE, None),
    "request-list": (CASE_STAFF_API, None),
    "request-detail": (CASE_STAFF_API, "request"),
    **api_actions(
        "request",
        "request",
        (
            "assign",
            "close",
            "complaint",
            "complaint-decision",
            "extend",
            "internal-review",
            "notes",
            "reopen",
            "restart-clock",
            "stop-clock",
            "withdraw",
        ),
    ),
    # The case file (casefile app): the request's staff who see its personal data
    "request-documents": (CASE_STAFF_API, "request"),
    "request-data-requests": (CASE_STAFF_API, "request"),
    "document-content": (CASE_STAFF_API, "document"),
    "document-confirm-release": (CASE_STAFF_API_ACTION, "document"),
    "document-release": (CASE_STAFF_API_ACTION, "document"),
    "data-request-chase": (CASE_STAFF_API_ACTION, "data-request"),
    "data-request-received": (CASE_STAFF_API_ACTION, "data-request"),
    "casefile:upload": (CASE_STAFF_PAGE, "request"),
    "casefile:data_request_new": (CASE_STAFF_PAGE, "request"),
    "casefile:download": (CASE_STAFF_PAGE, "document"),
    "casefile:confirm_release": (CASE_STAFF_PAGE, "document"),
    "casefile:release": (POST_ONLY_PAGE, "document"),
    "casefile:chase": (POST_ONLY_PAGE, "data-request"),
    "casefile:received": (CASE_STAFF_PAGE, "data-request"),
    # Letters and email to requesters: the case file's staff; the templates: DPO and admins
    "request-letters": (CASE_STAFF_API_ACTION, "request"),
    "request-emails": (CASE_STAFF_API, "request"),
    "casefile:letter_new": (CASE_STAFF_PAGE, "request"),
    "casefile:timeline_csv": (CASE_STAFF_PAGE, "request"),
    "casefile:template_list": (DPO_PAGE, None),
    "casefile:template_edit": (DPO_PAGE, "letter-template"),
    # Publishing in the disclosure log: those who act on the case; the DPO's list
    "disclosure:publish": (CASE_STAFF_PAGE, "request"),
    "disclosure:withdraw": (CASE_STAFF_PAGE, "published-request"),
    "disclosure:manage": (DPO_PAGE, None),
    # The DPO's tools
    "access-log": (DPO_PAGE, None),
    "access-log-export": (DPO_PAGE, None),
    "unusual-access": (DPO_PAGE, None),
    "role-changes": (DPO_PAGE, None),
    "role-changes-export": (DPO_PAGE, None),
    "requests-import": (DPO_PAGE, None),
    # Background jobs: progress pages and export files
    "job": (JOB_OWNER_ONLY, "job"),
    "job-download": (JOB_OWNER_ONLY, "job"),
    # The Data Board: aggregates only
    "data_board:index": (BOARD_PAGE, None),
    "data_board:pdf": (BOARD_PAGE, None),
    # The Board commentary: written (POST only) by the DPO and admins, no one else
    "data_board:commentary": (answers(302, 403, 403, 405, 403, 405), None),
    "data_board:returns": (BOARD_PAGE, None),
    "data_board:returns-csv": (BOARD_PAGE, None),
    "breaches:analysis": (BOARD_PAGE, None),
    "dpia:pipeline": (BOARD_PAGE, None),
    # Breaches: the Data Office records; decisions are the DPO's (checked on POST)
    "breaches:register": (CASE_STAFF_PAGE, None),
    "breaches:record": (CASE_STAFF_PAGE, None),
    "breaches:export": (CASE_STAFF_PAGE, None),
    "breaches:detail": (CASE_STAFF_PAGE, "breach"),
    "breaches:edit": (CASE_STAFF_PAGE, "breach"),
    "breaches:act": (POST_ONLY_PAGE, "breach-action"),
    "breaches:complete_action": (POST_ONLY_PAGE, "breach"),
    "breach-list": (CASE_STAFF_API, None),
    "breach-detail": (CASE_STAFF_API, "breach"),
    **api_actions(
        "breach",
        "breach",
        ("add-action", "assess", "close", "decide", "notify-subjects", "report"),
    ),
    # DPIAs: owners and the DPO; answers are edited by their owners (and admins)
    "dpia:index": (CASE_STAFF_PAGE, None),
    "dpia:new": (CASE_STAFF_PAGE, None),
    "dpia:calendar": (CASE_STAFF_PAGE, None),
    "dpia:export": (CASE_STAFF_PAGE, None),
    "dpia:detail": (CASE_STAFF_PAGE, "assessment"),
    "dpia:edit": (OWNER_PAGE, "assessment"),
    "dpia:act": (POST_ONLY_PAGE, "assessment-action"),
    "assessment-list": (CASE_STAFF_API, None),
    "assessment-detail": (CASE_STAFF_API, "assessment"),
    **api_actions(
        "assessment",
        "assessment",
        (
            "close",
            "complete-condition",
            "consultation-answer",
            "decide",
            "remove-risk",
            "request-changes",
            "risks",
            "sign-off",
            "start-review",
            "submit",
            "triage",
        ),
    ),
}
#: The only answers browsers and proxies may keep (Cache-Control: public): the published
#: figures for anonymous users, and the open-data API (the same for everyone) for all.
PUBLICLY_CACHED_FOR_ALL = {"performance-monthly"}
PUBLICLY_CACHED = {
    "performance:index",
    "performance:methodology",
    "performance:data-csv",
    *PUBLICLY_CACHED_FOR_ALL,
}
#: Named URLs deliberately outside the matrix, with the reason.
EXCLUDED_PREFIXES = ("admin:",)  # Django admin: walked model by model in test_admin_site


def named_urls(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from named_urls(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_a_matrix_entry():
    names = {name for name in named_urls() if not name.startswith(EXCLUDED_PREFIXES)}
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URLs without a permission-matrix entry: {missing}"
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


@pytest.fixture
def world(make_user, on_day, settings):
    on_day("2026-06-01")
    users = {role: make_user(f"matrix-{role}", role=role) for role in ROLES if role != "anonymous"}
    # Administrators are staff superusers (as create_demo_users makes them).
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save(update_fields=["is_staff", "is_superuser"])
    request = services.log_request(
        actor=users["caseworker"],
        kind="foi",
        received_on=date(2026, 5, 1),
        channel="email",
        requester_type="member_of_public",
        summary="Matrix test request",
        requester=services.RequesterDetails(name=REQUESTER_NAME, email=REQUESTER_EMAIL),
    )
    breach = breach_services.record_breach(
        actor=users["caseworker"],
        aware_at=timezone.now() - timedelta(hours=5),
        source="internal",
        nature="misdirected_email",
        summary="Email sent to the wrong address",
        unit=users["caseworker"].unit,
    )
    assessment = dpia_services.create_assessment(
        actor=users["caseworker"],
        kind="dpia",
        title="Body-worn video live streaming",
        unit=users["caseworker"].unit,
        asset_owner=users["team_lead"],
        project_lead=users["caseworker"],
    )
    document = casefile_services.upload_document(
        request_id=request.pk,
        actor=users["caseworker"],
        file=ContentFile(f"Letter from {REQUESTER_NAME}\n".encode(), name="letter.txt"),
        kind="request",
    )
    data_request = casefile_services.commission_data_request(
        request_id=request.pk,
        actor=users["caseworker"],
        area="custody",
        contact_email="custody@example.org",
        details="Custody records",
    )
    published_request = services.close_request(
        request_id=services.log_request(
            actor=users["caseworker"],
            kind="foi",
            received_on=date(2026, 5, 1),
            channel="email",
            requester_type="member_of_public",
            summary=f"{REQUESTER_NAME} asks about fleet costs",
            requester=services.RequesterDetails(name=REQUESTER_NAME, email=REQUESTER_EMAIL),
        ).pk,
        actor=users["caseworker"],
        closed_on=date(2026, 5, 20),
        outcome="granted_in_full",
    )
    response = casefile_services.upload_document(
        request_id=published_request.pk,
        actor=users["caseworker"],
        file=ContentFile(b"Fleet costs: 1,200,000\n", name="fleet.txt"),
        kind="response",
    )
    casefile_services.mark_released(document_id=response.pk, actor=users["caseworker"])
    published = disclosure_services.publish(
        request_id=published_request.pk,
        actor=users["caseworker"],
        title="Fleet costs",
        summary="The cost of the vehicle fleet last year.",
        documents=[response.pk],
    )
    # Online requests go to the caseworker's unit (settings.INTAKE_UNITS).
    settings.INTAKE_UNITS = {"foi": users["caseworker"].unit.name}
    submission = intake_services.submit(
        kind="foi",
        name=REQUESTER_NAME,
        email=REQUESTER_EMAIL,
        request_text="Matrix online request",
    )
    job = Job(kind=Job.Kind.REQUESTS_EXPORT, owner=users["dpo"], total=1, filename="r.csv")
    job.file.save("matrix.csv", ContentFile(b"reference\r\nFOI-2026-00001\r\n"), save=False)
    jobs.finish(job, file_name=job.file.name, filename="r.csv", result={"rows": 1})
    return {
        "users": users,
        "request": request,
        "breach": breach,
        "assessment": assessment,
        "kwargs": {
            "job": {"pk": job.pk},
            "intake-step": {"slug": "kind"},
            "intake-confirm": {"token": intake_tokens.confirm_token(submission.pk)},
            "intake-follow": {"token": intake_tokens.follow_token(request.pk)},
            "submission": {"pk": submission.pk},
            "submission-action": {"pk": submission.pk, "action": "reject"},
            "document": {"pk": document.pk},
            "disclosure-item": {"pk": published.pk},
            "disclosure-document": {
                "pk": published.pk,
                "document_pk": published.documents.get().pk,
            },
            "published-request": {"pk": published_request.pk},
            "data-request": {"pk": data_request.pk},
            "letter-template": {"key": "acknowledgement"},
            "request": {"pk": request.pk},
            "request-kind": {"kind": "foi"},
            "request-action": {"pk": request.pk, "action": "close"},
            "breach": {"pk": breach.pk},
            "breach-action": {"pk": breach.pk, "name": "assess"},
            "assessment": {"pk": assessment.pk},
            "assessment-action": {"pk": assessment.pk, "action": "submit"},
        },
    }


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    failures = []
    for name, (expected, kwargs_key) in sorted(MATRIX.items()):
        kwargs = world["kwargs"][kwargs_key] if kwargs_key else {}
        response = client.get(
            reverse(name, kwargs=kwargs), HTTP_ACCEPT="application/json, text/html"
        )
        if response.status_code != expected[role]:
            failures.append(f"{name}: {response.status_code}, expected {expected[role]}")
        # HEAD is answered wherever GET is, with the same status and no body.
        head = client.head(reverse(name, kwargs=kwargs), HTTP_ACCEPT="application/json, text/html")
        if head.status_code != response.status_code:
            failures.append(f"{name}: HEAD {head.status_code}, GET {response.status_code}")
        if body_of(head):
            failures.append(f"{name}: HEAD has a body")
        # Nothing may be stored by browsers or proxies, except the published figures.
        cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        public = PUBLICLY_CACHED if role == "anonymous" else PUBLICLY_CACHED_FOR_ALL
        if name in public and "public" not in cache_control:
            failures.append(f"{name}: not publicly cacheable ({cache_control})")
        if name not in public and not {"no-store", "private"} <= cache_control:
            failures.append(f"{name}: may be stored ({cache_control})")
        if getattr(response, "streaming", False):
            continue
        body = response.content.decode(errors="replace")
        if role not in PERSONAL_DATA_ROLES and (REQUESTER_NAME in body or REQUESTER_EMAIL in body):
            failures.append(f"{name}: shows personal data to {role}")
        # The CSP forbids inline scripts and style attributes: no page may write one.
        html = response.get("Content-Type", "").startswith("text/html")
        inline = re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) or ' style="' in body
        if html and name != "api-docs" and inline:
            failures.append(f"{name}: inline script or style attribute")
    assert not failures, "\n".join(failures)


#: What a signed-in user may reach before anything else: sign-out (a POST) and /healthz.
ALWAYS_OPEN = {"logout": 405, "healthz": 200}


def _walk(client, world, allowed: dict[str, int], target: str) -> list[str]:
    failures = []
    for name, (_, kwargs_key) in sorted(MATRIX.items()):
        kwargs = world["kwargs"][kwargs_key] if kwargs_key else {}
        path = reverse(name, kwargs=kwargs)
        response = client.get(path, HTTP_ACCEPT="application/json, text/html")
        code = response.status_code
        if name in allowed:
            if code != allowed[name]:
                failures.append(f"{name}: {code}, expected {allowed[name]}")
        elif path.startswith("/api/"):
            if code != 403:
                failures.append(f"{name}: {code}, expected 403")
        elif code != 302 or not response["Location"].startswith(target):
            failures.append(f"{name}: {code} {response.get('Location')}, expected {target}")
        body = response.content.decode(errors="replace") if not response.streaming else ""
        if REQUESTER_NAME in body or REQUESTER_EMAIL in body:
            failures.append(f"{name}: shows personal data")
    return failures


@pytest.mark.django_db
def test_a_user_without_a_role_reaches_only_the_ask_for_access_page(client, world, make_user):
    """A single sign-on user whose groups map to no role: every page sends them to the
    "ask for access" page, every API call is refused."""
    client.force_login(make_user("unmapped", role=None, unit=world["users"]["caseworker"].unit))
    allowed = {**ALWAYS_OPEN, "accounts:no-access": 200}
    failures = _walk(client, world, allowed, reverse("accounts:no-access"))
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.two_factor_unverified
@pytest.mark.parametrize("role", ["dpo", "admin"])
def test_a_password_sign_in_needing_two_factor_reaches_only_the_two_factor_pages(
    client, world, role
):
    """Before the second factor, a DPO or administrator reaches nothing but enrolment (or
    verification, once enrolled) and sign-out: not the pages, the API or the admin site."""
    client.force_login(world["users"][role])
    setup = reverse("accounts:two-factor-setup")
    allowed = {**ALWAYS_OPEN, "accounts:two-factor-setup": 200, "accounts:two-factor-verify": 302}
    failures = _walk(client, world, allowed, setup)
    response = client.get(reverse("admin:index"))
    if response.status_code != 302 or not response["Location"].startswith(setup):
        failures.append(f"admin:index: {response.status_code}, expected {setup}")
    assert not failures, "\n".join(failures)


WRITE_PAGES = [
    ("requests:action", "request-action"),
    ("requests:bulk_assign", None),
    ("breaches:act", "breach-action"),
    ("dpia:act", "assessment-action"),
    ("data_board:commentary", None),
    ("casefile:upload", "request"),
    ("casefile:confirm_release", "document"),
    ("casefile:release", "document"),
    ("casefile:data_request_new", "request"),
    ("casefile:chase", "data-request"),
    ("casefile:received", "data-request"),
    ("casefile:letter_new", "request"),
    ("casefile:template_edit", "letter-template"),
    ("intake:action", "submission-action"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs_key"), WRITE_PAGES)
def test_data_board_members_and_anonymous_users_cannot_write(client, world, name, kwargs_key):
    url = reverse(name, kwargs=world["kwargs"][kwargs_key] if kwargs_key else {})
    assert client.post(url, {}).status_code == 302  # to sign-in
    client.force_login(world["users"]["data_board"])
    assert client.post(url, {}).status_code == 403


# --- The Django admin ---------------------------------------------------------------------
#
# Only staff (administrators) may use it; everyone else is sent to the admin's sign-in page.
# Domain records are read-only here: their writes go through the services (pages and API),
# so their admins forbid adding, changing and deleting (403; the change page shows the
# record without a Save button). Users, units, groups, API tokens and extra non-working
# days are what administrators maintain here.


@dataclass(frozen=True)
class AdminEntry:
    #: Makes (or finds) a real object of the model, given the `world` fixture.
    make: Callable[[dict], object]
    #: What an administrator gets from the add and delete pages.
    add: int = 200
    delete: int = 200
    #: Whether the change page lets an administrator save changes.
    editable: bool = True


def _axes_row(model):
    fields = {"user_agent": "pytest", "ip_address": "192.0.2.1", "username": "matrix-caseworker"}
    fields |= {"http_accept": "text/html", "path_info": "/accounts/login/"}
    if model is AccessAttempt:
        fields |= {"get_data": "", "post_data": "username=matrix-caseworker"}
        fields |= {"failures_since_start": 1}
    return model.objects.create(**fields)


def _breach_snapshot(world):
    breach_snapshots.recompute_month(date(2026, 6, 1))
    return BreachMonthSnapshot.objects.first()


def _pipeline_snapshot(world):
    dpia_pipeline.recompute(date(2026, 6, 1))
    return PipelineSnapshot.objects.first()


READ_ONLY = {"add": 403, "delete": 403, "editable": False}
#: Every model registered with the admin, by label. A model registered without an entry
#: here fails test_every_admin_model_has_an_entry.
ADMIN_MODELS: dict[str, AdminEntry] = {
    "auth.group": AdminEntry(lambda w: Group.objects.get(name="caseworker")),
    # django-axes: sign-in records. No add page; the change pages show every field
    # read-only (their Save button changes nothing); deleting an attempt unlocks an account.
    "axes.accessattempt": AdminEntry(lambda w: _axes_row(AccessAttempt), add=403),
    "axes.accesslog": AdminEntry(lambda w: _axes_row(AccessLog), add=403),
    "axes.accessfailurelog": AdminEntry(lambda w: _axes_row(AccessFailureLog), add=403),
    "accounts.user": AdminEntry(lambda w: w["users"]["caseworker"]),
    "accounts.unit": AdminEntry(lambda w: w["users"]["caseworker"].unit),
    # Written by the reminder job (once per user and day); read-only here.
    "accounts.digestsent": AdminEntry(
        lambda w: DigestSent.objects.create(
            user=w["users"]["caseworker"], sent_on=date(2026, 6, 1)
        ),
        add=403,
        editable=False,
    ),
    # django-otp: an administrator resets someone's two-factor by deleting their devices;
    # no device is added or edited here, nor its secret shown (accounts/admin.py). API
    # tokens have no admin pages (their address would be the key): the user's page
    # revokes them.
    "otp_totp.totpdevice": AdminEntry(
        lambda w: TOTPDevice.objects.create(user=w["users"]["dpo"], name="app"),
        add=403,
        editable=False,
    ),
    "otp_static.staticdevice": AdminEntry(
        lambda w: StaticDevice.objects.create(user=w["users"]["dpo"], name="codes"),
        add=403,
        editable=False,
    ),
    "requests_tracker.informationrequest": AdminEntry(lambda w: w["request"], **READ_ONLY),
    "requests_tracker.extranonworkingday": AdminEntry(
        lambda w: ExtraNonWorkingDay.objects.create(date=date(2026, 8, 3), name="Test day")
    ),
    "breaches.breach": AdminEntry(lambda w: w["breach"], **READ_ONLY),
    "breaches.breachmonthsnapshot": AdminEntry(_breach_snapshot, **READ_ONLY),
    "dpia.assessment": AdminEntry(lambda w: w["assessment"], **READ_ONLY),
    "dpia.remindersent": AdminEntry(
        lambda w: ReminderSent.objects.create(
            assessment=w["assessment"], kind="review_date", threshold_on=date(2026, 7, 1)
        ),
        **READ_ONLY,
    ),
    "dpia.pipelinesnapshot": AdminEntry(_pipeline_snapshot, **READ_ONLY),
    # The case file: read-only, no file names, descriptions or bytes (casefile/admin.py).
    "casefile.document": AdminEntry(
        lambda w: Document.objects.get(pk=w["kwargs"]["document"]["pk"]), **READ_ONLY
    ),
    "casefile.datarequest": AdminEntry(
        lambda w: DataRequest.objects.get(pk=w["kwargs"]["data-request"]["pk"]), **READ_ONLY
    ),
    "casefile.datarequestchase": AdminEntry(
        lambda w: DataRequestChase.objects.get_or_create(
            data_request_id=w["kwargs"]["data-request"]["pk"],
            sent_on=date(2026, 6, 8),
            defaults={"kind": "chase", "recipients": ["custody@example.org"]},
        )[0],
        **READ_ONLY,
    ),
}


def test_every_admin_model_has_an_entry():
    registered = {model._meta.label_lower for model in admin.site._registry}
    missing = sorted(registered - set(ADMIN_MODELS))
    stale = sorted(set(ADMIN_MODELS) - registered)
    assert not missing, f"admin models without an entry in ADMIN_MODELS: {missing}"
    assert not stale, f"ADMIN_MODELS entries for models no longer registered: {stale}"


def admin_pages(world) -> list[tuple[str, str, int]]:
    """(label, path, what an administrator gets) for every admin page worth walking: the
    site's own pages, each app's index, and every page of every registered model (its
    change page and the like for a real object)."""
    pages = [
        ("admin login", reverse("admin:login"), 302),  # a signed-in administrator: to index
        ("admin index", reverse("admin:index"), 200),
        ("admin password change", reverse("admin:password_change"), 200),
        ("admin password changed", reverse("admin:password_change_done"), 200),
        ("admin javascript catalogue", reverse("admin:jsi18n"), 200),
        ("admin logout", reverse("admin:logout"), 405),  # sign-out is a POST
    ]
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        pages.append((f"admin {app_label}", reverse("admin:app_list", args=[app_label]), 200))
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        entry = ADMIN_MODELS.get(label)
        if entry is None:
            continue  # reported by test_every_admin_model_has_an_entry
        obj = entry.make(world)
        assert obj is not None, f"{label}: the entry made no object"
        expected = {"add": entry.add, "delete": entry.delete}
        for pattern in model_admin.urls:
            if not pattern.name:
                continue  # the bare <object_id>/ redirect to the change page
            page = pattern.name.removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
            kwargs = {key: quote(obj.pk) for key in pattern.pattern.converters}
            path = reverse(f"admin:{pattern.name}", kwargs=kwargs)
            pages.append((f"admin {label} {page}", path, expected.get(page, 200)))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_site(client, world, role):
    """Every admin page as every role: never a server error; administrators get the page
    (or 403 where the ModelAdmin forbids it), everyone else is sent to the admin sign-in."""
    client.raise_request_exception = False  # a 500 is a failure to report, not a crash
    if role != "anonymous":
        client.force_login(world["users"][role])
    login = reverse("admin:login")
    failures = []
    for label, path, admin_status in admin_pages(world):
        for method in ("get", "head"):
            response = getattr(client, method)(path)
            code = response.status_code
            if role == "admin" and method == "head" and path == login:
                # Django's admin sends a signed-in administrator on to the index only on GET.
                if code != 200:
                    failures.append(f"{method} {label}: {code}, expected 200")
            elif role == "admin":
                if code != admin_status:
                    failures.append(f"{method} {label}: {code}, expected {admin_status}")
            elif path == login:
                if code != 200:
                    failures.append(f"{method} {label}: {code}, expected the sign-in page")
            elif path == reverse("admin:logout"):
                if code != 302:
                    failures.append(f"{method} {label}: {code}, expected 302")
            elif code != 302 or not response["Location"].startswith(login):
                failures.append(f"{method} {label}: {code}, expected a redirect to {login}")
            if method == "head" and body_of(response):
                failures.append(f"head {label}: has a body")
            if code >= 500:
                failures.append(f"{method} {label}: server error {code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_admin_change_pages_are_editable_only_where_declared(client, world, label):
    """Domain records stay read-only in the admin (their writes go through services)."""
    client.force_login(world["users"]["admin"])
    obj = ADMIN_MODELS[label].make(world)
    app_label, model_name = label.split(".")
    response = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[quote(obj.pk)]))
    assert response.status_code == 200
    assert ('name="_save"' in response.content.decode()) is ADMIN_MODELS[label].editable


@pytest.mark.django_db
def test_an_administrator_adds_a_unit_a_non_working_day_and_a_user(client, world):
    client.force_login(world["users"]["admin"])

    response = client.post(
        reverse("admin:accounts_unit_add"),
        {"name": "Records Management", "kind": "team", "parent": "", "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert Unit.objects.filter(name="Records Management", kind="team", active=True).exists()

    response = client.post(
        reverse("admin:requests_tracker_extranonworkingday_add"),
        {"date": "2026-09-21", "name": "State funeral"},
        follow=True,
    )
    assert response.status_code == 200
    assert ExtraNonWorkingDay.objects.filter(date=date(2026, 9, 21), name="State funeral").exists()

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new-caseworker",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
        follow=True,
    )
    assert response.status_code == 200
    user = User.objects.get(username="new-caseworker")
    assert user.check_password("a-long-pass-phrase-42")
    # The add page leads to the user's change page, where groups and unit are set.
    assert response.redirect_chain[-1][0] == reverse("admin:accounts_user_change", args=[user.pk])
