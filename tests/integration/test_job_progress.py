"""`jobProgress` over WebSocket through Nginx: the current state first, then each change, until it ends."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import connect

from tests.api import login
from tests.data import create_dataset, jsonl, upload, wait_for_job
from tests.stack import HTTP_PORT

SUBSCRIPTION = "subscription($id: ID!) { jobProgress(id: $id) { state done total message problemCount } }"


async def _follow(token: str, job_id: str) -> list[dict[str, Any]]:
    states: list[dict[str, Any]] = []
    async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION, "variables": {"id": job_id}}}
            )
        )
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=60))
            if message["type"] == "complete":
                return states
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            states.append(message["payload"]["data"]["jobProgress"])


async def test_an_import_is_followed_live_to_its_end() -> None:
    token = login("admin", "admin")
    dataset = create_dataset(token)
    rows = [{"id": f"p{i}", "text": f"progress {i}"} for i in range(5000)] + [{"id": "bad", "label": "pos"}]
    result = upload(token, dataset, jsonl(rows), "progress.jsonl")
    states = await _follow(token, result["job"]["id"])
    assert states[-1] == {
        "state": "SUCCEEDED",
        "done": 5001,
        "total": 5001,
        "message": "5000 items stored, 1 line skipped",
        "problemCount": 1,
    }
    assert states[0]["state"] in ("QUEUED", "RUNNING")
    assert len(states) >= 2
    dones = [s["done"] for s in states]
    assert dones == sorted(dones)


async def test_following_a_finished_job_gives_its_final_state_and_completes() -> None:
    token = login("admin", "admin")
    dataset = create_dataset(token)
    result = upload(token, dataset, jsonl([{"id": "1", "text": "one"}]), "one.jsonl")
    wait_for_job(token, result["job"]["id"])
    states = await _follow(token, result["job"]["id"])
    assert [s["state"] for s in states] == ["SUCCEEDED"]


async def test_another_users_job_cannot_be_followed() -> None:
    from tests.api import create_user

    admin_token = login("admin", "admin")
    dataset = create_dataset(admin_token)
    result = upload(admin_token, dataset, jsonl([{"id": "1", "text": "one"}]), "one.jsonl")
    user = create_user(admin_token)
    token = login(user["username"], user["password"])
    async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        await ws.recv()
        variables = {"id": result["job"]["id"]}
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION, "variables": variables}})
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
    assert message["type"] == "error" or message["payload"].get("errors"), message
    text = json.dumps(message)
    assert "no job has id" in text
