"""docker-compose.yml is valid for the real Compose CLI and has the designed topology."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.stack import ROOT

EXPECTED_SERVICES = {"mongo", "mongo-init", "elasticsearch", "redis", "mlflow", "api", "worker", "nginx"}
ONE_SHOT_SERVICES = {"mongo-init"}  # they run to completion: nothing to check the health of


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


def _config(*extra: str, profiles: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess[str]:
    """`docker compose config` with `env` over the caller's environment, without its MONGO_EXPRESS_* variables
    (the file must hold no default login)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MONGO_EXPRESS_")}
    profile_args = [arg for profile in profiles for arg in ("--profile", profile)]
    return subprocess.run(
        [str(_compose_bin()), "-f", str(ROOT / "docker-compose.yml"), *profile_args, "config", *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=base | env,
        check=False,
    )


@cache
def _model(*profiles: str) -> dict[str, Any]:
    result = _config("--format", "json", profiles=profiles)
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


def test_the_admin_profile_adds_the_database_browser() -> None:
    assert set(_model("admin")["services"]) == EXPECTED_SERVICES | {"mongo-express"}
    assert _model("admin")["services"]["mongo-express"]["profiles"] == ["admin"]


def test_only_nginx_publishes_a_port_to_the_outside() -> None:
    published = {
        name: [(p.get("host_ip", "0.0.0.0"), p["published"], p["target"]) for p in service.get("ports", [])]  # noqa: S104
        for name, service in _model("admin")["services"].items()
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


def test_every_long_running_service_has_a_healthcheck() -> None:
    for name, service in _model("admin")["services"].items():
        if name in ONE_SHOT_SERVICES:
            assert service["restart"] == "no"
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_app_services_wait_for_healthy_dependencies_and_the_database_bootstrap() -> None:
    services = _model()["services"]
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert {d: v["condition"] for d, v in depends.items()} == {
            "mongo": "service_healthy",
            "mongo-init": "service_completed_successfully",
            "elasticsearch": "service_healthy",
            "redis": "service_healthy",
            "mlflow": "service_healthy",
        }


def test_a_one_shot_service_runs_init_mongo_with_mongosh_on_every_up() -> None:
    init = _model()["services"]["mongo-init"]
    mounts = {v["target"]: v for v in init["volumes"]}
    assert mounts["/init-mongo.js"]["type"] == "bind"
    assert Path(mounts["/init-mongo.js"]["source"]) == ROOT / "init-mongo.js"
    assert mounts["/init-mongo.js"]["read_only"] is True
    assert init["image"].startswith("mongo:8")
    assert init["command"][0] == "mongosh"
    assert init["command"][-1] == "/init-mongo.js"
    assert {d: v["condition"] for d, v in init["depends_on"].items()} == {"mongo": "service_healthy"}
    # it creates the application user the api and worker connect as
    assert init["environment"]["LABELLOOP_MONGO_APP_USER"] == "labelloop"
    assert (
        "labelloop:labelloop-demo@mongo:27017/labelloop"
        in _model()["services"]["api"]["environment"]["LABELLOOP_MONGO_URI"]
    )


def test_the_mongo_container_no_longer_runs_init_scripts_only_on_an_empty_volume() -> None:
    targets = {v["target"] for v in _model()["services"]["mongo"]["volumes"]}
    assert targets == {"/data/db"}


def test_the_database_browser_has_no_default_login() -> None:
    environment = _model("admin")["services"]["mongo-express"]["environment"]
    assert environment["ME_CONFIG_BASICAUTH_ENABLED"] == "true"
    assert environment["ME_CONFIG_BASICAUTH_USERNAME"] == ""
    assert environment["ME_CONFIG_BASICAUTH_PASSWORD"] == ""


def _mongo_express_guard() -> str:
    entrypoint: list[str] = _model("admin")["services"]["mongo-express"]["entrypoint"]
    assert entrypoint[:2] == ["/bin/sh", "-c"]
    return entrypoint[2].replace("$$", "$")  # `config` prints the file's escapes


@pytest.mark.parametrize("login", [{}, {"ME_CONFIG_BASICAUTH_USERNAME": "ops"}, {"ME_CONFIG_BASICAUTH_PASSWORD": "s3"}])
def test_the_database_browser_refuses_to_start_without_both_credentials(login: dict[str, str]) -> None:
    # when the service's entrypoint runs without a username or a password
    result = subprocess.run(
        ["sh", "-c", _mongo_express_guard()], env=login, capture_output=True, text=True, check=False
    )
    # then it exits before mongo-express starts, naming the variables to set
    assert result.returncode == 1
    assert "set MONGO_EXPRESS_USERNAME and MONGO_EXPRESS_PASSWORD" in result.stderr


def test_the_database_browser_is_read_only_and_sees_only_the_application_database() -> None:
    environment = _model("admin")["services"]["mongo-express"]["environment"]
    assert environment["ME_CONFIG_OPTIONS_READONLY"] == "true"
    assert environment["ME_CONFIG_MONGODB_ENABLE_ADMIN"] == "false"
    assert environment["ME_CONFIG_SITE_BASEURL"] == "/mongo-express/"
    assert environment["ME_CONFIG_MONGODB_URL"].startswith("mongodb://labelloop:")  # the app user, not root
    assert _model("admin")["services"]["nginx"]["environment"]["LABELLOOP_MONGO_EXPRESS_READONLY"] == "true"


def test_the_credentials_set_reach_the_browser_and_nginx() -> None:
    result = _config(
        "--format",
        "json",
        profiles=("admin",),
        MONGO_EXPRESS_USERNAME="ops",
        MONGO_EXPRESS_PASSWORD="long-enough-secret",
    )
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert services["mongo-express"]["environment"]["ME_CONFIG_BASICAUTH_USERNAME"] == "ops"
    assert services["nginx"]["environment"]["MONGO_EXPRESS_PASSWORD"] == "long-enough-secret"


def test_nginx_sends_the_basic_login_it_is_given() -> None:
    # when the nginx image's entrypoint sources the script with the credentials compose passes
    script = ROOT / "nginx" / "mongo-express-auth.envsh"
    env = {"MONGO_EXPRESS_USERNAME": "ops", "MONGO_EXPRESS_PASSWORD": "long-enough-secret"}
    given = subprocess.run(
        ["sh", "-c", f'. "{script}"; printf %s "$LABELLOOP_MONGO_EXPRESS_AUTHORIZATION"'],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    none = subprocess.run(
        ["sh", "-c", f'. "{script}"; printf %s "$LABELLOOP_MONGO_EXPRESS_AUTHORIZATION"'],
        env={},
        capture_output=True,
        text=True,
        check=True,
    )
    # then the header is their Basic login, or nothing
    assert given.stdout == "Basic " + base64.b64encode(b"ops:long-enough-secret").decode()
    assert none.stdout == ""
    assert os.access(script, os.X_OK)  # the image sources only executable *.envsh files
    assert "/docker-entrypoint.d/15-mongo-express-auth.envsh" in (ROOT / "nginx" / "Dockerfile").read_text()


def test_nginx_reaches_the_browser_by_name_resolved_per_request() -> None:
    environment = _model()["services"]["nginx"]["environment"]
    assert environment["LABELLOOP_MONGO_EXPRESS_SERVER"] == "mongo-express:8081"
    assert environment["LABELLOOP_MONGO_EXPRESS_RESOLVER"] == "resolver 127.0.0.11 valid=10s ipv6=off;"


def test_images_are_the_real_services() -> None:
    services = _model()["services"]
    assert services["mongo"]["image"].startswith("mongo:8")
    assert services["elasticsearch"]["image"].startswith("elasticsearch:9")
    assert services["redis"]["image"].startswith("redis:")


def test_mlflow_runs_from_its_own_image_and_environment() -> None:
    # the MLflow server's image is built from its own lock, not the app's (their graphql-core pins conflict)
    services = _model()["services"]
    assert services["mlflow"]["build"]["dockerfile"] == "scripts/mlflow/Dockerfile"
    assert services["mlflow"]["image"] != services["api"]["image"]
    dockerfile = (ROOT / "scripts" / "mlflow" / "Dockerfile").read_text()
    assert "scripts/mlflow/requirements.lock" in dockerfile
    assert "requirements.lock ./" not in dockerfile  # not the app's lock
    # and both locks pin the same MLflow: the server in its own, the client (mlflow-skinny) in the app's
    app_lock = (ROOT / "requirements.lock").read_text()
    server_lock = (ROOT / "scripts" / "mlflow" / "requirements.lock").read_text()
    server_version = server_lock.split("\nmlflow==", 1)[1].split()[0]
    assert f"\nmlflow-skinny=={server_version} " in app_lock
    assert "\nmlflow==" not in app_lock
    assert "\ngraphene==" not in app_lock
