"""Only Nginx sets the client address: a client-sent X-Forwarded-For cannot pick the login rate-limit key."""

from __future__ import annotations

import time
import uuid

import redis

from tests.api import LOGIN, client_from
from tests.stack import GRAPHQL_URL, REDIS_URL


def _rotating_attempts(address: str) -> list[str]:
    """12 wrong passwords from `address`, each claiming another client in X-Forwarded-For (and its cousins),
    all within one window of the login limit (a fixed minute): a run that straddles two is made again, after
    forgetting what it counted (its last attempts counted in the new minute: CI saw the rerun refused after 7)."""
    for _ in range(3):
        window = int(time.time() // 60)
        results = _attempts(address)
        if int(time.time() // 60) == window:
            return results
        _forget_attempts(address)
    raise AssertionError("three runs in a row straddled a minute boundary")


def _forget_attempts(address: str) -> None:
    with redis.Redis.from_url(REDIS_URL) as client:
        for key in client.scan_iter(f"labelloop:login-attempts:{address}:*"):
            client.delete(key)


def _attempts(address: str) -> list[str]:
    results = []
    with client_from(address) as client:
        for attempt in range(12):
            claimed = f"203.0.113.{attempt + 1}"
            if attempt % 3 == 1:
                claimed = f"{claimed}, 198.51.100.{attempt}"
            response = client.post(
                GRAPHQL_URL,
                json={"query": LOGIN, "variables": {"username": "admin", "password": "wrong-guess"}},
                headers={"X-Forwarded-For": claimed, "X-Real-IP": claimed.split(",")[0], "Forwarded": f"for={claimed}"},
            )
            assert response.status_code == 200, response.text
            results.append(response.json()["data"]["login"]["__typename"])
    return results


def test_rotating_x_forwarded_for_does_not_escape_the_login_limit() -> None:
    # given one client address, fresh for this test
    address = f"127.0.202.{uuid.uuid4().int % 250 + 1}"
    # when it sends 12 wrong passwords, each claiming another address
    results = _rotating_attempts(address)
    # then the limit counted them all as one client: the 11th and 12th are refused
    assert results == ["InvalidCredentialsError"] * 10 + ["LoginRateLimitedError"] * 2


def test_a_client_on_nginx_own_address_cannot_pick_its_key_either() -> None:
    # given a client on 127.0.0.1, the address the API trusts for X-Forwarded-For (Nginx's own, natively; in
    # Compose, every address was trusted): before the fix, Nginx appended the client's chain and the API
    # believed its first entry
    # when it sends 12 wrong passwords, each claiming another address
    try:
        results = _rotating_attempts("127.0.0.1")
    finally:
        # 127.0.0.1 is also the e2e browser's and the notebook client's address: give it its minute back
        _forget_attempts("127.0.0.1")
    # then they share one key: at most 10 were checked (others on 127.0.0.1 may have used some of the minute's
    # attempts), and once refused they stay refused
    checked = results.count("InvalidCredentialsError")
    assert checked <= 10
    assert results == ["InvalidCredentialsError"] * checked + ["LoginRateLimitedError"] * (12 - checked)
