"""The request workflow as declared (requests_tracker/services/actions.py): what each action
starts from and moves to, who may take it, and that the page and the API offer the same."""

import re
from datetime import date

import pytest
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from accounts.models import Unit
from requests_tracker import forms, selectors, services, statutory
from requests_tracker.checks import internal_review_assignee_is_a_user
from requests_tracker.services import WORKFLOW
from requests_tracker.views import PAGE_TEXT, slug_of
from requests_tracker.vocabularies import Status

from .test_views import date_fields, log, offered

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


ALL = set(Status)

#: action: (from-statuses, target status). None: the status stays, or the work decides.
DECLARED = {
    "stop_clock": ({Status.OPEN}, Status.ON_HOLD),
    "restart_clock": ({Status.ON_HOLD}, Status.OPEN),
    "extend": ({Status.OPEN}, None),
    "assign": ({Status.OPEN, Status.ON_HOLD}, None),
    "close": ({Status.OPEN}, Status.CLOSED),
    "internal_review": ({Status.CLOSED}, None),
    "reopen": ({Status.CLOSED, Status.WITHDRAWN, Status.LAPSED}, None),
    "withdraw": ({Status.OPEN, Status.ON_HOLD}, Status.WITHDRAWN),
    "note": (ALL, None),
    "complaint": (ALL, None),
    "complaint_decision": (ALL, None),
    "legal_hold": (ALL, None),
    "lapse": ({Status.ON_HOLD}, Status.LAPSED),
}


def test_every_action_is_declared_with_its_statuses_and_target():
    assert list(WORKFLOW.actions) == list(DECLARED)
    for name, (statuses, target) in DECLARED.items():
        assert set(WORKFLOW[name].from_statuses) == statuses, name
        assert WORKFLOW[name].target == target, name
    # Every action the page offers has a form; the page's words cover exactly those.
    assert {n for n, a in WORKFLOW.actions.items() if a.form is not None} == set(PAGE_TEXT)


# --- available: for each role at each status, the page and the API agree ---------------


def _at(status: Status, caseworker):
    """A request (FOI, assigned to `caseworker`) in `status`, made through the services."""
    item = log(caseworker, assigned_to=caseworker)
    if status == Status.ON_HOLD or status == Status.LAPSED:
        services.stop_clock(
            request_id=item.pk,
            actor=caseworker,
            reason="clarification",
            started_on=date(2026, 3, 3),
        )
    if status == Status.LAPSED:
        services.lapse_stalled_requests(today=date(2026, 9, 1))
    if status == Status.CLOSED:
        services.close_request(
            request_id=item.pk,
            actor=caseworker,
            closed_on=date(2026, 3, 10),
            outcome="granted_in_full",
        )
    if status == Status.WITHDRAWN:
        services.withdraw(
            request_id=item.pk, actor=caseworker, withdrawn_on=date(2026, 3, 4), reason="Done"
        )
    item.refresh_from_db()
    assert item.status == status
    return item


#: What each role is offered on a request of its unit assigned to the caseworker.
CASEWORKER_OFFERED = {
    Status.OPEN: ["stop_clock", "extend", "close", "withdraw"],
    Status.ON_HOLD: ["restart_clock", "withdraw"],
    Status.CLOSED: ["internal_review", "reopen"],
    Status.WITHDRAWN: ["reopen"],
    Status.LAPSED: ["reopen"],
}
ON_EVERY_STATUS = ["note", "complaint", "legal_hold"]  # a decision needs a complaint first


def _expected(role: str, status: Status) -> list[str]:
    if role in ("data_board", "other_unit"):
        return []
    names = list(CASEWORKER_OFFERED[status])
    if role != "caseworker" and status in (Status.OPEN, Status.ON_HOLD):
        names.append("assign")  # a lead may hand it to someone else; casey already has it
    names += ON_EVERY_STATUS
    return [name for name in WORKFLOW.actions if name in names]


@pytest.mark.parametrize("status", list(CASEWORKER_OFFERED))
def test_available_for_each_role_at_each_status_is_the_same_on_the_page_and_in_the_api(
    status, caseworker, make_user, client, on_day
):
    on_day("2026-03-10")
    item = _at(status, caseworker)
    elsewhere = Unit.objects.create(name="Elsewhere")
    users = {
        "caseworker": caseworker,
        "team_lead": make_user("tess", role="team_lead"),
        "dpo": make_user("dana", role="dpo"),
        "admin": make_user("ada", role="admin"),
        "data_board": make_user("bo", role="data_board"),
        "other_unit": make_user("otto", role="caseworker", unit=elsewhere),
    }
    for role, user in users.items():
        names = [a.name for a in WORKFLOW.available(user, item)]
        assert names == _expected(role, status), role
        if not names:
            continue
        api = APIClient()
        api.force_authenticate(user)
        detail = api.get(f"/api/v1/requests/{item.pk}/")
        assert detail.json()["available_actions"] == names, role
        client.force_login(user)
        page = client.get(f"/requests/{item.pk}/").content.decode()
        assert offered(page) == {slug_of(n) for n in names if n in PAGE_TEXT}, role


