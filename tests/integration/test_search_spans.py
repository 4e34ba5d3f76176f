"""Search by what was marked (SPANS) and by label sets (MULTI_LABEL): filters, facets, and blind mode."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl

SEARCH = """
query($d: ID!, $f: ItemFilter) {
  search(datasetId: $d, filter: $f, first: 50, sort: EXTERNAL_ID) {
    __typename
    ... on SearchResults {
      totalCount
      nodes { externalId }
      facets { labels { value count } spanTexts { value count } spanMarks { label text count } }
    }
    ... on ValidationError { fieldErrors { field code } }
  }
}
"""
ANNOTATE = """
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!]) {
  annotateItem(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans) { __typename ... on Error { message } }
}
"""
GOLD = 'mutation($i: ID!, $s: [SpanInputType!]) { setGoldLabel(itemId: $i, spans: $s, comment: "c") { __typename } }'
BLIND = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {blind: true}}) { __typename } }"
TEXTS = {
    "p1": "I live in Paris.",
    "p2": "Paris Hilton arrived.",
    "p3": "We flew to PARIS and Rome.",
    "p4": "Nothing in Lyon.",
}


def _span(item: str, part: str, label: str) -> dict[str, Any]:
    start = TEXTS[item].index(part)
    return {"start": start, "end": start + len(part), "label": label}


def _dataset(admin: str, labels: tuple[str, ...], task_type: str) -> str:
    """A dataset asking two labels per item."""
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    update = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename } }"
    assert post(update, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    return dataset


def _annotate(token: str, item: str, **answer: Any) -> None:
    assert post(ANNOTATE, {"i": item, **answer}, token)["data"]["annotateItem"]["__typename"] == "ItemSuccess"


def _search(token: str, dataset: str, item_filter: dict[str, Any] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = post(SEARCH, {"d": dataset, "f": item_filter}, token)["data"]["search"]
    return result


def _ids(result: dict[str, Any]) -> list[str]:
    return [n["externalId"] for n in result["nodes"]]


def _settled(token: str, dataset: str, labelled: int) -> None:
    """Wait until the index (refreshed every second) shows `labelled` items with a label."""
    deadline = time.monotonic() + 10
    while (
        _search(token, dataset, {"statuses": ["IN_PROGRESS", "REVIEWED", "AGREED", "CONFLICT"]})["totalCount"]
        != labelled
    ):
        assert time.monotonic() < deadline, "the index did not catch up"
        time.sleep(0.3)


@pytest.fixture(scope="module")
def spans() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(2)]
    a, b = (login(u["username"], u["password"]) for u in users)
    dataset = _dataset(admin, ("PER", "LOC"), "SPANS")
    import_file(admin, dataset, jsonl([{"id": k, "text": v} for k, v in TEXTS.items()]), "p.jsonl")
    _annotate(a, f"{dataset}:p1", spans=[_span("p1", "Paris", "LOC")])
    _annotate(a, f"{dataset}:p2", spans=[_span("p2", "Paris Hilton", "PER")])
    _annotate(b, f"{dataset}:p2", spans=[_span("p2", "Paris", "PER")])
    _annotate(a, f"{dataset}:p3", spans=[_span("p3", "PARIS", "LOC"), _span("p3", "Rome", "LOC")])
    _annotate(a, f"{dataset}:p4", spans=[])
    gold = post(GOLD, {"i": f"{dataset}:p4", "s": [_span("p4", "Lyon", "LOC")]}, admin)["data"]["setGoldLabel"]
    assert gold == {"__typename": "ItemSuccess"}
    _settled(admin, dataset, 4)
    return {"admin": admin, "dataset": dataset, "a": a}


def test_items_where_someone_marked_paris_as_location_are_found_in_any_case(spans: dict[str, Any]) -> None:
    # when
    result = _search(spans["admin"], spans["dataset"], {"spanMarks": [{"label": "LOC", "text": "Paris"}]})
    # then: p1 (Paris) and p3 (PARIS); p2's Paris is a person
    assert (_ids(result), result["totalCount"]) == (["p1", "p3"], 2)


def test_marked_text_filter_matches_any_label_and_combines_with_the_label_filter(spans: dict[str, Any]) -> None:
    # when
    any_label = _search(spans["admin"], spans["dataset"], {"spanTexts": [" paris "]})
    as_person = _search(spans["admin"], spans["dataset"], {"spanTexts": ["paris"], "labels": ["PER"]})
    # then
    assert _ids(any_label) == ["p1", "p2", "p3"]
    assert _ids(as_person) == ["p2"]


def test_gold_spans_are_searchable(spans: dict[str, Any]) -> None:
    # when
    result = _search(spans["admin"], spans["dataset"], {"spanMarks": [{"label": "LOC", "text": "lyon"}]})
    # then
    assert _ids(result) == ["p4"]


def test_span_facets_count_texts_and_label_text_pairs(spans: dict[str, Any]) -> None:
    # when
    facets = _search(spans["admin"], spans["dataset"])["facets"]
    chosen = _search(spans["admin"], spans["dataset"], {"spanMarks": [{"label": "LOC", "text": "paris"}]})["facets"]
    # then
    assert sorted((f["value"], f["count"]) for f in facets["spanTexts"]) == [
        ("lyon", 1),
        ("paris", 3),
        ("paris hilton", 1),
        ("rome", 1),
    ]
    assert sorted((f["label"], f["text"], f["count"]) for f in facets["spanMarks"]) == [
        ("LOC", "lyon", 1),
        ("LOC", "paris", 2),
        ("LOC", "rome", 1),
        ("PER", "paris", 1),
        ("PER", "paris hilton", 1),
    ]
    assert sorted((f["value"], f["count"]) for f in facets["labels"]) == [("LOC", 3), ("PER", 1)]
    # the chosen pair leaves the others of its facet; the other facets count the matches (p1, p3)
    assert len(chosen["spanMarks"]) == 5
    assert sorted((f["value"], f["count"]) for f in chosen["spanTexts"]) == [("paris", 2), ("rome", 1)]


def test_a_blind_annotator_may_not_search_or_count_others_spans(spans: dict[str, Any]) -> None:
    # given
    admin = spans["admin"]
    dataset = _dataset(admin, ("PER", "LOC"), "SPANS")
    assert post(BLIND, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    import_file(admin, dataset, jsonl([{"id": "p1", "text": TEXTS["p1"]}]), "p.jsonl")
    other = create_user(admin)
    _annotate(login(other["username"], other["password"]), f"{dataset}:p1", spans=[_span("p1", "Paris", "LOC")])
    viewer = create_user(admin)
    token = login(viewer["username"], viewer["password"])
    _settled(admin, dataset, 1)
    # when
    refused = _search(token, dataset, {"spanMarks": [{"label": "LOC", "text": "paris"}]})
    facets = _search(token, dataset)["facets"]
    # then
    assert refused == {"__typename": "ValidationError", "fieldErrors": [{"field": "filter", "code": "blind"}]}
    assert (facets["labels"], facets["spanTexts"], facets["spanMarks"]) == ([], [], [])


def test_multi_label_items_filter_and_facet_by_each_label_of_their_sets(spans: dict[str, Any]) -> None:
    # given
    admin = spans["admin"]
    dataset = _dataset(admin, ("billing", "bug", "feature"), "MULTI_LABEL")
    import_file(admin, dataset, jsonl([{"id": f"t{n}", "text": f"ticket {n}"} for n in (1, 2, 3)]), "t.jsonl")
    _annotate(spans["a"], f"{dataset}:t1", labels=["billing", "bug"])
    _annotate(spans["a"], f"{dataset}:t2", labels=["bug"])
    _annotate(spans["a"], f"{dataset}:t3", none=True)
    _settled(admin, dataset, 3)
    # when
    bugs = _search(admin, dataset, {"labels": ["bug"]})
    billing = _search(admin, dataset, {"labels": ["billing"]})
    # then
    assert _ids(bugs) == ["t1", "t2"]
    assert _ids(billing) == ["t1"]
    assert sorted((f["value"], f["count"]) for f in bugs["facets"]["labels"]) == [("billing", 1), ("bug", 2)]
