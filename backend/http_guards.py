"""Checks on /graphql HTTP requests before GraphQL sees them: body size, content type, request id."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.logs import new_request_id, request_id_var

ACCEPTED_CONTENT_TYPES = ("application/json", "multipart/form-data")
# Deeper JSON is refused before anyone parses it recursively (Python's parser, and GraphQL's value coercion,
# fail at about 1,000 levels with an internal error). No operation of ours needs more than a few levels.
MAX_JSON_DEPTH = 64
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_NOT_A_BRACKET = re.compile(rb"[^\[\]{}]")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _error(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


def _too_large(limit: int, length: int | None = None) -> str:
    size = f"has {length} bytes" if length is not None else "is"
    return (
        f"the request body {size} over the limit of {limit} bytes (LABELLOOP_MAX_BODY_BYTES): "
        "send a smaller query, with data in variables or an upload"
    )


def _json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    for byte in _NOT_A_BRACKET.sub(b"", _JSON_STRING.sub(b"", body)):
        depth += _DEPTH_STEP[byte]
        deepest = max(deepest, depth)
    return deepest


def lone_surrogate_path(value: Any, root: str) -> str | None:
    """Where a string of the parsed JSON holds a lone UTF-16 surrogate (not a character), e.g. `variables.x`."""
    pending: list[tuple[str, Any]] = [(root, value)]
    while pending:
        path, current = pending.pop()
        if isinstance(current, str):
            try:
                current.encode("utf-8")
            except UnicodeEncodeError:
                return path or "the body"
        elif isinstance(current, dict):
            for key, child in current.items():
                pending.append((f"{path}.{key}" if path else str(key), child))
                pending.append((f"{path} (a key)" if path else "a key", key))
        elif isinstance(current, list):
            pending.extend((f"{path}[{i}]", child) for i, child in enumerate(current))
    return None


def body_problem(body: bytes, root: str = "") -> tuple[str, str] | None:
    """(code, message) when a JSON body cannot be read safely: bytes that are not UTF-8, nesting past
    MAX_JSON_DEPTH, or escapes of lone UTF-16 surrogates (which no database or encoder accepts); else None.
    `root` names the JSON text in messages (e.g. `variables` for a GET request's parameter)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            "INVALID_UTF8",
            f"the request body is not valid UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start}): "
            "send the JSON encoded in UTF-8",
        )
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _json_depth(body) > MAX_JSON_DEPTH:
        return (
            "JSON_TOO_DEEP",
            f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep: send flatter variables",
        )
    if _SURROGATE_ESCAPE.search(body) is None:  # escaped surrogate pairs (e.g. emoji) are fine: checked below
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None  # not JSON: the GraphQL server answers that
    where = lone_surrogate_path(parsed, root)
    if where is None:
        return None
    return (
        "INVALID_UNICODE",
        f"{where} holds a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair), which is not a "
        "character: send valid Unicode text",
    )


def _query_string_refusal(query_string: bytes) -> tuple[int, bytes] | None:
    """A 400 for a GET request whose parameters are not UTF-8, or whose JSON `variables` or `extensions` cannot be
    read safely (see body_problem)."""
    try:
        parameters = parse_qsl(query_string.decode("latin-1"), encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return _error(
            400, "INVALID_UTF8", "the query string is not valid UTF-8 once percent-decoded: encode it in UTF-8"
        )
    for name, value in parameters:
        if name in ("variables", "extensions"):
            problem = body_problem(value.encode("utf-8", "surrogatepass"), root=name)
            if problem is not None:
                return _error(400, *problem)
    return None


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
        if scope["path"] == "/graphql" and scope["method"] == "GET":
            return _query_string_refusal(scope["query_string"])
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
        problem = body_problem(body)
        if problem is not None:
            await self._respond(send, request_id, *_error(400, *problem))
            return None
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
