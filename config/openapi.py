"""OpenAPI post-processing: document the error answers every operation can give, so
clients (and schemathesis) know them: 400 field errors, 401/403, 404, 409 conflicts on
writes, 429 rate limits."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Either {'detail': '...', 'code': '...'} or field names mapped to lists of messages.",
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "The input is not valid: field names mapped to messages a caseworker can act on.",
    "401": "No valid credentials (send 'Authorization: Token <key>').",
    "403": "Your role does not allow this.",
    "404": "No such record (or not visible to you), or no such page of results.",
    "405": "This method is not allowed here.",
    "406": "The requested response format is not available.",
    "409": "Someone else changed the record (stale version), or the action is not allowed in its current state.",
    "415": "The request body must be JSON (or form data).",
    "429": "Too many requests; slow down.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["400", "401", "403", "404", "405", "406", "429"]
            if method in {"post", "put", "patch", "delete"}:
                codes += ["409", "415"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
