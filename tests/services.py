"""Real Celery worker processes a fault test starts, kills and stops by its own process
id (a private Redis is in tests/redis_server.py). The machine's own Redis and PostgreSQL
are never touched."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def database_url(connection) -> str:
    """The URL of the database `connection` uses (the test database)."""
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


class Worker:
    """A real `celery worker` process (optionally with beat inside it). Its log goes to a
    file, so a long run never blocks on a full pipe."""

    def __init__(
        self,
        *,
        database: str,
        broker: str,
        pool: str = "prefork",
        beat: bool = False,
        env: dict[str, str] | None = None,
    ) -> None:
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            "w+", prefix="celery-worker-", suffix=".log", delete=False
        )
        self.schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
        command = [sys.executable, "-m", "celery", "-A", "config", "worker"]
        command += [f"--pool={pool}", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", f"--hostname=fault-test-{os.getpid()}@%h"]
        if pool == "prefork":
            command += ["--concurrency=1"]
        if beat:
            command += ["--beat", f"--schedule={self.schedule}"]
        self.command = command
        self.env = {
            **os.environ,
            "DATABASE_URL": database,
            "CELERY_BROKER_URL": broker,
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_for(
            lambda: "ready." in self.output() or self.process.poll() is not None,
            60,
            "the Celery worker to start",
        )
        assert self.process.poll() is None, self.output()[-3000:]
        return self

    def poll(self) -> int | None:
        """None while the worker runs (like Popen.poll)."""
        assert self.process
        return self.process.poll()

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def children(self) -> list[int]:
        assert self.process
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def kill(self) -> None:
        """kill -9 the worker and its pool processes: no warm shutdown, nothing acked."""
        if self.process and self.process.poll() is None:
            for child in self.children():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
        print(self.output()[-4000:])
