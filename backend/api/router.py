"""The /graphql endpoint: authentication of HTTP requests and of WebSocket connections."""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from fastapi import Request, Response, WebSocket
from fastapi.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from backend.api.media import (
    GRAPHQL_RESPONSE_JSON,
    as_graphql_response,
    is_request_error,
    negotiate,
    request_error_response,
    request_error_var,
)
from backend.api.sockets import SessionBoundWSHandler
from backend.auth.errors import AuthenticationFailed
from backend.auth.tokens import bearer_token
from backend.container import Services
from backend.errors import Unavailable
from backend.graphql.context import Context
from backend.graphql.errors import unreachable_message
from backend.logs import request_id_var


async def build_context(connection: HTTPConnection) -> Context:
    """The context of one HTTP request, or of one WebSocket connection before `connection_init`."""
    services: Services = connection.app.state.services
    context = Context(
        services=services,
        principal=None,
        auth_error=None,
        client=connection.client.host if connection.client else "unknown",
        request_id=request_id_var.get(),
    )
    header = connection.headers.get("authorization")
    if header is not None:
        await _authenticate(context, header)
    return context


async def _authenticate(context: Context, authorization: object) -> None:
    token = bearer_token(authorization)
    if token is None:
        context.auth_error = "the Authorization header must be 'Bearer <token>'"
        return
    try:
        context.principal = await context.services.auth.authenticate(token)
        context.bearer = token
    except AuthenticationFailed as exc:
        context.auth_error = exc.reason
    except Unavailable as exc:
        # The token cannot be checked now: say so (SERVICE_UNAVAILABLE), rather than "log in again".
        context.auth_unavailable = unreachable_message(exc.dependency)


# Only graphql-transport-ws: the legacy graphql-ws protocol would bypass the session checks of the handler below.
SUBSCRIPTION_PROTOCOLS = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)


class LabelloopGraphQLRouter(GraphQLRouter[Context, None]):
    """WebSocket clients authenticate in `connection_init`: {"Authorization": "Bearer <token>"}; the socket then
    lives as long as the session (backend/api/sockets.py). Only graphql-transport-ws is spoken: the legacy
    graphql-ws protocol would bypass those checks."""

    graphql_transport_ws_handler_class = SessionBoundWSHandler

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params: dict[str, Any] = context.connection_params or {}
        authorization = params.get("Authorization") or params.get("authorization")
        if authorization is None and context.principal is None:
            raise ConnectionRejectionError({"message": "send {'Authorization': 'Bearer <token>'} in connection_init"})
        if authorization is not None:
            context.principal, context.auth_error, context.bearer = None, None, None
            await _authenticate(context, authorization)
        if context.principal is None:
            raise ConnectionRejectionError({"message": f"authentication failed: {context.auth_error}"})
        return {"viewer": context.principal.user.username}

    async def run(  # type: ignore[override]  # one signature for strawberry's two overloads
        self,
        request: Request | WebSocket,
        context: Context | UnsetType = UNSET,
        root_value: UnsetType | None = UNSET,
    ) -> Response | WebSocket:
        """Answer in the media type the client asked for (backend/api/media.py)."""
        if not isinstance(request, Request) or negotiate(request.headers.get("accept")) != GRAPHQL_RESPONSE_JSON:
            return await super().run(request, context, root_value)  # type: ignore[arg-type]
        request_error_var.set(False)
        try:
            response = await super().run(request, context, root_value)  # type: ignore[arg-type]
        except HTTPException as exc:
            return request_error_response(exc.status_code, exc.reason)
        if not isinstance(response, Response) or response.media_type != "application/json":
            return response  # GraphiQL's page or a stream: not a single GraphQL response
        return as_graphql_response(response, request_error_var.get())

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = process_result(result)
        if is_request_error(result) and negotiate(request.headers.get("accept")) == GRAPHQL_RESPONSE_JSON:
            request_error_var.set(True)
            processed.pop("data", None)  # the spec: no `data` entry when nothing was executed
        return processed
