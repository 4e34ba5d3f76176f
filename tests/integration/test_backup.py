"""Backup, wipe, restore (docs/operations.md): the same datasets, items, annotations with their history, users,
runs, versions, promotion history and production alias, and `predict` answers the same."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from pymongo import MongoClient

from tests.annotators import ANNOTATE
from tests.api import create_user, login, post
from tests.promotion import promote_and_wait
from tests.stack import ES_URL, MONGO_DB, MONGO_URI, REDIS_URL, ROOT, STATE, stack, wait_for
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack

SNAPSHOT = """
query($d: ID!, $m: String!) {
  datasets(first: 200) { totalCount nodes { id name labels { name } settings { overlapTarget blind } } }
  dataset(id: $d) { id name }
  search(datasetId: $d) { ... on SearchResults { totalCount facets { statuses { value count } } } }
  users(first: 200) { totalCount nodes { username role disabled } }
  registeredModels(first: 200) {
    totalCount
    nodes { name productionVersion latestVersion versionCount versions { nodes { version aliases isProduction } } }
  }
  promotionHistory(name: $m) { totalCount nodes { action version previousVersion actor reason } }
  trainingRuns(datasetId: $d) { totalCount nodes { id state modelVersion itemHash } }
}
"""
OVERLAP = """
mutation($d: ID!) {
  updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename ... on Error { message } }
}
"""
ITEM = """
query($i: ID!) {
  item(id: $i) {
    id externalId text status goldLabel revision
    annotations { annotator label note }
    history { actor action label comment }
  }
}
"""
GOLD = """
mutation($i: ID!, $l: String, $c: String) {
  setGoldLabel(itemId: $i, label: $l, comment: $c) { __typename ... on Error { message } }
}
"""
PREDICT = """
query($m: String!, $i: [JSON!]!) {
  predict(model: $m, inputs: $i) {
    __typename
    ... on Prediction { version rows { label confidence } }
    ... on Error { message }
  }
}
"""
INPUTS = ["a lovely superb day", "an awful broken thing", "the of and"]


def _wipe() -> None:
    """An empty deployment, as on a new machine: no database, no search indices, no MLflow store, no queue."""
    with MongoClient(MONGO_URI) as mongo:
        mongo.drop_database(MONGO_DB)
    indices = httpx.get(f"{ES_URL}/_cat/indices/labelloop*?h=index", timeout=30).text.split()
    for index in indices:
        httpx.delete(f"{ES_URL}/{index}", timeout=30).raise_for_status()
    stack("stop", "mlflow")  # `restore` starts it on the restored store
    shutil.rmtree(STATE / "data" / "mlflow")
    redis.Redis.from_url(REDIS_URL).flushall()


def _snapshot(admin: str, dataset: str, model: str, items: list[str]) -> dict[str, Any]:
    body = post(SNAPSHOT, {"d": dataset, "m": model}, admin)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    data["items"] = [post(ITEM, {"i": i}, admin)["data"]["item"] for i in items]
    data["predictions"] = post(PREDICT, {"m": model, "i": INPUTS}, admin)["data"]["predict"]
    return data


def test_a_restored_backup_brings_back_everything_and_predicts_the_same(tmp_path: Path) -> None:
    # given a dataset with labels from two annotators, a gold label, two trained versions, one promoted
    admin = login("admin", "admin")
    dataset = labelled_text_dataset(admin, items=60)
    assert post(OVERLAP, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    annotators = [create_user(admin) for _ in range(2)]
    tokens = [login(a["username"], "correct-horse-1") for a in annotators]
    ids = [
        h["itemId"]
        for h in post(
            "query($d: ID!) { search(datasetId: $d, first: 5) { ... on SearchResults { nodes { itemId } } } }",
            {"d": dataset},
            admin,
        )["data"]["search"]["nodes"]
    ]
    for token, label in zip(tokens, ("pos", "neg"), strict=True):
        for item_id in ids:
            answer = post(ANNOTATE, {"i": item_id, "l": label}, token)["data"]["annotateItem"]
            assert answer["__typename"] == "ItemSuccess", answer
    gold = post(GOLD, {"i": ids[0], "l": "pos", "c": "checked by hand"}, admin)["data"]["setGoldLabel"]
    assert gold["__typename"] == "ItemSuccess", gold
    runs = [wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": e})) for e in (3, 5)]
    assert [r["state"] for r in runs] == ["SUCCEEDED", "SUCCEEDED"], runs
    model = runs[0]["modelName"]
    promote_and_wait(admin, model, runs[0]["modelVersion"], "before the backup")
    wait_for(
        lambda: (
            post(PREDICT, {"m": model, "i": INPUTS}, admin)["data"]["predict"].get("version") == runs[0]["modelVersion"]
        ),
        30,
        "the promoted version to serve",
    )
    before = _snapshot(admin, dataset, model, ids)

    # when a backup is written, the deployment wiped, and the backup restored onto it
    folder = tmp_path / "backup"
    stack("cli", "backup", str(folder))
    _wipe()
    stack("cli", "restore", str(folder))

    # then every figure and item reads the same (the search index rebuilt from MongoDB), and predict agrees
    # (each replica reloads the production model within its 15 s re-check)
    deadline = time.monotonic() + 60
    while (after := _snapshot(admin, dataset, model, ids)) != before:
        assert time.monotonic() < deadline, {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        time.sleep(2)
    # and what was compared holds what it should
    assert before["predictions"]["version"] == runs[0]["modelVersion"]
    assert {a["annotator"] for a in before["items"][1]["annotations"]} == {a["username"] for a in annotators}
    assert any(h["comment"] == "checked by hand" for h in before["items"][0]["history"])
    assert before["promotionHistory"]["nodes"][0]["reason"] == "before the backup"


def test_a_damaged_backup_is_refused_and_nothing_is_changed(tmp_path: Path) -> None:
    # given a backup with one byte changed in its items
    folder = tmp_path / "backup"
    stack("cli", "backup", str(folder))
    items = folder / "mongo" / "items.bson"
    data = bytearray(items.read_bytes())
    data[-2] ^= 0xFF
    items.write_bytes(bytes(data))
    with MongoClient(MONGO_URI) as mongo:
        count = mongo[MONGO_DB]["items"].estimated_document_count()
    # when it is restored, then the command fails, naming the file, and the database keeps what it had
    result = _run_cli("restore", str(folder), "--replace")
    assert result.returncode != 0
    assert "mongo/items.bson is missing or differs from the manifest" in result.stderr
    with MongoClient(MONGO_URI) as mongo:
        assert mongo[MONGO_DB]["items"].estimated_document_count() == count


def test_restore_refuses_a_database_that_has_data_without_replace(tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    stack("cli", "backup", str(folder))
    result = _run_cli("restore", str(folder))
    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert "--replace" in result.stderr


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "stack.sh"), "cli", *args], capture_output=True, text=True, timeout=300
    )
