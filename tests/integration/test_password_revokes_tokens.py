"""A password change or reset also revokes the account's API tokens (issue 15): a stolen account's script token
does not outlive the reset."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import create_user, error_code, login, post, user_document

CREATE_TOKEN = """
mutation($n: String!) {
  createApiToken(name: $n) { ... on CreateApiTokenSuccess { token apiToken { id } } }
}
"""
VIEWER = "query { viewer { user { username } apiTokens { name revokedAt } } }"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


def _user_with_tokens(admin_token: str) -> tuple[dict[str, Any], str, list[str]]:
    user = create_user(admin_token)
    token = login(user["username"], user["password"])
    secrets = [post(CREATE_TOKEN, {"n": name}, token)["data"]["createApiToken"]["token"] for name in ("nb", "cron")]
    for secret in secrets:
        assert post(VIEWER, {}, secret)["data"]["viewer"]["user"]["username"] == user["username"]
    return user, token, secrets


def test_changing_ones_password_revokes_every_api_token(admin_token: str) -> None:
    # given
    user, token, secrets = _user_with_tokens(admin_token)
    # when
    body = post(
        'mutation($c: String!) { changeOwnPassword(currentPassword: $c, newPassword: "a-new-password-7") '
        "{ __typename ... on LoginSuccess { accessToken } } }",
        {"c": user["password"]},
        token,
    )
    # then
    result = body["data"]["changeOwnPassword"]
    assert result["__typename"] == "LoginSuccess"
    for secret in secrets:
        refused = post(VIEWER, {}, secret)
        assert error_code(refused) == "UNAUTHENTICATED"
        assert "this API token was revoked" in refused["errors"][0]["message"]
    tokens = post(VIEWER, {}, result["accessToken"])["data"]["viewer"]["apiTokens"]
    assert sorted((t["name"], t["revokedAt"] is not None) for t in tokens) == [("cron", True), ("nb", True)]


def test_an_admin_password_reset_revokes_every_api_token(admin_token: str) -> None:
    # given
    user, _, secrets = _user_with_tokens(admin_token)
    # when
    body = post(
        'mutation($id: ID!) { resetUserPassword(userId: $id, newPassword: "reset-password-77") { __typename } }',
        {"id": user["id"]},
        admin_token,
    )
    # then
    assert body["data"]["resetUserPassword"]["__typename"] == "UserSuccess"
    for secret in secrets:
        assert error_code(post(VIEWER, {}, secret)) == "UNAUTHENTICATED"
    stored = user_document(user["id"])
    assert stored is not None
    assert [t.get("revoked_at") is not None for t in stored["api_tokens"]] == [True, True]


def test_a_wrong_current_password_revokes_nothing(admin_token: str) -> None:
    # given
    user, token, secrets = _user_with_tokens(admin_token)
    # when
    body = post(
        'mutation { changeOwnPassword(currentPassword: "not-the-password", newPassword: "a-new-password-7") '
        "{ __typename } }",
        {},
        token,
    )
    # then
    assert body["data"]["changeOwnPassword"]["__typename"] == "WrongPasswordError"
    for secret in secrets:
        assert post(VIEWER, {}, secret)["data"]["viewer"]["user"]["username"] == user["username"]
