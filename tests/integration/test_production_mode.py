"""Production mode: refuses unsafe settings at start; hides introspection, suggestions, GraphiQL and internals."""

from __future__ import annotations

import os
import secrets
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.stack import MONGO_DB, MONGO_URI, ROOT, init_mongo

STRONG_SECRET = secrets.token_urlsafe(48)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABELLOOP_")}
    env.update(
        LABELLOOP_MODE="production",
        LABELLOOP_JWT_SECRET=STRONG_SECRET,
        LABELLOOP_MONGO_URI=MONGO_URI,
        LABELLOOP_MONGO_DB=f"labelloop_prodtest_{uuid.uuid4().hex[:8]}",
        LABELLOOP_REPLICA_ID="prod-test",
    )
    env.update(overrides)
    return env


def _uvicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "backend.main:create_app", "--factory", "--port", str(port)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _refusal(env: dict[str, str], tmp_path: Path) -> str:
    """Start an API with `env`; assert it exits on its own, and return what it printed."""
    log = tmp_path / "api.log"
    process = _uvicorn(env, _free_port(), log)
    try:
        assert process.wait(timeout=60) != 0
    finally:
        process.kill()
    return log.read_text()


def test_production_refuses_the_demo_jwt_secret(tmp_path: Path) -> None:
    env = _env()
    del env["LABELLOOP_JWT_SECRET"]
    assert "production mode needs LABELLOOP_JWT_SECRET set to a random secret" in _refusal(env, tmp_path)


def test_production_refuses_a_short_jwt_secret(tmp_path: Path) -> None:
    assert "LABELLOOP_JWT_SECRET" in _refusal(_env(LABELLOOP_JWT_SECRET="short"), tmp_path)


def test_production_refuses_introspection(tmp_path: Path) -> None:
    output = _refusal(_env(LABELLOOP_INTROSPECTION="true"), tmp_path)
    assert "production mode refuses LABELLOOP_INTROSPECTION=true" in output


def test_production_refuses_to_start_while_demo_accounts_exist(tmp_path: Path) -> None:
    # the stack's own database has the demo accounts
    output = _refusal(_env(LABELLOOP_MONGO_DB=MONGO_DB), tmp_path)
    assert "production mode refuses to start while the demo accounts ['user', 'admin'] exist" in output


class _HttpNotRedis(socketserver.BaseRequestHandler):
    """Answers whatever it is sent as an HTTP server answers a request it cannot parse, at once."""

    def handle(self) -> None:
        self.request.recv(4096)
        self.request.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture(scope="module")
def not_redis() -> Iterator[int]:
    """The port of a server that answers, but not in Redis' protocol. (Not another service of the stack: MLflow's
    server, once used here, waits for the end of a request line that never comes, which reads as an outage.)"""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _HttpNotRedis)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def production_api(tmp_path_factory: pytest.TempPathFactory, not_redis: int) -> Iterator[tuple[str, Path]]:
    """A production API on a fresh database whose "Redis" answers, but not in Redis' protocol, which no code
    expects (an internal error, not an unreachable service)."""
    log = tmp_path_factory.mktemp("prod") / "api.log"
    port = _free_port()
    env = _env(LABELLOOP_REDIS_URL=f"redis://127.0.0.1:{not_redis}/0")
    bootstrap = init_mongo(env["LABELLOOP_MONGO_DB"])  # as `make up` does for the stack's own database
    assert bootstrap.returncode == 0, bootstrap.stdout + bootstrap.stderr
    process = _uvicorn(env, port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_introspection_is_off_in_production(production_api: tuple[str, Path]) -> None:
    url, _ = production_api
    body = httpx.post(f"{url}/graphql", json={"query": "{ __schema { types { name } } }"}).json()
    assert body["data"] is None
    assert "introspection has been disabled" in body["errors"][0]["message"]


def test_field_suggestions_are_off_in_production(production_api: tuple[str, Path]) -> None:
    url, _ = production_api
    body = httpx.post(f"{url}/graphql", json={"query": "{ healt { status } }"}).json()
    assert body["errors"][0]["message"] == "Cannot query field 'healt' on type 'Query'."


def test_graphiql_is_off_in_production(production_api: tuple[str, Path]) -> None:
    url, _ = production_api
    response = httpx.get(f"{url}/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in response.text.lower()


def test_unexpected_errors_are_masked_with_a_request_id_found_in_the_log(production_api: tuple[str, Path]) -> None:
    url, log = production_api
    # when login fails inside the API (its "Redis" answers in HTTP)
    response = httpx.post(
        f"{url}/graphql",
        json={"query": 'mutation { login(username: "a", password: "b") { __typename } }'},
        timeout=30,
    )
    # then the client sees only a request id, and the log line with that id has the real cause
    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert error["message"] == f"unexpected error: it was logged with request id {request_id}"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "redis" not in error["message"].lower()
    logged = log.read_text()
    assert f"request={request_id} labelloop.graphql: unexpected error" in logged
    assert "InvalidResponse" in logged
