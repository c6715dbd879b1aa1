"""A private redis-server for fault tests: started on a free loopback port, then killed,
hung (SIGSTOP), resumed (SIGCONT) or restarted by the test, and always stopped by its own
process id afterwards. The machine's own Redis is never touched."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

PORTS = range(6391, 6400)


def executable() -> str | None:
    return shutil.which("redis-server")


def _answers(port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _in_use(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.2):
            return True
    except OSError:
        return False


class RedisServer:
    def __init__(self) -> None:
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.stopped = False
        self._dir = tempfile.mkdtemp(prefix="rd-redis-")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        """Start on the same port as before, or on the first free one in PORTS."""
        for port in [self.port] if self.port else PORTS:
            if _in_use(port):
                continue
            self.process = subprocess.Popen(
                [
                    executable() or "redis-server",
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    self._dir,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and self.process.poll() is None:
                if _answers(port):
                    self.port, self.stopped = port, False
                    return self
                time.sleep(0.02)
            self._reap()  # another run took the port first: try the next one
        raise RuntimeError(f"could not start redis-server on any of ports {list(PORTS)}")

    def kill(self) -> None:
        """Redis gone: SIGKILL, connections refused from now on."""
        self._reap()

    def hang(self) -> None:
        """Redis hung: the kernel still accepts connections, nothing ever answers."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)
        self.stopped = True

    def resume(self) -> None:
        if self.process is not None and self.stopped:
            os.kill(self.process.pid, signal.SIGCONT)
            self.stopped = False

    def _reap(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL is delivered to a stopped process too
        self.process.wait(timeout=10)
        self.process, self.stopped = None, False

    def close(self) -> None:
        self._reap()
        shutil.rmtree(self._dir, ignore_errors=True)
