"""API-wide pieces: the exception handler and the JSON 404 for unknown /api/ URLs."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, parsers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ConflictError, TransitionError


def exception_handler(exc, context):
    """DRF's handler, plus domain errors from services turned into 400/409 responses.

    Services raise Django's ValidationError (bad input: 400 with field errors),
    ConflictError (someone else changed the record: 409) or TransitionError (the action
    is not allowed in the record's current state: 409).
    """
    if isinstance(exc, ConflictError | TransitionError):
        return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            data = {"non_field_errors": list(exc.messages)}
        exc = exceptions.ValidationError(data)
    return drf_exception_handler(exc, context)


@csrf_exempt
def not_found(request, unmatched: str = ""):
    return JsonResponse({"detail": "Not found."}, status=404)


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    if hasattr(value, "lists"):  # QueryDict from form parsers
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.lists())
    return False


class _RefuseNul:
    """PostgreSQL cannot store or even compare text holding NUL characters; refuse them
    at the door with a 400 rather than let any lookup fail with a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        payload = data.data if hasattr(data, "data") and hasattr(data, "files") else data
        if _contains_nul(payload):
            raise exceptions.ParseError("Text cannot contain NUL (\\u0000) characters.")
        return data


#: API request bodies: at most this many bytes of JSON, nested at most this deep. Every
#: payload the API documents is a few kilobytes and three levels deep.
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 20


def _depth(value) -> int:
    """How deeply `value` nests (iteratively: a hostile body cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class JSONParser(_RefuseNul, parsers.JSONParser):
    """JSON with limits: too large or too deeply nested is a 400 that says so."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if length and length.isdigit() and int(length) > MAX_JSON_BYTES:
            raise exceptions.ParseError(
                f"The request body is larger than {MAX_JSON_BYTES // 1024} KB."
            )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                f"JSON nested more than {MAX_JSON_DEPTH} levels deep is not accepted."
            ) from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                f"JSON nested more than {MAX_JSON_DEPTH} levels deep is not accepted."
            )
        return data


class FormParser(_RefuseNul, parsers.FormParser):
    pass


class MultiPartParser(_RefuseNul, parsers.MultiPartParser):
    pass
