"""Work lists and the public dashboard at scale (issue 19): My work and All requests
signed in, one user in-process (server time and SQL queries) and over HTTP at 1, 10 and
50 concurrent users; the public dashboard and its JSON against a trivial view.

Every HTTP figure is measured against its floor in the same run, on the same server:

- the server is gunicorn with the options of the deployed command (the Makefile's
  WEB_CMD, which docker-compose.yml runs too), only the application (bench.wsgi: the
  project's settings plus the two trivial views) and the bind address changed;
- the load generator is a closed loop on loopback written with asyncio (one thread, one
  connection per simulated user, the next request sent as soon as the last one is
  answered), so the clients cost little of the machine's two cores;
- the floor of a signed-in page is a trivial signed-in view (/bench/trivial/signed-in/:
  the same middleware, session and user, no page) under the same load; the floor of a
  public page is a trivial anonymous view (/bench/trivial/).

Run on its own against an already generated bench database (DATABASE_URL is the bench
database itself; --generate N drops it, recreates it and fills it with N requests):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rd_worklists_bench \\
        .venv/bin/python -m bench.worklists [--generate 1000000]

`make bench` calls `measure` in the same place as before (bench/__main__.py).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Concurrent signed-in users for the work lists; seconds each level runs.
USERS = (1, 10, 50)
SECONDS = 10.0
#: Keep-alive-less clients for the public pages' throughput (as the bench always used).
THROUGHPUT_CLIENTS = 8
THROUGHPUT_SECONDS = 8.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the server: the deployed gunicorn command ----------------------------------------------


def web_command() -> str:
    """WEB_CMD from the Makefile (what docker-compose.yml runs in production)."""
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "print-WEB_CMD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def gunicorn_arguments(command: str, *, port: int, access_log: str) -> list[str]:
    """The deployed gunicorn options with the bench's application and address: the
    application, --bind and the access log's destination are replaced, every other
    option (workers, threads, worker class, timeouts) is kept as deployed."""
    words = shlex.split(command)
    if not words or words[0] != "gunicorn":
        raise ValueError(f"WEB_CMD is not a gunicorn command: {command!r}")
    kept: list[str] = []
    skip_next = False
    for word in words[1:]:
        if skip_next:
            skip_next = False
            continue
        if word in ("--bind", "-b", "--access-logfile"):
            skip_next = True
            continue
        if word.startswith(("--bind=", "--access-logfile=")) or word.endswith(":application"):
            continue
        kept.append(word)
    return [
        "bench.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        access_log,
        "--log-level",
        "warning",
        *kept,
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def deployed_server(env: dict):
    """gunicorn as deployed (web_command), on a free loopback port; yields the port.
    Its access log goes to a temporary file (deployed, it goes to stdout): the lines are
    still formatted and written."""
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="bench-access-", suffix=".log") as access:
        arguments = gunicorn_arguments(web_command(), port=port, access_log=access.name)
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *arguments], cwd=ROOT, env=env
        )
        try:
            for _ in range(150):
                try:
                    with socket.create_connection(("127.0.0.1", port), 0.2):
                        break
                except OSError:
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            process.wait(20)


# --- the load generator: a closed loop on loopback, asyncio ---------------------------------


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * share // 1))
    return sorted_values[int(rank) - 1]


async def _one_user(
    port: int, request: bytes, deadline: float, timings: list[float], failures: list[int]
) -> None:
    loop = asyncio.get_running_loop()
    reader = writer = None
    while loop.time() < deadline:
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert reader is not None
            writer.write(request)
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError("closed before the answer")
            length, close = None, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            if length is None:
                await reader.read()
                close = True
            else:
                await reader.readexactly(length)
            if close:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, ConnectionError, ValueError):
            failures[0] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        if status_line.split()[1:2] == [b"200"]:
            timings.append((time.perf_counter() - started) * 1000)
        else:
            failures[0] += 1
    if writer is not None:
        writer.close()


def latency(
    port: int, path: str, *, users: int, seconds: float = SECONDS, cookie: str = ""
) -> dict:
    """`users` simulated users, each on its own connection, each sending the next GET as
    soon as the last answer has been read, for `seconds`. Returns p50/p95/p99 in ms,
    throughput and failures (anything but a 200 counts as a failure)."""
    headers = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: */*"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode()
    timings: list[float] = []
    failures = [0]

    async def run() -> float:
        deadline = asyncio.get_running_loop().time() + seconds
        started = time.monotonic()
        await asyncio.gather(
            *(_one_user(port, request, deadline, timings, failures) for _ in range(users))
        )
        return time.monotonic() - started

    elapsed = asyncio.run(run())
    every = sorted(timings)
    return {
        "users": users,
        "requests": len(every),
        "failures": failures[0],
        "rps": round(len(every) / elapsed, 1),
        "p50_ms": round(percentile(every, 0.50), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1),
    }


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- the measures ---------------------------------------------------------------------------


def session_cookie(user) -> str:
    """A signed-in session for `user`, as the browser would send it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def pages() -> dict[str, str]:
    from django.urls import reverse

    return {
        "worklist": reverse("requests:my_work"),
        "all_requests": reverse("requests:list") + "?kind=roa&status=open",
    }


