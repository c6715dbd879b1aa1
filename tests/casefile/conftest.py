import io
from datetime import date

import pytest

from requests_tracker import services as request_services


@pytest.fixture(autouse=True)
def _no_virus_scanner(settings):
    settings.CLAMD_ADDRESS = ""


@pytest.fixture
def information_request(caseworker):
    return request_services.log_request(
        actor=caseworker,
        kind="foi",
        received_on=date(2026, 11, 2),
        channel="email",
        requester_type="member_of_public",
        summary="Custody records for 2025",
        requester=request_services.RequesterDetails(name="Ada Requester", email="ada@example.org"),
    )


def workbook_with_hidden_sheet_of_names() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Figures"
    book.active.append(["Month", "Arrests"])
    book.active.append(["January", 12])
    staff = book.create_sheet("Staff")
    staff.append(["Name", "Email"])
    staff.append(["Jane Officer", "jane.officer@police.example.org"])
    staff.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def clean_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Figures"
    book.active.append(["Month", "Arrests"])
    book.active.append(["January", 12])
    book.properties.creator = None  # openpyxl names itself the author otherwise
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class ClamdDouble:
    """A tiny server speaking clamd's INSTREAM protocol on loopback. It is a protocol
    double, not ClamAV: it reports the EICAR test string as Eicar-Test-Signature and
    everything else as clean, and keeps what it was sent."""

    EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"

    def __init__(self, unix_path=None) -> None:
        import socket
        import threading

        self.scanned: list[bytes] = []
        if unix_path is not None:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.bind(str(unix_path))
            self.address = f"unix://{unix_path}"
        else:
            self.sock = socket.socket()
            self.sock.bind(("127.0.0.1", 0))
            self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.sock.listen(5)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError("client went away")
            data += part
        return data

    def _serve(self) -> None:
        import struct

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    command = self._read(conn, len(b"zINSTREAM\0"))
                    assert command == b"zINSTREAM\0", command
                    data = b""
                    while True:
                        (length,) = struct.unpack("!L", self._read(conn, 4))
                        if length == 0:
                            break
                        data += self._read(conn, length)
                    self.scanned.append(data)
                    verdict = b"Eicar-Test-Signature FOUND" if self.EICAR in data else b"OK"
                    conn.sendall(b"stream: " + verdict + b"\0")
                except (ConnectionError, AssertionError):
                    continue

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(params=["tcp", "unix"])
def clamd(request, tmp_path):
    server = ClamdDouble(tmp_path / "clamd.sock" if request.param == "unix" else None)
    yield server
    server.close()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP backend pointed at it."""
    from tests.smtp_server import SMTPServer

    server = SMTPServer().start()
    server.django_settings(settings)
    yield server
    server.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_celery):
    """`committed(step, *args, **kwargs)` runs `step` and then its after-commit work, as a
    real commit would (the outbox's email is sent in-process, even where a broker is
    configured and no worker runs)."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run
