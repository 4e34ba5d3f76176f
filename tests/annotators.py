"""Many annotators at once through Nginx, for the queue and soak tests (and bench/annotate.py): accounts made in
parallel, one HTTP client per loopback address, and a GraphQL call that retries an answer without data.

Nginx limits requests (200/s) and the API limits logins (10/min) per client address, so every annotator logs in
and works from its own address, 127.0.<subnet>.<number + 1>, as 50 people on 50 machines would.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from tests.api import CREATE_USER, LOGIN, client_from, post, unique_name
from tests.stack import GRAPHQL_URL

NEXT = """
query($d: ID!, $s: QueueStrategy!, $x: [ID!]) {
  nextItem(datasetId: $d, strategy: $s, exclude: $x) {
    __typename
    ... on QueuedItem { item { id externalId status } reservedUntil }
    ... on QueueEmpty { message }
    ... on Error { message }
  }
}
"""
ANNOTATE = """
mutation($i: ID!, $l: String!) {
  annotateItem(itemId: $i, label: $l) {
    __typename
    ... on ItemSuccess { item { id status revision annotations { annotator label } } }
    ... on Error { message }
  }
}
"""
DELETE = """
mutation($i: ID!) {
  deleteAnnotation(itemId: $i) {
    __typename
    ... on ItemSuccess { item { id status revision annotations { annotator label } } }
    ... on Error { message }
  }
}
"""
PASSWORD = "correct-horse-1"


@dataclass(frozen=True, slots=True)
class Account:
    number: int
    username: str
    token: str
    address: str  # the loopback address it logged in from, and works from


def address(subnet: int, number: int) -> str:
    assert 0 <= number < 250, "one /24 of loopback addresses: at most 250 annotators per subnet"
    return f"127.0.{subnet}.{number + 1}"


def make_accounts(admin_token: str, count: int, subnet: int, workers: int = 8) -> list[Account]:
    """`count` new USER accounts, each created and logged in from its own address (in parallel: the API hashes
    passwords with argon2, tens of milliseconds each)."""

    def make(number: int) -> Account:
        username = unique_name("annotator")
        with client_from(address(subnet, number)) as client:
            user = {"username": username, "password": PASSWORD, "role": "USER"}
            created = post(CREATE_USER, user, admin_token, client=client)
            assert created["data"]["createUser"]["__typename"] == "UserSuccess", created
            login = post(LOGIN, {"username": username, "password": PASSWORD}, client=client)["data"]["login"]
        assert login["__typename"] == "LoginSuccess", login
        return Account(number, username, login["accessToken"], address(subnet, number))

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(make, range(count)))


def async_client(account: Account, timeout_s: float = 30) -> httpx.AsyncClient:
    """An HTTP client whose connections leave from the account's address, with its token."""
    return httpx.AsyncClient(
        transport=httpx.AsyncHTTPTransport(local_address=account.address),
        headers={"Authorization": f"Bearer {account.token}"},
        timeout=timeout_s,
    )


@dataclass(frozen=True, slots=True)
class Failure:
    """One answer without data: the field asked, a short kind (error code or HTTP status), the body."""

    field: str
    kind: str
    body: str
    at: float  # time.monotonic()


class NoData(AssertionError):
    def __init__(self, failure: Failure, attempts: int) -> None:
        super().__init__(
            f"`{failure.field}` answered without data {attempts} time(s); last answer ({failure.kind}): "
            f"{failure.body[:2000]}"
        )
        self.failure = failure


def _failure(field: str, response: httpx.Response | None, error: Exception | None) -> Failure | None:
    """None when the response carries `data.<field>`; otherwise what went wrong."""
    if error is not None:
        return Failure(field, type(error).__name__, repr(error), time.monotonic())
    assert response is not None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code == 200 and isinstance(body, dict) and (body.get("data") or {}).get(field) is not None:
        return None
    kind = f"HTTP {response.status_code}"
    if isinstance(body, dict) and body.get("errors"):
        first = body["errors"][0]
        kind = (first.get("extensions") or {}).get("code") or f"error: {first.get('message', '')[:60]}"
    return Failure(field, kind, response.text, time.monotonic())


async def call(
    client: httpx.AsyncClient,
    field: str,
    query: str,
    variables: dict[str, Any],
    *,
    attempts: int = 4,
    first_wait_s: float = 0.25,
    on_failure: Callable[[Failure], None] | None = None,
) -> dict[str, Any]:
    """Send one operation; return `data.<field>`.

    An answer without it (an HTTP error such as Nginx's 429 or 502, a top-level error such as SERVICE_UNAVAILABLE
    or a masked unexpected error, a transport error) is retried up to `attempts` times in all, waiting
    `first_wait_s`, then twice as long each time; then NoData is raised with the last body. `on_failure` sees
    every such answer, retried or not, so that a test can count them by kind and tell a retried write apart.
    """
    wait = first_wait_s
    for attempt in range(1, attempts + 1):
        response: httpx.Response | None = None
        error: Exception | None = None
        try:
            response = await client.post(GRAPHQL_URL, json={"query": query, "variables": variables})
        except httpx.TransportError as exc:
            error = exc
        failure = _failure(field, response, error)
        if failure is None:
            assert response is not None
            result: dict[str, Any] = response.json()["data"][field]
            return result
        if on_failure is not None:
            on_failure(failure)
        if attempt == attempts:
            raise NoData(failure, attempts)
        await asyncio.sleep(wait)
        wait *= 2
    raise AssertionError("unreachable")
