"""What a signed-in user may reach before they may reach anything else."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor


class AccessMiddleware:
    """Two gates, after authentication and django-otp's middleware:

    * a session whose role needs two-factor and is not yet verified reaches only the
      enrolment and verification pages (and sign-out);
    * a user with no role (a single sign-on user whose groups map to none) reaches only
      the "ask for access" page (and sign-out).

    The admin site is behind both. API calls get 403 instead of a redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._always_open(request.path):
            if two_factor.required_for(request) and not user.is_verified():
                if request.path in self._two_factor_paths():
                    return self.get_response(request)
                return self._refuse(request, "two-factor", self._two_factor_target(user))
            if not user.roles and not user.is_superuser:
                if request.path == reverse("accounts:no-access"):
                    return self.get_response(request)
                return self._refuse(request, "no-role", reverse("accounts:no-access"))
        return self.get_response(request)

    @staticmethod
    def _always_open(path: str) -> bool:
        return (
            path.startswith(settings.STATIC_URL)
            or path == reverse("logout")
            or path == reverse("healthz")
        )

    @staticmethod
    def _two_factor_paths() -> set[str]:
        return {reverse("accounts:two-factor-setup"), reverse("accounts:two-factor-verify")}

    @staticmethod
    def _two_factor_target(user) -> str:
        if two_factor.has_device(user):
            return reverse("accounts:two-factor-verify")
        return reverse("accounts:two-factor-setup")

    @staticmethod
    def _refuse(request, reason: str, target: str):
        if request.path.startswith("/api/"):
            detail = (
                "Verify your sign-in with two-factor first."
                if reason == "two-factor"
                else "Your account has no role yet."
            )
            return JsonResponse({"detail": detail}, status=403)
        if request.method in ("GET", "HEAD"):
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)
