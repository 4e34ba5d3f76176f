"""WebSocket connections authenticate at connection_init (graphql-transport-ws), through Nginx."""

from __future__ import annotations

import json
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.api import login
from tests.stack import HTTP_PORT

WS_URL = f"ws://127.0.0.1:{HTTP_PORT}/graphql"


async def _init(payload: dict[str, Any] | None) -> dict[str, Any]:
    async with connect(WS_URL, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        message: dict[str, Any] = {"type": "connection_init"}
        if payload is not None:  # None: no payload at all
            message["payload"] = payload
        await ws.send(json.dumps(message))
        answer: dict[str, Any] = json.loads(await ws.recv())
        return answer


async def test_a_valid_token_in_connection_init_is_acknowledged() -> None:
    token = login("admin", "admin")
    answer = await _init({"Authorization": f"Bearer {token}"})
    assert answer == {"type": "connection_ack", "payload": {"viewer": "admin"}}


@pytest.mark.parametrize("payload", [None, {}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "x"}])
async def test_a_missing_or_bad_token_closes_the_socket_with_4403(payload: dict[str, Any] | None) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        await _init(payload)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
