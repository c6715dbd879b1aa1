"""A real OpenID Connect provider on loopback for the single sign-on tests:
oidc-provider-mock (Authlib under Flask), served by werkzeug in a thread of the test
process on a free port. It signs ID tokens with its own RSA key, publishes discovery and
JWKS documents, and keeps users (subject + claims) set through its /users/<sub> API."""

from __future__ import annotations

import base64
import contextlib
import copy
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

import requests
import werkzeug.serving

CLIENT_ID = "rights-desk-tests"
CLIENT_SECRET = "rights-desk-tests-secret"
#: Group object ids as Entra ID would send them, and what they mean here.
GROUPS = {
    "dpo": "6f1c1e0a-0000-4000-8000-00000000d9f0",
    "caseworker": "6f1c1e0a-0000-4000-8000-0000000000c1",
    "team_lead": "6f1c1e0a-0000-4000-8000-0000000000c2",
    "disclosure": "6f1c1e0a-0000-4000-8000-0000000000a1",
    "records": "6f1c1e0a-0000-4000-8000-0000000000a2",
    "canteen": "6f1c1e0a-0000-4000-8000-00000000ffff",
}
ROLE_MAP = {
    GROUPS["dpo"]: "dpo",
    GROUPS["caseworker"]: "caseworker",
    GROUPS["team_lead"]: "team_lead",
}
UNIT_MAP = {GROUPS["disclosure"]: "Disclosure Unit", GROUPS["records"]: "Records Management"}


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, *, groups: list[str], **claims) -> None:
        """Create or replace the provider's user ``sub`` (their next token says this)."""
        body = {
            "preferred_username": claims.pop("username", sub),
            "email": f"{sub}@force.example.police.uk",
            "given_name": sub.title(),
            "family_name": "Officer",
            "groups": groups,
            **claims,
        }
        response = requests.put(f"{self.url}/users/{sub}", json=body, timeout=5)
        response.raise_for_status()


@contextlib.contextmanager
def running(*, access_token_max_age: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(
        port=0, require_nonce=True, access_token_max_age=access_token_max_age
    ) as server:
        yield Provider(url=f"http://localhost:{server.server_port}")


def configure(settings, provider: Provider, **overrides) -> None:
    """Point the site's single sign-on at ``provider``."""
    from accounts import oidc

    oidc.forget_metadata()
    settings.OIDC_OP_ISSUER = provider.url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.OIDC_UNIT_CLAIM = "groups"
    settings.OIDC_UNIT_MAP = UNIT_MAP
    settings.OIDC_PROVIDER_NAME = "Force ID (test)"
    # As config/settings/security.py does for OIDC_OP_ISSUER: sign-out may be redirected there.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], provider.url]
    settings.CONTENT_SECURITY_POLICY = policy
    for name, value in overrides.items():
        setattr(settings, name, value)


def sign_in(client, sub: str):
    """Single sign-on with the Django test client: start, choose ``sub`` at the real
    provider (its consent form), come back to the callback. Returns the callback answer."""
    from django.urls import reverse

    start = client.get(reverse("sso-start"))
    assert start.status_code == 302, start
    answer = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urlparse(answer.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


# --- A man in the middle that tampers with ID tokens ------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def tamper(id_token: str) -> str:
    """The same token with the DPO group added to its claims and the signature kept."""
    header, payload, signature = id_token.split(".")
    claims = json.loads(_unb64(payload))
    claims["groups"] = [*claims.get("groups", []), GROUPS["dpo"]]
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


@contextlib.contextmanager
def tampering_token_endpoint(token_endpoint: str) -> Iterator[str]:
    """A token endpoint on loopback that forwards to the real one and tampers with the
    ID token in its answer. Yields its address."""

    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        headers = {"Content-Type": environ.get("CONTENT_TYPE", "")}
        if environ.get("HTTP_AUTHORIZATION"):
            headers["Authorization"] = environ["HTTP_AUTHORIZATION"]
        upstream = requests.post(token_endpoint, data=body, headers=headers, timeout=5)
        answer = upstream.json()
        if "id_token" in answer:
            answer["id_token"] = tamper(answer["id_token"])
        data = json.dumps(answer).encode()
        start_response(
            f"{upstream.status_code} OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]

    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/token"
    finally:
        server.shutdown()
        thread.join(5)
