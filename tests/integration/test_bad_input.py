"""Bad bytes and bad arguments get a 400 or a field error that says what was wrong: never a 500, never the name
of an exception class (issue 15)."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.api import client_from, login, post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import GRAPHQL_URL, HTTP_PORT

# Exception class names (ours and our drivers') that must never reach a caller.
INTERNAL_TEXT = re.compile(
    r"Traceback|[A-Z][A-Za-z]*(Error|Exception)\b(?!\")|codec can't|INVALID_PARAMETER_VALUE|"
    r"search_phase_execution|illegal_argument|parse_exception|search_context_missing|RESOURCE_DOES_NOT_EXIST"
)
# Type names of our GraphQL error union members are fine: they are the documented contract.
DOCUMENTED = re.compile(r'"__typename": "[A-Za-z]+Error"')

HEALTH = b'{"query": "{ health { status } }", "variables": {"x": "\xff"}}'
LOGIN = 'mutation($u: String!) { login(username: $u, password: "whatever-1") { __typename ... on Error { message } } }'
JOBS = "query($first: Int!, $after: String) { jobs(first: $first, after: $after) { totalCount } }"
RUNS = "query($first: Int!, $after: String) { trainingRuns(first: $first, after: $after) { totalCount } }"
MONITORING = 'query($m: Int!) { modelMonitoring(name: "no-model", minutes: $m) { total } }'
ITEM_IDS = """
query($d: ID!, $first: Int!, $after: String) {
  itemIds(datasetId: $d, first: $first, after: $after) {
    __typename
    ... on ItemIdConnection { nodes pageInfo { hasNextPage endCursor } }
    ... on ValidationError { message fieldErrors { field code message } }
  }
}
"""
SEARCH = """
query($d: ID!, $first: Int!, $after: String) {
  search(datasetId: $d, first: $first, after: $after, sort: EXTERNAL_ID) {
    __typename
    ... on SearchResults { totalCount pageInfo { endCursor } }
    ... on ValidationError { message fieldErrors { field code message } }
  }
}
"""
PREDICT = """
query($model: String!) {
  predict(model: $model, inputs: ["a text"]) { __typename ... on Error { message } }
}
"""
RUN_EVENTS = 'subscription($after: String) { trainingRun(id: "run_none", after: $after) { cursor } }'


@pytest.fixture(scope="module")
def user_token() -> str:
    return login("user", "user")


@pytest.fixture(scope="module")
def dataset() -> str:
    admin = login("admin", "admin")
    dataset_id = create_dataset(admin)
    rows = [{"id": f"i{n:02d}", "text": f"item number {n}"} for n in range(5)]
    import_file(admin, dataset_id, jsonl(rows), "five.jsonl")
    return dataset_id


def _raw(body: bytes, token: str | None = None) -> httpx.Response:
    headers = {"content-type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    with client_from("127.0.3.1") as client:
        return client.post(GRAPHQL_URL, content=body, headers=headers)


def _assert_clean(text: str) -> None:
    leaked = INTERNAL_TEXT.search(DOCUMENTED.sub("", text))
    assert leaked is None, f"internal text {leaked.group(0)!r} in {text}"


def _field_error(body: dict[str, Any]) -> dict[str, Any]:
    """The single field error of a refused argument (a top-level BAD_USER_INPUT error with fieldErrors)."""
    assert body["data"] is None, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    (field_error,) = error["extensions"]["fieldErrors"]
    return dict(field_error)


def test_invalid_utf8_in_the_body_gets_400_saying_so() -> None:
    # when
    response = _raw(HEALTH)
    # then
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "the request body is not valid UTF-8 (byte 0xff at offset 55): "
                "send the JSON encoded in UTF-8",
                "extensions": {"code": "INVALID_UTF8"},
            }
        ]
    }


@pytest.mark.parametrize("depth", [1000, 65])
def test_deeply_nested_json_gets_400_saying_so(depth: int) -> None:
    # given
    nested = "[" * depth + "]" * depth
    body = f'{{"query": "{{ health {{ status }} }}", "variables": {{"x": {nested}}}}}'.encode()
    # when
    response = _raw(body)
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "the JSON body is nested more than 64 levels deep: send flatter variables",
        "extensions": {"code": "JSON_TOO_DEEP"},
    }


def test_json_nested_up_to_the_limit_and_brackets_in_strings_are_fine() -> None:
    # given: 63 levels inside `variables`, and a string full of brackets
    nested = "[" * 62 + "]" * 62
    body = f'{{"query": "{{ health {{ status }} }}", "variables": {{"x": {nested}, "y": "{"[" * 500}"}}}}'.encode()
    # when
    response = _raw(body)
    # then
    assert response.status_code == 200
    assert "errors" not in response.json()
    assert response.json()["data"]["health"]["status"] is not None


def test_a_lone_surrogate_in_a_variable_gets_400_naming_the_variable() -> None:
    # given: JSON's escape of half a surrogate pair
    body = json.dumps({"query": LOGIN, "variables": {"u": "ab\ud800cd"}}).encode()
    assert b"\\ud800" in body
    # when
    response = _raw(body)
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "variables.u holds a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair), which is "
        "not a character: send valid Unicode text",
        "extensions": {"code": "INVALID_UNICODE"},
    }


def test_a_lone_surrogate_in_the_query_text_gets_400() -> None:
    # given
    body = json.dumps({"query": 'mutation { login(username: "x\udfff", password: "p") { __typename } }'}).encode()
    # when
    response = _raw(body)
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "INVALID_UNICODE"}
    assert response.json()["errors"][0]["message"].startswith("query holds a lone UTF-16 surrogate")


def test_an_escaped_surrogate_pair_is_a_character_and_is_accepted() -> None:
    # given: an emoji as JSON's ASCII escapes (\ud83d\ude00), which json.dumps writes by default
    body = json.dumps({"query": LOGIN, "variables": {"u": "smile-\U0001f600"}}).encode()
    assert b"\\ud83d\\ude00" in body
    # when
    response = _raw(body)
    # then
    assert response.status_code == 200
    assert response.json()["data"]["login"]["__typename"] == "InvalidCredentialsError"


def test_a_graphql_escape_of_a_lone_surrogate_in_the_query_is_a_syntax_error() -> None:
    # given: the escape is GraphQL's, inside the query text (the JSON itself is clean)
    query = 'mutation { login(username: "x\\ud800", password: "p") { __typename } }'
    # when
    response = _raw(json.dumps({"query": query}).encode())
    # then
    assert response.status_code in (200, 400)
    _assert_clean(response.text)
    assert "Invalid Unicode escape sequence" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("first", "after", "field", "code", "message"),
    [
        (-1, None, "first", "out_of_range", "ask for 1 to 100 items per page"),
        (1_000_000, None, "first", "out_of_range", "ask for 1 to 100 items per page"),
        (0, None, "first", "out_of_range", "ask for 1 to 100 items per page"),
        (20, "not-a-cursor", "after", "invalid_cursor", "pass an `endCursor` from a previous page"),
        (20, "b2Zmc2V0Oi0x", "after", "invalid_cursor", "pass an `endCursor` from a previous page"),  # offset:-1
    ],
)
@pytest.mark.parametrize("document", [JOBS, RUNS], ids=["jobs", "trainingRuns"])
def test_page_arguments_out_of_range_are_field_errors(
    user_token: str, document: str, first: int, after: str | None, field: str, code: str, message: str
) -> None:
    # when
    body = post(document, {"first": first, "after": after}, user_token)
    # then
    assert _field_error(body) == {"field": field, "code": code, "message": message}


def test_a_cursor_past_the_deepest_page_is_answered_with_the_deepest_page(user_token: str) -> None:
    # given the cursor of the 20,000th job (the index pages 10,000 deep)
    after = base64.urlsafe_b64encode(b"offset:19999").decode()
    # when
    body = post(JOBS, {"first": 20, "after": after}, user_token)
    # then
    assert "errors" not in body, body
    assert body["data"]["jobs"]["totalCount"] >= 0


@pytest.mark.parametrize("minutes", [-5, 0, 10_081])
def test_a_monitoring_window_out_of_range_is_a_field_error(user_token: str, minutes: int) -> None:
    # when
    body = post(MONITORING, {"m": minutes}, user_token)
    # then
    assert _field_error(body) == {
        "field": "minutes",
        "code": "out_of_range",
        "message": f"{minutes} is out of range: give a window of 1 to 10080 minutes",
    }


def _b64(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


TAMPERED_ID_CURSORS = [
    "not base64 at all!",
    _b64({"pit": "forged-point-in-time", "after": [3]}),
    _b64({"pit": "AAAA", "after": [{"nested": "object"}]}),
    _b64({"pit": 12, "after": [1]}),
    _b64({"pit": "x", "after": None}),
    _b64([1, 2, 3]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    _b64({"pit": "x", "after": [[[[[[1]]]]]]}),
]


@pytest.mark.parametrize("cursor", TAMPERED_ID_CURSORS)
def test_a_tampered_item_ids_cursor_is_a_field_error(user_token: str, dataset: str, cursor: str) -> None:
    # when
    body = post(ITEM_IDS, {"d": dataset, "first": 2, "after": cursor}, user_token)
    # then
    result = body["data"]["itemIds"]
    assert result["__typename"] == "ValidationError", result
    assert result["fieldErrors"] == [
        {
            "field": "after",
            "code": "invalid_cursor",
            "message": "pass the `endCursor` of the previous page, within 2 minutes (else start again without `after`)",
        }
    ]


def test_a_cursor_with_a_forged_point_in_time_from_a_real_one_is_a_field_error(user_token: str, dataset: str) -> None:
    # given: a real cursor whose point in time id is altered
    first = post(ITEM_IDS, {"d": dataset, "first": 2}, user_token)["data"]["itemIds"]
    state = json.loads(base64.urlsafe_b64decode(first["pageInfo"]["endCursor"]))
    forged = _b64({"pit": state["pit"][:-8] + "AAAAAAAA", "after": state["after"], "total": state["total"]})
    # when
    result = post(ITEM_IDS, {"d": dataset, "first": 2, "after": forged}, user_token)["data"]["itemIds"]
    # then
    assert result["__typename"] == "ValidationError", result
    assert result["fieldErrors"][0]["code"] == "invalid_cursor"


@pytest.mark.parametrize("first", [0, -1, 10_001])
def test_item_ids_page_size_out_of_range_is_a_field_error(user_token: str, dataset: str, first: int) -> None:
    # when
    result = post(ITEM_IDS, {"d": dataset, "first": first}, user_token)["data"]["itemIds"]
    # then
    assert result["__typename"] == "ValidationError"
    assert result["fieldErrors"] == [{"field": "first", "code": "out_of_range", "message": "ask for 1 to 10000 ids"}]


@pytest.mark.parametrize(
    "cursor",
    [_b64([{"a": 1}]), _b64(["text", "more", "values", "than", "sorts"]), _b64({"x": 1}), "%%%", _b64([])],
)
def test_a_tampered_search_cursor_is_a_field_error(user_token: str, dataset: str, cursor: str) -> None:
    # when
    result = post(SEARCH, {"d": dataset, "first": 2, "after": cursor}, user_token)["data"]["search"]
    # then
    assert result["__typename"] == "ValidationError", result
    assert result["fieldErrors"] == [
        {
            "field": "after",
            "code": "invalid_cursor",
            "message": "pass a `cursor` (or `pageInfo.endCursor`) from a previous page",
        }
    ]


@pytest.mark.parametrize("cursor", ["²", "1" * 40, "-3", "abc"])
async def test_a_bad_training_event_cursor_is_refused_with_a_message(user_token: str, cursor: str) -> None:
    # given
    async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {user_token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        # when
        await ws.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": RUN_EVENTS, "variables": {"after": cursor}}}
            )
        )
        raw = await asyncio.wait_for(ws.recv(), timeout=10)
    # then
    _assert_clean(str(raw))
    message = json.loads(raw)
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
        (f"'{cursor}' is not a cursor: pass the `cursor` of the last event you received", "BAD_USER_INPUT")
    ]


@pytest.mark.parametrize("name", ["x'", "x' OR name LIKE '%", "back\\slash", "both'\"quotes"])
def test_a_model_name_with_quotes_is_a_clean_model_not_found(user_token: str, name: str) -> None:
    # when
    body = post(PREDICT, {"model": name}, user_token)
    # then
    assert "errors" not in body, body
    result = body["data"]["predict"]
    assert result["__typename"] == "ModelNotFoundError", result
    _assert_clean(json.dumps(body))


@pytest.mark.parametrize(
    "body",
    [
        HEALTH,
        b'{"query": "{ health { status } }", "variables": ' + b"[" * 1000 + b"]" * 1000 + b"}",
        json.dumps({"query": LOGIN, "variables": {"u": "\udc00"}}).encode(),
        b'{"query": "{ health { status } }", "variables": {"x": "\xed\xa0\x80"}}',  # a surrogate as raw UTF-8
        b"\xff\xfe{\x00}\x00",
        b'{"query": 12}',
        b'{"query": "{ health { status } }", "variables": "not an object"}',
    ],
    ids=["utf8", "deep", "surrogate", "raw-surrogate", "utf16", "query-not-string", "variables-not-object"],
)
def test_no_bad_body_gets_a_500_or_internal_text(body: bytes) -> None:
    # when
    response = _raw(body)
    # then
    assert response.status_code == 400, response.text
    _assert_clean(response.text)


def test_a_lone_surrogate_in_get_variables_gets_400(user_token: str) -> None:
    # when
    with client_from("127.0.3.2") as client:
        response = client.get(
            GRAPHQL_URL,
            params={"query": "query($i: ID!) { item(id: $i) { id } }", "variables": '{"i": "\\ud800"}'},
            headers={"Authorization": f"Bearer {user_token}"},
        )
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "variables.i holds a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair), which is "
        "not a character: send valid Unicode text",
        "extensions": {"code": "INVALID_UNICODE"},
    }


def test_a_get_query_string_that_is_not_utf8_gets_400() -> None:
    # when
    with client_from("127.0.3.3") as client:
        response = client.get(f"{GRAPHQL_URL}?query=%7B%20health%20%7B%20status%20%7D%20%7D&variables=%7B%7D%FF")
    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "INVALID_UTF8"}


async def test_a_lone_surrogate_in_a_subscription_closes_the_socket_with_4400(user_token: str) -> None:
    # given
    async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {user_token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        # when
        variables = {"d": "x\ud800"}
        query = "subscription($d: ID!) { datasetActivity(datasetId: $d) { queueDepth } }"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}))
        # then
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=10)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
        4400,
        "payload.variables.d holds a lone UTF-16 surrogate",
    )
