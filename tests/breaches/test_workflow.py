"""The breach workflow as declared (breaches/services/actions.py): every action's
statuses and target, who may do what at each status, and the same answer from the
service, the page and the API."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from breaches import services
from breaches.services import WORKFLOW
from breaches.vocabularies import Status
from core.errors import TransitionError

from .conftest import UK

pytestmark = pytest.mark.django_db

OPEN = {"open", "assessed", "reported", "not_reportable"}

EXPECTED = {
    # action: (statuses it may start from, status it leads to, or None: unchanged or
    # decided by the domain work — a decision not to report makes it "not_reportable")
    "update": (OPEN, None),
    "assess": ({"open", "assessed"}, "assessed"),
    "decide": ({"assessed"}, None),
    "report": ({"assessed"}, "reported"),
    "notify_subjects": (OPEN, None),
    "add_action": (OPEN, None),
    "complete_action": (OPEN, None),
    "close": ({"reported", "not_reportable"}, "closed"),
}


def test_the_declaration_matches_the_documented_state_machine():
    assert set(WORKFLOW.actions) == set(EXPECTED)
    for name, (statuses, target) in EXPECTED.items():
        assert set(WORKFLOW[name].from_statuses) == statuses, name
        assert WORKFLOW[name].target == target, name


MANAGE = ["notify_subjects", "add_action", "complete_action"]

#: stage → role → the actions available, in declared order.
AVAILABLE = {
    "open": {
        "caseworker": ["update"],
        "team_lead": ["update", "assess", *MANAGE],
        "admin": ["update", "assess", *MANAGE],
        "dpo": ["update", "assess", *MANAGE],
        "data_board": [],
    },
    "assessed": {
        "caseworker": ["update"],
        "team_lead": ["update", "assess", *MANAGE],
        "admin": ["update", "assess", *MANAGE],
        "dpo": ["update", "assess", "decide", *MANAGE],
        "data_board": [],
    },
    "to_report": {
        "caseworker": ["update"],
        "team_lead": ["update", "assess", *MANAGE],
        "admin": ["update", "assess", *MANAGE],
        "dpo": ["update", "assess", "report", *MANAGE],
        "data_board": [],
    },
    "reported": {
        "caseworker": ["update"],
        "team_lead": ["update", *MANAGE],
        "admin": ["update", *MANAGE],
        "dpo": ["update", *MANAGE, "close"],
        "data_board": [],
    },
    "not_reportable": {
        "caseworker": ["update"],
        "team_lead": ["update", *MANAGE],
        "admin": ["update", *MANAGE],
        "dpo": ["update", *MANAGE, "close"],
        "data_board": [],
    },
    "closed": {role: [] for role in ("caseworker", "team_lead", "admin", "dpo", "data_board")},
}


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def users(make_user):
    return {
        role: make_user(role, role=role, is_staff=role == "admin")
        for role in ("caseworker", "team_lead", "admin", "dpo", "data_board")
    }


@pytest.fixture
def stage(users, at):
    """A breach at each stage of its life, built through the services."""
    at(2026, 3, 28, 9, 0)
    dpo = users["dpo"]

    def build(name):
        breach = services.record_breach(
            actor=users["caseworker"],
            aware_at=datetime(2026, 3, 27, 14, 30, tzinfo=UK),
            source="internal",
            nature="misdirected_email",
            summary="Email sent to the wrong address",
        )
        pk = breach.pk
        if name == "open":
            return breach
        services.assess_risk(
            breach_id=pk, actor=dpo, likelihood="remote", severity="minimal", rationale="Why"
        )
        if name in ("to_report", "reported"):
            services.decide(breach_id=pk, actor=dpo, reportable=True, reasons="Must")
        if name == "reported":
            services.report_to_regulator(
                breach_id=pk, actor=dpo, reported_at=datetime(2026, 3, 28, 8, 0, tzinfo=UK)
            )
        if name in ("not_reportable", "closed"):
            services.decide(breach_id=pk, actor=dpo, reportable=False, reasons="Contained")
        if name == "closed":
            services.close_breach(breach_id=pk, actor=dpo, lessons_learned="Check addresses")
        breach.refresh_from_db()
        return breach

    return build


@pytest.mark.parametrize("name", sorted(AVAILABLE))
def test_who_may_do_what_at_each_stage(stage, users, name):
    breach = stage(name)
    expected_status = {"to_report": Status.ASSESSED}.get(name, name)
    assert breach.status == expected_status
    for role, user in users.items():
        got = [action.name for action in WORKFLOW.available(user, breach)]
        assert got == AVAILABLE[name][role], (name, role)
    assert WORKFLOW.available(None, breach) == []


@pytest.mark.parametrize("name", sorted(AVAILABLE))
def test_the_page_and_the_api_list_the_same_actions(stage, users, signed_in, client_for, name):
    breach = stage(name)
    for role in ("caseworker", "team_lead", "admin", "dpo"):
        user = users[role]
        page = signed_in(user).get(reverse("breaches:detail", args=[breach.pk]))
        assert page.status_code == 200
        api = client_for(user).get(f"/api/v1/breaches/{breach.pk}/")
        assert api.status_code == 200
        assert page.context["available"] == AVAILABLE[name][role], (name, role)
        assert api.json()["available_actions"] == AVAILABLE[name][role], (name, role)


def test_after_an_action_the_api_answers_what_may_be_done_next(stage, users, client_for):
    breach = stage("assessed")
    response = client_for(users["dpo"]).post(
        f"/api/v1/breaches/{breach.pk}/decide/",
        {"reportable": False, "reasons": "Contained", "version": breach.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["available_actions"] == AVAILABLE["not_reportable"]["dpo"]


def test_the_service_itself_refuses_a_role_that_may_not(stage, users):
    breach = stage("assessed")
    events = breach.events.count()
    with pytest.raises(PermissionDenied, match="Only the Data Protection Officer or a deputy"):
        services.decide(breach_id=breach.pk, actor=users["admin"], reportable=True, reasons="Must")
    with pytest.raises(PermissionDenied, match="Only a team lead, the DPO or an administrator"):
        services.assess_risk(
            breach_id=breach.pk,
            actor=users["caseworker"],
            likelihood="remote",
            severity="minimal",
            rationale="Why",
        )
    with pytest.raises(PermissionDenied, match="Your role does not allow you to edit breaches"):
        services.update_details(breach_id=breach.pk, actor=users["data_board"], summary="New")
    with pytest.raises(PermissionDenied):
        services.add_action(
            breach_id=breach.pk,
            actor=None,
            kind="containment",
            description="Recall the email",
            due_on=datetime(2026, 3, 29, tzinfo=UK).date(),
            owner_name="Team lead",
        )
    breach.refresh_from_db()
    assert breach.status == Status.ASSESSED
    assert breach.events.count() == events


def test_a_decision_is_recorded_once_and_the_guard_says_so(stage, users):
    breach = stage("to_report")
    with pytest.raises(TransitionError, match="has already been recorded"):
        services.decide(breach_id=breach.pk, actor=users["dpo"], reportable=False, reasons="No")
    assert WORKFLOW.refusal(breach, "decide") == (
        f"The regulator decision for {breach.reference} has already been recorded."
    )


def test_an_unknown_page_action_is_not_found(stage, users, signed_in):
    breach = stage("open")
    client = signed_in(users["dpo"])
    assert client.post(reverse("breaches:act", args=[breach.pk, "explode"])).status_code == 404
    # The details are changed on their own page, not through the detail page's handler.
    assert client.post(reverse("breaches:act", args=[breach.pk, "update"])).status_code == 404
