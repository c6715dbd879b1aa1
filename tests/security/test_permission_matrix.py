"""The permission matrix of docs/permissions.md, walked for every named URL and every
role. A URL added without an entry here fails `test_every_url_has_a_matrix_entry`."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from breaches import services as breach_services
from core import jobs
from core.models import Job
from dpia import services as dpia_services
from requests_tracker import services

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


def api_actions(prefix: str, key: str, actions: tuple[str, ...]) -> dict:
    return {f"{prefix}-{action}": (CASE_STAFF_API_ACTION, key) for action in actions}


#: URL name -> (expected status per role for GET, path kwargs key or None).
MATRIX: dict[str, tuple[dict[str, int], str | None]] = {
    # Public
    "landing": (PUBLIC, None),
    "healthz": (PUBLIC, None),
    "login": (PUBLIC, None),
    "logout": (answers(405, 405, 405, 405, 405, 405), None),  # sign-out is a POST
    "api-schema": (PUBLIC, None),
    "api-docs": (PUBLIC, None),
    "performance:index": (PUBLIC, None),
    "performance:methodology": (PUBLIC, None),
    "performance:data-csv": (PUBLIC, None),
    "performance-monthly": (PUBLIC, None),
    # Any signed-in user
    "home": (SIGNED_IN, None),
    "accounts:preferences": (SIGNED_IN, None),
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
    # The DPO's tools
    "access-log": (DPO_PAGE, None),
    "access-log-export": (DPO_PAGE, None),
    "unusual-access": (DPO_PAGE, None),
    "requests-import": (DPO_PAGE, None),
    # Background jobs: progress pages and export files
    "job": (JOB_OWNER_ONLY, "job"),
    "job-download": (JOB_OWNER_ONLY, "job"),
    # The Data Board: aggregates only
    "data_board:index": (BOARD_PAGE, None),
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
#: Named URLs deliberately outside the matrix, with the reason.
EXCLUDED_PREFIXES = ("admin:",)  # Django admin: staff only, checked in test_admin_is_for_staff


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
def world(make_user, on_day):
    on_day("2026-06-01")
    users = {role: make_user(f"matrix-{role}", role=role) for role in ROLES if role != "anonymous"}
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
    job = Job(kind=Job.Kind.REQUESTS_EXPORT, owner=users["dpo"], total=1, filename="r.csv")
    job.file.save("matrix.csv", ContentFile(b"reference\r\nFOI-2026-00001\r\n"), save=False)
    jobs.finish(job, file_name=job.file.name, filename="r.csv", result={"rows": 1})
    return {
        "users": users,
        "kwargs": {
            "job": {"pk": job.pk},
            "request": {"pk": request.pk},
            "request-kind": {"kind": "foi"},
            "request-action": {"pk": request.pk, "action": "close"},
            "breach": {"pk": breach.pk},
            "breach-action": {"pk": breach.pk, "name": "assess"},
            "assessment": {"pk": assessment.pk},
            "assessment-action": {"pk": assessment.pk, "action": "submit"},
        },
    }


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


@pytest.mark.django_db
def test_admin_is_for_staff(client, make_user):
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(make_user("matrix-dpo", role="dpo"))
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(make_user("matrix-admin", role="admin", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


WRITE_PAGES = [
    ("requests:action", "request-action"),
    ("requests:bulk_assign", None),
    ("breaches:act", "breach-action"),
    ("dpia:act", "assessment-action"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs_key"), WRITE_PAGES)
def test_data_board_members_and_anonymous_users_cannot_write(client, world, name, kwargs_key):
    url = reverse(name, kwargs=world["kwargs"][kwargs_key] if kwargs_key else {})
    assert client.post(url, {}).status_code == 302  # to sign-in
    client.force_login(world["users"]["data_board"])
    assert client.post(url, {}).status_code == 403
