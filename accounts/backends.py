"""Username-and-password sign-in, which a force on single sign-on switches off."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

#: The dotted path Django stores in the session of a password sign-in (two-factor applies
#: to these sessions; single sign-on leaves the second factor to the provider).
PASSWORD_BACKEND = "accounts.backends.PasswordBackend"


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOCAL_PASSWORD_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
