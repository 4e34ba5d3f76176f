"""docker-compose.yml trusts forwarded addresses from Nginx only; the production override refuses default secrets."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from tests.stack import ROOT
from tests.unit.test_compose_topology import _compose_bin

SECRETS = ("LABELLOOP_JWT_SECRET", "LABELLOOP_MONGO_APP_PASSWORD", "MONGO_ROOT_PASSWORD")


def _config(*files: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    command = [str(_compose_bin())]
    for name in files:
        command += ["-f", str(ROOT / name)]
    return subprocess.run(
        [*command, "config", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        check=False,
    )


def _model(*files: str, **env: str) -> dict[str, Any]:
    result = _config(*files, **env)
    assert result.returncode == 0, result.stderr
    model: dict[str, Any] = json.loads(result.stdout)
    return model


def test_the_api_believes_x_forwarded_for_from_the_nginx_address_only() -> None:
    # given the demo compose file
    services = _model("docker-compose.yml")["services"]
    # then the API trusts exactly the fixed address that Nginx has, and never every address
    nginx_address = services["nginx"]["networks"]["default"]["ipv4_address"]
    command = services["api"]["command"]
    assert f"--forwarded-allow-ips={nginx_address}" in command
    assert not any(arg.startswith("--forwarded-allow-ips") and "*" in arg for arg in command)
    # and Nginx itself believes no proxy in front unless told
    assert services["nginx"]["environment"]["LABELLOOP_TLS_PROXY_ADDRESS"] == "unix:"


def test_nginx_replaces_x_forwarded_for_instead_of_appending_to_the_clients() -> None:
    template = (ROOT / "nginx" / "labelloop.conf.template").read_text()
    assert "$proxy_add_x_forwarded_for" not in template
    # every proxied location sets it: the API, its auth checks, the exports, MLflow and mongo-express
    assert template.count("proxy_set_header X-Forwarded-For $remote_addr;") == template.count("proxy_pass ")


def test_production_override_refuses_to_start_without_each_secret() -> None:
    for missing in SECRETS:
        # given every secret but one
        env = {name: "a-random-secret-of-forty-characters-0000" for name in SECRETS if name != missing}
        # when Compose renders the production files
        result = _config("docker-compose.yml", "docker-compose.prod.yml", **env)
        # then it refuses, naming the missing variable
        assert result.returncode != 0, missing
        assert f"set {missing} to a random secret" in result.stderr, result.stderr


def test_production_override_runs_the_app_in_production_mode_with_the_given_secrets() -> None:
    # given every secret
    env = {name: f"{name.lower()}-0123456789abcdef0123456789" for name in SECRETS}
    # when Compose renders the production files
    services = _model("docker-compose.yml", "docker-compose.prod.yml", **env)["services"]
    # then the API and the worker run in production mode with those secrets, and Mongo's root has its own
    for name in ("api", "worker"):
        environment = services[name]["environment"]
        assert environment["LABELLOOP_MODE"] == "production"
        assert environment["LABELLOOP_JWT_SECRET"] == env["LABELLOOP_JWT_SECRET"]
        assert f":{env['LABELLOOP_MONGO_APP_PASSWORD']}@mongo:27017/" in environment["LABELLOOP_MONGO_URI"]
    assert services["mongo"]["environment"]["MONGO_INITDB_ROOT_PASSWORD"] == env["MONGO_ROOT_PASSWORD"]
    assert services["mongo"]["environment"]["LABELLOOP_MONGO_APP_PASSWORD"] == env["LABELLOOP_MONGO_APP_PASSWORD"]
