"""Single sign-on over OpenID Connect, with mozilla-django-oidc (the authorisation-code
flow with PKCE, state and nonce; ID tokens checked for signature, issuer, audience and
expiry).

The provider's endpoints come from its discovery document unless they are set one by
one; the document is fetched when first needed (not at start-up, so a provider outage
never stops the site starting or password sign-ins working) and kept for an hour."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services, sso

logger = logging.getLogger(__name__)

#: Setting -> the discovery document's field that supplies it when the setting is empty.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
DISCOVERY_SECONDS = 3600
_discovery: dict[str, tuple[float, dict]] = {}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID) and bool(
        settings.OIDC_OP_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT
    )


def discovery_url() -> str:
    return settings.OIDC_OP_DISCOVERY_URL or (
        f"{settings.OIDC_OP_ISSUER}/.well-known/openid-configuration"
        if settings.OIDC_OP_ISSUER
        else ""
    )


def metadata() -> dict:
    """The provider's discovery document ({} when none is configured)."""
    url = discovery_url()
    if not url:
        return {}
    cached = _discovery.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    issuer = str(document.get("issuer", "")).rstrip("/")
    if settings.OIDC_OP_ISSUER and issuer != settings.OIDC_OP_ISSUER:
        raise ImproperlyConfigured(
            f"The discovery document names issuer {issuer!r}, not OIDC_OP_ISSUER."
        )
    _discovery[url] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


def forget_metadata() -> None:
    _discovery.clear()


def setting(name: str, *default):
    """A mozilla-django-oidc setting, endpoints filled in from discovery."""
    value = getattr(settings, name, None)
    if not value and name in DISCOVERED and enabled():
        value = metadata().get(DISCOVERED[name]) or None
    if value in (None, "") and default:
        return default[0]
    if value in (None, ""):
        raise ImproperlyConfigured(f"Setting {name} not found")
    return value


def _require_enabled() -> None:
    if not enabled():
        raise Http404("Single sign-on is not configured.")


class SSOBackend(OIDCAuthenticationBackend):
    """Signs in the user the provider vouches for; creates and updates their account and
    maps their claims to roles and a unit (accounts/sso.py, accounts/services.py)."""

    def __init__(self, *args, **kwargs):
        # Nothing read here: endpoints are looked up only during a single sign-on, so
        # password sign-ins never wait for (or fail with) the provider.
        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: setting("OIDC_OP_USER_ENDPOINT", ""))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password sign-in never reaches the
        # provider, whatever its query string says.
        if request is None or not enabled() or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for ``token``: the JWKS key of the token's key id
        (Entra ID rotates keys and always names one); a token naming none is accepted only
        when the provider publishes exactly one signing key."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from None
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if header.get("kid"):
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single matching signing key in the provider's JWKS.")
        return jwt.PyJWK(keys[0])

    def _verify_jws(self, payload, key):
        """Signature with the configured algorithm only, and the registered claims: this
        client's audience, the configured issuer, not expired, issued in the past."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from None
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        issuer = settings.OIDC_OP_ISSUER or metadata().get("issuer")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=issuer.rstrip("/") if issuer else None,
                leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.InvalidIssuerError:
            # Some providers write the issuer with a trailing slash.
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=f"{issuer.rstrip('/')}/",
                leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from None

    def verify_token(self, token, **kwargs):
        try:
            return super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {}
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(self.get_userinfo(access_token, id_token, payload))
        # The signed ID token wins over the userinfo answer (Entra ID puts groups only
        # in the ID token).
        claims.update(payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject")
        mapped = sso.map_claims(
            claims,
            role_claim=settings.OIDC_ROLE_CLAIM,
            role_map=settings.OIDC_ROLE_MAP,
            unit_claim=settings.OIDC_UNIT_CLAIM,
            unit_map=settings.OIDC_UNIT_MAP,
        )
        if mapped.unit and not services.Unit.objects.filter(name=mapped.unit).exists():
            logger.error("OIDC_UNIT_MAP names unit %r, which does not exist", mapped.unit)
        try:
            return services.sign_in_from_sso(
                subject=str(claims.get(settings.OIDC_SUBJECT_CLAIM) or ""),
                username=str(claims.get(settings.OIDC_USERNAME_CLAIM) or ""),
                email=str(claims.get("email") or ""),
                first_name=str(claims.get("given_name") or ""),
                last_name=str(claims.get("family_name") or ""),
                roles=mapped.roles,
                unit_name=mapped.unit,
            )
        except services.SSORefused as error:
            raise SuspiciousOperation(f"single sign-on refused: {error}") from None


class SSOStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in page."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        _require_enabled()
        self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().dispatch(request, *args, **kwargs)


class SSOCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: a refused token, a refused account or a
    provider error ends on the sign-in page with a sentence saying so."""

    get_settings = staticmethod(setting)

    @property
    def failure_url(self):
        return reverse("login")

    def dispatch(self, request, *args, **kwargs):
        _require_enabled()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        try:
            response = super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            logger.warning("single sign-on refused: %s", error)
            if request.user.is_authenticated:
                auth.logout(request)
            messages.error(request, "Single sign-on did not work. Try again, or ask for help.")
            return HttpResponseRedirect(self.failure_url)
        user = getattr(self, "user", None)
        if user is not None and not user.is_active:
            messages.error(
                request,
                "Your account is disabled. Ask "
                f"{settings.ACCESS_REQUEST_CONTACT} to enable it again.",
            )
        elif not request.user.is_authenticated:
            messages.error(request, "Single sign-on did not work. Try again, or ask for help.")
        return response


def provider_logout_url(request, id_token: str | None) -> str | None:
    """The provider's end-session address (RP-initiated logout) when it advertises one."""
    if not enabled() or not id_token:
        return None
    try:
        endpoint = setting("OIDC_OP_LOGOUT_ENDPOINT", "")
    except requests.RequestException:
        logger.warning("single sign-on: discovery failed at sign-out")
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                reverse(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{endpoint}?{query}"
