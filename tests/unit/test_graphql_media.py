"""Which media type /graphql answers in, from the Accept header."""

from __future__ import annotations

import pytest

from backend.api.media import GRAPHQL_RESPONSE_JSON, JSON, negotiate


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        # urql's default
        ("application/graphql-response+json, application/graphql+json, application/json", GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        ("application/json;q=1, application/graphql-response+json;q=0.9", JSON),
        ("application/graphql-response+json;q=0.5, application/json;q=0.4", GRAPHQL_RESPONSE_JSON),
        ("application/graphql-response+json;q=0", JSON),
        ("Application/GraphQL-Response+JSON; charset=utf-8", GRAPHQL_RESPONSE_JSON),
        ("text/html", JSON),
        ("application/graphql-response+json;q=oops", JSON),
    ],
)
def test_the_response_media_type_follows_the_accept_header(accept: str | None, expected: str) -> None:
    assert negotiate(accept) == expected
