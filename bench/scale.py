"""Benchmark: the cost curve. Each step at 10k, 100k and 1M items, through Nginx, and its time per item, so that a
step growing faster than linearly shows (the per-item time of a size divided by the smallest size's: about 1 or
less is linear or better). Needs the stack (make up); 1M items need about 4 GB of disk. Prints figures only.

Steps per size, on a dataset of its own (a fifth of the items imported with a gold label):
import (stored and searchable), search with facets (p95 of 20 queries), a 100-item search page (p95 of 20),
itemIds (every id by cursor), export (every item), training (a saved training set of every labelled item,
TF-IDF + logistic regression: snapshot, fit, MLflow), and the MongoDB-wire server's memory after it: resident,
and what its heap holds after a full collection (jcmd, from the JDK). Search also runs straight on Elasticsearch's
item index (the baseline of the same run).

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_search import ES, SEARCH, WORDS, gql, p, raw_search, texts  # noqa: E402 - after the path set-up
from tests.stack import BASE_URL, GRAPHQL_URL  # noqa: E402

PAGE = """
query($d: ID!, $a: String) {
  search(datasetId: $d, first: 100, after: $a, sort: EXTERNAL_ID) {
    ... on SearchResults { nodes { itemId externalId text status goldLabel labels metadata { key value } }
      pageInfo { endCursor } }
  }
}
"""
CREATE = (
    "mutation($n: String!) { createDataset(input: {name: $n, kind: TEXT, "
    'labels: [{name: "a"}, {name: "b"}, {name: "c"}]}) { ... on DatasetSuccess { dataset { id } } } }'
)
TRAIN = (
    "mutation($d: ID!) { startTraining(datasetId: $d, modelType: TFIDF_LOGISTIC_REGRESSION) "
    "{ __typename ... on TrainingRunSuccess { run { id } } ... on Error { message } } }"
)


class Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def time(self, step: str, action: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = action()
        self.seconds[step] = time.perf_counter() - started
        return result


def _wait_job(client: httpx.Client, token: str, job_id: str) -> dict[str, Any]:
    while True:
        job: dict[str, Any] = gql(
            client, token, "query($id: ID!) { job(id: $id) { state message result } }", {"id": job_id}
        )["job"]
        if job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return job
        time.sleep(0.5)


CHUNK = 250_000  # items per uploaded file: a file is at most 100 MB (about 61 MB here)


def _import(client: httpx.Client, token: str, dataset: str, size: int) -> None:
    """Every item, in files of CHUNK items one after the other, until all are stored and searchable."""
    labels = ("a", "b", "c")
    all_texts = texts(size)
    for first in range(0, size, CHUNK):
        rows = (
            {
                "id": f"s{i:07d}",
                "text": all_texts[i],
                "metadata": {"bucket": f"b{i % 10}"},
                **({"label": labels[i % 3]} if i % 5 == 0 else {}),
            }
            for i in range(first, min(size, first + CHUNK))
        )
        payload = "".join(json.dumps(r) + "\n" for r in rows).encode()
        operations = {
            "query": "mutation($d: ID!, $file: Upload!) { importItems(datasetId: $d, file: $file) "
            "{ ... on JobSuccess { job { id } } ... on Error { message } } }",
            "variables": {"d": dataset, "file": None},
        }
        response = client.post(
            GRAPHQL_URL,
            data={"operations": json.dumps(operations), "map": '{"0": ["variables.file"]}'},
            files={"0": (f"scale-{first}.jsonl", payload)},
            headers={"Authorization": f"Bearer {token}"},
        )
        job = _wait_job(client, token, response.json()["data"]["importItems"]["job"]["id"])
        assert job["state"] == "SUCCEEDED", job
    while (
        gql(client, token, "query($d: ID!) { dataset(id: $d) { itemCount } }", {"d": dataset})["dataset"]["itemCount"]
        < size
    ):
        time.sleep(0.5)


def _latencies(client: httpx.Client, token: str, query: str, variables: Callable[[int], dict[str, Any]]) -> list[float]:
    values = []
    for i in range(20):
        started = time.perf_counter()
        gql(client, token, query, variables(i))
        values.append((time.perf_counter() - started) * 1000)
    return values


def _raw_latencies(client: httpx.Client, dataset: str) -> list[float]:
    """The same searches straight on the item index (the baseline of the same run)."""
    values = []
    for i in range(20):
        started = time.perf_counter()
        client.post(f"{ES}/labelloop-items/_search", json=raw_search(WORDS[i % len(WORDS)], dataset)).raise_for_status()
        values.append((time.perf_counter() - started) * 1000)
    return values


def _item_ids(client: httpx.Client, token: str, dataset: str) -> int:
    ids, after = 0, None
    query = (
        "query($d: ID!, $a: String) { itemIds(datasetId: $d, first: 10000, after: $a) "
        "{ ... on ItemIdConnection { nodes pageInfo { endCursor hasNextPage } } } }"
    )
    while True:
        page = gql(client, token, query, {"d": dataset, "a": after})["itemIds"]
        ids += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


def _export(client: httpx.Client, token: str, dataset: str) -> int:
    mutation = "mutation($d: ID!) { exportItems(datasetId: $d) { ... on JobSuccess { job { id } } } }"
    job = _wait_job(client, token, gql(client, token, mutation, {"d": dataset})["exportItems"]["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    headers = {"Authorization": f"Bearer {token}"}
    return len(client.get(f"{BASE_URL}{job['result']['download']}", headers=headers).content)


def _train(client: httpx.Client, token: str, dataset: str) -> None:
    started = gql(client, token, TRAIN, {"d": dataset})["startTraining"]
    assert started["__typename"] == "TrainingRunSuccess", started
    job = _wait_job(client, token, started["run"]["id"])
    assert job["state"] == "SUCCEEDED", job


def _mongo_pid() -> str | None:
    try:
        return (ROOT / ".state" / "run" / "mongo.child.pid").read_text().strip()
    except OSError:
        return None


def _mongo_rss_mb() -> float | None:
    """The MongoDB-wire server's resident memory (the JVM keeps garbage until its heap needs the room)."""
    pid = _mongo_pid()
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), None)
    return int(line.split()[1]) / 1024 if line else None


