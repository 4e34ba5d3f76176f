"""Every operation, times every kind of caller: exact outcome, and no trace left by a denied call."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
import pytest

from backend.graphql.schema import schema
from tests.api import create_user, error_code, login, post, user_document, user_document_by_name
from tests.stack import jwt_secret

# ---- the operations, each with the permission it declares (None: public)


@dataclass(frozen=True)
class Operation:
    field: str
    document: str
    permission: str | None
    variables: Callable[[dict[str, Any]], dict[str, Any]] = lambda env: {}
    success: str | None = None  # expected __typename of the result; None: check data is present


OPERATIONS = [
    Operation("health", "query { health { status } }", None),
    Operation(
        "login",
        'mutation { login(username: "nobody-here", password: "wrong-password") { __typename } }',
        None,
        success="InvalidCredentialsError",
    ),
    Operation("viewer", "query { viewer { user { id } } }", "use_account"),
    Operation("users", "query { users(first: 5) { totalCount } }", "manage_users"),
    Operation("logout", "mutation { logout { revokedBefore } }", "use_account"),
    Operation("refreshAccessToken", "mutation { refreshAccessToken { accessToken } }", "use_account"),
    Operation(
        "changeOwnPassword",
        "mutation($c: String!) { changeOwnPassword(currentPassword: $c, newPassword: 'x') { __typename } }".replace(
            "'x'", '"another-password-9"'
        ),
        "use_account",
        lambda env: {"c": env["password"]},
        success="LoginSuccess",
    ),
    Operation(
        "createApiToken",
        'mutation { createApiToken(name: "matrix") { __typename } }',
        "use_account",
        success="CreateApiTokenSuccess",
    ),
    Operation(
        "revokeApiToken",
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }",
        "use_account",
        lambda env: {"id": env["own_token_id"]},
        success="RevokeApiTokenSuccess",
    ),
    Operation(
        "createUser",
        "mutation($u: String!) { createUser(username: $u, password: 'pw-123456', role: USER) { __typename } }".replace(
            "'pw-123456'", '"pw-123456789"'
        ),
        "manage_users",
        lambda env: {"u": env["new_username"]},
        success="UserSuccess",
    ),
    Operation(
        "changeUserRole",
        "mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { __typename } }",
        "manage_users",
        lambda env: {"id": env["victim_id"]},
        success="UserSuccess",
    ),
    Operation(
        "setUserDisabled",
        "mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { __typename } }",
        "manage_users",
        lambda env: {"id": env["victim_id"]},
        success="UserSuccess",
    ),
    Operation(
        "resetUserPassword",
        'mutation($id: ID!) { resetUserPassword(userId: $id, newPassword: "reset-password-1") { __typename } }',
        "manage_users",
        lambda env: {"id": env["victim_id"]},
        success="UserSuccess",
    ),
]

INVALID_IDENTITIES = [
    "anonymous",
    "expired",
    "other_key",
    "alg_none",
    "disabled_user",
    "before_logout",
    "revoked_api_token",
]
ROLE_OF = {"USER": {"use_account"}, "ADMIN": {"use_account", "manage_users"}}


def test_the_matrix_covers_every_operation_of_the_schema() -> None:
    declared = {name for type_name in ("Query", "Mutation") for name in _field_names(type_name)}
    assert declared == {op.field for op in OPERATIONS}


def _field_names(type_name: str) -> list[str]:
    graphql_type = schema._schema.get_type(type_name)
    return list(graphql_type.fields) if graphql_type is not None else []  # type: ignore[attr-defined]


# ---- identities


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(user_id: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "labelloop",
        "aud": "labelloop-api",
        "sub": user_id,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
    }
    return {**claims, **overrides}


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def invalid_tokens(admin_token: str) -> dict[str, str | None]:
    """A token of each kind that must be refused, for real users."""
    someone = create_user(admin_token)
    now = int(time.time())
    expired = jwt.encode(_claims(someone["id"], iat=now - 7200, nbf=now - 7200, exp=now - 3600), jwt_secret())
    other_key = jwt.encode(_claims(someone["id"]), "a-different-signing-key-of-32-chars!!")
    alg_none = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(someone['id']))}."

    disabled = create_user(admin_token)
    disabled_token = login(disabled["username"], disabled["password"])
    post(
        f'mutation {{ setUserDisabled(userId: "{disabled["id"]}", disabled: true) {{ __typename }} }}', {}, admin_token
    )

    logged_out = create_user(admin_token)
    before_logout = login(logged_out["username"], logged_out["password"])
    assert "errors" not in post("mutation { logout { revokedBefore } }", {}, before_logout)

    api_owner = create_user(admin_token)
    owner_token = login(api_owner["username"], api_owner["password"])
    created = post(
        'mutation { createApiToken(name: "to revoke") { ... on CreateApiTokenSuccess { token apiToken { id } } } }',
        {},
        owner_token,
    )["data"]["createApiToken"]
    revoked = post(
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }", {"id": created["apiToken"]["id"]}, owner_token
    )
    assert revoked["data"]["revokeApiToken"]["__typename"] == "RevokeApiTokenSuccess"
    return {
        "anonymous": None,
        "expired": expired,
        "other_key": other_key,
        "alg_none": alg_none,
        "disabled_user": disabled_token,
        "before_logout": before_logout,
        "revoked_api_token": created["token"],
    }


def _environment(admin_token: str, role: str) -> dict[str, Any]:
    """A fresh caller with `role` (so that logout or a password change affects no other test) and a victim."""
    caller = create_user(admin_token, role=role)
    token = login(caller["username"], caller["password"])
    own = post(
        'mutation { createApiToken(name: "own") { ... on CreateApiTokenSuccess { apiToken { id } } } }', {}, token
    )
    victim = create_user(admin_token)
    return {
        "token": token,
        "password": caller["password"],
        "own_token_id": own["data"]["createApiToken"]["apiToken"]["id"],
        "victim_id": victim["id"],
        "new_username": f"new-{uuid.uuid4().hex[:10]}",
    }


def _assert_succeeded(operation: Operation, body: dict[str, Any]) -> None:
    assert "errors" not in body, body
    result = body["data"][operation.field]
    assert result is not None
    if operation.success is not None:
        assert result["__typename"] == operation.success, result


def _assert_no_trace(environment: dict[str, Any], victim_before: dict[str, Any] | None) -> None:
    assert user_document(environment["victim_id"]) == victim_before
    assert user_document_by_name(environment["new_username"]) is None


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.field)
@pytest.mark.parametrize("role", ["USER", "ADMIN"])
def test_roles(operation: Operation, role: str, admin_token: str) -> None:
    # given a fresh caller with the role, and a victim user
    environment = _environment(admin_token, role)
    victim_before = user_document(environment["victim_id"])
    # when the caller runs the operation
    body = post(operation.document, operation.variables(environment), environment["token"])
    # then it succeeds when the role grants the permission, else FORBIDDEN and nothing changed
    if operation.permission is None or operation.permission in ROLE_OF[role]:
        _assert_succeeded(operation, body)
    else:
        assert error_code(body) == "FORBIDDEN", body
        assert f"'{operation.permission}'" in body["errors"][0]["message"]
        assert body["data"] is None
        _assert_no_trace(environment, victim_before)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.field)
@pytest.mark.parametrize("identity", INVALID_IDENTITIES)
def test_invalid_callers(
    operation: Operation, identity: str, invalid_tokens: dict[str, str | None], admin_token: str
) -> None:
    # given a caller whose token must be refused (or who sent none)
    environment = {
        "token": invalid_tokens[identity],
        "password": "whatever-123",
        "own_token_id": "0000",
        "victim_id": create_user(admin_token)["id"],
        "new_username": f"new-{uuid.uuid4().hex[:10]}",
    }
    victim_before = user_document(environment["victim_id"])
    # when it runs the operation
    body = post(operation.document, operation.variables(environment), environment["token"])
    # then public operations work, every other one is UNAUTHENTICATED and leaves no trace
    if operation.permission is None:
        _assert_succeeded(operation, body)
    else:
        assert error_code(body) == "UNAUTHENTICATED", body
        assert body["data"] is None
        _assert_no_trace(environment, victim_before)
