"""Login attempts are limited per client, across replicas; the limit names itself and when to retry."""

from __future__ import annotations

import uuid

from tests.api import LOGIN, client_from, post


def test_the_11th_login_attempt_within_a_minute_is_rate_limited() -> None:
    # given one client address, fresh for this test
    address = f"127.0.200.{uuid.uuid4().int % 250 + 1}"
    results = []
    with client_from(address) as client:
        # when it tries 11 wrong passwords in a row through Nginx (over both replicas)
        for _ in range(11):
            body = post(LOGIN, {"username": "admin", "password": "wrong-guess"}, client=client)
            results.append(body["data"]["login"])
        # and then the right password
        right = post(LOGIN, {"username": "admin", "password": "admin"}, client=client)["data"]["login"]
    # then the first 10 were checked, the 11th and the next one are refused with the limit and a delay
    assert [r["__typename"] for r in results[:10]] == ["InvalidCredentialsError"] * 10
    assert results[10]["__typename"] == "LoginRateLimitedError"
    assert "at most 10 per 60 s from one client" in results[10]["message"]
    assert right["__typename"] == "LoginRateLimitedError"
    # and another client is not affected
    with client_from(f"127.0.201.{uuid.uuid4().int % 250 + 1}") as other:
        assert post(LOGIN, {"username": "admin", "password": "admin"}, client=other)["data"]["login"]["__typename"] == (
            "LoginSuccess"
        )


def test_unknown_user_and_wrong_password_give_the_same_error() -> None:
    unknown = post(LOGIN, {"username": f"ghost-{uuid.uuid4().hex[:8]}", "password": "whatever1"})["data"]["login"]
    wrong = post(LOGIN, {"username": "admin", "password": "not-admin"})["data"]["login"]
    assert (
        unknown == wrong == {"__typename": "InvalidCredentialsError", "message": "unknown username or wrong password"}
    )
