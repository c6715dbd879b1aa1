"""Two-factor for local (password) accounts, with django-otp: an authenticator app
(TOTP) and single-use recovery codes."""

from __future__ import annotations

import base64
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .backends import PASSWORD_BACKEND
from .demo import DEMO_USERNAMES
from .models import User

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def relaxed_for_demo_users() -> bool:
    return bool(settings.TWO_FACTOR_RELAXED_FOR_DEMO_USERS) and not settings.PRODUCTION


def role_requires(user: User) -> bool:
    """Whether ``user``'s roles need a second factor at a password sign-in."""
    if relaxed_for_demo_users() and user.username in DEMO_USERNAMES:
        return False
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if "all" in required:
        return True
    if not required:
        return False
    return user.is_superuser or user.is_staff or user.has_role(*required)


def required_for(request) -> bool:
    """Whether this signed-in session must be verified with a second factor before it may
    see anything: password sign-ins of the roles that need it (single sign-on sessions
    bring the provider's own multi-factor)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY) != PASSWORD_BACKEND:
        return False
    return role_requires(user)


def has_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app_device(user: User) -> TOTPDevice:
    """The authenticator-app device being set up (unconfirmed until a code matches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, as a data: URI for an <img> (the CSP
    allows data: images and no inline SVG styles)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def throttled(user: User) -> bool:
    """Whether wrong codes have locked every device of ``user`` for a while (django-otp
    doubles the wait after each wrong code)."""
    devices = list(devices_for_user(user, confirmed=None))
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


def confirm_app_device(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(_clean(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    return True


def _clean(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def match(user: User, token: str):
    """The confirmed device ``token`` is valid for (used up if single-use), or None."""
    token = _clean(token)
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def _new_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace ``user``'s recovery codes with fresh ones (shown once; each works once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_code() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
