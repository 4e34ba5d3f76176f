"""`datasetActivity` over WebSocket: a snapshot, then one per burst of labels, blind-aware."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import HTTP_PORT

ACTIVITY = """
subscription($d: ID!) {
  datasetActivity(datasetId: $d) {
    queueDepth labelsLastMinute percentAgreement statuses { status count } recent { annotator label }
  }
}
"""
ANNOTATE = "mutation($i: ID!, $l: String!) { annotateItem(itemId: $i, label: $l) { __typename } }"


async def _open(token: str, dataset: str) -> ClientConnection:
    ws = await connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": {"query": ACTIVITY, "variables": {"d": dataset}}})
    )
    return ws


async def _next(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
    assert message["type"] == "next", message
    activity: dict[str, Any] = message["payload"]["data"]["datasetActivity"]
    return activity


async def test_activity_streams_labels_and_hides_others_in_blind_mode() -> None:
    admin = login("admin", "admin")
    dataset = create_dataset(admin)
    blind = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2, blind: true}}) { id } }"
    post(blind.replace("{ id }", "{ __typename }"), {"d": dataset}, admin)
    import_file(admin, dataset, jsonl([{"id": f"a{i}", "text": f"activity {i}"} for i in range(3)]), "a.jsonl")
    users = [create_user(admin) for _ in range(2)]
    tokens = [login(u["username"], u["password"]) for u in users]
    admin_ws, user_ws = await _open(admin, dataset), await _open(tokens[0], dataset)
    try:
        first = await _next(admin_ws)
        assert first["queueDepth"] == 3
        assert first["recent"] == []
        await _next(user_ws)
        # when two annotators label the same item
        post(ANNOTATE, {"i": f"{dataset}:a0", "l": "pos"}, tokens[0])
        post(ANNOTATE, {"i": f"{dataset}:a0", "l": "neg"}, tokens[1])
        seen_by_admin: list[dict[str, Any]] = []
        while len(seen_by_admin) < 2:
            seen_by_admin += (await _next(admin_ws))["recent"]
        seen_by_user: list[dict[str, Any]] = []
        while not seen_by_user:
            seen_by_user += (await _next(user_ws))["recent"]
        # then the ADMIN sees both labels; the annotator, in this blind dataset, only their own
        assert sorted(n["label"] for n in seen_by_admin) == ["neg", "pos"]
        assert seen_by_user == [{"annotator": users[0]["username"], "label": "pos"}]
    finally:
        await admin_ws.close()
        await user_ws.close()
