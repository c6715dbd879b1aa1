"""Kernel additions for the requests app: a guard that depends on the actor (asked alike by
`available` and `perform`) and `CaseActionsMixin.action_response` (an action answering
with another record)."""

from datetime import datetime

import pytest
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from breaches.models import Breach, BreachEvent
from breaches.vocabularies import EventType, Status
from core.api_actions import CaseActionsMixin
from core.errors import TransitionError
from core.kernel import Action, Workflow

pytestmark = pytest.mark.django_db


def _summarise(change, *, summary="x"):
    change.record.summary = summary
    change.event("Summary changed.")


def _workflow():
    return Workflow(
        model=Breach,
        noun="breach",
        event_model=BreachEvent,
        event_field="breach",
        reference=lambda record: record.reference,
        actions=[
            Action(
                name="summarise",
                label="Change the summary",
                from_statuses=set(Status),
                event=EventType.DETAILS_UPDATED,
                # Only while the summary is short, and never by its own recorder once long.
                guard=lambda actor, record: (
                    None if len(record.summary) < 40 else f"{record.reference} is summarised."
                ),
                run=_summarise,
            ),
            Action(
                name="look",
                label="Look",
                from_statuses=set(Status),
                changes_record=False,
                run=lambda change: "looked",
            ),
        ],
    )


@pytest.fixture
def breach(caseworker):
    from breaches import services
    from breaches.clock import UK

    return services.record_breach(
        actor=caseworker,
        aware_at=datetime(2026, 3, 2, 9, 0, tzinfo=UK),
        source="internal",
        nature="misdirected_email",
        summary="Email sent to the wrong address",
    )


def test_the_guard_narrows_available_and_perform_alike(breach, caseworker):
    workflow = _workflow()
    assert [a.name for a in workflow.available(caseworker, breach)] == ["summarise", "look"]
    long = "A much longer summary of what happened to the email"
    workflow.perform("summarise", pk=breach.pk, actor=caseworker, summary=long)
    breach.refresh_from_db()
    assert [a.name for a in workflow.available(caseworker, breach)] == ["look"]
    assert workflow.refusal(breach, "summarise", caseworker) == f"{breach.reference} is summarised."
    # perform() asks the same guard: what a page does not offer, the API refuses (409).
    with pytest.raises(TransitionError, match="is summarised"):
        workflow.perform("summarise", pk=breach.pk, actor=caseworker, summary=long + "!")
    breach.refresh_from_db()
    assert breach.summary == long


class _Viewset(CaseActionsMixin):
    def __init__(self, workflow, pk, user):
        self.workflow = workflow
        self.kwargs = {"pk": pk}
        self.request = type("R", (), {"user": user})()

    def get_object(self):
        return None

    def detail_response(self, pk):
        return Response({"detail_of": pk})


class _ResultViewset(_Viewset):
    def action_response(self, name, pk, result):
        return Response({"result": result}, status=201)


def test_act_answers_with_the_detail_unless_the_viewset_says_otherwise(breach, caseworker):
    request = APIRequestFactory().post("/", {})
    request.user = caseworker
    request.data = {}
    workflow = _workflow()
    plain = _Viewset(workflow, breach.pk, caseworker).act(request, "look")
    assert (plain.status_code, plain.data) == (200, {"detail_of": breach.pk})
    other = _ResultViewset(workflow, breach.pk, caseworker).act(request, "look")
    assert (other.status_code, other.data) == (201, {"result": "looked"})


def test_act_answers_through_detail_response_in_a_real_viewset(breach, caseworker):
    """DRF's as_view() erases any `detail` method (cls.detail = None; self.detail = True on
    a detail route), so the mixin's hook is `detail_response(pk)`."""
    from rest_framework import viewsets
    from rest_framework.decorators import action

    workflow = _workflow()

    class Breaches(CaseActionsMixin, viewsets.GenericViewSet):
        queryset = Breach.objects.all()
        permission_classes = []
        authentication_classes = []

        def detail_response(self, pk):
            return Response({"detail_of": pk})

        @action(detail=True, methods=["post"])
        def look(self, request, pk=None):
            return self.act(request, "look")

    Breaches.workflow = workflow
    view = Breaches.as_view({"post": "look"}, detail=True)
    request = APIRequestFactory().post("/", {}, format="json")
    request.user = caseworker
    response = view(request, pk=breach.pk)
    assert (response.status_code, response.data) == (200, {"detail_of": breach.pk})
