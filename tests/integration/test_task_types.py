"""Task types: multi-label sets and spans of text are annotated, validated, reviewed and stored, by key."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api import GRAPHQL_URL, create_user, login, post
from tests.data import create_dataset, import_file, jsonl

ANSWER = "__typename ... on ItemSuccess { item { status goldLabel goldLabels goldSpans { start end label text } "
ANSWER += "annotations { annotator label labels spans { start end label text } } } } "
ANSWER += "... on ValidationError { fieldErrors { field code message } } ... on Error { message }"
ANNOTATE = f"""
mutation($i: ID!, $label: String, $labels: [String!], $none: Boolean, $spans: [SpanInputType!]) {{
  annotateItem(itemId: $i, label: $label, labels: $labels, noneOfThese: $none, spans: $spans) {{ {ANSWER} }}
}}
"""
GOLD = f"""
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!]) {{
  setGoldLabel(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans, comment: "checked") {{ {ANSWER} }}
}}
"""
ITEM = "query($i: ID!) { item(id: $i) { status goldLabel annotations { annotator label labels spans { start end } } } }"
JSON_TYPE = {"Content-Type": "application/json"}
TEXT = "Zoë met 山田 in Paris 😀 then flew to Genève today."


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(3)]
    return {"admin": admin, "tokens": [login(u["username"], u["password"]) for u in users]}


def _dataset(admin: str, task_type: str, labels: tuple[str, ...], overlap: int = 2) -> tuple[str, str]:
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    update = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: %d}}) { __typename } }"
    assert post(update % overlap, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    import_file(admin, dataset, jsonl([{"id": "a", "text": TEXT}]), "a.jsonl")
    return dataset, f"{dataset}:a"


def _annotate(token: str, item: str, **answer: Any) -> dict[str, Any]:
    result: dict[str, Any] = post(ANNOTATE, {"i": item, **answer}, token)["data"]["annotateItem"]
    return result


def _span(text: str, part: str, label: str, *, send_text: bool = True) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label, **({"text": part} if send_text else {})}


def test_multi_label_sets_are_stored_in_dataset_order_and_agree_by_set(people: dict[str, Any]) -> None:
    # given
    _, item = _dataset(people["admin"], "MULTI_LABEL", ("billing", "bug", "feature"))
    one, two = people["tokens"][:2]
    # when
    first = _annotate(one, item, labels=["bug", "billing"])
    second = _annotate(two, item, labels=["billing", "bug"])
    # then
    assert first["item"]["annotations"] == [
        {
            "annotator": first["item"]["annotations"][0]["annotator"],
            "label": "billing+bug",
            "labels": ["billing", "bug"],
            "spans": [],
        }
    ]
    assert second["item"]["status"] == "AGREED"


def test_multi_label_none_of_these_is_explicit(people: dict[str, Any]) -> None:
    # given
    _, item = _dataset(people["admin"], "MULTI_LABEL", ("billing", "bug"), overlap=1)
    token = people["tokens"][0]
    # when
    empty = _annotate(token, item, labels=[])
    unknown = _annotate(token, item, labels=["bug", "spam", "bug"])
    single = _annotate(token, item, label="bug")
    none = _annotate(token, item, none=True)
    # then
    assert empty["fieldErrors"][0]["field"] == "labels"
    assert empty["fieldErrors"][0]["code"] == "empty_set"
    assert [(e["field"], e["code"]) for e in unknown["fieldErrors"]] == [
        ("labels[1]", "unknown_label"),
        ("labels", "duplicate_label"),
    ]
    assert single["fieldErrors"][0] == {
        "field": "label",
        "code": "wrong_task_type",
        "message": f"dataset '{item.split(':')[0]}' is MULTI_LABEL: give `labels` (or `noneOfThese`), not `label`",
    }
    assert none["item"]["annotations"][0]["label"] == "(none)"
    assert none["item"]["annotations"][0]["labels"] == []
    assert none["item"]["status"] == "AGREED"


def test_spans_keep_code_point_offsets_of_unicode_text(people: dict[str, Any]) -> None:
    # given
    _, item = _dataset(people["admin"], "SPANS", ("PER", "LOC"))
    one, two = people["tokens"][:2]
    spans = [
        _span(TEXT, "Genève", "LOC"),
        _span(TEXT, "Zoë", "PER"),
        _span(TEXT, "山田", "PER"),
        _span(TEXT, "Paris", "LOC"),
    ]
    # when
    first = _annotate(one, item, spans=spans)
    second = _annotate(two, item, spans=spans[:3])
    # then
    stored = first["item"]["annotations"][0]["spans"]
    assert [(s["text"], s["label"]) for s in stored] == [
        ("Zoë", "PER"),
        ("山田", "PER"),
        ("Paris", "LOC"),
        ("Genève", "LOC"),
    ]
    assert stored[3] == {"start": TEXT.index("Genève"), "end": TEXT.index(" today"), "label": "LOC", "text": "Genève"}
    assert second["item"]["status"] == "CONFLICT"


def test_bad_spans_are_named_and_nothing_stored_is_lost(people: dict[str, Any]) -> None:
    # given
    _, item = _dataset(people["admin"], "SPANS", ("PER", "LOC"), overlap=1)
    token = people["tokens"][0]
    kept = _annotate(token, item, spans=[_span(TEXT, "Paris", "LOC")])
    paris = TEXT.index("Paris")
    utf16_start = len(TEXT[:paris].encode("utf-16-le")) // 2  # no astral character before Paris: the same
    genf = TEXT.index("Genève")
    # when
    beyond = _annotate(token, item, spans=[{"start": 40, "end": 99, "label": "LOC"}])
    overlap = _annotate(
        token, item, spans=[_span(TEXT, "Paris", "LOC"), {"start": paris + 2, "end": paris + 9, "label": "PER"}]
    )
    unknown = _annotate(token, item, spans=[_span(TEXT, "Paris", "CITY")])
    utf16 = _annotate(token, item, spans=[{"start": genf + 1, "end": genf + 7, "label": "LOC", "text": "Genève"}])
    # then
    assert utf16_start == paris
    assert [(e["field"], e["code"]) for e in beyond["fieldErrors"]] == [("spans[0]", "out_of_text")]
    assert overlap["fieldErrors"][0]["field"] == "spans[1]"
    assert overlap["fieldErrors"][0]["code"] == "overlap"
    assert "overlaps span 0" in overlap["fieldErrors"][0]["message"]
    assert unknown["fieldErrors"][0]["field"] == "spans[0].label"
    assert utf16["fieldErrors"][0]["code"] == "text_mismatch"
    assert "code points" in utf16["fieldErrors"][0]["message"]
    after = post(ITEM, {"i": item}, token)["data"]["item"]
    assert after["annotations"][0]["spans"] == [{"start": paris, "end": paris + 5}]
    assert kept["item"]["status"] == "AGREED"
    assert after["status"] == "AGREED"


def test_offsets_in_the_middle_of_a_surrogate_pair_are_refused(people: dict[str, Any]) -> None:
    # given: a UTF-16 client counts 😀 as two units; its offset 1 is the middle of the pair
    dataset = create_dataset(people["admin"], labels=("X",), task_type="SPANS")
    import_file(people["admin"], dataset, jsonl([{"id": "s", "text": "😀x"}]), "s.jsonl")
    token = people["tokens"][0]
    # when: it marks its units 1..2 (half of the emoji) and says what it saw, escaped as JSON.stringify does
    variables = {"i": f"{dataset}:s", "spans": [{"start": 1, "end": 2, "label": "X", "text": "\udc00"}]}
    body = json.dumps({"query": ANNOTATE, "variables": variables})  # ASCII, with the \udc00 escape
    response = httpx.post(GRAPHQL_URL, content=body, headers={"Authorization": f"Bearer {token}", **JSON_TYPE})
    # then: half a pair is not a character; the request is refused naming the field, before any resolver runs
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INVALID_UNICODE"
    assert error["message"].startswith("variables.spans[0].text holds a lone UTF-16 surrogate escape")
    assert post(ITEM, {"i": f"{dataset}:s"}, token)["data"]["item"]["annotations"] == []


def test_a_span_edge_inside_an_emoji_sequence_is_refused(people: dict[str, Any]) -> None:
    # given: a thumbs-up with a skin tone is two code points shown as one character
    text = "ok 👍🏽 done"
    dataset = create_dataset(people["admin"], labels=("X",), task_type="SPANS")
    import_file(people["admin"], dataset, jsonl([{"id": "e", "text": text}]), "e.jsonl")
    token = people["tokens"][0]
    # when
    cut = _annotate(token, f"{dataset}:e", spans=[{"start": 3, "end": 4, "label": "X"}])
    whole = _annotate(token, f"{dataset}:e", spans=[{"start": 3, "end": 5, "label": "X", "text": "👍🏽"}])
    # then
    assert cut["fieldErrors"][0]["code"] == "splits_character"
    assert whole["item"]["annotations"][0]["spans"][0]["text"] == "👍🏽"


def test_gold_answers_are_sets_or_spans(people: dict[str, Any]) -> None:
    # given
    _, multi = _dataset(people["admin"], "MULTI_LABEL", ("billing", "bug"))
    _, spans = _dataset(people["admin"], "SPANS", ("PER", "LOC"))
    # when
    gold_set = post(GOLD, {"i": multi, "labels": ["bug"]}, people["admin"])["data"]["setGoldLabel"]
    gold_spans = post(GOLD, {"i": spans, "spans": [_span(TEXT, "Paris", "LOC")]}, people["admin"])["data"][
        "setGoldLabel"
    ]
    wrong = post(GOLD, {"i": spans, "labels": ["PER"]}, people["admin"])["data"]["setGoldLabel"]
    # then
    assert gold_set["item"]["status"] == "REVIEWED"
    assert (gold_set["item"]["goldLabel"], gold_set["item"]["goldLabels"]) == ("bug", ["bug"])
    assert gold_spans["item"]["goldSpans"] == [
        {"start": TEXT.index("Paris"), "end": TEXT.index("Paris") + 5, "label": "LOC", "text": "Paris"}
    ]
    assert wrong["fieldErrors"][0]["code"] == "wrong_task_type"


def test_a_tabular_dataset_cannot_be_spans(people: dict[str, Any]) -> None:
    # given
    create = "mutation($i: CreateDatasetInput!) { createDataset(input: $i) { __typename "
    create += "... on ValidationError { fieldErrors { field code } } } }"
    # when
    result = post(
        create,
        {"i": {"name": "Spans on numbers", "kind": "TABULAR", "taskType": "SPANS", "labels": [{"name": "a"}]}},
        people["admin"],
    )
    # then
    assert result["data"]["createDataset"] == {
        "__typename": "ValidationError",
        "fieldErrors": [{"field": "taskType", "code": "not_applicable"}],
    }
