"""GraphQL over HTTP media types: `application/graphql-response+json` for clients that accept it, with the spec's
status codes; `application/json` (always 200 for a GraphQL response) for the others.

With `application/graphql-response+json`, a *request error* — the document does not parse, does not validate, or
its variables cannot be coerced, so nothing was executed — is answered 400 with `errors` and no `data` entry. A
response with a `data` entry (even null after a field error) stays 200.
"""

from __future__ import annotations

import json
from contextvars import ContextVar

from starlette.responses import Response
from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"

# Set by the view while it turns an ExecutionResult into a response, read when it builds the HTTP response
# (both happen in the request's own task).
request_error_var: ContextVar[bool] = ContextVar("labelloop_graphql_request_error", default=False)


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str | None) -> str:
    """The response media type for an Accept header: `application/graphql-response+json` when the client ranks it
    at least as high as `application/json`, else `application/json` (also for a missing header, `*/*`, or types we
    do not serve: legacy clients keep working)."""
    ranks: dict[str, float] = {}
    for entry in (accept or "").split(","):
        media, *parameters = entry.split(";")
        media = media.strip().lower()
        if media:
            ranks[media] = max(ranks.get(media, 0.0), _quality(parameters))
    graphql_response = ranks.get(GRAPHQL_RESPONSE_JSON, 0.0)
    if graphql_response > 0 and graphql_response >= ranks.get(JSON, 0.0):
        return GRAPHQL_RESPONSE_JSON
    return JSON


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing was executed: the errors come from parsing, validation or variable coercion (none has a path)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def as_graphql_response(response: Response, request_error: bool) -> Response:
    """`response` (a GraphQL response from the view) re-labelled for a client that accepts
    `application/graphql-response+json`: that content type, and 400 for a request error."""
    response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    if request_error:
        response.status_code = 400
    return response


def request_error_response(status_code: int, message: str) -> Response:
    """A request the view refused before GraphQL saw it (bad JSON, no query…), as a GraphQL response."""
    body = json.dumps({"errors": [{"message": message}]}).encode()
    return Response(body, status_code=status_code, media_type=f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8")
