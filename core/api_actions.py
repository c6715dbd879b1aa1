"""The API side of the casework kernel: one way for a viewset to run a declared action."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from core.kernel import Workflow


class CaseActionsMixin:
    """For a case viewset: `workflow` names the app's declared actions, `detail_response(pk)`
    is the response after an action. An action endpoint is one line:

        @action(detail=True, methods=["post"], url_path="stop-clock")
        def stop_clock(self, request, pk=None):
            return self.act(request, "stop_clock")
    """

    workflow: Workflow[Any]

    def detail_response(self, pk: int) -> Response:  # pragma: no cover - each viewset defines it
        # Not `detail`: DRF's as_view() sets `cls.detail = None` and each instance's
        # `detail` to True/False, so a method of that name is erased.
        raise NotImplementedError

    def act(self, request: Request, name: str, **extra: Any) -> Response:
        self.get_object()  # type: ignore[attr-defined]  # 404 unless the user sees it
        serializer_class = self.workflow[name].serializer
        data: dict[str, Any] = {}
        if serializer_class is not None:
            payload = serializer_class(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
        pk = int(self.kwargs["pk"])  # type: ignore[attr-defined]
        result = self.workflow.perform(name, pk=pk, actor=request.user, **data, **extra)
        return self.action_response(name, pk, result)

    def action_response(self, name: str, pk: int, result: Any) -> Response:
        """The answer after action `name` on record `pk`: its detail. Override for an
        action whose result is another record (opening an internal review)."""
        return self.detail_response(pk)

    def available_actions(self, record: Any) -> list[str]:
        """What the caller may do to `record` now: the same answer the page gives."""
        return [action.name for action in self.workflow.available(self.request.user, record)]  # type: ignore[attr-defined]
