"""Single sign-on over OpenID Connect (accounts/oidc.py, docs/deployment.md)."""

from .environment import env

# Unset OIDC_RP_CLIENT_ID: no single sign-on. The provider's endpoints come from its
# discovery document (OIDC_OP_ISSUER + /.well-known/openid-configuration) unless set
# one by one below.
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="").rstrip("/")
OIDC_OP_DISCOVERY_URL = env.str("OIDC_OP_DISCOVERY_URL", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
OIDC_CLOCK_SKEW_SECONDS = env.int("OIDC_CLOCK_SKEW_SECONDS", default=60)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
# The button on the sign-in page: "Sign in with <OIDC_PROVIDER_NAME>".
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your force account")
# Which claims identify the user (Entra ID: "oid" is stable across the tenant) and name
# their account.
OIDC_SUBJECT_CLAIM = env.str("OIDC_SUBJECT_CLAIM", default="sub")
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
# Role and unit from the claims: claim name, and a JSON map of claim value (a group's
# object id, an app role) -> role name (accounts.models.Role) or unit name. Validated at
# start-up by a system check (accounts/checks.py).
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="groups")
OIDC_ROLE_MAP = env.json("OIDC_ROLE_MAP", default={})
OIDC_UNIT_CLAIM = env.str("OIDC_UNIT_CLAIM", default="groups")
OIDC_UNIT_MAP = env.json("OIDC_UNIT_MAP", default={})
# Link a first single sign-on to an existing local account of the same username (for a
# force moving its users over); off, such a sign-in is refused.
OIDC_LINK_EXISTING_USERS = env.bool("OIDC_LINK_EXISTING_USERS", default=False)