def test_the_system_may_lapse_and_no_person_may(caseworker, make_user, on_day):
    on_day("2026-03-10")
    item = _at(Status.ON_HOLD, caseworker)
    assert "lapse" in [a.name for a in WORKFLOW.available(None, item)]
    with pytest.raises(PermissionDenied, match=r"Only the daily lapse job lapses a request\."):
        WORKFLOW.perform(
            "lapse", pk=item.pk, actor=make_user("dana", role="dpo"), today=date(2026, 9, 1)
        )


# --- permission is the service's, not only the view's -----------------------------------


def test_the_service_refuses_someone_outside_the_requests_unit(caseworker, make_user, on_day):
    on_day("2026-03-10")
    item = log(caseworker, assigned_to=caseworker)
    otto = make_user("otto", role="caseworker", unit=Unit.objects.create(name="Elsewhere"))
    board = make_user("bo", role="data_board")
    for outsider in (otto, board):
        with pytest.raises(PermissionDenied) as refused:
            services.stop_clock(
                request_id=item.pk, actor=outsider, reason="other", started_on=date(2026, 3, 3)
            )
        assert str(refused.value) == "Your role does not allow you to work on this request."
        with pytest.raises(PermissionDenied):
            services.add_note(request_id=item.pk, actor=outsider, text="Hello")
    with pytest.raises(PermissionDenied, match="Your role does not allow you to work on requests"):
        log(board)
    item.refresh_from_db()
    assert item.status == Status.OPEN
    assert item.events.count() == 1
    # The system (an import, a beat job) passes actor=None and may.
    services.add_note(request_id=item.pk, actor=None, text="The system may note")
    assert item.events.count() == 2


def test_a_caseworker_cannot_assign_someone_else_through_the_service(caseworker, make_user):
    item = log(caseworker)
    colleague = make_user("cam")
    with pytest.raises(PermissionDenied, match="Only a team lead can assign a request to someone"):
        services.assign(request_id=item.pk, actor=caseworker, assignee=colleague)
    assert (
        services.assign(request_id=item.pk, actor=caseworker, assignee=caseworker).assigned_to
        == caseworker
    )


# --- internal reviews: owned on opening, offered once, only lawful stops ----------------


def _closed_foi(caseworker):
    item = log(caseworker, assigned_to=caseworker)
    return services.close_request(
        request_id=item.pk, actor=caseworker, closed_on=date(2026, 3, 10), outcome="granted_in_full"
    )


def test_a_new_review_is_assigned_to_whoever_opens_it_and_is_in_their_my_work(
    caseworker, make_user, client, on_day
):
    on_day("2026-03-20")
    item = _closed_foi(caseworker)
    lead = make_user("tess", role="team_lead")
    review = services.open_internal_review(
        request_id=item.pk, actor=lead, received_on=date(2026, 3, 12)
    )
    assert review.assigned_to == lead
    assert review.assigned_on == date(2026, 3, 20)
    assert list(selectors.work_list(lead)) == [review]
    client.force_login(lead)
    assert review.reference in client.get("/requests/mine/").content.decode()
    logged = review.events.get()
    assert logged.description.endswith("Assigned to " + lead.display_name + ".")
    assert logged.after["assigned_to"] == "tess"


def test_a_configured_reviewer_gets_every_new_review(caseworker, make_user, settings, on_day):
    on_day("2026-03-20")
    reviewer = make_user("rex", role="team_lead")
    settings.INTERNAL_REVIEW_ASSIGNEE = "rex"
    review = services.open_internal_review(
        request_id=_closed_foi(caseworker).pk, actor=caseworker, received_on=date(2026, 3, 12)
    )
    assert review.assigned_to == reviewer
    assert internal_review_assignee_is_a_user() == []


@pytest.mark.parametrize(
    ("username", "words"),
    [
        ("nobody", "there is no user with that username"),
        ("gone", "that user is not active"),
        ("bo", "that user is not a caseworker, team lead, DPO or admin"),
    ],
)
def test_the_system_check_refuses_a_reviewer_who_cannot_review(
    username, words, make_user, settings
):
    make_user("gone", role="caseworker", is_active=False)
    make_user("bo", role="data_board")
    settings.INTERNAL_REVIEW_ASSIGNEE = username
    errors = internal_review_assignee_is_a_user()
    assert [(e.id, e.level) for e in errors] == [("requests_tracker.E001", checks.ERROR)]
    assert errors[0].msg == f"INTERNAL_REVIEW_ASSIGNEE is '{username}': {words}."
    assert any(
        e.id == "requests_tracker.E001" for e in checks.run_checks(include_deployment_checks=False)
    )


