"""docs/production.md from an empty state: the first ADMIN comes from the command line, production starts, the
ADMIN logs in; demo accounts can be removed and users deleted, through the same services as the API."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pymongo import MongoClient

from tests.api import LOGIN
from tests.integration.test_production_mode import _env, _free_port, _uvicorn
from tests.stack import ES_URL, MLFLOW_PORT, MONGO_URI, REDIS_URL, ROOT, init_mongo

VIEWER = "{ viewer { user { username role } } }"


def _cli(database: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`scripts/stack.sh cli ARGS` as docs/production.md runs it: production mode, on `database`."""
    env = {**os.environ, "LABELLOOP_MODE": "production", "LABELLOOP_MONGO_DB": database}
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "stack.sh"), "cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A new database with nothing in it but what init-mongo.js creates (as `make up` and Compose run it)."""
    name = f"labelloop_prodsetup_{uuid.uuid4().hex[:8]}"
    bootstrap = init_mongo(name)
    assert bootstrap.returncode == 0, bootstrap.stdout + bootstrap.stderr
    yield name
    with MongoClient(MONGO_URI) as client:
        client.drop_database(name)


def _start_production_api(database: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    # every service of this stack (the other tests' _env leaves Elasticsearch, Redis and MLflow at default ports)
    env = _env(
        LABELLOOP_MONGO_DB=database,
        LABELLOOP_ELASTICSEARCH_URL=ES_URL,
        LABELLOOP_REDIS_URL=REDIS_URL,
        LABELLOOP_MLFLOW_URL=f"http://127.0.0.1:{MLFLOW_PORT}/mlflow",
    )
    process = _uvicorn(env, port, log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)


def _login(url: str, username: str, password: str) -> dict[str, object]:
    body = httpx.post(
        f"{url}/graphql", json={"query": LOGIN, "variables": {"username": username, "password": password}}, timeout=30
    ).json()
    result: dict[str, object] = body["data"]["login"]
    return result


def test_the_first_admin_created_as_the_docs_say_logs_in_to_production(empty_database: str, tmp_path: Path) -> None:
    # given an empty database, and the first ADMIN's password in a file (docs/production.md, step 2)
    password_file = tmp_path / "alice.password"
    password_file.write_text("a long production password\n")
    # when the operator creates the ADMIN with the command line, and a second one with the password on stdin
    alice = _cli(empty_database, "create-admin", "alice", "--password-file", str(password_file))
    bob = _cli(empty_database, "create-admin", "bob", stdin="bob's own password 42\n")
    assert alice.returncode == 0, alice.stderr
    assert alice.stdout.startswith("created ADMIN 'alice' (id u_")
    assert bob.returncode == 0, bob.stderr
    # and production starts on that database
    process, url = _start_production_api(empty_database, tmp_path / "api.log")
    try:
        # then both log in as ADMIN, and the demo account does not exist
        login = _login(url, "alice", "a long production password")
        assert login["__typename"] == "LoginSuccess", login
        token = login["accessToken"]
        viewer = httpx.post(
            f"{url}/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).json()
        assert viewer == {"data": {"viewer": {"user": {"username": "alice", "role": "ADMIN"}}}}
        assert _login(url, "bob", "bob's own password 42")["__typename"] == "LoginSuccess"
        assert _login(url, "admin", "admin")["__typename"] == "InvalidCredentialsError"
        # and when bob is deleted, his login and his token stop working
        bob_token = _login(url, "bob", "bob's own password 42")["accessToken"]
        deleted = _cli(empty_database, "delete-user", "bob")
        assert (deleted.returncode, deleted.stdout.split(" (id")[0]) == (0, "deleted ADMIN 'bob'")
        assert _login(url, "bob", "bob's own password 42")["__typename"] == "InvalidCredentialsError"
        refused = httpx.post(
            f"{url}/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {bob_token}"}, timeout=30
        ).json()
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        # and alice, now the only enabled ADMIN, cannot be deleted
        last = _cli(empty_database, "delete-user", "alice")
        assert (last.returncode, last.stderr) == (
            2,
            "error: 'alice' is the only enabled ADMIN: create another ADMIN first (cli create-admin), then delete it\n",
        )
        assert _login(url, "alice", "a long production password")["__typename"] == "LoginSuccess"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_create_admin_refuses_a_bad_password_and_an_unknown_user_cannot_be_deleted(empty_database: str) -> None:
    short = _cli(empty_database, "create-admin", "dave", stdin="short\n")
    assert (short.returncode, short.stderr) == (
        2,
        "error: password: the password has 5 characters: use between 8 and 256\n",
    )
    missing = _cli(empty_database, "delete-user", "nobody")
    assert (missing.returncode, missing.stderr) == (
        2,
        "error: no account is named 'nobody': check the name (usernames are lowercase)\n",
    )
    with MongoClient(MONGO_URI) as client:
        assert client[empty_database]["users"].count_documents({}) == 0


def test_remove_demo_accounts_deletes_only_the_demo_ones(empty_database: str) -> None:
    # given the two demo accounts of a state first started in demo mode, and an operator's own `admin`-like account
    with MongoClient(MONGO_URI) as client:
        users = client[empty_database]["users"]
        for username, role, demo in (("user", "USER", True), ("admin", "ADMIN", True), ("erin", "ADMIN", False)):
            users.insert_one(
                {
                    "_id": f"id-{username}",
                    "username": username,
                    "role": role,
                    "password_hash": "not-a-hash",
                    "created_at": datetime.now(UTC),
                    "disabled": False,
                    "demo": demo,
                    "tokens_valid_after": None,
                    "api_tokens": [],
                }
            )
    # when the operator removes the demo accounts
    removed = _cli(empty_database, "remove-demo-accounts")
    # then the demo accounts are gone and the operator's stays
    assert (removed.returncode, removed.stdout) == (0, "removed the demo accounts ['user', 'admin']\n")
    with MongoClient(MONGO_URI) as client:
        assert sorted(u["username"] for u in client[empty_database]["users"].find({})) == ["erin"]
