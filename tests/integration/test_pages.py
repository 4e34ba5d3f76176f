"""The one page shape of list fields: `first`/`after` walk a list to its end, each node once, with the total on
every page; a cursor that is not one the API gave is a field error `invalid_cursor`."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.api import login, post
from tests.data import create_dataset

pytestmark = pytest.mark.stack

DATASETS = """
query($first: Int!, $after: String) {
  datasets(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id }
  }
}
"""
HISTORY = """
query($after: String) {
  promotionHistory(name: "no-model", first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } }
}
"""


def _pages(token: str, first: int) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        body = post(DATASETS, {"first": first, "after": after}, token)
        assert "errors" not in body, body
        page: dict[str, Any] = body["data"]["datasets"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


def test_datasets_walked_with_after_give_every_dataset_once_with_the_total_on_each_page() -> None:
    # given three more datasets than there were
    admin = login("admin", "admin")
    created = {create_dataset(admin) for _ in range(3)}
    # when the list is read two at a time to its end
    pages = _pages(admin, 2)
    # then every page but the last is full, each dataset comes once, and every page tells the same total
    seen = [node["id"] for page in pages for node in page["nodes"]]
    total = pages[0]["totalCount"]
    assert len(pages) == (total + 1) // 2 >= 2
    assert [len(page["nodes"]) for page in pages[:-1]] == [2] * (len(pages) - 1)
    assert len(seen) == len(set(seen)) == total
    assert created <= set(seen)
    assert {page["totalCount"] for page in pages} == {total}
    assert pages[-1]["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("cursor", ["%%%", base64.urlsafe_b64encode(b"offset:-1").decode(), "b2Zmc2V0OmE="])
def test_a_datasets_cursor_the_api_did_not_give_is_a_field_error(cursor: str) -> None:
    # when
    body = post(DATASETS, {"first": 2, "after": cursor}, login("user", "user"))
    # then
    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [
        {
            "code": "BAD_USER_INPUT",
            "fieldErrors": [
                {"field": "after", "code": "invalid_cursor", "message": "pass an `endCursor` from a previous page"}
            ],
        }
    ]


def test_a_page_size_out_of_range_is_a_field_error() -> None:
    # when
    body = post(DATASETS, {"first": 201}, login("user", "user"))
    # then
    assert body["errors"][0]["extensions"]["fieldErrors"] == [
        {"field": "first", "code": "out_of_range", "message": "ask for 1 to 200 items per page"}
    ]


def test_an_unknown_models_history_is_an_empty_page() -> None:
    # when
    body = post(HISTORY, {}, login("user", "user"))
    # then
    assert body["data"]["promotionHistory"] == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}}