def test_open_an_internal_review_is_offered_only_while_none_stands(
    caseworker, signed_in, api, on_day
):
    on_day("2026-03-20")
    item = _closed_foi(caseworker)
    url = f"/api/v1/requests/{item.pk}/"
    assert "internal_review" in api.get(url).json()["available_actions"]
    assert "internal-review" in offered(signed_in.get(f"/requests/{item.pk}/").content.decode())
    review = services.open_internal_review(
        request_id=item.pk, actor=caseworker, received_on=date(2026, 3, 12)
    )
    assert "internal_review" not in api.get(url).json()["available_actions"]
    assert "internal-review" not in offered(signed_in.get(f"/requests/{item.pk}/").content.decode())
    # Once the review is withdrawn, another may be asked for.
    services.withdraw(
        request_id=review.pk, actor=caseworker, withdrawn_on=date(2026, 3, 13), reason="Dropped"
    )
    assert "internal_review" in api.get(url).json()["available_actions"]


def test_a_right_of_access_request_is_never_offered_a_review(caseworker, api, on_day):
    on_day("2026-03-20")
    item = log(caseworker, kind="roa", assigned_to=caseworker)
    services.close_request(
        request_id=item.pk,
        actor=caseworker,
        closed_on=date(2026, 3, 10),
        outcome="disclosed_in_full",
    )
    assert api.get(f"/api/v1/requests/{item.pk}/").json()["available_actions"][:1] == ["reopen"]


def test_a_reviews_stop_clock_offers_and_allows_only_the_lawful_reasons(
    caseworker, signed_in, on_day
):
    on_day("2026-03-20")
    review = services.open_internal_review(
        request_id=_closed_foi(caseworker).pk, actor=caseworker, received_on=date(2026, 3, 12)
    )
    form = forms.StopClockForm(kind=review.kind)
    assert [code for code, _ in form.fields["reason"].choices] == ["clarification", "other"]
    page = signed_in.get(f"/requests/{review.pk}/").content.decode()
    # The stop-clock radios (the case file's document kinds include "identity" too).
    reasons = set(re.findall(r'name="stop-clock-reason"[^>]*value="(\w+)"', page))
    reasons |= set(re.findall(r'value="(\w+)"[^>]*name="stop-clock-reason"', page))
    assert reasons == {"clarification", "other"}
    refused = signed_in.post(
        f"/requests/{review.pk}/stop-clock/",
        {"stop-clock-version": review.version, "stop-clock-reason": "fee"}
        | date_fields("stop-clock-started_on", date(2026, 3, 13)),
    )
    assert refused.status_code == 400
    with pytest.raises(ValidationError) as error:
        services.stop_clock(
            request_id=review.pk, actor=caseworker, reason="fee", started_on=date(2026, 3, 13)
        )
    assert error.value.message_dict == {
        "reason": [
            "No fee can be charged for an internal review, so the clock cannot be stopped for one."
        ]
    }
    review.refresh_from_db()
    assert review.status == Status.OPEN


@pytest.mark.parametrize("kind", list(statutory.Kind))
def test_the_stop_reasons_offered_are_exactly_those_check_new_stop_allows(kind):
    for reason in statutory.StopReason:
        try:
            statutory.check_new_stop(
                kind=kind,
                reason=reason,
                started_on=date(2026, 3, 3),
                received_on=date(2026, 3, 2),
                stops=[],
                today=date(2026, 3, 4),
            )
            allowed = True
        except statutory.StatutoryError:
            allowed = False
        assert allowed == (reason in statutory.stop_reasons(kind)), (kind, reason)


def test_a_regulators_decision_is_offered_only_while_a_complaint_awaits_one(
    caseworker, api, on_day
):
    on_day("2026-03-20")
    item = _closed_foi(caseworker)
    url = f"/api/v1/requests/{item.pk}/"
    assert "complaint_decision" not in api.get(url).json()["available_actions"]
    complaint = services.record_complaint(
        request_id=item.pk,
        actor=caseworker,
        received_on=date(2026, 3, 18),
        regulator_reference="IC-1234",
    )
    assert "complaint_decision" in api.get(url).json()["available_actions"]
    services.record_complaint_decision(
        complaint_id=complaint.pk,
        actor=caseworker,
        outcome="not_upheld",
        decided_on=date(2026, 3, 19),
    )
    assert "complaint_decision" not in api.get(url).json()["available_actions"]
