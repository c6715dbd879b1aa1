"""Cache-Control for every response: nothing is stored unless a view says it is public."""

from django.utils.cache import patch_cache_control


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.strip().split("=", 1)[0].lower() for part in header.split(",") if part.strip()}


class PrivateUnlessPublicMiddleware:
    """Mark every response `Cache-Control: private, no-store` unless its view declared it
    public (the published figures and open data for anonymous users do, in
    `dashboards.caching`). Pages, CSVs and API answers show requesters' personal data and
    a signed-in user's own name, so no browser cache or proxy may keep them.

    The rule does not ask who is signed in: API clients signed in by token are only known
    inside the view (DRF), after middleware has run, and an anonymous page left unmarked
    by mistake costs only a cache miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" not in _directives(response):
            patch_cache_control(response, private=True, no_store=True)
        return response
