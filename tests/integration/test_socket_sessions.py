"""A WebSocket ends with its session: logout, disabling, a role change, a password change or reset, a revoked API
token and expiry close the user's open sockets with 4403 within seconds (issue 15), through Nginx."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.api import create_user, login, post
from tests.data import create_dataset
from tests.stack import HTTP_PORT, jwt_secret

WS_URL = f"ws://127.0.0.1:{HTTP_PORT}/graphql"
ACTIVITY = "subscription($d: ID!) { datasetActivity(datasetId: $d) { datasetId queueDepth } }"
CLOSE_WITHIN_S = 8.0


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def dataset(admin_token: str) -> str:
    return create_dataset(admin_token)


async def _open(token: str) -> ClientConnection:
    ws = await connect(WS_URL, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
    ack = json.loads(await ws.recv())
    assert ack["type"] == "connection_ack", ack
    return ws


async def _subscribe(ws: ClientConnection, dataset: str, operation_id: str = "1") -> dict[str, Any]:
    await ws.send(
        json.dumps(
            {"id": operation_id, "type": "subscribe", "payload": {"query": ACTIVITY, "variables": {"d": dataset}}}
        )
    )
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
    return message


async def _closed_code(ws: ClientConnection, within_s: float) -> tuple[int | None, float, list[dict[str, Any]]]:
    """Wait for the server to close the socket: (close code, seconds waited, messages received meanwhile)."""
    started = time.monotonic()
    received: list[dict[str, Any]] = []
    try:
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, within_s - (time.monotonic() - started)))
            received.append(json.loads(raw))
    except ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd is not None else None
        return code, time.monotonic() - started, received
    except TimeoutError:
        await ws.close()
        return None, time.monotonic() - started, received


def _fresh_user(admin_token: str) -> tuple[dict[str, Any], str]:
    user = create_user(admin_token)
    return user, login(user["username"], user["password"])


def _logout(admin_token: str, user: dict[str, Any], token: str) -> None:
    assert "errors" not in post("mutation { logout { revokedBefore } }", {}, token)


def _disable(admin_token: str, user: dict[str, Any], token: str) -> None:
    body = post(
        "mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { __typename } }",
        {"id": user["id"]},
        admin_token,
    )
    assert body["data"]["setUserDisabled"]["__typename"] == "UserSuccess", body


def _make_admin(admin_token: str, user: dict[str, Any], token: str) -> None:
    body = post(
        "mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { __typename } }",
        {"id": user["id"]},
        admin_token,
    )
    assert body["data"]["changeUserRole"]["__typename"] == "UserSuccess", body


def _change_password(admin_token: str, user: dict[str, Any], token: str) -> None:
    body = post(
        'mutation($c: String!) { changeOwnPassword(currentPassword: $c, newPassword: "a-new-password-7") '
        "{ __typename } }",
        {"c": user["password"]},
        token,
    )
    assert body["data"]["changeOwnPassword"]["__typename"] == "LoginSuccess", body


def _reset_password(admin_token: str, user: dict[str, Any], token: str) -> None:
    body = post(
        'mutation($id: ID!) { resetUserPassword(userId: $id, newPassword: "reset-password-77") { __typename } }',
        {"id": user["id"]},
        admin_token,
    )
    assert body["data"]["resetUserPassword"]["__typename"] == "UserSuccess", body


ENDINGS: dict[str, Callable[[str, dict[str, Any], str], None]] = {
    "logout": _logout,
    "disable": _disable,
    "role change": _make_admin,
    "password change": _change_password,
    "password reset": _reset_password,
}


@pytest.mark.parametrize("ending", list(ENDINGS))
async def test_the_end_of_a_session_closes_its_open_socket_with_4403(
    admin_token: str, dataset: str, ending: str
) -> None:
    # given: a live subscription of a USER
    user, token = _fresh_user(admin_token)
    ws = await _open(token)
    first = await _subscribe(ws, dataset)
    assert first["type"] == "next", first
    # when
    await asyncio.to_thread(ENDINGS[ending], admin_token, user, token)
    # then
    code, waited, _ = await _closed_code(ws, CLOSE_WITHIN_S)
    assert code == 4403, f"socket still open {waited:.1f}s after {ending}"


async def test_revoking_the_api_token_of_a_socket_closes_it(admin_token: str, dataset: str) -> None:
    # given
    _, token = _fresh_user(admin_token)
    created = post(
        'mutation { createApiToken(name: "socket") { ... on CreateApiTokenSuccess { token apiToken { id } } } }',
        {},
        token,
    )["data"]["createApiToken"]
    ws = await _open(created["token"])
    assert (await _subscribe(ws, dataset))["type"] == "next"
    # when
    revoked = post(
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }", {"id": created["apiToken"]["id"]}, token
    )
    assert revoked["data"]["revokeApiToken"]["__typename"] == "RevokeApiTokenSuccess"
    # then
    code, waited, _ = await _closed_code(ws, CLOSE_WITHIN_S)
    assert code == 4403, f"socket still open {waited:.1f}s after the revocation"


async def test_an_expiring_access_token_closes_its_socket_when_it_expires(admin_token: str, dataset: str) -> None:
    # given: a token of a real user that expires in 2 seconds, forged with the stack's secret
    user, _ = _fresh_user(admin_token)
    now = time.time()
    claims = {
        "iss": "labelloop",
        "aud": "labelloop-api",
        "sub": user["id"],
        "iat": round(now, 3),
        "nbf": int(now),
        "exp": int(now) + 2,
        "jti": uuid.uuid4().hex,
    }
    ws = await _open(jwt.encode(claims, jwt_secret(), algorithm="HS256"))
    assert (await _subscribe(ws, dataset))["type"] == "next"
    # when: time passes
    # then
    code, waited, _ = await _closed_code(ws, 2 + CLOSE_WITHIN_S)
    assert code == 4403, f"socket still open {waited:.1f}s after it was opened with a 2 s token"
    assert waited >= 1.0  # not before it expired


async def test_a_new_subscription_after_logout_is_refused_at_once(admin_token: str, dataset: str) -> None:
    # given: an open socket with no subscription yet
    _, token = _fresh_user(admin_token)
    ws = await _open(token)
    assert "errors" not in await asyncio.to_thread(post, "mutation { logout { revokedBefore } }", {}, token)
    # when: a subscription is asked right after the logout
    await ws.send(
        json.dumps({"id": "late", "type": "subscribe", "payload": {"query": ACTIVITY, "variables": {"d": dataset}}})
    )
    # then: no data, the socket closes with 4403
    code, _, received = await _closed_code(ws, CLOSE_WITHIN_S)
    assert code == 4403
    assert [m for m in received if m.get("type") == "next"] == []


async def test_a_socket_of_a_valid_session_stays_open(admin_token: str, dataset: str) -> None:
    # given
    _, token = _fresh_user(admin_token)
    ws = await _open(token)
    assert (await _subscribe(ws, dataset))["type"] == "next"
    # when: another user logs out, and time passes
    _, other = _fresh_user(admin_token)
    assert "errors" not in await asyncio.to_thread(post, "mutation { logout { revokedBefore } }", {}, other)
    # then
    code, _, _ = await _closed_code(ws, 5.0)
    assert code is None  # still open: we closed it ourselves after waiting
