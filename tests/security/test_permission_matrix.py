"""The permission matrix of docs/permissions.md, walked for every named URL and every
role. A URL added without an entry here fails `test_every_url_has_a_matrix_entry`."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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

#: URL name -> (expected status per role for GET, path kwargs key or None).
MATRIX: dict[str, tuple[dict[str, int], str | None]] = {
    "landing": (PUBLIC, None),
    "healthz": (PUBLIC, None),
    "login": (PUBLIC, None),
    "logout": (answers(405, 405, 405, 405, 405, 405), None),  # sign-out is a POST
    "home": (SIGNED_IN, None),
    "api-schema": (PUBLIC, None),
    "api-docs": (PUBLIC, None),
    "api-root": (SIGNED_IN_API, None),
    "access-log": (DPO_PAGE, None),
    "access-log-export": (DPO_PAGE, None),
    "unusual-access": (DPO_PAGE, None),
    "requests-import": (DPO_PAGE, None),
    "request-list": (CASE_STAFF_API, None),
    "request-detail": (CASE_STAFF_API, "request"),
    **{
        f"request-{action}": (CASE_STAFF_API_ACTION, "request")
        for action in (
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
        )
    },
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
    return {"users": users, "kwargs": {"request": {"pk": request.pk}}}


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
        if role not in PERSONAL_DATA_ROLES and not getattr(response, "streaming", False):
            body = response.content.decode(errors="replace")
            if REQUESTER_NAME in body or REQUESTER_EMAIL in body:
                failures.append(f"{name}: shows personal data to {role}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_admin_is_for_staff(client, make_user):
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(make_user("matrix-dpo", role="dpo"))
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(make_user("matrix-admin", role="admin", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
