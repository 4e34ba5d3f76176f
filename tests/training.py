"""Helpers for training tests and benchmarks: a labelled dataset, start a training, follow it over WebSocket."""

from __future__ import annotations

import asyncio
import json
import random
import time
from typing import Any

from websockets.asyncio.client import connect

from tests.api import post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import HTTP_PORT

START = """
mutation($d: ID!, $m: ModelType!, $p: JSON, $f: ItemFilter, $v: ValidationInput, $a: Float) {
  startTraining(datasetId: $d, modelType: $m, params: $p, trainingSet: $f, validation: $v, minAgreement: $a) {
    __typename
    ... on TrainingRunSuccess { run { id state } }
    ... on ValidationError { message fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
RUN = """
query($id: ID!) {
  trainingRun(id: $id) {
    id state message attempt itemCount itemHash labelCounts modelName modelVersion mlflowRunId
    metrics { accuracy macroF1 loss } curves { step accuracy loss } classReport { label f1 support }
    confusionMatrix { labels matrix } logs { level message }
  }
}
"""
FOLLOW = """
subscription($id: ID!, $after: String) {
  trainingRun(id: $id, after: $after) { cursor seq at kind state message progress metric { step accuracy loss } }
}
"""
WORDS = {
    "pos": ["great", "lovely", "superb", "wonderful", "delight", "happy", "excellent", "charming"],
    "neg": ["awful", "dreadful", "terrible", "horrible", "gloomy", "sad", "poor", "broken"],
}
FILLER = ["the", "a", "of", "and", "to", "in", "is", "it", "that", "this", "was", "for", "on", "with", "as"]


def labelled_text_dataset(token: str, items: int = 120, seed: int = 7) -> str:
    """A TEXT dataset whose items all carry a gold label (`pos` or `neg`), with words that tell them apart."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    dataset = create_dataset(token, labels=("pos", "neg"))
    rows = []
    for number in range(items):
        label = "pos" if number % 2 == 0 else "neg"
        words = rng.choices(WORDS[label], k=4) + rng.choices(FILLER, k=8)
        rng.shuffle(words)
        rows.append({"id": f"t{number:05d}", "text": " ".join(words), "label": label})
    job = import_file(token, dataset, jsonl(rows), "train.jsonl")
    assert job["state"] == "SUCCEEDED", job
    return dataset


def start(token: str, dataset: str, model: str, params: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """The startTraining union result."""
    variables = {"d": dataset, "m": model, "p": params, **extra}
    body = post(START, variables, token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["startTraining"]
    return result


def started(token: str, dataset: str, model: str, params: dict[str, Any] | None = None, **extra: Any) -> str:
    result = start(token, dataset, model, params, **extra)
    assert result["__typename"] == "TrainingRunSuccess", result
    run_id: str = result["run"]["id"]
    return run_id


def run_of(token: str, run_id: str) -> dict[str, Any]:
    run: dict[str, Any] = post(RUN, {"id": run_id}, token)["data"]["trainingRun"]
    return run


def wait_for_run(token: str, run_id: str, timeout_s: float = 180) -> dict[str, Any]:
    """The run once it has ended."""
    deadline = time.monotonic() + timeout_s
    while True:
        run = run_of(token, run_id)
        if run["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return run
        assert time.monotonic() < deadline, f"training still {run['state']} after {timeout_s}s: {run}"
        time.sleep(0.5)


async def follow(
    token: str, run_id: str, after: str | None = None, stop_after: int | None = None, timeout_s: float = 180
) -> tuple[list[dict[str, Any]], bool]:
    """Events of the run through Nginx's WebSocket, with the time each arrived (`received`, epoch seconds);
    stops after `stop_after` events (dropping the connection) or at the end. Returns (events, completed)."""
    events: list[dict[str, Any]] = []
    url = f"ws://127.0.0.1:{HTTP_PORT}/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": FOLLOW, "variables": {"id": run_id, "after": after}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=timeout_s))
            if message["type"] == "complete":
                return events, True
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            event = message["payload"]["data"]["trainingRun"]
            event["received"] = time.time()
            events.append(event)
            if stop_after is not None and len(events) >= stop_after:
                return events, False
