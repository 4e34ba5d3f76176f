"""Checks on /graphql HTTP requests before GraphQL sees them: body size, content type, request id."""

from __future__ import annotations

import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.logs import new_request_id, request_id_var

ACCEPTED_CONTENT_TYPES = ("application/json", "multipart/form-data")


def _error(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


def _too_large(limit: int, length: int | None = None) -> str:
    size = f"has {length} bytes" if length is not None else "is"
    return (
        f"the request body {size} over the limit of {limit} bytes (LABELLOOP_MAX_BODY_BYTES): "
        "send a smaller query, with data in variables or an upload"
    )


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

            if scope["type"] == "http" and self._is_json_graphql_post(scope, headers):
                checked = await self._refuse_batches(receive, send, request_id)
                if checked is None:
                    return
                receive = checked
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
            return _error(413, "PAYLOAD_TOO_LARGE", _too_large(limit, int(length)))
        return None

    @staticmethod
    def _is_json_graphql_post(scope: Scope, headers: Headers) -> bool:
        return (
            scope["path"] == "/graphql"
            and scope["method"] == "POST"
            and headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"
        )

    async def _refuse_batches(self, receive: Receive, send: Send, request_id: str) -> Receive | None:
        """Read the (size-checked) JSON body; answer 400 for a batch (a JSON array), else replay the body."""
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return receive
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
            if sum(map(len, chunks)) > self.max_body_bytes:
                await self._respond(
                    send, request_id, *_error(413, "PAYLOAD_TOO_LARGE", _too_large(self.max_body_bytes))
                )
                return None
        body = b"".join(chunks)
        if body.lstrip()[:1] == b"[":
            await self._respond(
                send,
                request_id,
                *_error(
                    400, "BATCH_NOT_ALLOWED", "batches of operations are not accepted: send one operation per request"
                ),
            )
            return None
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay

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
