"""System checks: the single sign-on and two-factor settings must make sense before
anything serves (they run at `migrate`, `check` and `runserver`)."""

from django.conf import settings
from django.core import checks

from . import sso
from .models import Role


@checks.register(checks.Tags.security)
def sign_in_settings_are_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for message in sso.config_errors(
        role_map=settings.OIDC_ROLE_MAP,
        unit_map=settings.OIDC_UNIT_MAP,
        known_roles=set(Role.values),
    ):
        errors.append(
            checks.Error(
                message,
                hint="Fix the JSON mapping of claim values to roles or unit names.",
                id="accounts.E001",
            )
        )
    if settings.OIDC_RP_CLIENT_ID:
        if not settings.OIDC_OP_ISSUER and not all(
            getattr(settings, name)
            for name in (
                "OIDC_OP_AUTHORIZATION_ENDPOINT",
                "OIDC_OP_TOKEN_ENDPOINT",
                "OIDC_OP_JWKS_ENDPOINT",
            )
        ):
            errors.append(
                checks.Error(
                    "Single sign-on needs OIDC_OP_ISSUER (or the authorization, token and "
                    "JWKS endpoints).",
                    id="accounts.E002",
                )
            )
        if not settings.OIDC_RP_CLIENT_SECRET:
            errors.append(checks.Error("OIDC_RP_CLIENT_SECRET is empty.", id="accounts.E003"))
        if not settings.OIDC_ROLE_MAP:
            errors.append(
                checks.Warning(
                    "OIDC_ROLE_MAP is empty: everyone who signs in with single sign-on "
                    'will see only the "ask for access" page.',
                    id="accounts.W001",
                )
            )
    elif not settings.LOCAL_PASSWORD_SIGN_IN:
        errors.append(
            checks.Error(
                "LOCAL_PASSWORD_SIGN_IN is off and single sign-on is not configured: "
                "nobody could sign in.",
                id="accounts.E004",
            )
        )
    unknown = set(settings.TWO_FACTOR_REQUIRED_ROLES) - set(Role.values) - {"all"}
    if unknown:
        errors.append(
            checks.Error(
                f"TWO_FACTOR_REQUIRED_ROLES names {', '.join(sorted(unknown))}, not roles.",
                hint=f"Use role names ({', '.join(Role.values)}), 'all', or leave it empty.",
                id="accounts.E005",
            )
        )
    if settings.ACCOUNT_INACTIVE_DAYS and not (
        0 < settings.ACCOUNT_INACTIVE_WARNING_DAYS < settings.ACCOUNT_INACTIVE_DAYS
    ):
        errors.append(
            checks.Error(
                "ACCOUNT_INACTIVE_WARNING_DAYS must be more than 0 and fewer than "
                "ACCOUNT_INACTIVE_DAYS.",
                id="accounts.E006",
            )
        )
    return errors
