"""Search over a known fixture: exact hit and facet counts, highlights, and pages that return each item once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import login, post
from tests.data import create_dataset, import_file, jsonl

SEARCH = """
query($d: ID!, $q: String, $f: ItemFilter, $first: Int!, $after: String, $sort: ItemSort!) {
  search(datasetId: $d, query: $q, filter: $f, first: $first, after: $after, sort: $sort) {
    __typename
    ... on SearchResults {
      totalCount
      nodes { externalId highlights status goldLabel }
      pageInfo { hasNextPage endCursor }
      facets {
        statuses { value count }
        goldLabels { value count }
        labels { value count }
        metadata { key values { value count } }
      }
    }
    ... on Error { message }
  }
}
"""
ITEM_IDS = """
query($d: ID!, $f: ItemFilter, $first: Int!, $after: String) {
  itemIds(datasetId: $d, filter: $f, first: $first, after: $after) {
    __typename
    ... on ItemIdConnection { nodes pageInfo { hasNextPage endCursor } totalCount }
  }
}
"""
FRUITS = ["apple", "banana", "cherry"]


def _rows() -> list[dict[str, Any]]:
    """30 items: fruit i % 3, source web for even ids, gold label pos for multiples of 5."""
    rows = []
    for i in range(30):
        row: dict[str, Any] = {
            "id": f"r{i:02d}",
            "text": f"review {i} about a {FRUITS[i % 3]} from the market",
            "metadata": {"source": "web" if i % 2 == 0 else "shop", "fruit": FRUITS[i % 3]},
        }
        if i % 5 == 0:
            row["label"] = "pos"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def fixture() -> tuple[str, str]:
    token = login("admin", "admin")
    dataset = create_dataset(token)
    job = import_file(token, dataset, jsonl(_rows()), "fixture.jsonl")
    assert job["message"] == "30 items stored, 0 lines skipped"
    return token, dataset


def _search(token: str, dataset: str, **variables: Any) -> dict[str, Any]:
    variables = {"d": dataset, "first": 20, "sort": "RELEVANCE", **variables}
    result: dict[str, Any] = post(SEARCH, variables, token)["data"]["search"]
    assert result["__typename"] == "SearchResults", result
    return result


def _facet(result: dict[str, Any], name: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in result["facets"][name]}


def test_counts_and_facets_of_the_whole_dataset(fixture: tuple[str, str]) -> None:
    result = _search(*fixture)
    assert result["totalCount"] == 30
    assert _facet(result, "statuses") == {"UNLABELED": 24, "REVIEWED": 6}
    assert _facet(result, "goldLabels") == {"pos": 6}
    metadata = {m["key"]: {v["value"]: v["count"] for v in m["values"]} for m in result["facets"]["metadata"]}
    assert metadata == {"fruit": {"apple": 10, "banana": 10, "cherry": 10}, "source": {"web": 15, "shop": 15}}


def test_a_query_counts_and_highlights_its_matches(fixture: tuple[str, str]) -> None:
    result = _search(*fixture, q="banana")
    assert result["totalCount"] == 10
    assert all(hit["highlights"] == [hit["highlights"][0]] for hit in result["nodes"])
    assert "a <mark>banana</mark> from" in result["nodes"][0]["highlights"][0]


def test_filters_combine_with_the_query_and_facets_follow_them(fixture: tuple[str, str]) -> None:
    # banana: i % 3 == 1 → i in 1,4,...,28; web: even → 4,10,16,22,28; pos: multiples of 5 → 10
    result = _search(*fixture, q="banana", f={"metadata": [{"key": "source", "values": ["web"]}]})
    assert sorted(hit["externalId"] for hit in result["nodes"]) == ["r04", "r10", "r16", "r22", "r28"]
    assert _facet(result, "goldLabels") == {"pos": 1}
    only_gold = _search(
        *fixture, q="banana", f={"metadata": [{"key": "source", "values": ["web"]}], "goldLabels": ["pos"]}
    )
    assert [hit["externalId"] for hit in only_gold["nodes"]] == ["r10"]


def test_status_and_gold_conditions(fixture: tuple[str, str]) -> None:
    assert _search(*fixture, f={"statuses": ["REVIEWED"]})["totalCount"] == 6
    assert _search(*fixture, f={"hasGoldLabel": False})["totalCount"] == 24
    assert _search(*fixture, f={"externalIds": ["r01", "r02", "nope"]})["totalCount"] == 2


def test_pages_return_each_item_exactly_once(fixture: tuple[str, str]) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        result = _search(*fixture, first=7, after=after, sort="NEWEST")
        seen += [hit["externalId"] for hit in result["nodes"]]
        pages += 1
        if not result["pageInfo"]["hasNextPage"]:
            break
        after = result["pageInfo"]["endCursor"]
    assert pages == 5
    assert sorted(seen) == sorted(f"r{i:02d}" for i in range(30))


def test_item_ids_by_cursor_are_complete_and_unique(fixture: tuple[str, str]) -> None:
    token, dataset = fixture
    ids: list[str] = []
    after = None
    totals = []
    while True:
        page = post(ITEM_IDS, {"d": dataset, "first": 8, "after": after}, token)["data"]["itemIds"]
        ids += page["nodes"]
        totals.append(page["totalCount"])
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert totals == [30, 30, 30, 30]
    assert sorted(ids) == sorted(f"{dataset}:r{i:02d}" for i in range(30))


def test_a_bad_cursor_and_an_unknown_dataset_are_clear_errors(fixture: tuple[str, str]) -> None:
    token, dataset = fixture
    bad = post(SEARCH, {"d": dataset, "first": 5, "after": "garbage", "sort": "NEWEST"}, token)["data"]["search"]
    assert bad["__typename"] == "ValidationError"
    unknown = post(SEARCH, {"d": "no-such-dataset", "first": 5, "sort": "NEWEST"}, token)["data"]["search"]
    assert unknown == {
        "__typename": "DatasetNotFoundError",
        "message": "no dataset has id 'no-such-dataset': list them with `datasets`",
    }
