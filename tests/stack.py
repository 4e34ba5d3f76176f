"""Where the native stack listens, and how tests stop and start its services (scripts/stack.sh)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from backend.clients.redis import OUTAGE_COOLDOWN_S

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("LABELLOOP_STATE_DIR", ROOT / ".state"))
HTTP_PORT = int(os.environ.get("LABELLOOP_HTTP_PORT", "8080"))
API_BASE_PORT = int(os.environ.get("LABELLOOP_API_BASE_PORT", "8000"))
API_REPLICAS = int(os.environ.get("LABELLOOP_API_REPLICAS", "2"))  # api-1 … api-N (scripts/stack.env.sh)
REPLICA_NAMES = {f"api-{n}" for n in range(1, API_REPLICAS + 1)}
REDIS_PORT = int(os.environ.get("LABELLOOP_REDIS_PORT", "6379"))
ES_URL = f"http://127.0.0.1:{int(os.environ.get('LABELLOOP_ES_PORT', '9200'))}"
MLFLOW_PORT = int(os.environ.get("LABELLOOP_MLFLOW_PORT", "5000"))
MONGO_PORT = int(os.environ.get("LABELLOOP_MONGO_PORT", "27017"))
MONGO_DB = os.environ.get("LABELLOOP_MONGO_DB", "labelloop")
MONGO_URI = f"mongodb://127.0.0.1:{MONGO_PORT}"
BASE_URL = f"http://127.0.0.1:{HTTP_PORT}"
GRAPHQL_URL = f"{BASE_URL}/graphql"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"


def stack(*args: str) -> None:
    """Run scripts/stack.sh with `args`; fail the test with its output when it fails."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "stack.sh"), *args], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"stack.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    if args[:1] in (("start",), ("restart",)) and args[1:2] == ("redis",):
        # a replica that saw Redis fail works without it for OUTAGE_COOLDOWN_S (per-replica login limits…): the
        # next test starts once every replica uses Redis again
        time.sleep(OUTAGE_COOLDOWN_S + 0.5)


def jwt_secret() -> str:
    """The stack's signing secret (tests forge expired tokens with it)."""
    return (STATE / "secrets" / "jwt-secret").read_text().strip()


def service_pid(service: str) -> int:
    """The pid of the service's own process (its supervisor restarts it when it dies); for Elasticsearch, the
    server JVM (its launcher is the process the supervisor watches)."""
    if service == "elasticsearch":
        return int((STATE / "elasticsearch" / "run" / "es.pid").read_text().strip())
    return int((STATE / "run" / f"{service}.child.pid").read_text().strip())


def restarts(service: str) -> int:
    """How many times the service's supervisor has started it again since `stack.sh start`."""
    path = STATE / "run" / f"{service}.restarts"
    if not path.exists():
        return 0
    fields = dict(part.split("=", 1) for part in path.read_text().split())
    return int(fields["restarts"])


def graphql(client: httpx.Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST one operation through Nginx; return the decoded body (asserting HTTP 200)."""
    response = client.post(GRAPHQL_URL, json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def init_mongo(database: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run init-mongo.js with mongosh on `database` of the stack's MongoDB server (as `make up` does), with `env`
    added to the environment; return it."""
    mongosh = ROOT / "scripts" / "tools" / "node_modules" / ".bin" / "mongosh"
    return subprocess.run(
        [str(mongosh), "--quiet", "--norc", f"{MONGO_URI}/admin", str(ROOT / "init-mongo.js")],
        env={**os.environ, **env, "LABELLOOP_MONGO_DB": database},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