def server_time(results: dict, user) -> None:
    """Each page 40 times in-process as `user` (the first 5 not counted): median and p95
    of the server's time, and the SQL queries (the same number every time)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from requests_tracker.models import InformationRequest

    client = Client()
    client.force_login(user)
    results["requests_in_unit"] = InformationRequest.objects.filter(unit_id=user.unit_id).count()
    for name, path in pages().items():
        timings, queries = [], set()
        for i in range(40):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
            if i >= 5:
                timings.append(elapsed * 1000)
                queries.add(len(captured))
        timings.sort()
        results[f"{name}_median_ms"] = round(statistics.median(timings), 1)
        results[f"{name}_p95_ms"] = round(timings[int(len(timings) * 0.95) - 1], 1)
        results[f"{name}_queries"] = max(queries)
        log(
            f"{name}: median {results[f'{name}_median_ms']} ms, p95 {results[f'{name}_p95_ms']} ms,"
            f" {sorted(queries)} queries"
        )


def throughput(port: int, path: str) -> float:
    return latency(port, path, users=THROUGHPUT_CLIENTS, seconds=THROUGHPUT_SECONDS)["rps"]


def public_pages(results: dict, port: int) -> None:
    """The public dashboard and its JSON against the trivial anonymous view."""
    paths = {
        "trivial_view_rps": "/bench/trivial/",
        "dashboard_rps": "/performance/",
        "dashboard_json_rps": "/api/v1/performance/monthly/?kind=roa",
    }
    for path in paths.values():
        latency(port, path, users=THROUGHPUT_CLIENTS, seconds=2)  # warm workers and caches
    for key, path in paths.items():
        results[key] = throughput(port, path)
    results["dashboard_share_of_trivial"] = round(
        results["dashboard_rps"] / results["trivial_view_rps"], 2
    )
    results["dashboard_json_share_of_trivial"] = round(
        results["dashboard_json_rps"] / results["trivial_view_rps"], 2
    )
    log(
        f"rps: trivial {results['trivial_view_rps']}, dashboard {results['dashboard_rps']}"
        f" ({results['dashboard_share_of_trivial']:.0%}), json {results['dashboard_json_rps']}"
        f" ({results['dashboard_json_share_of_trivial']:.0%}); load {load_average()}"
    )


#: The signed-in pages measured under load: the two lists and their floor.
LISTS = ("worklist", "all_requests", "trivial_signed_in")


def lists_under_load(results: dict, port: int, cookie: str, names=LISTS) -> None:
    """My work, All requests and the trivial signed-in view (their floor) at 1, 10 and 50
    concurrent users, signed in."""
    paths = {**pages(), "trivial_signed_in": "/bench/trivial/signed-in/"}
    for name in names:
        path = paths[name]
        latency(port, path, users=3, seconds=2, cookie=cookie)  # warm the workers
        for users in USERS:
            measured = latency(port, path, users=users, cookie=cookie)
            measured["load_average"] = load_average()
            results[f"{name}_load_{users}"] = measured
            log(
                f"{name} at {users} users: p50 {measured['p50_ms']} ms, p95 {measured['p95_ms']} ms,"
                f" p99 {measured['p99_ms']} ms, {measured['rps']}/s, {measured['failures']} failed;"
                f" load {measured['load_average']}"
            )


def measure(
    results: dict, *, user=None, env: dict | None = None, only: list[str] | None = None
) -> None:
    """Everything above, into `results` (the keys bench/__main__.py reports). `user`: the
    signed-in caseworker (bench.data.BENCH_USER by default); `env`: the environment of
    the gunicorn server (DJANGO_SETTINGS_MODULE=bench.settings and this DATABASE_URL by
    default); `only`: a subset of "server", "public" and the lists' names (a run of one
    measure while working on it)."""
    from accounts.models import User
    from bench.data import BENCH_USER

    user = user or User.objects.get(username=BENCH_USER)
    env = env or {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    wanted = set(only or ["server", "public", *LISTS])
    if "server" in wanted:
        server_time(results, user)
    results["web_cmd"] = web_command()
    with deployed_server(env) as port:
        if "public" in wanted:
            public_pages(results, port)
        lists = [name for name in LISTS if name in wanted]
        if lists:
            lists_under_load(results, port, session_cookie(user), lists)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", type=int, help="recreate the database with N requests")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=["server", "public", "worklist", "all_requests", "trivial_signed_in"],
        help="measure only these (default: everything)",
    )
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench.worklists needs DATABASE_URL pointing at the bench database (PostgreSQL).")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.pop("CELERY_BROKER_URL", None)
    sys.path.insert(0, str(ROOT))
    if arguments.generate:
        _recreate(url)
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db.models import Max

    from dashboards.models import MonthlySnapshot
    from dashboards.services import recompute_months
    from requests_tracker.models import InformationRequest, ReferenceCounter
    from requests_tracker.selectors import uk_today

    call_command("migrate", verbosity=0)
    if arguments.generate:
        from bench.data import generate

        started = time.perf_counter()
        generate(arguments.generate, today=uk_today())
        for kind, year, last in (
            InformationRequest.objects.values_list("kind", "reference_year")
            .annotate(last=Max("reference_number"))
            .order_by()
        ):
            ReferenceCounter.objects.update_or_create(kind=kind, year=year, defaults={"last": last})
        log(f"generated {arguments.generate:,} requests in {time.perf_counter() - started:.0f} s")
    if not MonthlySnapshot.objects.exists():
        recompute_months(first=date(2019, 1, 1), reason="Benchmark")
    results: dict = {"scale": InformationRequest.objects.count(), "load_average": load_average()}
    log(f"{results['scale']:,} requests; load {results['load_average']}")
    measure(results, only=arguments.only)
    import json

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "worklists.json").write_text(json.dumps(results, indent=2) + "\n")
    log(f"written {out / 'worklists.json'}")


def _recreate(url: str) -> None:
    from urllib.parse import urlparse, urlunparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
