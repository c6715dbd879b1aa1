"""The REST API (Django REST framework) and its OpenAPI schema (drf-spectacular)."""

from .environment import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an API client without valid credentials gets 401 with
        # "WWW-Authenticate: Token", not a bare 403.
        "core.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.JSONParser",
        "config.api.FormParser",
        "config.api.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        # The anonymous public API (open data): per client address.
        "public": env.str("PUBLIC_API_RATE", default="120/minute"),
        # Requests made online through the intake API (intake/api.py): per client address.
        "intake": env.str("INTAKE_API_RATE", default="10/hour"),
    },
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rights Desk API",
    "DESCRIPTION": "Right of access, FOI and EIR requests, breaches, DPIAs and timeliness.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from this site (no CDN) so it works offline and under the CSP.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequestKindEnum": "requests_tracker.vocabularies.RequestKind",
        "DocumentKindEnum": "casefile.models.DocumentKind",
        "DataRequestStatusEnum": "casefile.models.DataRequestStatus",
        "EmailStatusEnum": "casefile.models.EmailStatus",
        "LoggableKindEnum": "requests_tracker.api.serializers.LOGGABLE_KINDS",
        "RequestOutcomeEnum": "requests_tracker.vocabularies.Outcome",
        "ComplaintOutcomeEnum": "requests_tracker.vocabularies.ComplaintOutcome",
        "RequestStatusEnum": "requests_tracker.vocabularies.Status",
        "BreachStatusEnum": "breaches.vocabularies.Status",
        "BreachSourceEnum": "breaches.vocabularies.Source",
        "BreachNatureEnum": "breaches.vocabularies.Nature",
        "BreachRiskEnum": "breaches.vocabularies.Risk",
        "BreachActionKindEnum": "breaches.vocabularies.ActionKind",
        "BreachEventTypeEnum": "breaches.vocabularies.EventType",
        "SecurityPropertyEnum": "breaches.vocabularies.SecurityProperty",
        "AssessmentKindEnum": "dpia.vocabularies.Kind",
        "AssessmentStatusEnum": "dpia.vocabularies.Status",
        "AssessmentLevelEnum": "dpia.vocabularies.Level",
        "AssessmentDecisionEnum": "dpia.vocabularies.Decision",
        "AssessmentFinalDecisionEnum": "dpia.vocabularies.FINAL_DECISION_CHOICES",
    },
}
