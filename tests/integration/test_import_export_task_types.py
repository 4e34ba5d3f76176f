"""Import and export of label sets and spans: JSONL, CSV and CoNLL, Unicode offsets, bad lines named by line and
field, and a round trip that keeps every annotator's answer, notes, gold answers and suggestion records."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.answers_io import (
    ENTITIES,
    GOLD,
    MULTI,
    TEXT,
    annotate,
    dataset_of_type,
    export_file,
    items_of,
    span,
    suggest,
)
from tests.api import create_user, login, post
from tests.data import import_file, jsonl


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(2)]
    return {"admin": admin, "tokens": [login(u["username"], u["password"]) for u in users]}


@pytest.fixture(scope="module")
def multi(people: dict[str, Any]) -> str:
    """MULTI_LABEL, overlap 2: m0 two answers (one the accepted suggestion, one none of these, with a note); m1 a
    gold set with a comment and one answer; m2 gold "none of these"; m3 nothing."""
    admin, (one, two) = people["admin"], people["tokens"]
    dataset = dataset_of_type(admin, "MULTI_LABEL", MULTI)
    texts = ["Refund twice, app crashed 😀", "Add dark mode, s'il vous plaît", "Hello 你好", "Nothing yet"]
    rows = [{"id": f"m{i}", "text": t} for i, t in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), "m.jsonl")["state"] == "SUCCEEDED"
    suggest(f"{dataset}:m0", "billing+bug", labels=[{"label": "billing", "score": 0.9}, {"label": "bug", "score": 0.7}])
    assert annotate(one, f"{dataset}:m0", labels=["bug", "billing"], acc=True)["__typename"] == "ItemSuccess"
    assert annotate(two, f"{dataset}:m0", none=True, note="not sure", acc=False)["__typename"] == "ItemSuccess"
    assert annotate(one, f"{dataset}:m1", labels=["feature"])["__typename"] == "ItemSuccess"
    assert post(GOLD, {"i": f"{dataset}:m1", "labels": ["feature"]}, admin)["data"]["setGoldLabel"]
    assert post(GOLD, {"i": f"{dataset}:m2", "none": True}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    return dataset


@pytest.fixture(scope="module")
def spans(people: dict[str, Any]) -> str:
    """SPANS, overlap 2: s0 two answers (one the accepted suggestion, one with a note); s1 gold "no spans"; s2 gold
    spans and one answer; s3 nothing."""
    admin, (one, two) = people["admin"], people["tokens"]
    dataset = dataset_of_type(admin, "SPANS", ENTITIES)
    texts = [TEXT, "Nothing to mark here.", "Genève 🇨🇭 in winter", "Later"]
    rows = [{"id": f"s{i}", "text": t} for i, t in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), "s.jsonl")["state"] == "SUCCEEDED"
    first = [span(TEXT, "Zoë", "PER"), span(TEXT, "山田", "PER"), span(TEXT, "Paris", "LOC")]
    key = " ".join(f"{s['start']}-{s['end']}:{s['label']}" for s in first)
    suggest(f"{dataset}:s0", key, spans=[{**s, "score": 0.9} for s in first])
    assert annotate(one, f"{dataset}:s0", spans=first, acc=True)["__typename"] == "ItemSuccess"
    second = [span(TEXT, "Zoë", "PER"), span(TEXT, "Genève", "LOC")]
    assert annotate(two, f"{dataset}:s0", spans=second, note="山田 is a place?")["__typename"] == "ItemSuccess"
    assert post(GOLD, {"i": f"{dataset}:s1", "spans": []}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    gold = [span(texts[2], "Genève", "LOC")]
    assert annotate(one, f"{dataset}:s2", spans=gold)["__typename"] == "ItemSuccess"
    assert post(GOLD, {"i": f"{dataset}:s2", "spans": gold}, admin)["data"]["setGoldLabel"]["__typename"] == (
        "ItemSuccess"
    )
    return dataset


def _rows(text: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in map(json.loads, text.splitlines())}


def test_a_jsonl_export_of_label_sets_has_the_sets_never_the_keys(multi: str, people: dict[str, Any]) -> None:
    # when the MULTI_LABEL dataset is exported as JSONL
    rows = _rows(export_file(people["admin"], multi, "JSONL"))
    # then the gold sets and every answer are lists of labels ([] = none of these; null = no gold answer)
    assert [rows[i]["gold_labels"] for i in ("m0", "m1", "m2", "m3")] == [None, ["feature"], [], None]
    assert rows["m1"]["gold_label_comment"] == "checked"
    assert [(a["labels"], a["note"], a["suggestion_accepted"]) for a in rows["m0"]["annotations"]] == [
        (["billing", "bug"], None, True),
        ([], "not sure", False),
    ]
    assert "label" not in rows["m0"]["annotations"][0]
    assert "gold_label" not in rows["m0"]
    assert rows["m0"]["suggestion"] == {
        "labels": [{"label": "billing", "score": 0.9}, {"label": "bug", "score": 0.7}],
        "confidence": 0.8,
        "model": "m",
        "version": "1",
    }


def test_a_csv_export_joins_label_sets_with_a_bar(multi: str, people: dict[str, Any]) -> None:
    # when the MULTI_LABEL dataset is exported as CSV
    reader = csv.DictReader(io.StringIO(export_file(people["admin"], multi, "CSV")))
    rows = {row["id"]: row for row in reader}
    # then the gold set is its labels joined by "|", "[]" for none of these, empty for no gold answer
    assert reader.fieldnames == [
        "id", "text", "features", "metadata", "status", "gold_labels", "gold_label_comment", "annotations", "suggestion"
    ]  # fmt: skip
    assert [rows[i]["gold_labels"] for i in ("m0", "m1", "m2", "m3")] == ["", "feature", "[]", ""]
    assert [a["labels"] for a in json.loads(rows["m0"]["annotations"])] == [["billing", "bug"], []]


def test_a_jsonl_export_of_spans_gives_offsets_labels_and_the_marked_text(spans: str, people: dict[str, Any]) -> None:
    # when the SPANS dataset is exported as JSONL
    rows = _rows(export_file(people["admin"], spans, "JSONL"))
    # then each span has code-point offsets, its label and the text it marks (an emoji counts as one character)
    assert rows["s0"]["annotations"][0]["spans"] == [
        {"start": 0, "end": 3, "label": "PER", "text": "Zoë"},
        {"start": 8, "end": 10, "label": "PER", "text": "山田"},
        {"start": 14, "end": 19, "label": "LOC", "text": "Paris"},
    ]
    assert rows["s0"]["annotations"][1]["spans"][1] == {"start": 35, "end": 41, "label": "LOC", "text": "Genève"}
    assert [rows[i]["gold_spans"] for i in ("s0", "s1", "s3")] == [None, [], None]
    assert rows["s2"]["gold_spans"] == [{"start": 0, "end": 6, "label": "LOC", "text": "Genève"}]
    assert rows["s0"]["suggestion"]["spans"][2] == {
        "start": 14,
        "end": 19,
        "label": "LOC",
        "text": "Paris",
        "score": 0.9,
    }


@pytest.mark.parametrize(
    ("task_type", "file_format"),
    [("MULTI_LABEL", "JSONL"), ("MULTI_LABEL", "CSV"), ("SPANS", "JSONL"), ("SPANS", "CSV")],
)
def test_a_round_trip_keeps_every_answer_note_gold_answer_and_suggestion_record(
    multi: str, spans: str, people: dict[str, Any], task_type: str, file_format: str
) -> None:
    # given an export of the labelled dataset
    admin = people["admin"]
    dataset, labels = (multi, MULTI) if task_type == "MULTI_LABEL" else (spans, ENTITIES)
    exported = export_file(admin, dataset, file_format)
    # when it is imported into a new dataset of the same type, labels and overlap target, then exported again
    copy = dataset_of_type(admin, task_type, labels)
    job = import_file(admin, copy, exported.encode(), f"export.{file_format.lower()}")
    assert job["result"] == {"stored": 4, "skipped": 0, "waiting": 0}, job
    before, after = _rows(export_file(admin, dataset, "JSONL")), _rows(export_file(admin, copy, "JSONL"))
    # then everything is the same but the model's suggestion (batch scoring makes those, an import does not)
    for row in (*before.values(), *after.values()):
        row["suggestion"] = None
    assert after == before
    assert [i["status"] for i in items_of(admin, copy)] == ["CONFLICT", "REVIEWED", "REVIEWED", "UNLABELED"]


def test_jsonl_sets_and_unicode_spans_are_imported_as_gold_answers(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL and a SPANS dataset, and files with sets and spans (offsets in code points)
    admin = people["admin"]
    multi, spans = dataset_of_type(admin, "MULTI_LABEL", MULTI), dataset_of_type(admin, "SPANS", ENTITIES)
    sets = [
        {"id": "a", "text": "Refund and crash", "labels": ["bug", "billing"]},
        {"id": "b", "text": "Just saying hi", "labels": []},
        {"id": "c", "text": "Not reviewed yet"},
    ]
    marked = [{"id": "u", "text": TEXT, "spans": [span(TEXT, "Genève", "LOC"), span(TEXT, "山田", "PER")]}]
    # when they are imported
    sets_job = import_file(admin, multi, jsonl(sets), "sets.jsonl")
    spans_job = import_file(admin, spans, jsonl(marked), "spans.jsonl")
    # then the sets (in the dataset's label order; [] = none of these) and spans are the gold answers
    assert sets_job["result"] == {"stored": 3, "skipped": 0, "waiting": 0}
    assert [(i["goldLabels"], i["status"]) for i in items_of(admin, multi)] == [
        (["billing", "bug"], "REVIEWED"),
        ([], "REVIEWED"),
        ([], "UNLABELED"),
    ]
    assert spans_job["result"] == {"stored": 1, "skipped": 0, "waiting": 0}
    assert items_of(admin, spans)[0]["goldSpans"] == [
        {"start": 8, "end": 10, "label": "PER", "text": "山田"},
        {"start": 35, "end": 41, "label": "LOC", "text": "Genève"},
    ]


def test_a_csv_of_label_sets_reads_bar_joined_names_and_json_lists(people: dict[str, Any]) -> None:
    # given a MULTI_LABEL dataset and a spreadsheet's CSV: sets joined by "|", a JSON list, "[]", and no set
    admin = people["admin"]
    dataset = dataset_of_type(admin, "MULTI_LABEL", MULTI)
    content = 'id,text,labels,source\na,Refund and crash,bug | billing,mail\nb,Dark mode,"[""feature""]",web\n'
    content += "c,Hello,[],web\nd,Later,,web\n"
    # when it is imported
    job = import_file(admin, dataset, content.encode(), "sets.csv")
    # then each set is the gold set ([] = none of these, empty = no gold), and `labels` is not metadata
    assert job["result"] == {"stored": 4, "skipped": 0, "waiting": 0}
    items = items_of(admin, dataset)
    assert [(i["goldLabels"], i["status"]) for i in items] == [
        (["billing", "bug"], "REVIEWED"),
        (["feature"], "REVIEWED"),
        ([], "REVIEWED"),
        ([], "UNLABELED"),
    ]
    assert items[0]["metadata"] == [{"key": "source", "value": "mail"}]
