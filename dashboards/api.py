"""Open data API: GET /api/v1/performance/monthly/ — anonymous, snapshots only, no
personal data, cached and marked with cache headers."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Unit
from core.dates import parse_month
from core.throttling import ClientRateThrottle
from requests_tracker.selectors import uk_today
from requests_tracker.vocabularies import RequestKind

from .caching import public_headers, remember, remember_here, remembered, remembered_here
from .selectors import latest_complete_month, row_data, snapshots
from .services import snapshot_version


class MonthlyQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices, required=False)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        errors = {}
        for name in ("from", "to"):
            text = data.get(name)
            if text:
                try:
                    values[name] = parse_month(text)
                except ValueError as error:
                    errors[name] = [str(error)]
        first, last = values.get("from"), values.get("to")
        if first and last and last < first:
            errors["to"] = ["'to' cannot be before 'from'."]
        if "unit" in values and not Unit.objects.filter(pk=values["unit"]).exists():
            errors["unit"] = [f"There is no unit with id {values['unit']}."]
        if errors:
            raise serializers.ValidationError(errors)
        return values


class MonthlyRowSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM (calendar month, Europe/London).")
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    unit = serializers.IntegerField(allow_null=True, help_text="Unit id; null for all units.")
    received = serializers.IntegerField()
    closed = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    pct_closed_on_time = serializers.FloatField(allow_null=True)
    due = serializers.IntegerField()
    due_met = serializers.IntegerField()
    pct_due_met = serializers.FloatField(allow_null=True, help_text="The headline figure.")
    open_at_month_end = serializers.IntegerField()
    overdue_at_month_end = serializers.IntegerField()
    median_days_to_close = serializers.FloatField(allow_null=True)
    revised = serializers.BooleanField(
        help_text="True when the month's figures changed after the month was published."
    )
    provisional = serializers.BooleanField(
        help_text="True for the month still in progress: its figures will change until it "
        "has ended, and no public page shows it."
    )


class MonthlyPerformanceView(APIView):
    """Monthly timeliness figures (docs/metrics.md), one row per month and kind, for all
    units or one unit. Percentages 0–100 to one decimal; null when there is no data."""

    permission_classes = [permissions.AllowAny]
    # Open data, anonymous: limited per client address (PUBLIC_API_RATE, TRUSTED_PROXY_COUNT).
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "public"
    authentication_classes: list = []

    #: Accept headers for which DRF's negotiation picks JSON (the first renderer).
    _JSON_ACCEPTS = frozenset(["", "*/*", "application/json"])

    def dispatch(self, request, *args, **kwargs):
        """A query this process has answered for the current snapshots is answered again
        from its stored bytes (issue 19: open data at the floor of a trivial view), still
        within the rate limit; anything else (new queries, errors, other formats, 304s
        for other versions) goes through DRF as before."""
        answer = self._answer_again(request)
        return answer if answer is not None else super().dispatch(request, *args, **kwargs)

    def _answer_again(self, request) -> HttpResponse | None:
        if request.method != "GET" or request.headers.get("Accept", "") not in self._JSON_ACCEPTS:
            return None
        stored = remembered_here(self._answered_key(request))
        if stored is None:
            return None
        etag, body = stored
        if not ClientRateThrottle().allow_request(request, self):
            return None  # DRF refuses it (429) with its own headers
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(body, content_type="application/json")
        response["Allow"] = ", ".join(self.allowed_methods)
        public_headers(response, etag)
        patch_vary_headers(response, ["Accept"])  # as DRF's finalize_response does
        return response

    @staticmethod
    def _answered_key(request) -> str:
        version = f"{snapshot_version()}-{latest_complete_month(uk_today()):%Y-%m}"
        query = hashlib.sha256(repr(sorted(request.GET.lists())).encode()).hexdigest()
        return f"dashboards:api-answered:{version}:{query}"

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=RequestKind.values, required=False),
            OpenApiParameter("from", str, description="First month, YYYY-MM.", required=False),
            OpenApiParameter("to", str, description="Last month, YYYY-MM.", required=False),
            OpenApiParameter("unit", int, description="A unit's id (default: all units)."),
        ],
        responses=MonthlyRowSerializer(many=True),
        auth=[],
    )
    def get(self, request):
        query = MonthlyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        today = uk_today()
        # The last ended month is part of the version: on the 1st the month that has just
        # ended stops being provisional.
        version = f"{snapshot_version()}-{latest_complete_month(today):%Y-%m}"
        fingerprint = hashlib.sha256(
            repr(sorted((k, str(v)) for k, v in params.items())).encode()
        ).hexdigest()
        etag = f'"{hashlib.sha256(f"{version}|{fingerprint}".encode()).hexdigest()[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = Response(status=304)
            return public_headers(response, etag)
        key = f"dashboards:api:{version}:{fingerprint}"
        body = remembered(key)
        if body is None:
            rows = snapshots(
                kind=params.get("kind"),
                unit_id=params.get("unit"),
                first=params.get("from"),
                last=params.get("to"),
            )
            body = JSONRenderer().render([row_data(row, today) for row in rows])
            remember(key, body)
        if isinstance(request.accepted_renderer, JSONRenderer):
            # The bytes DRF would render, rendered once per snapshot version; the same
            # query is then answered before DRF (dispatch), by this process.
            remember_here(self._answered_key(request), (etag, body))
            response = HttpResponse(body, content_type=request.accepted_renderer.media_type)
            return public_headers(response, etag)
        return public_headers(Response(json.loads(body)), etag)  # e.g. the browsable API
