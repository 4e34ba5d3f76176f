"""The database browser (mongo-express) behind Nginx is for ADMIN only, read-only, by Bearer header or its cookie."""

from __future__ import annotations

import time
import uuid

import httpx
import jwt
import pytest

from tests.api import create_user, login, stored_document
from tests.stack import API_BASE_PORT, BASE_URL, MONGO_DB, jwt_secret

PAGE = "/mongo-express/"
ASSET = "/mongo-express/public/css/style.css"
COLLECTION = f"/mongo-express/db/{MONGO_DB}/items"
SESSION = "/auth/mongo-express-session"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def user_token(admin_token: str) -> str:
    user = create_user(admin_token)
    return login(user["username"], user["password"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _assert_nothing_of_mongo_express(response: httpx.Response) -> None:
    assert response.headers["content-type"].startswith("text/plain")
    assert "mongo express" not in response.text.lower()
    assert "<html" not in response.text.lower()


@pytest.mark.parametrize("path", [PAGE, ASSET, COLLECTION])
def test_anonymous_visitors_are_asked_to_log_in_and_get_no_page_or_asset(path: str) -> None:
    # when someone without a token asks for a page or an asset
    response = httpx.get(f"{BASE_URL}{path}")
    # then Nginx answers 401 itself
    assert response.status_code == 401
    assert response.text == (
        "The database browser needs a login: log in to Labelloop as an ADMIN and open it from the home page.\n"
    )
    _assert_nothing_of_mongo_express(response)


@pytest.mark.parametrize("path", [PAGE, ASSET, COLLECTION])
def test_a_user_is_refused_by_bearer_and_by_cookie(user_token: str, path: str) -> None:
    # when a USER sends a valid token, as a header or as the tool's cookie
    by_header = httpx.get(f"{BASE_URL}{path}", headers=_bearer(user_token))
    by_cookie = httpx.get(f"{BASE_URL}{path}", headers={"Cookie": f"labelloop_mongo_express={user_token}"})
    # then both are refused, and nothing of mongo-express is served
    for response in (by_header, by_cookie):
        assert response.status_code == 403
        _assert_nothing_of_mongo_express(response)


def test_a_user_gets_no_cookie(user_token: str) -> None:
    # when a USER asks for the browser's cookie
    session = httpx.post(f"{BASE_URL}{SESSION}", headers=_bearer(user_token))
    # then it is refused, with the reason, and no cookie is set
    assert session.status_code == 403
    assert "set-cookie" not in session.headers
    assert session.json()["error"].startswith(
        "the database browser requires the permission 'use_admin_tools' (open the MLflow UI and the database "
        "browser (mongo-express))"
    )


def test_an_expired_or_forged_token_is_refused(admin_token: str) -> None:
    # given an ADMIN's identity in an expired token and in one signed with another key
    admin_id = jwt.decode(admin_token, options={"verify_signature": False})["sub"]
    now = int(time.time())
    claims = {"iss": "labelloop", "aud": "labelloop-api", "sub": admin_id, "jti": uuid.uuid4().hex}
    expired = jwt.encode({**claims, "iat": now - 7200, "nbf": now - 7200, "exp": now - 3600}, jwt_secret())
    forged = jwt.encode({**claims, "iat": now, "nbf": now, "exp": now + 600}, "a-different-signing-key-of-32-chars!!")
    for token in (expired, forged):
        # when either is sent
        response = httpx.get(f"{BASE_URL}{PAGE}", headers=_bearer(token))
        # then it is a 401, and nothing is served
        assert response.status_code == 401
        _assert_nothing_of_mongo_express(response)


def test_an_admin_bearer_token_opens_the_browser_and_its_assets(admin_token: str) -> None:
    # when an ADMIN asks with the Bearer header
    page = httpx.get(f"{BASE_URL}{COLLECTION}", headers=_bearer(admin_token), timeout=30)
    asset = httpx.get(f"{BASE_URL}{ASSET}", headers=_bearer(admin_token))
    # then mongo-express answers, read-only
    assert page.status_code == 200
    assert "<title>items - Mongo Express</title>" in page.text
    assert "readOnly: 'true' === 'true'" in page.text
    assert asset.status_code == 200
    assert asset.headers["content-type"].startswith("text/css")


def test_an_admin_gets_a_cookie_scoped_to_the_browser_that_opens_it(admin_token: str) -> None:
    with httpx.Client(base_url=BASE_URL) as browser:
        # when an ADMIN trades the token for the cookie
        session = browser.post(SESSION, headers=_bearer(admin_token))
        # then the cookie is HttpOnly, strict and limited to /mongo-express/, and it opens the browser
        assert session.status_code == 204
        cookie = session.headers["set-cookie"]
        assert cookie.startswith("labelloop_mongo_express=")
        assert "HttpOnly" in cookie
        assert "Path=/mongo-express/" in cookie
        assert "SameSite=strict" in cookie
        assert browser.get(PAGE).status_code == 200


def test_a_write_is_refused_while_read_only_and_nothing_is_written(admin_token: str) -> None:
    # given an ADMIN and an id no item has
    item_id = f"mongo-express-write-{uuid.uuid4().hex[:8]}"
    # when the ADMIN posts a new document to mongo-express (its own read-only option only hides the form)
    response = httpx.post(
        f"{BASE_URL}{COLLECTION}",
        headers=_bearer(admin_token),
        data={"document": f'{{"_id": "{item_id}", "text": "written through mongo-express"}}'},
    )
    # then Nginx refuses it, and the document does not exist
    assert response.status_code == 403
    assert "read-only unless LABELLOOP_MONGO_EXPRESS_READONLY=false" in response.text
    assert stored_document("items", item_id) is None


def test_a_revoked_token_in_the_cookie_no_longer_opens_the_browser(admin_token: str) -> None:
    # given a second ADMIN whose cookie opens the browser
    admin = create_user(admin_token, role="ADMIN")
    token = login(admin["username"], admin["password"])
    with httpx.Client(base_url=BASE_URL) as browser:
        assert browser.post(SESSION, headers=_bearer(token)).status_code == 204
        assert browser.get(PAGE).status_code == 200
        # when that ADMIN logs out
        httpx.post(
            f"{BASE_URL}/graphql", json={"query": "mutation { logout { revokedBefore } }"}, headers=_bearer(token)
        )
        # then the cookie no longer opens it
        assert browser.get(PAGE).status_code == 401


@pytest.mark.parametrize(("read_only", "method", "status"), [("true", "POST", 403), ("false", "POST", 204)])
def test_the_read_only_switch_decides_whether_writes_pass(
    admin_token: str, read_only: str, method: str, status: int
) -> None:
    # given the check Nginx makes for a request (it says the switch and the request's method), asked of a replica
    replica = f"http://127.0.0.1:{API_BASE_PORT + 1}"
    # when an ADMIN's write is checked with LABELLOOP_MONGO_EXPRESS_READONLY=read_only
    response = httpx.get(
        f"{replica}/auth/mongo-express",
        params={"read_only": read_only},
        headers={**_bearer(admin_token), "X-Original-Method": method},
    )
    # then it passes only when the switch is off
    assert response.status_code == status
    if status == 403:
        refusal = "the database browser is read-only (POST refused): LABELLOOP_MONGO_EXPRESS_READONLY=false makes it"
        assert response.json() == {"error": f"{refusal} writable"}
