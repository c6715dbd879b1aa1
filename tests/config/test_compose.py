"""docker-compose.yml cannot be run here (no Docker engine), so it is checked statically:
valid structure, the full production stack, and the same process commands as the Makefile."""

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def make_variable(name: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", f"print-{name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_stack_has_every_service():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_app_services_are_built_from_the_one_dockerfile_in_production_mode():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        assert services[name]["build"] == "."
        assert services[name]["environment"]["DJANGO_ENV"] == "production"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert services[name]["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")


def test_service_commands_match_the_makefile():
    services = compose()["services"]
    assert services["web"]["command"] == make_variable("WEB_CMD")
    assert services["worker"]["command"] == make_variable("WORKER_CMD")
    assert services["beat"]["command"] == make_variable("BEAT_CMD")


def test_dependencies_are_health_checked():
    services = compose()["services"]
    for name in ("postgres", "redis", "web"):
        assert "healthcheck" in services[name]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )


def test_dockerfile_default_command_is_the_web_command():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd_line = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    import json

    assert " ".join(json.loads(cmd_line[4:])) == make_variable("WEB_CMD")
