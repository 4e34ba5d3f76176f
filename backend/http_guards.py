"""Checks on /graphql HTTP requests before GraphQL sees them: body size, content type, request id."""

from __future__ import annotations

import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.logs import new_request_id, request_id_var

ACCEPTED_CONTENT_TYPES = ("application/json", "multipart/form-data")


def _error(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


class GraphQLRequestGuard:
    """Pure ASGI middleware: a request id on every request; size and type limits on POST /graphql."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = headers.get("x-request-id") or new_request_id()
        token = request_id_var.set(request_id)
        try:
            refusal = self._refusal(scope, headers) if scope["type"] == "http" else None
            if refusal is not None:
                await self._respond(send, request_id, *refusal)
                return

            async def send_with_request_id(message: Message) -> None:
                if message["type"] == "http.response.start":
                    MutableHeaders(scope=message)["X-Request-ID"] = request_id
                await send(message)

            await self.app(scope, receive, send_with_request_id)
        finally:
            request_id_var.reset(token)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, bytes] | None:
        if scope["path"] != "/graphql" or scope["method"] != "POST":
            return None
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_CONTENT_TYPES:
            return _error(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                f"POST /graphql accepts only application/json (or multipart/form-data for uploads), "
                f"not '{content_type or 'no content type'}'",
            )
        length = headers.get("content-length")
        limit = self.max_body_bytes
        if content_type == "application/json" and length is not None and length.isdigit() and int(length) > limit:
            return _error(
                413,
                "PAYLOAD_TOO_LARGE",
                f"the request body has {int(length)} bytes, over the limit of {limit} bytes "
                "(LABELLOOP_MAX_BODY_BYTES): send a smaller query, with data in variables or an upload",
            )
        return None

    @staticmethod
    async def _respond(send: Send, request_id: str, status: int, body: bytes) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-request-id", request_id.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
