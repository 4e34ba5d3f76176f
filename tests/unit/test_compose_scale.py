"""docker-compose.scale.yml, validated by the real Compose CLI over docker-compose.yml: a three-node Elasticsearch
cluster with one replica per shard, a three-member MongoDB replica set written with w: majority, N API replicas
that Nginx re-resolves, and M workers (docs/scaling.md)."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from tests.stack import ROOT
from tests.unit.test_compose_topology import _compose_bin

SCALE = ("docker-compose.yml", "docker-compose.scale.yml")
PRODUCTION_SCALE = ("docker-compose.yml", "docker-compose.prod.yml", "docker-compose.scale.yml")
KNOBS = ("LABELLOOP_API_REPLICAS", "LABELLOOP_WORKERS", "MONGO_ROOT_PASSWORD", "LABELLOOP_MONGO_APP_PASSWORD")
REPLICA_SET_URI = "@mongo:27017,mongo-2:27017,mongo-3:27017/labelloop?authSource=labelloop&replicaSet=rs0"


def _config(*files: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`docker compose -f … --profile tools config --format json` with `env` over the caller's environment minus
    the knobs (the `tools` profile adds the `cli` service)."""
    clean = {k: v for k, v in os.environ.items() if k not in KNOBS and not k.startswith("MONGO_EXPRESS_")}
    command = [str(_compose_bin())]
    for name in files:
        command += ["-f", str(ROOT / name)]
    return subprocess.run(
        [*command, "--profile", "tools", "config", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        check=False,
    )


def _services(*files: str, **env: str) -> dict[str, Any]:
    result = _config(*files, **env)
    assert result.returncode == 0, result.stderr
    services: dict[str, Any] = json.loads(result.stdout)["services"]
    return services


def test_the_scale_override_adds_the_cluster_members_and_a_replica_set_job() -> None:
    assert set(_services(*SCALE)) == {
        "mongo",
        "mongo-2",
        "mongo-3",
        "mongo-replica-set",
        "mongo-init",
        "elasticsearch",
        "elasticsearch-2",
        "elasticsearch-3",
        "redis",
        "mlflow",
        "api",
        "worker",
        "cli",
        "nginx",
    }


def test_three_elasticsearch_nodes_form_one_cluster_and_the_app_keeps_a_replica_of_every_shard() -> None:
    services = _services(*SCALE)
    nodes = ("elasticsearch", "elasticsearch-2", "elasticsearch-3")
    for node in nodes:
        environment = services[node]["environment"]
        assert "discovery.type" not in environment, node  # single-node mode is the base file's, and it is gone
        assert environment["node.name"] == node
        assert environment["cluster.name"] == "labelloop"
        assert environment["discovery.seed_hosts"].split(",") == list(nodes)
        assert environment["cluster.initial_master_nodes"].split(",") == list(nodes)
        assert services[node]["healthcheck"]["test"]
    assert {services[node]["volumes"][0]["source"] for node in nodes} == {"es-data", "es-data-2", "es-data-3"}
    for app in ("api", "worker", "cli"):
        environment = services[app]["environment"]
        assert environment["LABELLOOP_ELASTICSEARCH_URL"].split(",") == [f"http://{node}:9200" for node in nodes]
        assert environment["LABELLOOP_ELASTICSEARCH_REPLICAS"] == "1"


def test_three_mongodb_members_run_as_replica_set_rs0_with_a_shared_key() -> None:
    services = _services(*SCALE)
    for member in ("mongo", "mongo-2", "mongo-3"):
        entrypoint = services[member]["entrypoint"]
        assert entrypoint[:2] == ["/bin/bash", "-c"], member
        assert "mongod --replSet rs0 --keyFile /tmp/replica-set.key --bind_ip_all" in entrypoint[2]
        assert services[member]["environment"]["LABELLOOP_MONGO_KEY_SEED"] == "root-demo"
        assert services[member]["healthcheck"]["test"]
    assert {services[m]["volumes"][0]["source"] for m in ("mongo", "mongo-2", "mongo-3")} == {
        "mongo-data",
        "mongo-data-2",
        "mongo-data-3",
    }
    # the one-shot job initiates the set once all three answer, then the database bootstrap runs on its primary
    replica_set = services["mongo-replica-set"]
    assert replica_set["restart"] == "no"
    assert {d: v["condition"] for d, v in replica_set["depends_on"].items()} == dict.fromkeys(
        ("mongo", "mongo-2", "mongo-3"), "service_healthy"
    )
    script = replica_set["command"][-1]
    assert "rs.initiate(" in script
    assert all(f"host: '{m}:27017'" in script for m in ("mongo", "mongo-2", "mongo-3"))
    init = services["mongo-init"]
    assert "rs0/mongo:27017,mongo-2:27017,mongo-3:27017" in init["command"]
    assert init["command"][-1] == "/init-mongo.js"
    assert init["depends_on"]["mongo-replica-set"]["condition"] == "service_completed_successfully"


def test_the_key_shared_by_the_members_is_derived_from_the_root_password_of_production() -> None:
    # given the production secrets
    env = {
        "LABELLOOP_JWT_SECRET": "jwt-secret-0123456789abcdef0123456789",
        "LABELLOOP_MONGO_APP_PASSWORD": "app-password-0123456789abcdef",
        "MONGO_ROOT_PASSWORD": "root-password-0123456789abcdef",
    }
    # when Compose renders production with the scale override
    services = _services(*PRODUCTION_SCALE, **env)
    # then every member's key comes from the production root password, never the demo one
    for member in ("mongo", "mongo-2", "mongo-3"):
        assert services[member]["environment"]["LABELLOOP_MONGO_KEY_SEED"] == env["MONGO_ROOT_PASSWORD"]
    assert env["MONGO_ROOT_PASSWORD"] in services["mongo-replica-set"]["command"]
    # and the app runs in production, on the replica set, with the production password
    for app in ("api", "worker"):
        environment = services[app]["environment"]
        assert environment["LABELLOOP_MODE"] == "production"
        assert environment["LABELLOOP_MONGO_URI"] == f"mongodb://labelloop:{env['LABELLOOP_MONGO_APP_PASSWORD']}" + (
            REPLICA_SET_URI
        )


def test_the_app_connects_to_the_replica_set_and_waits_for_it() -> None:
    services = _services(*SCALE)
    for app in ("api", "worker", "cli"):
        environment = services[app]["environment"]
        assert environment["LABELLOOP_MONGO_URI"] == "mongodb://labelloop:labelloop-demo" + REPLICA_SET_URI
        if app == "cli":
            continue
        conditions = {d: v["condition"] for d, v in services[app]["depends_on"].items()}
        assert conditions["mongo-replica-set"] == "service_completed_successfully"
        assert conditions["mongo-init"] == "service_completed_successfully"
        assert conditions["elasticsearch-2"] == conditions["elasticsearch-3"] == "service_healthy"


def test_api_replicas_and_workers_follow_their_knobs() -> None:
    defaults = _services(*SCALE)
    assert (defaults["api"]["deploy"]["replicas"], defaults["worker"]["deploy"]["replicas"]) == (3, 2)
    chosen = _services(*SCALE, LABELLOOP_API_REPLICAS="6", LABELLOOP_WORKERS="4")
    assert (chosen["api"]["deploy"]["replicas"], chosen["worker"]["deploy"]["replicas"]) == (6, 4)


def test_a_count_that_is_not_a_number_is_refused_by_compose() -> None:
    result = _config(*SCALE, LABELLOOP_API_REPLICAS="three")
    assert result.returncode != 0
    assert "services.api.deploy.replicas" in result.stderr


def test_nginx_re_resolves_every_api_replica() -> None:
    servers = _services(*SCALE)["nginx"]["environment"]["LABELLOOP_API_SERVERS"]
    directives = [d.strip() for d in servers.split(";") if d.strip()]
    assert directives == [
        "zone labelloop_api 256k",  # `resolve` needs the upstream in shared memory
        "resolver 127.0.0.11 valid=5s ipv6=off",  # Docker's DNS, asked again every 5 s
        "server api:8000 resolve max_fails=1 fail_timeout=2s",
    ]
    # the template puts them inside the upstream, whose balancing and keepalive stay as they are
    template = (ROOT / "nginx" / "labelloop.conf.template").read_text()
    upstream = template.split("upstream labelloop_api {", 1)[1].split("\n}", 1)[0]
    assert [line.strip() for line in upstream.splitlines() if line.strip() and "#" not in line] == [
        "least_conn;",
        "${LABELLOOP_API_SERVERS}",
        "keepalive 32;",
        "keepalive_timeout 60s;",
    ]
    # and the image's Nginx has `resolve` (open source since 1.27.3)
    dockerfile = (ROOT / "nginx" / "Dockerfile").read_text()
    assert "FROM nginx:1.27.5-alpine" in dockerfile
