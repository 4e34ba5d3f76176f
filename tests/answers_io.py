"""Shared by the import/export tests of task types: operations and small helpers on the real stack."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from pymongo import MongoClient

from tests.api import post
from tests.data import create_dataset, wait_for_job
from tests.stack import BASE_URL, MONGO_DB, MONGO_URI

ANNOTATE = """
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!], $note: String, $acc: Boolean) {
  annotateItem(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans, note: $note, acceptedSuggestion: $acc) {
    __typename ... on ValidationError { fieldErrors { field code message } }
  }
}
"""
GOLD = """
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!]) {
  setGoldLabel(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans, comment: "checked") { __typename }
}
"""
EXPORT = """
mutation($d: ID!, $format: ExportFormat!) {
  exportItems(datasetId: $d, format: $format) {
    __typename ... on JobSuccess { job { id } } ... on ValidationError { fieldErrors { field code message } }
  }
}
"""
ITEMS = """
query($d: ID!) { search(datasetId: $d, sort: EXTERNAL_ID, first: 50) { ... on SearchResults { nodes { externalId } } } }
"""
ITEM = """
query($i: ID!) {
  item(id: $i) {
    externalId text status goldLabels goldSpans { start end label text } metadata { key value }
    annotations { annotator labels spans { start end label } note }
  }
}
"""
# Zoë 0-3, met 4-7, 山田 8-10, in 11-13, Paris 14-19, 😀 20-21 (one code point), then 22-26, flew 27-31, to 32-34,
# Genève 35-41.
TEXT = "Zoë met 山田 in Paris 😀 then flew to Genève today."
MULTI = ("billing", "bug", "feature")
ENTITIES = ("PER", "LOC")


def span(text: str, part: str, label: str) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label}


def dataset_of_type(admin: str, task_type: str, labels: tuple[str, ...], overlap: int = 2) -> str:
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    update = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: %d}}) { __typename } }"
    assert post(update % overlap, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    return dataset


def annotate(token: str, item: str, **answer: Any) -> dict[str, Any]:
    result: dict[str, Any] = post(ANNOTATE, {"i": item, **answer}, token)["data"]["annotateItem"]
    return result


def export_file(admin: str, dataset: str, file_format: str) -> str:
    result = post(EXPORT, {"d": dataset, "format": file_format}, admin)["data"]["exportItems"]
    job = wait_for_job(admin, result["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {admin}"})
    assert response.status_code == 200
    return response.text


def items_of(admin: str, dataset: str) -> list[dict[str, Any]]:
    hits = post(ITEMS, {"d": dataset}, admin)["data"]["search"]["nodes"]
    return [post(ITEM, {"i": f"{dataset}:{h['externalId']}"}, admin)["data"]["item"] for h in hits]


def suggest(item: str, key: str, **answer: Any) -> None:
    """A suggestion as batch scoring stores it."""
    at = datetime(2026, 12, 6, tzinfo=UTC)
    suggestion = {"label": key, "confidence": 0.8, "uncertainty": 0.4, "entropy": 0.5, "model": "m", "version": "1"}
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
        mongo[MONGO_DB]["items"].update_one({"_id": item}, {"$set": {"suggestion": {**suggestion, "at": at, **answer}}})
