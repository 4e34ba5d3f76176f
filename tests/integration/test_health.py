"""The first slice: `health` through Nginx, over two API replicas, with each service stopped in turn."""

from __future__ import annotations

import os
import signal
from typing import Any

import httpx
import pytest

from tests.stack import REPLICA_NAMES, graphql, restarts, service_pid, stack, wait_for

HEALTH = """
query Health {
  health { replica status services { name status reason latencyMs } }
}
"""
ALL_SERVICES = {"MONGO", "ELASTICSEARCH", "REDIS", "MLFLOW"}


def _health(http: httpx.Client) -> dict[str, Any]:
    body = graphql(http, HEALTH)
    assert "errors" not in body, body
    health: dict[str, Any] = body["data"]["health"]
    return health


def _all_up(http: httpx.Client) -> bool:
    return all(_health(http)["status"] == "UP" for _ in range(4))


def test_health_queries_through_nginx_reach_both_replicas(http: httpx.Client) -> None:
    # given the stack with its API replicas behind Nginx (two by default)
    # when 20 health queries go through Nginx
    answers = [_health(http) for _ in range(20)]
    # then both replicas answered, and every service is up with no reason
    assert {a["replica"] for a in answers} == REPLICA_NAMES
    for answer in answers:
        assert answer["status"] == "UP"
        assert {s["name"] for s in answer["services"]} == ALL_SERVICES
        assert all(s["status"] == "UP" and s["reason"] is None for s in answer["services"])


def test_requests_keep_succeeding_when_one_replica_is_killed(http: httpx.Client) -> None:
    # given replica api-1 killed without warning
    pid = service_pid("api-1")
    restarts_before = restarts("api-1")
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not _alive(pid), 10, "api-1 to die")
    # when 20 health queries go through Nginx
    answers = [_health(http) for _ in range(20)]
    # then every one succeeded (the first ones answered by the surviving replica)
    assert answers[0]["replica"] == "api-2"
    assert all(a["status"] == "UP" for a in answers)
    # and api-1 comes back by itself: its supervisor counts the restart, and Nginx sends it requests again
    wait_for(lambda: restarts("api-1") == restarts_before + 1, 10, "api-1's supervisor to restart it")
    wait_for(lambda: "api-1" in {_health(http)["replica"] for _ in range(6)}, 60, "api-1 to serve again")
    assert service_pid("api-1") != pid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize(
    ("service", "name"),
    [("elasticsearch", "ELASTICSEARCH"), ("mongo", "MONGO"), ("redis", "REDIS"), ("mlflow", "MLFLOW")],
)
def test_a_stopped_service_is_reported_down_alone(http: httpx.Client, service: str, name: str) -> None:
    # given every service up, then one stopped
    wait_for(lambda: _all_up(http), 60, "every service to be up")
    stack("stop", service)
    try:
        # when both replicas are asked
        answers = [_health(http) for _ in range(4)]
        readyz = http.get("/readyz")
        # then exactly that service is DOWN on each, with a readable reason, and /readyz is 503
        assert {a["replica"] for a in answers} == REPLICA_NAMES
        for answer in answers:
            assert answer["status"] == "DOWN"
            down = {s["name"]: s["reason"] for s in answer["services"] if s["status"] == "DOWN"}
            assert list(down) == [name], answer
            assert "connection refused" in down[name], down[name]
            assert all(s["reason"] is None for s in answer["services"] if s["status"] == "UP")
        assert readyz.status_code == 503
        ready_body = readyz.json()
        assert ready_body["status"] == "not ready"
        assert [k for k, v in ready_body["services"].items() if not v["up"]] == [service]
    finally:
        stack("start", service)
    # and when it is back, every service is UP again without restarting the API
    wait_for(lambda: _all_up(http), 60, f"{service} to be reported up again")
    assert http.get("/readyz").status_code == 200
