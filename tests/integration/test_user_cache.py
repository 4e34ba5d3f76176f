"""Each replica keeps the users it has seen (backend/auth/cache.py): a change made through one replica must apply to
the very next request on the other one. The replicas are called on their own ports, so which one answers is known."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api import create_user, error_code, login
from tests.stack import API_BASE_PORT

VIEWER = "{ viewer { user { role } apiTokens { id } } }"
REPLICAS = (f"http://127.0.0.1:{API_BASE_PORT + 1}/graphql", f"http://127.0.0.1:{API_BASE_PORT + 2}/graphql")


def on(replica: int, query: str, token: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        REPLICAS[replica],
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def seen_by_both(token: str) -> None:
    """Both replicas have the user in their cache."""
    for replica in (0, 1):
        for _ in range(2):
            assert "errors" not in on(replica, VIEWER, token), "the user should be served"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture
def person(admin_token: str) -> tuple[dict[str, Any], str]:
    user = create_user(admin_token)
    return user, login(user["username"], user["password"])


def change_user(replica: int, admin_token: str, field: str, arguments: str, user_id: str) -> None:
    """An ADMIN's change of the user, through one replica (asserting success)."""
    body = on(
        replica,
        f"mutation($u: ID!) {{ {field}(userId: $u, {arguments}) {{ __typename }} }}",
        admin_token,
        {"u": user_id},
    )
    assert body["data"][field]["__typename"] == "UserSuccess", body


def test_a_user_disabled_through_one_replica_is_refused_at_once_by_the_other(
    admin_token: str, person: tuple[dict[str, Any], str]
) -> None:
    user, token = person
    seen_by_both(token)
    change_user(0, admin_token, "setUserDisabled", "disabled: true", user["id"])
    refused = on(1, VIEWER, token)
    assert error_code(refused) == "UNAUTHENTICATED", refused
    assert "disabled" in refused["errors"][0]["message"]


def test_a_role_changed_through_one_replica_applies_at_once_on_the_other(
    admin_token: str, person: tuple[dict[str, Any], str]
) -> None:
    user, token = person
    seen_by_both(token)
    change_user(1, admin_token, "changeUserRole", "role: ADMIN", user["id"])
    assert on(0, VIEWER, token)["data"]["viewer"]["user"]["role"] == "ADMIN"


def test_a_logout_and_a_revoked_api_token_apply_at_once_on_the_other_replica(
    person: tuple[dict[str, Any], str],
) -> None:
    _, token = person
    created = on(
        0,
        'mutation { createApiToken(name: "cache") { ... on CreateApiTokenSuccess { token apiToken { id } } } }',
        token,
    )
    api_token, api_token_id = (
        created["data"]["createApiToken"]["token"],
        created["data"]["createApiToken"]["apiToken"]["id"],
    )
    seen_by_both(api_token)
    assert api_token_id in {t["id"] for t in on(1, VIEWER, token)["data"]["viewer"]["apiTokens"]}

    revoked = on(1, "mutation($i: ID!) { revokeApiToken(id: $i) { __typename } }", token, {"i": api_token_id})
    assert revoked["data"]["revokeApiToken"]["__typename"] == "RevokeApiTokenSuccess", revoked
    assert error_code(on(0, VIEWER, api_token)) == "UNAUTHENTICATED"

    assert "errors" not in on(0, "mutation { logout { __typename } }", token)
    assert error_code(on(1, VIEWER, token)) == "UNAUTHENTICATED"
