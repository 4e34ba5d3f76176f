"""Export ↔ import round trip: an export imported into a new dataset recreates its labels and gold labels; both
use the same field names (gold_label), and the export carries the suggestion and the gold label's comment."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.stack import BASE_URL, MONGO_DB, MONGO_URI

EXPORT = """
mutation($d: ID!, $format: ExportFormat!) {
  exportItems(datasetId: $d, format: $format) { __typename ... on JobSuccess { job { id } } }
}
"""
LABEL = """
mutation($i: ID!, $l: String!, $n: String) {
  annotateItem(itemId: $i, label: $l, note: $n) { __typename }
}
"""
GOLD = """
mutation($i: ID!, $l: String, $c: String) { setGoldLabel(itemId: $i, label: $l, comment: $c) { __typename } }
"""
ITEMS = """
query($d: ID!) {
  search(datasetId: $d, sort: EXTERNAL_ID, first: 50) {
    ... on SearchResults { nodes { externalId } }
  }
}
"""
ITEM = """
query($i: ID!) {
  item(id: $i) {
    externalId text status goldLabel metadata { key value }
    annotations { annotator label note }
    history { action label comment }
  }
}
"""


@pytest.fixture(scope="module")
def labelled() -> tuple[str, str, list[str]]:
    """A dataset (overlap 2) with labels from two annotators, a note, a gold label with a comment, an imported gold
    label and a model's suggestion."""
    admin = login("admin", "admin")
    dataset = create_dataset(admin)
    post(
        "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename } }",
        {"d": dataset},
        admin,
    )
    rows: list[dict[str, Any]] = [
        {"id": f"r{i}", "text": f"round trip {i}", "metadata": {"source": "web", "rank": i}} for i in range(4)
    ]
    rows[3]["label"] = "neutral"
    assert import_file(admin, dataset, jsonl(rows), "rt.jsonl")["state"] == "SUCCEEDED"
    names = []
    for _ in range(2):
        user = create_user(admin)
        names.append(user["username"])
        token = login(user["username"], user["password"])
        assert post(LABEL, {"i": f"{dataset}:r0", "l": "pos", "n": None}, token)["data"]["annotateItem"][
            "__typename"
        ] == ("ItemSuccess")
        label = "pos" if len(names) == 1 else "neg"
        post(LABEL, {"i": f"{dataset}:r1", "l": label, "n": f"note of {user['username']}"}, token)
    assert (
        post(GOLD, {"i": f"{dataset}:r1", "l": "neg", "c": "the end is negative"}, admin)["data"]["setGoldLabel"][
            "__typename"
        ]
        == "ItemSuccess"
    )
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:  # as batch scoring stores it
        suggestion = {
            "label": "pos",
            "confidence": 0.75,
            "uncertainty": 0.5,
            "entropy": 0.8,
            "model": dataset,
            "version": "1",
            "at": datetime(2026, 12, 6, tzinfo=UTC),
        }
        mongo[MONGO_DB]["items"].update_one({"_id": f"{dataset}:r2"}, {"$set": {"suggestion": suggestion}})
    return admin, dataset, names


def _export(admin: str, dataset: str, file_format: str) -> str:
    result = post(EXPORT, {"d": dataset, "format": file_format}, admin)["data"]["exportItems"]
    job = wait_for_job(admin, result["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {admin}"})
    assert response.status_code == 200
    return response.text


def _items(admin: str, dataset: str) -> list[dict[str, Any]]:
    hits = post(ITEMS, {"d": dataset}, admin)["data"]["search"]["nodes"]
    return [post(ITEM, {"i": f"{dataset}:{h['externalId']}"}, admin)["data"]["item"] for h in hits]


def test_an_export_carries_the_gold_label_its_comment_and_the_suggestion(labelled: tuple[str, str, list[str]]) -> None:
    # given the labelled dataset, when it is exported as JSONL
    admin, dataset, (first, second) = labelled
    rows = {r["id"]: r for r in map(json.loads, _export(admin, dataset, "JSONL").splitlines())}
    # then each row has the gold label and its comment under the names an import reads
    assert rows["r1"]["gold_label"] == "neg"
    assert rows["r1"]["gold_label_comment"] == "the end is negative"
    assert [(a["annotator"], a["label"], a["note"]) for a in rows["r1"]["annotations"]] == [
        (first, "pos", f"note of {first}"),
        (second, "neg", f"note of {second}"),
    ]
    assert rows["r3"]["gold_label"] == "neutral"
    assert rows["r3"]["gold_label_comment"] is None
    # and the model's suggestion
    assert rows["r2"]["suggestion"] == {"label": "pos", "confidence": 0.75, "model": dataset, "version": "1"}
    assert rows["r0"]["suggestion"] is None


@pytest.mark.parametrize("file_format", ["JSONL", "CSV"])
def test_importing_an_export_recreates_the_labels_and_gold_labels(
    labelled: tuple[str, str, list[str]], file_format: str
) -> None:
    # given an export of the labelled dataset
    admin, dataset, _ = labelled
    exported = _export(admin, dataset, file_format)
    # when it is imported into a new dataset with the same labels and overlap target
    copy = create_dataset(admin)
    post(
        "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename } }",
        {"d": copy},
        admin,
    )
    job = import_file(admin, copy, exported.encode(), f"export.{file_format.lower()}")
    assert job["state"] == "SUCCEEDED", job
    assert job["result"] == {"stored": 4, "skipped": 0, "waiting": 0}
    # then every item has the same text, metadata, annotations, gold label, gold comment and status
    original, recreated = _items(admin, dataset), _items(admin, copy)
    assert [i["externalId"] for i in recreated] == ["r0", "r1", "r2", "r3"]
    for before, after in zip(original, recreated, strict=True):
        assert after["text"] == before["text"]
        assert after["metadata"] == before["metadata"]
        assert after["annotations"] == before["annotations"]
        assert after["goldLabel"] == before["goldLabel"]
        assert after["status"] == before["status"]
    assert [e for e in recreated[1]["history"] if e["action"] == "gold"] == [
        {"action": "gold", "label": "neg", "comment": "the end is negative"}
    ]
    assert [i["status"] for i in recreated] == ["AGREED", "REVIEWED", "UNLABELED", "REVIEWED"]


def test_an_import_reads_gold_label_as_well_as_label_and_refuses_unknown_annotation_labels() -> None:
    # given a file in the export's naming (gold_label) with a label the dataset lacks in one annotation
    admin = login("admin", "admin")
    dataset = create_dataset(admin)
    rows = [
        {"id": "a", "text": "first", "gold_label": "pos"},
        {"id": "b", "text": "second", "label": "neg"},
        {"id": "c", "text": "third", "annotations": [{"annotator": "ann", "label": "maybe"}]},
        {"id": "d", "text": "fourth", "annotations": [{"label": "pos"}]},
    ]
    # when it is imported
    job = import_file(admin, dataset, jsonl(rows), "mixed.jsonl")
    # then both spellings of the gold label are read, and the bad annotations are reported by line
    assert job["result"] == {"stored": 2, "skipped": 2, "waiting": 0}
    assert job["problems"] == [
        {
            "line": 3,
            "reason": f"annotations[0]: label 'maybe' is not in dataset '{dataset}' labels ['pos', 'neg', 'neutral']",
        },
        {"line": 4, "reason": "annotations[0]: give each annotation an 'annotator' (a user name) and a 'label'"},
    ]
    assert [(i["externalId"], i["goldLabel"]) for i in _items(admin, dataset)] == [("a", "pos"), ("b", "neg")]
