"""A real HTTP server on loopback that speaks the part of GOV.UK Notify's API we use
(https://docs.notifications.service.gov.uk/rest-api.html): POST /v2/notifications/email
with a JWT bearer token (HS256, signed with the API key's secret, iss = the service id,
iat within 30 seconds), answered 201 with the notification, or 400/403 with Notify's
error body. It keeps every accepted notification."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

from tests.services import free_port

SERVICE_ID = "6f3c0b7e-4a59-4c1e-9d64-2f0d8e5b7a10"
SECRET = "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e"
API_KEY = f"rights_desk_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"errors": [{"error": error, "message": message}], "status_code": status}


class NotifyServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.notifications: list[dict] = []
        self.tokens: list[dict] = []
        #: Set to (status, body) to answer the next requests with a failure.
        self.fail_with: tuple[int, dict] | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body = server.answer(self.path, self.headers.get("Authorization", ""), raw)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> NotifyServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def django_settings(self, settings) -> None:
        settings.EMAIL_BACKEND = "core.notify.NotifyEmailBackend"
        settings.NOTIFY_API_KEY = API_KEY
        settings.NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
        settings.NOTIFY_BASE_URL = self.url
        settings.NOTIFY_TIMEOUT = 5.0

    def answer(self, path: str, authorization: str, raw: bytes) -> tuple[int, dict]:
        if path != "/v2/notifications/email":
            return _error(404, "NotFound", "Not found")
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": True})
        except jwt.PyJWTError:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        if header.get("alg") != "HS256" or claims.get("iss") != SERVICE_ID:
            return _error(403, "AuthError", "Invalid token: service not found")
        if abs(time.time() - claims.get("iat", 0)) > 30:
            return _error(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            )
        self.tokens.append(claims)
        if self.fail_with is not None:
            return self.fail_with
        try:
            body = json.loads(raw)
        except ValueError:
            return _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        if body.get("template_id") != TEMPLATE_ID:
            return _error(400, "BadRequestError", "Template not found")
        if "@" not in str(body.get("email_address", "")):
            return _error(400, "ValidationError", "email_address Not a valid email address")
        personalisation = body.get("personalisation") or {}
        missing = [key for key in ("subject", "body") if key not in personalisation]
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        notification_id = str(uuid.uuid4())
        self.notifications.append({"id": notification_id, **body})
        return 201, {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": {
                "subject": personalisation["subject"],
                "body": personalisation["body"],
                "from_email": "rights.desk@notifications.service.gov.uk",
            },
            "uri": f"{self.url}/v2/notifications/{notification_id}",
            "template": {
                "id": TEMPLATE_ID,
                "version": 1,
                "uri": f"{self.url}/v2/template/{TEMPLATE_ID}",
            },
        }
