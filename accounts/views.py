from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from . import oidc, selectors, services, two_factor
from .forms import AccessReviewForm, CodeForm, PreferencesForm, SetUpCodeForm
from .models import Role


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            wants = form.cleaned_data["wants_digest"] == "yes"
            services.set_digest_preference(user=request.user, wants_digest=wants)
            messages.success(
                request,
                "You will get the reminder email each working morning."
                if wants
                else "You will not get the reminder email.",
            )
            return redirect("accounts:preferences")
    else:
        form = PreferencesForm(
            initial={"wants_digest": "yes" if request.user.wants_digest else "no"}
        )
    return render(
        request,
        "accounts/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- Signing in and out ------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """The sign-in page: single sign-on when configured, the password form while
    LOCAL_PASSWORD_SIGN_IN is on."""

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORD_SIGN_IN:
            return redirect("login")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sso_enabled=oidc.enabled(),
            sso_provider_name=settings.OIDC_PROVIDER_NAME,
            password_sign_in=settings.LOCAL_PASSWORD_SIGN_IN,
            demo_two_factor_relaxed=two_factor.relaxed_for_demo_users(),
        )
        return context


@require_POST
def sign_out(request):
    """End the session here and, for a single sign-on session, at the provider too where
    it advertises an end-session endpoint."""
    id_token = request.session.get("oidc_id_token")
    provider_url = oidc.provider_logout_url(request, id_token) if id_token else None
    auth.logout(request)
    return redirect(provider_url or settings.LOGOUT_REDIRECT_URL)


@login_required
def no_access(request):
    """Where a signed-in user without a role lands (the middleware sends them here)."""
    if request.user.roles or request.user.is_superuser:
        return redirect("home")
    return render(request, "accounts/no_access.html", {"contact": settings.ACCESS_REQUEST_CONTACT})


# --- Two-factor --------------------------------------------------------------------------


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _wrong_code_message(user, advice: str) -> str:
    if two_factor.throttled(user):
        return "The code is not right. Wait a few seconds before you try again."
    return f"The code is not right. {advice}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), enter a code; then
    the recovery codes are shown once."""
    user = request.user
    if two_factor.has_device(user) and not user.is_verified():
        # Replacing an app needs the old one (or a recovery code) first.
        return redirect("accounts:two-factor-verify")
    device = two_factor.pending_app_device(user)
    form = SetUpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_app_device(device, form.cleaned_data["code"]):
            otp_login(request, device)
            codes = two_factor.new_recovery_codes(user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
        form.add_error("code", _wrong_code_message(user, "Enter the code the app shows now."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_display(device),
            "has_app": two_factor.app_device(user) is not None,
            "codes_left": two_factor.recovery_codes_left(user),
            "required": two_factor.role_requires(user),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request):
    """The second step of a password sign-in: a code from the app or a recovery code."""
    user = request.user
    if not two_factor.has_device(user):
        return redirect("accounts:two-factor-setup")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.match(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _wrong_code_message(user, "Enter the code your app shows now, or a recovery code."),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def two_factor_recovery_codes(request):
    """New recovery codes (the old ones stop working), for a verified session only."""
    if not request.user.is_verified():
        raise PermissionDenied
    codes = two_factor.new_recovery_codes(request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": settings.LOGIN_REDIRECT_URL, "first_time": False},
    )


# --- The team lead's monthly access review -----------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def access_review(request):
    user = request.user
    if not user.has_role(Role.TEAM_LEAD) or user.unit is None:
        raise PermissionDenied
    unit = user.unit
    month = timezone.localdate().replace(day=1)
    review = selectors.review_for(unit, month)
    members = selectors.member_rows(unit)
    form = AccessReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and review is None and form.is_valid():
        try:
            services.confirm_access_review(
                reviewer=user,
                unit=unit,
                month=month,
                members=members,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"Access review for {month:%B %Y} confirmed.")
            return redirect("accounts:access-review")
    for row in members:
        row["last_seen_at"] = parse_datetime(row["last_seen"]) if row["last_seen"] else None
    return render(
        request,
        "accounts/access_review.html",
        {
            "unit": unit,
            "month": month,
            "members": members,
            "review": review,
            "form": form,
            "history": selectors.recent_reviews(unit),
        },
        status=400 if form.errors else 200,
    )
