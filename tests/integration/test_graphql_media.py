"""/graphql answers `application/graphql-response+json` with the spec's status codes to clients that accept it."""

from __future__ import annotations

import httpx

from tests.stack import GRAPHQL_URL

GRAPHQL_RESPONSE = "application/graphql-response+json"
URQL_ACCEPT = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream"


def _post(accept: str | None, body: dict[str, object] | str) -> httpx.Response:
    headers = {"content-type": "application/json", **({"accept": accept} if accept else {})}
    content = body if isinstance(body, str) else httpx.Request("POST", "/", json=body).content
    return httpx.post(GRAPHQL_URL, content=content, headers=headers, timeout=30)


def test_a_validation_failure_is_a_400_without_data_for_graphql_response_json() -> None:
    # when a client that accepts the GraphQL media type (urql's header) sends a document that does not validate
    response = _post(URQL_ACCEPT, {"query": "{ healt { status } }"})
    # then it is a 400 with errors and no data entry, in that media type
    assert response.status_code == 400
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"].startswith("Cannot query field 'healt' on type 'Query'.")


def test_a_field_error_keeps_200_and_data_for_graphql_response_json() -> None:
    # when an anonymous caller asks for a field that needs a login (an error while executing, not a request error)
    response = _post(GRAPHQL_RESPONSE, {"query": "{ viewer { user { id } } }"})
    # then the response has its data entry (null: `viewer` is non-null) and is a 200, as the spec says
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_bad_json_and_a_missing_query_are_400_graphql_responses() -> None:
    for body in ('{ "not json', {"qeury": "{ health { status } }"}):
        response = _post(GRAPHQL_RESPONSE, body)
        assert response.status_code == 400
        assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
        assert set(response.json()) == {"errors"}


def test_application_json_clients_keep_200_with_null_data() -> None:
    for accept in ("application/json", "*/*", None):
        # when a legacy client sends a document that does not validate
        response = _post(accept, {"query": "{ healt { status } }"})
        # then it gets application/json, 200, and data null, as before
        assert response.status_code == 200, accept
        assert response.headers["content-type"] == "application/json"
        assert response.json()["data"] is None
