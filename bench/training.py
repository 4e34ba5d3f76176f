"""Benchmark: training through the platform. Needs the stack (make up). Prints figures only.

1. Live metrics: the worker records a metric point → a subscriber connected through Nginx (graphql-transport-ws)
   receives it. p50 / p95 / max over the METRIC events of one SGD training (≥ 200 epochs).
2. Training time for N text items (default 10k) with TF-IDF + logistic regression, from `startTraining` to
   SUCCEEDED (snapshot, fit, MLflow tracking and registration), next to the same fit run directly in this process
   on the same items (overhead ratio).

    .venv/bin/python bench/training.py [--epochs 250] [--items 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.training.catalog import CATALOG, ModelType, validate_params  # noqa: E402 - after the path set-up
from backend.training.fitting import FitRequest, fit  # noqa: E402
from tests.api import login  # noqa: E402
from tests.training import FILLER, WORDS, follow, labelled_text_dataset, run_of, started, wait_for_run  # noqa: E402


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def live_latency(token: str, epochs: int) -> None:
    dataset = labelled_text_dataset(token, items=200)
    run_id = started(token, dataset, "TFIDF_SGD", {"epochs": epochs})
    events, completed = await follow(token, run_id, timeout_s=600)
    assert completed, "the subscription did not complete"
    latencies = [
        (e["received"] - datetime.fromisoformat(e["at"]).timestamp()) * 1000
        for e in events
        if e["kind"] == "METRIC" and e.get("at")
    ]
    print(f"\nlive metric → subscriber through Nginx: {len(latencies)} METRIC events of run {run_id}")
    print(
        f"  p50 {statistics.median(latencies):6.1f} ms   p95 {_percentile(latencies, 0.95):6.1f} ms   "
        f"max {max(latencies):6.1f} ms   (target p95 ≤ 100 ms)"
    )


def training_overhead(token: str, items: int) -> None:
    dataset = labelled_text_dataset(token, items=items, seed=11)
    started_at = time.perf_counter()
    run_id = started(token, dataset, "TFIDF_LOGISTIC_REGRESSION")
    run = wait_for_run(token, run_id, timeout_s=1800)
    platform_s = time.perf_counter() - started_at
    assert run["state"] == "SUCCEEDED", run
    details = run_of(token, run_id)

    # the same items and labels, fitted here in one process with the same code path (no queue, no MongoDB, no MLflow)
    rng = random.Random(11)  # noqa: S311 - same data as the dataset
    texts, labels = [], []
    for number in range(items):
        label = "pos" if number % 2 == 0 else "neg"
        words = rng.choices(WORDS[label], k=4) + rng.choices(FILLER, k=8)
        rng.shuffle(words)
        texts.append(" ".join(words))
        labels.append(label)
    params, _ = validate_params(CATALOG[ModelType.TFIDF_LOGISTIC_REGRESSION], {})
    direct_started = time.perf_counter()
    result = fit(
        FitRequest("TFIDF_LOGISTIC_REGRESSION", params, True, texts, labels, {"method": "HOLDOUT"}), lambda k, p: None
    )
    direct_s = time.perf_counter() - direct_started
    print(f"\ntraining {items} text items, TF-IDF + logistic regression (run {run_id}):")
    print(f"  platform (startTraining → SUCCEEDED, version {details['modelVersion']}): {platform_s:6.2f} s")
    print(f"  direct fit in one process:                                   {direct_s:6.2f} s")
    accuracy = f"accuracy {details['metrics']['accuracy']:.3f} vs {result.metrics['accuracy']:.3f}"
    print(f"  overhead ratio platform / direct: {platform_s / direct_s:.1f}x  ({accuracy})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=250)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    token = login("admin", "admin")
    asyncio.run(live_latency(token, args.epochs))
    training_overhead(token, args.items)


if __name__ == "__main__":
    main()
