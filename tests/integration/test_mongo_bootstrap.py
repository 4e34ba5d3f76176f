"""init-mongo.js is the one bootstrap of the database, and the application refuses to start without it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient, MongoClient

from backend.clients.mongo_bootstrap import (
    REQUIRED_COLLECTIONS,
    DatabaseNotBootstrapped,
    check_bootstrapped,
)
from tests.stack import MONGO_PORT, MONGO_URI, ROOT, init_mongo

ADDRESS = f"127.0.0.1:{MONGO_PORT}"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """The name of a database that does not exist yet on the stack's server; dropped afterwards."""
    name = f"labelloop_boot_{uuid.uuid4().hex[:8]}"
    yield name
    with MongoClient(MONGO_URI) as mongo:
        mongo.drop_database(name)


def _layout(database: str) -> dict[str, list[tuple[str, dict[str, int], bool, bool]]]:
    """Each collection of `database` with its indexes as (name, key, unique, sparse), sorted."""
    with MongoClient(MONGO_URI) as mongo:
        db = mongo[database]
        return {
            name: sorted(
                (i["name"], dict(i["key"]), bool(i.get("unique")), bool(i.get("sparse")))
                for i in db[name].list_indexes()
            )
            for name in sorted(db.list_collection_names())
        }


def _check(database: str) -> None:
    async def run() -> None:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO_URI)
        try:
            await check_bootstrapped(client[database], ADDRESS)
        finally:
            await client.close()

    asyncio.run(run())


ID_INDEX = ("_id_", {"_id": 1}, False, False)
EXPECTED_LAYOUT = {name: [ID_INDEX] for name in REQUIRED_COLLECTIONS} | {
    "users": [ID_INDEX, ("username_unique", {"username": 1}, True, False)],
    "items": [ID_INDEX, ("items_cas", {"cas": 1}, True, True)],
    "jobs": [ID_INDEX, ("jobs_cas", {"cas": 1}, True, True)],
}


def test_init_mongo_twice_on_an_empty_database_creates_the_same_collections_and_indexes(fresh_database: str) -> None:
    # given a database that does not exist
    assert _layout(fresh_database) == {}
    # when init-mongo.js runs twice
    first = init_mongo(fresh_database)
    after_first = _layout(fresh_database)
    second = init_mongo(fresh_database)
    # then both runs succeed, and the second changes nothing
    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    assert after_first == EXPECTED_LAYOUT
    assert _layout(fresh_database) == EXPECTED_LAYOUT
    assert "init-mongo: created collection 'items'" in first.stdout
    assert "created collection" not in second.stdout
    assert f"init-mongo: database '{fresh_database}' ready" in second.stdout


def test_init_mongo_skips_the_application_user_on_a_server_without_users(fresh_database: str) -> None:
    # when init-mongo.js is asked for the application user on the native MongoDB-wire server (no createUser)
    result = init_mongo(fresh_database, LABELLOOP_MONGO_APP_USER="app", LABELLOOP_MONGO_APP_PASSWORD="app-secret-1")
    # then it says so and bootstraps the rest
    assert result.returncode == 0, result.stdout + result.stderr
    assert "init-mongo: this server has no createUser command (the native MongoDB-wire server)" in result.stdout
    assert _layout(fresh_database) == EXPECTED_LAYOUT


def test_what_init_mongo_creates_passes_the_start_up_check(fresh_database: str) -> None:
    # given a database bootstrapped by init-mongo.js
    assert init_mongo(fresh_database).returncode == 0
    # when the application checks it, then nothing is missing
    _check(fresh_database)


def test_the_start_up_check_names_a_missing_index_and_init_mongo(fresh_database: str) -> None:
    # given a bootstrapped database whose compare-and-set index was dropped
    assert init_mongo(fresh_database).returncode == 0
    with MongoClient(MONGO_URI) as mongo:
        mongo[fresh_database]["items"].drop_index("items_cas")
    # when the application checks it
    with pytest.raises(DatabaseNotBootstrapped) as refused:
        _check(fresh_database)
    # then the message names the index, the script and how to run it
    message = str(refused.value)
    assert f"MongoDB database '{fresh_database}' at {ADDRESS} is not bootstrapped: it lacks " in message
    assert "index items.items_cas (unique, sparse on cas)." in message
    assert "collection" not in message.split("is not bootstrapped")[1].split(". init-mongo.js")[0]
    assert f'scripts/tools/node_modules/.bin/mongosh "mongodb://{ADDRESS}/admin" init-mongo.js' in message


def test_an_empty_database_lacks_every_collection_and_index(fresh_database: str) -> None:
    # when the application checks a database init-mongo.js never ran on
    with pytest.raises(DatabaseNotBootstrapped) as refused:
        _check(fresh_database)
    # then every collection and both indexes are named
    message = str(refused.value)
    for name in REQUIRED_COLLECTIONS:
        assert f"collection {name};" in message
    assert "index users.username_unique (unique on username)" in message
    assert "index items.items_cas (unique, sparse on cas)" in message


def test_an_api_on_a_database_without_bootstrap_refuses_to_start_naming_init_mongo(fresh_database: str) -> None:
    # given an API process pointed at a database init-mongo.js never ran on
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABELLOOP_")}
    env |= {"LABELLOOP_MONGO_URI": MONGO_URI, "LABELLOOP_MONGO_DB": fresh_database, "LABELLOOP_REPLICA_ID": "boot"}
    command = [sys.executable, "-m", "uvicorn", "backend.main:create_app", "--factory", "--port", "0"]
    # when it starts
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=90, check=False)
    # then it exits, saying what is missing and which script creates it; and it created nothing
    assert process.returncode != 0
    output = process.stdout + process.stderr
    assert f"DatabaseNotBootstrapped: MongoDB database '{fresh_database}'" in output
    assert "init-mongo.js creates them" in output
    with MongoClient(MONGO_URI) as mongo:
        assert mongo[fresh_database].list_collection_names() == []
