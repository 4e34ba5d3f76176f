"""The MLflow UI behind Nginx is for ADMIN only: by Bearer header, or by the cookie the SPA obtains."""

from __future__ import annotations

import httpx
import pytest

from tests.api import create_user, login
from tests.stack import BASE_URL


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


def test_anonymous_visitors_are_asked_to_log_in() -> None:
    response = httpx.get(f"{BASE_URL}/mlflow/")
    assert response.status_code == 401
    assert "log in to Labelloop as an ADMIN" in response.text


def test_a_user_is_refused(admin_token: str) -> None:
    user = create_user(admin_token)
    token = login(user["username"], user["password"])
    response = httpx.get(f"{BASE_URL}/mlflow/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    session = httpx.post(f"{BASE_URL}/auth/mlflow-session", headers={"Authorization": f"Bearer {token}"})
    assert session.status_code == 403
    assert "set-cookie" not in session.headers


def test_an_admin_bearer_token_opens_mlflow(admin_token: str) -> None:
    response = httpx.get(f"{BASE_URL}/mlflow/", headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 200
    assert "<html" in response.text.lower()


def test_an_admin_gets_a_cookie_scoped_to_mlflow_that_opens_it(admin_token: str) -> None:
    with httpx.Client(base_url=BASE_URL) as browser:
        session = browser.post("/auth/mlflow-session", headers={"Authorization": f"Bearer {admin_token}"})
        assert session.status_code == 204
        cookie = session.headers["set-cookie"]
        assert "labelloop_mlflow=" in cookie
        assert "HttpOnly" in cookie
        assert "Path=/mlflow/" in cookie
        assert "SameSite=strict" in cookie
        assert browser.get("/mlflow/").status_code == 200


def test_a_revoked_token_in_the_cookie_no_longer_opens_mlflow(admin_token: str) -> None:
    admin = create_user(admin_token, role="ADMIN")
    token = login(admin["username"], admin["password"])
    with httpx.Client(base_url=BASE_URL) as browser:
        assert browser.post("/auth/mlflow-session", headers={"Authorization": f"Bearer {token}"}).status_code == 204
        assert browser.get("/mlflow/").status_code == 200
        httpx.post(
            f"{BASE_URL}/graphql",
            json={"query": "mutation { logout { revokedBefore } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert browser.get("/mlflow/").status_code == 401