def _mongo_live_heap_mb() -> float | None:
    """What the MongoDB-wire server's heap holds after a full collection (jcmd, from the JDK): its real need."""
    pid = _mongo_pid()
    if pid is None or shutil.which("jcmd") is None:
        return None
    subprocess.run(["jcmd", pid, "GC.run"], capture_output=True, check=False, timeout=120)
    info = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True, check=False, timeout=60)
    used = re.search(r"used (\d+)K", info.stdout)
    return int(used.group(1)) / 1024 if used else None


def one_size(client: httpx.Client, token: str, size: int, keep: bool) -> dict[str, float]:
    """Seconds per step for `size` items, plus the latencies' p95 in ms."""
    clock = Clock()
    dataset = gql(client, token, CREATE, {"n": f"bench-scale-{size}-{int(time.time())}"})["createDataset"]["dataset"][
        "id"
    ]
    clock.time("import", lambda: _import(client, token, dataset, size))
    search = _latencies(client, token, SEARCH, lambda i: {"d": dataset, "q": WORDS[i % len(WORDS)]})
    raw = _raw_latencies(client, dataset)
    page = _latencies(client, token, PAGE, lambda i: {"d": dataset, "a": None})
    ids = clock.time("itemIds", lambda: _item_ids(client, token, dataset))
    assert ids == size, (ids, size)
    clock.time("export", lambda: _export(client, token, dataset))
    clock.time("training", lambda: _train(client, token, dataset))
    rss, heap = _mongo_rss_mb(), _mongo_live_heap_mb()
    if not keep:
        archive = "mutation($d: ID!) { updateDataset(id: $d, input: {archived: true}) { __typename } }"
        gql(client, token, archive, {"d": dataset})
    return {
        **clock.seconds,
        "search p95 ms": p(search, 95),
        "raw ES p95 ms": p(raw, 95),
        "page p95 ms": p(page, 95),
        "mongo rss MB": rss or 0.0,
        "mongo live heap MB": heap or 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--keep", action="store_true", help="leave the datasets (not archived)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    client = httpx.Client(timeout=3600)
    login = 'mutation { login(username: "admin", password: "admin") { ... on LoginSuccess { accessToken } } }'
    token = client.post(GRAPHQL_URL, json={"query": login}).json()["data"]["login"]["accessToken"]
    print(f"cost curve at {sizes} items (pid {os.getpid()})")
    figures: dict[int, dict[str, float]] = {}
    for size in sizes:
        figures[size] = one_size(client, token, size, args.keep)
        shown = ", ".join(f"{k} {v:.1f}" for k, v in figures[size].items())
        print(f"  {size:>9,} items: {shown}", flush=True)
    base = sizes[0]
    print("\n  step        " + "".join(f"{s:>22,}" for s in sizes))
    for step in ("import", "itemIds", "export", "training"):
        cells = []
        for size in sizes:
            per_item_us = figures[size][step] / size * 1e6
            growth = per_item_us / (figures[base][step] / base * 1e6)
            cells.append(f"{per_item_us:9.1f} µs/item {growth:4.2f}x")
        print(f"  {step:<12}" + "".join(f"{c:>22}" for c in cells))
    for latency in ("search p95 ms", "raw ES p95 ms", "page p95 ms", "mongo rss MB", "mongo live heap MB"):
        print(f"  {latency:<12}" + "".join(f"{figures[s][latency]:>22.1f}" for s in sizes))


if __name__ == "__main__":
    main()
