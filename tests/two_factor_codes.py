"""Codes a test types as the person with the phone would: from the user's real django-otp
authenticator-app device."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, or (if that one was used already) the next one, which
    the device accepts within its tolerance."""
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.drift = device.drift + max(0, device.last_t + 1 - clock.t())
    return str(clock.token()).zfill(device.digits)
