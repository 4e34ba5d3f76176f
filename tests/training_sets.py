"""Helpers for the saved training sets' tests: a dataset with every kind of label, and the sets' operations."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tests.api import post
from tests.data import create_dataset, import_file, jsonl

SET_FIELDS = "id datasetId name filter labelRule minAgreement createdBy"
CREATE_SET = f"""
mutation($d: ID!, $input: TrainingSetInput!) {{
  createTrainingSet(datasetId: $d, input: $input) {{
    __typename
    ... on TrainingSetSuccess {{ trainingSet {{ {SET_FIELDS} }} }}
    ... on ValidationError {{ message fieldErrors {{ field code message }} }}
    ... on Error {{ message }}
  }}
}}
"""
UPDATE_SET = f"""
mutation($id: ID!, $input: TrainingSetInput!) {{
  updateTrainingSet(id: $id, input: $input) {{
    __typename
    ... on TrainingSetSuccess {{ trainingSet {{ {SET_FIELDS} }} }}
    ... on ValidationError {{ message fieldErrors {{ field code message }} }}
    ... on Error {{ message }}
  }}
}}
"""
DELETE_SET = """
mutation($id: ID!) {
  deleteTrainingSet(id: $id) { __typename ... on DeleteTrainingSetSuccess { id } ... on Error { message } }
}
"""
LIST_SETS = f"""
query($d: ID!) {{ trainingSets(datasetId: $d) {{ totalCount nodes {{ {SET_FIELDS} }} }} }}
"""
GET_SET = f"query($id: ID!) {{ trainingSet(id: $id) {{ {SET_FIELDS} }} }}"
START_FROM_SET = """
mutation($d: ID!, $s: ID, $f: ItemFilter, $a: Float) {
  startTraining(datasetId: $d, modelType: TFIDF_MULTINOMIAL_NB, trainingSetId: $s, trainingSet: $f, minAgreement: $a) {
    __typename
    ... on TrainingRunSuccess { run { id state } }
    ... on ValidationError { message fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
RUN_DATA = """
query($id: ID!) {
  trainingRun(id: $id) {
    id state message itemCount dataHash itemHash labelRule minAgreement trainingSetId trainingSetName
    trainingSetDefinition labelCounts
  }
  trainingRunItems(runId: $id, first: 200) { totalCount nodes { itemId label contentSha256 } }
}
"""

# alpha items: gold (ag), unanimous (au), majority (am), tie (at), unlabelled (ax); beta items: gold (bg)
GOLD = {f"ag{n}": "pos" if n % 2 == 0 else "neg" for n in range(6)}
VOTES = {
    "au0": ["pos", "pos"],
    "au1": ["pos", "pos"],
    "au2": ["neg", "neg"],
    "am0": ["pos", "pos", "neg"],
    "am1": ["neg", "neg", "pos"],
    "am2": ["pos", "pos", "pos", "neg"],
    "at0": ["pos", "neg"],
}
MAJORITY = {"au0": "pos", "au1": "pos", "au2": "neg", "am0": "pos", "am1": "neg", "am2": "pos"}


def text_of(external_id: str) -> str:
    family = "beta" if external_id.startswith("b") else "alpha"
    return f"{family} item {external_id} " + ("great lovely" if external_id.endswith(("0", "2", "4")) else "awful sad")


def mixed_dataset(token: str) -> str:
    """A TEXT dataset whose `alpha` items carry gold labels, unanimous, majority and tied votes, or none."""
    dataset = create_dataset(token, labels=("pos", "neg"))
    rows: list[dict[str, Any]] = [{"id": i, "text": text_of(i), "label": label} for i, label in GOLD.items()]
    for external_id, votes in VOTES.items():
        annotations = [{"annotator": f"annotator{n}", "label": label} for n, label in enumerate(votes)]
        rows.append({"id": external_id, "text": text_of(external_id), "annotations": annotations})
    rows.append({"id": "ax0", "text": text_of("ax0")})
    rows += [{"id": f"bg{n}", "text": text_of(f"bg{n}"), "label": "pos" if n % 2 == 0 else "neg"} for n in range(6)]
    job = import_file(token, dataset, jsonl(rows), "mixed.jsonl")
    assert job["state"] == "SUCCEEDED", job
    return dataset


def expected_hash(text: str) -> str:
    canonical = json.dumps({"text": text}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def create_set(token: str, dataset: str, **fields: Any) -> dict[str, Any]:
    """The createTrainingSet union result."""
    body = post(CREATE_SET, {"d": dataset, "input": fields}, token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["createTrainingSet"]
    return result


def saved_set(token: str, dataset: str, **fields: Any) -> str:
    result = create_set(token, dataset, **fields)
    assert result["__typename"] == "TrainingSetSuccess", result
    set_id: str = result["trainingSet"]["id"]
    return set_id


def start_from(token: str, dataset: str, set_id: str | None, **extra: Any) -> dict[str, Any]:
    body = post(START_FROM_SET, {"d": dataset, "s": set_id, **extra}, token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["startTraining"]
    return result


def run_data(token: str, run_id: str) -> dict[str, Any]:
    data: dict[str, Any] = post(RUN_DATA, {"id": run_id}, token)["data"]
    return {**data["trainingRun"], "items": data["trainingRunItems"]}


def sets_of(token: str, dataset: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = post(LIST_SETS, {"d": dataset}, token)["data"]["trainingSets"]["nodes"]
    return nodes
