"""docker-compose.yml is valid for the real Compose CLI and has the designed topology."""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.stack import ROOT

EXPECTED_SERVICES = {"mongo", "mongo-express", "elasticsearch", "redis", "mlflow", "api", "worker", "nginx"}


@cache
def _compose_bin() -> Path:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "tools.sh"), "path", "compose"],
        capture_output=True,
        text=True,
        check=True,
    )
    path = Path(result.stdout.strip())
    if not path.exists():
        pytest.fail(f"the Compose CLI is not built at {path}: run `scripts/tools.sh compose` (make test does)")
    return path


def _config(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_compose_bin()), "-f", str(ROOT / "docker-compose.yml"), "config", *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@cache
def _model() -> dict[str, Any]:
    result = _config("--format", "json")
    assert result.returncode == 0, result.stderr
    model: dict[str, Any] = json.loads(result.stdout)
    return model


def test_compose_cli_accepts_the_file() -> None:
    result = _config("--quiet")
    assert result.returncode == 0, result.stderr


def test_compose_cli_rejects_a_malformed_file(tmp_path: Path) -> None:
    # the validation above can fail: a service with a port in the wrong shape is refused
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  api:\n    image: x\n    ports: {oops: 1}\n")
    result = subprocess.run(
        [str(_compose_bin()), "-f", str(broken), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0


def test_the_designed_services_are_there() -> None:
    assert set(_model()["services"]) == EXPECTED_SERVICES


def test_only_nginx_publishes_a_port_to_the_outside() -> None:
    published = {
        name: [(p.get("host_ip", "0.0.0.0"), p["published"], p["target"]) for p in service.get("ports", [])]  # noqa: S104
        for name, service in _model()["services"].items()
        if service.get("ports")
    }
    assert published == {
        "nginx": [("0.0.0.0", os.environ.get("LABELLOOP_HTTP_PORT", "8080"), 8080)],  # noqa: S104 - the entry point
        "mongo-express": [("127.0.0.1", "8081", 8081)],
    }


def test_the_api_runs_two_replicas_behind_nginx() -> None:
    services = _model()["services"]
    assert services["api"]["deploy"]["replicas"] == 2
    assert "server api:8000" in services["nginx"]["environment"]["LABELLOOP_API_SERVERS"]
    assert services["nginx"]["depends_on"]["api"]["condition"] == "service_healthy"


def test_every_service_has_a_healthcheck() -> None:
    for name, service in _model()["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_app_services_wait_for_healthy_dependencies() -> None:
    services = _model()["services"]
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert {d: v["condition"] for d, v in depends.items()} == {
            "mongo": "service_healthy",
            "elasticsearch": "service_healthy",
            "redis": "service_healthy",
            "mlflow": "service_healthy",
        }


def test_init_mongo_script_is_mounted_into_the_mongo_container() -> None:
    mounts = {v["target"]: v for v in _model()["services"]["mongo"]["volumes"]}
    init = mounts["/docker-entrypoint-initdb.d/init-mongo.js"]
    assert init["type"] == "bind"
    assert Path(init["source"]) == ROOT / "init-mongo.js"
    assert init["read_only"] is True


def test_images_are_the_real_services() -> None:
    services = _model()["services"]
    assert services["mongo"]["image"].startswith("mongo:8")
    assert services["elasticsearch"]["image"].startswith("elasticsearch:9")
    assert services["redis"]["image"].startswith("redis:")
