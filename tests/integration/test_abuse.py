"""Classic GraphQL abuse through Nginx: each refused with an error that names the limit."""

from __future__ import annotations

import json

import httpx

from tests.api import error_code, login_result, post
from tests.stack import GRAPHQL_URL

JSON = {"Content-Type": "application/json"}


def test_a_query_30_levels_deep_is_refused() -> None:
    query = "{ viewer " + "{ user " * 29 + "{ id }" + " }" * 29 + " }"
    body = post(query)
    assert body["data"] is None
    assert "exceeds maximum operation depth of 12" in body["errors"][0]["message"]


def test_200_aliases_are_refused() -> None:
    query = "{" + " ".join(f"a{i}: health {{ status }}" for i in range(200)) + "}"
    body = post(query)
    assert body["data"] is None
    assert body["errors"][0]["message"] == "200 aliases found. Allowed: 30"


def test_a_1_mb_query_is_refused_by_size() -> None:
    payload = json.dumps({"query": "{ health { status } }" + " " * (1024 * 1024)})
    response = httpx.post(GRAPHQL_URL, content=payload, headers=JSON, timeout=30)
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "over the limit of 1048576 bytes (LABELLOOP_MAX_BODY_BYTES)" in error["message"]


def test_a_query_with_too_many_tokens_is_refused() -> None:
    body = post("{ health { status " + "replica " * 5000 + "} }")
    assert body["data"] is None
    assert "Document contains more than 4000 tokens" in body["errors"][0]["message"]


def test_a_batch_of_100_operations_is_refused() -> None:
    payload = json.dumps([{"query": 'mutation { login(username: "admin", password: "x") { __typename } }'}] * 100)
    response = httpx.post(GRAPHQL_URL, content=payload, headers=JSON, timeout=30)
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "batches of operations are not accepted: send one operation per request",
        "extensions": {"code": "BATCH_NOT_ALLOWED"},
    }


def test_a_mutation_over_get_is_refused_and_does_nothing() -> None:
    # given a known user with a session
    before = login_result("admin", "admin")
    token = before["accessToken"]
    # when logout is sent over GET
    response = httpx.get(
        GRAPHQL_URL,
        params={"query": "mutation { logout { revokedBefore } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    # then it is refused, and the token still works
    assert response.status_code in (400, 405)
    assert "mutations are not allowed when using GET" in response.text
    assert "errors" not in post("{ viewer { user { username } } }", token=token)


def test_only_json_or_multipart_bodies_are_accepted() -> None:
    response = httpx.post(GRAPHQL_URL, content="query={health{status}}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "accepts only application/json" in response.json()["errors"][0]["message"]


def test_a_malformed_authorization_header_says_how_to_send_a_token() -> None:
    response = httpx.post(
        GRAPHQL_URL, json={"query": "{ viewer { user { id } } }"}, headers={"Authorization": "Token abc"}
    )
    body = response.json()
    assert error_code(body) == "UNAUTHENTICATED"
    assert "the Authorization header must be 'Bearer <token>'" in body["errors"][0]["message"]


def test_a_bad_argument_of_a_non_union_field_is_a_coded_top_level_error() -> None:
    from tests.api import login

    body = post("query { users(first: 0) { totalCount } }", token=login("admin", "admin"))
    assert body["data"] is None
    error = body["errors"][0]
    assert error["message"] == "invalid input in first: nothing was changed"
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "fieldErrors": [{"field": "first", "code": "out_of_range", "message": "ask for 1 to 200 items per page"}],
    }
