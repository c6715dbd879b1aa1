"""API token authentication with expiry: tokens are issued by create_api_token, revoked
by create_api_token --revoke, and stop working API_TOKEN_TTL_DAYS after issue."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - timedelta(days=settings.API_TOKEN_TTL_DAYS):
            raise exceptions.AuthenticationFailed(
                "This API token has expired. Ask an administrator for a new one."
            )
        return user, token
