"""Facets: numeric metadata as range buckets with a range filter, and several values of one facet (OR within a
facet, AND across facets) without the chosen value hiding the rest of its group."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.api import login, post
from tests.data import create_dataset, import_file, jsonl

SEARCH = """
query($d: ID!, $f: ItemFilter) {
  search(datasetId: $d, filter: $f, first: 50) {
    __typename
    ... on SearchResults {
      totalCount
      nodes { externalId }
      facets {
        goldLabels { value count }
        statuses { value count }
        metadata { key values { value count } }
        metadataRanges { key buckets { min max count } }
      }
    }
    ... on Error { message }
  }
}
"""


@pytest.fixture(scope="module")
def fixture() -> tuple[str, str, str]:
    """20 items: score i/20 (a numeric key of its own), source web for even i, gold pos for i < 6, neg for 6 to 9."""
    token = login("admin", "admin")
    dataset = create_dataset(token)
    score = f"score_{uuid.uuid4().hex[:8]}"  # the search index maps each metadata key once, for every dataset
    rows = []
    for i in range(20):
        row: dict[str, Any] = {
            "id": f"f{i:02d}",
            "text": f"facet item {i}",
            "metadata": {score: i / 20, "source": "web" if i % 2 == 0 else "shop"},
        }
        if i < 10:
            row["label"] = "pos" if i < 6 else "neg"
        rows.append(row)
    assert import_file(token, dataset, jsonl(rows), "facets.jsonl")["state"] == "SUCCEEDED"
    return token, dataset, score


def _search(token: str, dataset: str, item_filter: dict[str, Any] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = post(SEARCH, {"d": dataset, "f": item_filter}, token)["data"]["search"]
    assert result["__typename"] == "SearchResults", result
    return result


def _counts(values: list[dict[str, Any]]) -> dict[str, int]:
    return {v["value"]: v["count"] for v in values}


def test_numeric_metadata_gets_range_buckets_not_one_row_per_value(fixture: tuple[str, str, str]) -> None:
    # given scores 0.0, 0.05 … 0.95, when the dataset is searched
    token, dataset, score = fixture
    facets = _search(token, dataset)["facets"]
    # then the score is five ranges of 0.2 (a round width for about six buckets), four items each
    assert facets["metadataRanges"] == [
        {
            "key": score,
            "buckets": [
                {"min": 0.0, "max": 0.2, "count": 4},
                {"min": 0.2, "max": 0.4, "count": 4},
                {"min": 0.4, "max": 0.6, "count": 4},
                {"min": 0.6, "max": 0.8, "count": 4},
                {"min": 0.8, "max": 1.0, "count": 4},
            ],
        }
    ]
    # and it is not a term facet
    assert [m["key"] for m in facets["metadata"]] == ["source"]


def test_a_range_filter_takes_any_of_its_ranges(fixture: tuple[str, str, str]) -> None:
    # when two ranges of the score are chosen
    token, dataset, score = fixture
    ranges = [{"key": score, "min": 0.2, "max": 0.4}, {"key": score, "min": 0.8, "max": 1.0}]
    result = _search(token, dataset, {"metadataRanges": ranges})
    # then items in either range match (min included, max excluded)
    assert sorted(h["externalId"] for h in result["nodes"]) == [
        "f04", "f05", "f06", "f07", "f16", "f17", "f18", "f19"
    ]  # fmt: skip
    # and the score's buckets still count every item (a facet's own choice does not narrow it)
    assert [b["count"] for b in result["facets"]["metadataRanges"][0]["buckets"]] == [4, 4, 4, 4, 4]
    # and one open-ended range works too
    assert _search(token, dataset, {"metadataRanges": [{"key": score, "min": 0.9}]})["totalCount"] == 2


def test_choosing_a_gold_label_keeps_the_others_of_its_group_and_two_are_or(fixture: tuple[str, str, str]) -> None:
    # when one gold label is chosen
    token, dataset, _ = fixture
    one = _search(token, dataset, {"goldLabels": ["pos"]})
    # then the items are those, and the gold label facet still offers neg with its count
    assert one["totalCount"] == 6
    assert _counts(one["facets"]["goldLabels"]) == {"pos": 6, "neg": 4}
    # and the other facets follow the choice
    assert _counts(one["facets"]["statuses"]) == {"REVIEWED": 6}
    # when both are chosen, then either matches
    both = _search(token, dataset, {"goldLabels": ["pos", "neg"]})
    assert both["totalCount"] == 10


def test_facets_combine_with_and_across_groups(fixture: tuple[str, str, str]) -> None:
    # when a gold label and a metadata value are chosen: pos (0 to 5) and web (even) → 0, 2, 4
    token, dataset, score = fixture
    result = _search(token, dataset, {"goldLabels": ["pos"], "metadata": [{"key": "source", "values": ["web"]}]})
    assert sorted(h["externalId"] for h in result["nodes"]) == ["f00", "f02", "f04"]
    # then each group counts with the other groups' choices only
    assert _counts(result["facets"]["goldLabels"]) == {"pos": 3, "neg": 2}  # web items 6 and 8 are neg
    assert {m["key"]: _counts(m["values"]) for m in result["facets"]["metadata"]} == {"source": {"web": 3, "shop": 3}}
    assert [b["count"] for b in result["facets"]["metadataRanges"][0]["buckets"]] == [2, 1, 0, 0, 0]
    assert result["facets"]["metadataRanges"][0]["key"] == score
