"""The HTTP side: one gql session over `requests`, the bearer token (and its refresh), and error mapping."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from gql import Client as GqlClient
from gql import GraphQLRequest
from gql.transport.exceptions import (
    TransportConnectionFailed,
    TransportProtocolError,
    TransportQueryError,
    TransportServerError,
)
from gql.transport.requests import RequestsHTTPTransport

from labelloop_client import operations
from labelloop_client.errors import (
    AuthenticationError,
    ConnectionFailedError,
    GraphQLRequestError,
    LabelloopError,
    error_from_graphql,
    error_from_union,
)
from labelloop_client.types import parse_datetime

REFRESH_MARGIN = timedelta(seconds=60)  # refresh an access token this long before it expires


def base_url_of(url: str) -> str:
    """The server's base URL (`http://host:port`), whether or not `/graphql` was given."""
    url = url.rstrip("/")
    return url.removesuffix("/graphql")


class Session:
    """Runs the package's operations over HTTP with the caller's token.

    Holds either an API token (never refreshed) or a `login` access token with its expiry and, when the
    credentials are known, logs in again once a refresh is refused."""

    def __init__(self, url: str, timeout: float) -> None:
        self.base_url = base_url_of(url)
        self.graphql_url = f"{self.base_url}/graphql"
        scheme, rest = self.graphql_url.split("://", 1)
        self.websocket_url = f"{'wss' if scheme == 'https' else 'ws'}://{rest}"
        self.timeout = timeout
        self._token: str | None = None
        self._expires_at: datetime | None = None
        self._credentials: tuple[str, str] | None = None
        self._lock = threading.RLock()  # one request at a time (a subscription thread may refresh the token)
        transport = RequestsHTTPTransport(url=self.graphql_url, timeout=int(timeout), retries=0)
        self._client = GqlClient(transport=transport, fetch_schema_from_transport=False, execute_timeout=timeout)
        self._gql = self._client.connect_sync()  # type: ignore[no-untyped-call]  # gql leaves it untyped

    # ------------------------------------------------------------ tokens

    def use_token(self, token: str) -> None:
        """Authenticate with an API token (or any bearer token) from now on."""
        self._token, self._expires_at, self._credentials = token, None, None

    def login(self, username: str, password: str) -> None:
        """Exchange the credentials for an access token (kept, with the credentials to log in again)."""
        result = self.execute("Login", {"username": username, "password": password}, authenticated=False)["login"]
        self._accept_login(result, "LoginSuccess")
        self._credentials = (username, password)

    def _accept_login(self, result: dict[str, Any], success: str) -> None:
        if result.get("__typename", success) != success:
            raise error_from_union(result)
        self._token = result["accessToken"]
        self._expires_at = parse_datetime(result.get("expiresAt"))

    def bearer(self) -> str:
        """The token to send now, refreshed first when it is about to expire."""
        with self._lock:
            if self._token is None:
                raise AuthenticationError(
                    "no token: pass token= (an API token from `createApiToken`), or username= and password=, "
                    "or set LABELLOOP_TOKEN"
                )
            if self._expires_at is not None and datetime.now(UTC) >= self._expires_at - REFRESH_MARGIN:
                self._refresh()
            return self._token

    def _refresh(self) -> None:
        try:
            result = self._send("RefreshAccessToken", {}, self._token)["refreshAccessToken"]
            self._accept_login(result, "LoginSuccess")
        except AuthenticationError:
            if self._credentials is None:
                raise
            self.login(*self._credentials)

    @property
    def is_access_token(self) -> bool:
        return self._expires_at is not None

    # ------------------------------------------------------------ operations

    def execute(self, operation: str, variables: dict[str, Any], *, authenticated: bool = True) -> dict[str, Any]:
        """The `data` of one operation of the package; raises the matching LabelloopError on a top-level error."""
        token = self.bearer() if authenticated else None
        return self._send(operation, variables, token)

    def _send(self, operation: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
        request = GraphQLRequest(operations.document(operation), variable_values=variables, operation_name=operation)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with self._lock:
            try:
                data: dict[str, Any] = self._gql.execute(request, extra_args={"headers": headers})
            except TransportQueryError as exc:
                raise error_from_graphql(list(exc.errors or [])) from None
            except TransportServerError as exc:
                raise GraphQLRequestError(f"the server refused the request (HTTP {exc.code}): {exc}") from None
            except TransportConnectionFailed as exc:
                raise ConnectionFailedError(f"cannot reach Labelloop at {self.graphql_url}: {exc}") from None
            except TransportProtocolError as exc:
                raise GraphQLRequestError(f"{self.graphql_url} did not answer as a GraphQL API: {exc}") from None
        return data

    def close(self) -> None:
        with self._lock:
            self._client.close_sync()  # type: ignore[no-untyped-call]


def union_result(result: dict[str, Any], success: str) -> dict[str, Any]:
    """`result` when its `__typename` is `success`; else raises the exception of the error member."""
    if result.get("__typename") != success:
        raise error_from_union(result)
    return result


__all__ = ["LabelloopError", "Session", "base_url_of", "union_result"]
