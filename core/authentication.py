"""API token authentication with expiry: tokens are issued by create_api_token, revoked
by create_api_token --revoke, and stop working API_TOKEN_TTL_DAYS after issue, or at once
when their user's account is disabled (disabling also deletes them)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts import services as account_services


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.is_active:
            raise exceptions.AuthenticationFailed("This account is disabled.")
        if token.created < timezone.now() - timedelta(days=settings.API_TOKEN_TTL_DAYS):
            raise exceptions.AuthenticationFailed(
                "This API token has expired. Ask an administrator for a new one."
            )
        # Using the API counts as using the account (the inactivity job reads this).
        account_services.touch_last_seen(user=user)
        return user, token
