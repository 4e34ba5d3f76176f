"""A small GraphQL client for tests, through Nginx, with helpers for accounts and tokens."""

from __future__ import annotations

import itertools
import json
import uuid
from typing import Any

import httpx
from pymongo import MongoClient

from tests.stack import GRAPHQL_URL, MONGO_DB, MONGO_URI

# Every request comes from its own loopback address, so the per-client login limit (10 per minute)
# applies to the test that checks it and not to the suite as a whole.
_source_addresses = (f"127.0.{i // 250 + 10}.{i % 250 + 1}" for i in itertools.count())

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    __typename
    ... on LoginSuccess { accessToken viewer { user { id username role } } }
    ... on Error { message }
  }
}
"""
CREATE_USER = """
mutation CreateUser($username: String!, $password: String!, $role: Role!) {
  createUser(username: $username, password: $password, role: $role) {
    __typename
    ... on UserSuccess { user { id username role } }
    ... on ValidationError { message fieldErrors { field code message } }
  }
}
"""


def client_from(address: str) -> httpx.Client:
    """An HTTP client whose connections leave from `address` (any 127.x.y.z)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def post(
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    client: httpx.Client | None = None,
) -> dict[str, Any]:
    """One operation; returns the decoded body (HTTP 200 asserted)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    payload = {"query": query, "variables": variables or {}}
    if client is None:
        with client_from(next(_source_addresses)) as fresh:
            response = fresh.post(GRAPHQL_URL, json=payload, headers=headers)
    else:
        response = client.post(GRAPHQL_URL, json=payload, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def post_upload(query: str, variables: dict[str, Any], content: bytes, token: str | None) -> dict[str, Any]:
    """One operation as a GraphQL multipart request, with `content` as the `file` variable."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    operations = {"query": query, "variables": {**variables, "file": None}}
    with client_from(next(_source_addresses)) as client:
        response = client.post(
            GRAPHQL_URL,
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("items.jsonl", content, "application/octet-stream")},
            headers=headers,
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def stored_document(collection: str, document_id: str) -> dict[str, Any] | None:
    """A document read by key straight from MongoDB."""
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
        doc: dict[str, Any] | None = mongo[MONGO_DB][collection].find_one({"_id": document_id})
    return doc


def login(username: str, password: str) -> str:
    """An access token for the credentials (asserting success), from a fresh client address."""
    with client_from(next(_source_addresses)) as client:
        result = post(LOGIN, {"username": username, "password": password}, client=client)["data"]["login"]
    assert result["__typename"] == "LoginSuccess", result
    token: str = result["accessToken"]
    return token


def login_result(username: str, password: str) -> dict[str, Any]:
    """The `login` union result, from a fresh client address."""
    with client_from(next(_source_addresses)) as client:
        result: dict[str, Any] = post(LOGIN, {"username": username, "password": password}, client=client)["data"][
            "login"
        ]
    return result


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_user(admin_token: str, role: str = "USER", password: str = "correct-horse-1") -> dict[str, Any]:
    """A new account (asserting success): {id, username, role, password}."""
    username = unique_name(role.lower())
    result = post(CREATE_USER, {"username": username, "password": password, "role": role}, admin_token)
    user: dict[str, Any] = result["data"]["createUser"]["user"]
    return {**user, "password": password}


def user_document(user_id: str) -> dict[str, Any] | None:
    """The stored user document, read by key straight from MongoDB."""
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
        doc: dict[str, Any] | None = mongo[MONGO_DB]["users"].find_one({"_id": user_id})
    return doc


def user_document_by_name(username: str) -> dict[str, Any] | None:
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
        doc: dict[str, Any] | None = mongo[MONGO_DB]["users"].find_one({"username": username})
    return doc


def error_code(body: dict[str, Any]) -> str | None:
    """The `extensions.code` of the first top-level error, if any."""
    errors = body.get("errors") or []
    code: str | None = errors[0].get("extensions", {}).get("code") if errors else None
    return code
