"""Benchmark: span labelling through the platform. Needs the stack (make up). Prints figures and ratios only.

1. Training SPAN_TAGGER on N synthetic sentences (default 5,000; people and places, some with accents, CJK and an
   emoji), from `startTraining` to SUCCEEDED (snapshot, fit, MLflow tracking and registration), next to the same
   pipeline fitted directly in this process on the same sentences: time and entity F1 of each, and the ratio.
2. `predict` latency of the promoted span model through Nginx: one sentence (median and p95 of 50 calls) and a
   batch of 1,000 sentences (median of 5 calls), with the per-sentence cost of the batch.

The sentences are annotated through `annotateItem` (one call each, by one annotator), which is not timed.

    .venv/bin/python bench/spans.py [--items 5000]     (--items 200 for a quick smoke run)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.items.entities import Span  # noqa: E402 - after the path set-up
from backend.training.catalog import CATALOG, ModelType, validate_params  # noqa: E402
from backend.training.fitting import FitRequest, fit  # noqa: E402
from tests.api import GRAPHQL_URL, create_user, login, post  # noqa: E402
from tests.data import create_dataset, import_file, jsonl  # noqa: E402
from tests.promotion import promote_and_wait  # noqa: E402
from tests.training import run_of, started, wait_for_run  # noqa: E402

NAMES = ["Ada", "Zoë", "Kenji", "Amélie", "山田", "José", "Björn", "Nadia", "Omar", "Lena", "Ravi", "Chloé"]
PLACES = ["Paris", "São Paulo", "東京", "Genève", "Oslo", "Kraków", "Lima", "Nairobi", "Lyon", "Québec"]
FILLER = ["today", "again", "last week", "with friends", "for work", "😀", "at night", "by train"]
VERBS = ["flew to", "moved to", "wrote from", "called from", "drove to", "stayed in"]
ANNOTATE = """
mutation($i: ID!, $spans: [SpanInputType!]) { annotateItem(itemId: $i, spans: $spans) { __typename } }
"""
PREDICT = """
query($m: String!, $i: [JSON!]!) {
  predict(model: $m, inputs: $i, traffic: TEST) { __typename ... on Prediction { version rows { label } } }
}
"""


def sentences(count: int, seed: int = 5) -> list[tuple[str, list[Span]]]:
    """`count` sentences with their PER and LOC spans (a fifth name no place)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    out = []
    for number in range(count):
        name, place, verb, tail = rng.choice(NAMES), rng.choice(PLACES), rng.choice(VERBS), rng.choice(FILLER)
        if number % 5 == 4:
            head = f"On day {number} "
            out.append((f"{head}{name} stayed home {tail}.", [Span(len(head), len(head) + len(name), "PER")]))
            continue
        before = f"{name} {verb} "
        spans = [Span(0, len(name), "PER"), Span(len(before), len(before) + len(place), "LOC")]
        out.append((f"{before}{place} {tail}.", spans))
    return out


def prepare(token: str, data: list[tuple[str, list[Span]]]) -> str:
    dataset = create_dataset(token, labels=("PER", "LOC"), task_type="SPANS")
    rows = [{"id": f"s{n:05d}", "text": text} for n, (text, _) in enumerate(data)]
    assert import_file(token, dataset, jsonl(rows), "spans.jsonl")["state"] == "SUCCEEDED"
    user = create_user(token)
    annotator = login(user["username"], user["password"])
    with httpx.Client(timeout=60, headers={"Authorization": f"Bearer {annotator}"}) as client:
        for n, (_, spans) in enumerate(data):
            variables = {
                "i": f"{dataset}:s{n:05d}",
                "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
            }
            answer = client.post(GRAPHQL_URL, json={"query": ANNOTATE, "variables": variables}).json()
            assert answer["data"]["annotateItem"]["__typename"] == "ItemSuccess", answer
    return dataset


def training(token: str, dataset: str, data: list[tuple[str, list[Span]]]) -> str:
    started_at = time.perf_counter()
    run_id = started(token, dataset, "SPAN_TAGGER")
    run = wait_for_run(token, run_id, timeout_s=3600)
    platform_s = time.perf_counter() - started_at
    assert run["state"] == "SUCCEEDED", run
    details = run_of(token, run_id)
    f1 = post("query($id: ID!) { trainingRun(id: $id) { metrics { f1 } } }", {"id": run_id}, token)
    platform_f1 = f1["data"]["trainingRun"]["metrics"]["f1"]

    # the same sentences in id order (as the snapshot orders them), fitted here by the same code path
    params, _ = validate_params(CATALOG[ModelType.SPAN_TAGGER], {})
    texts, targets = [t for t, _ in data], [tuple(s) for _, s in data]
    request = FitRequest("SPAN_TAGGER", params, True, texts, ["-"] * len(texts), {"method": "HOLDOUT"}, spans=targets)
    direct_started = time.perf_counter()
    result = fit(request, lambda kind, payload: None)
    direct_s = time.perf_counter() - direct_started
    print(f"\ntraining SPAN_TAGGER on {len(data)} sentences (run {run_id}, {params['epochs']} epochs):")
    print(f"  platform (startTraining → SUCCEEDED, version {details['modelVersion']}): {platform_s:7.2f} s")
    print(f"  direct fit in one process:                                   {direct_s:7.2f} s")
    print(f"  overhead ratio platform / direct: {platform_s / direct_s:.1f}x")
    print(f"  entity F1 (hold-out, exact match): platform {platform_f1:.3f}   direct {result.metrics['f1']:.3f}")
    version: str = details["modelVersion"]
    return version


def _predict(client: httpx.Client, model: str, texts: list[str]) -> float:
    started_at = time.perf_counter()
    body: dict[str, Any] = client.post(
        GRAPHQL_URL, json={"query": PREDICT, "variables": {"m": model, "i": texts}}
    ).json()
    elapsed = (time.perf_counter() - started_at) * 1000
    assert body["data"]["predict"]["__typename"] == "Prediction", body
    return elapsed


def latency(token: str, model: str, version: str, data: list[tuple[str, list[Span]]]) -> None:
    promote_and_wait(token, model, version, "span benchmark")
    texts = [t for t, _ in sentences(1000, seed=9)]
    with httpx.Client(timeout=120, headers={"Authorization": f"Bearer {token}"}) as client:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # every replica loads the promoted version in the background
            body = client.post(GRAPHQL_URL, json={"query": PREDICT, "variables": {"m": model, "i": texts[:1]}}).json()
            if body["data"]["predict"].get("version") == version:
                break
            time.sleep(0.3)
        for text in texts[:5]:
            _predict(client, model, [text])  # warm up both replicas
        single = [_predict(client, model, [text]) for text in texts[:50]]
        batch = [_predict(client, model, texts) for _ in range(5)]
    p95 = sorted(single)[round(0.95 * (len(single) - 1))]
    print(f"\npredict through Nginx (model {model} version {version}):")
    print(f"  one sentence:       median {statistics.median(single):7.1f} ms   p95 {p95:7.1f} ms   (50 calls)")
    per_row = statistics.median(batch) / len(texts)
    print(f"  batch of {len(texts)}:     median {statistics.median(batch):7.1f} ms   ({per_row:.3f} ms per sentence)")
    print(f"  batch / single per sentence: {per_row / statistics.median(single):.3f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    args = parser.parse_args()
    token = login("admin", "admin")
    data = sentences(args.items)
    dataset = prepare(token, data)
    version = training(token, dataset, data)
    latency(token, dataset, version, data)


if __name__ == "__main__":
    main()
