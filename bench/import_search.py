"""Benchmark: import 100k text items, search with facets, page all ids, export — through Nginx, against the
same operations made directly on Elasticsearch in the same run. Needs the stack (make up). Prints figures only.

    .venv/bin/python bench/import_search.py [--items 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.items.index import MAPPINGS, SETTINGS  # noqa: E402 - after the path set-up
from tests.stack import BASE_URL, ES_URL, GRAPHQL_URL  # noqa: E402

ES = ES_URL  # LABELLOOP_ES_PORT, as the rest of the stack
FORTUNES = Path("/usr/share/games/fortunes")
SEARCH = """
query($d: ID!, $q: String) {
  search(datasetId: $d, query: $q, first: 20) {
    ... on SearchResults { totalCount nodes { itemId } facets { statuses { value count } labels { value count }
      goldLabels { value count } annotators { value count } metadata { key values { value count } } } }
  }
}
"""
WORDS = ["computer", "love", "science", "time", "life", "people", "world", "money", "program", "never"]


def texts(count: int) -> list[str]:
    """`count` texts scaled up deterministically from the fortunes (DESIGN §8)."""
    base = []
    for path in sorted(FORTUNES.iterdir()):
        if path.is_file() and "." not in path.name:
            base += [t.strip() for t in path.read_text(errors="replace").split("\n%\n") if t.strip()]
    return [f"{base[i % len(base)]} (variant {i // len(base)})" for i in range(count)]


def gql(client: httpx.Client, token: str, query: str, variables: dict) -> dict:
    response = client.post(
        GRAPHQL_URL, json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {token}"}
    )
    response.raise_for_status()
    return response.json()["data"]


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def raw_search(word: str, dataset: str) -> dict:
    """The Elasticsearch body of a search with facets, as the API sends it for SEARCH: the baseline of the same run."""
    return {
        "query": {
            "bool": {
                "must": [{"simple_query_string": {"query": word, "fields": ["text"], "default_operator": "and"}}],
                "filter": [{"term": {"dataset_id": dataset}}],
            }
        },
        "size": 21,
        "track_total_hits": True,
        "highlight": {"fields": {"text": {}}},
        "aggs": {
            k: {"terms": {"field": f}}
            for k, f in (
                ("s", "status"),
                ("l", "labels"),
                ("g", "gold_label"),
                ("a", "annotators"),
                ("m", "metadata_kv"),
            )
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()
    client = httpx.Client(timeout=600)
    login = client.post(
        GRAPHQL_URL,
        json={
            "query": 'mutation { login(username: "admin", password: "admin") { ... on LoginSuccess { accessToken } } }'
        },
    ).json()
    token = login["data"]["login"]["accessToken"]
    rows = [{"id": f"b{i}", "text": t, "metadata": {"bucket": f"b{i % 10}"}} for i, t in enumerate(texts(args.items))]
    payload = "".join(json.dumps(r) + "\n" for r in rows).encode()
    print(f"items: {args.items}, file: {len(payload) / 1e6:.1f} MB")

    # baseline: the same documents bulk-indexed straight into a fresh Elasticsearch index
    client.delete(f"{ES}/bench-raw")
    client.put(f"{ES}/bench-raw", json={"mappings": MAPPINGS, "settings": SETTINGS}).raise_for_status()
    started = time.perf_counter()
    for start in range(0, len(rows), 5000):
        lines = []
        for r in rows[start : start + 5000]:
            lines.append(json.dumps({"index": {"_id": r["id"]}}))
            lines.append(
                json.dumps(
                    {
                        "dataset_id": "raw",
                        "external_id": r["id"],
                        "text": r["text"],
                        "metadata_kv": [f"bucket={r['metadata']['bucket']}"],
                        "status": "UNLABELED",
                    }
                )
            )
        client.post(
            f"{ES}/bench-raw/_bulk", content="\n".join(lines) + "\n", headers={"Content-Type": "application/x-ndjson"}
        ).raise_for_status()
    client.post(f"{ES}/bench-raw/_refresh")
    raw_s = time.perf_counter() - started
    print(f"raw Elasticsearch bulk: {raw_s:.1f} s ({args.items / raw_s:,.0f} docs/s)")

    name = f"bench-{int(time.time())}"
    created = gql(
        client,
        token,
        "mutation($n: String!) { createDataset(input: {name: $n, kind: TEXT, "
        'labels: [{name: "a"}, {name: "b"}]}) { ... on DatasetSuccess { dataset { id } } } }',
        {"n": name},
    )
    dataset = created["createDataset"]["dataset"]["id"]
    operations = {
        "query": "mutation($d: ID!, $file: Upload!) { importItems(datasetId: $d, file: $file) "
        "{ ... on JobSuccess { job { id } } } }",
        "variables": {"d": dataset, "file": None},
    }
    started = time.perf_counter()
    response = client.post(
        GRAPHQL_URL,
        data={"operations": json.dumps(operations), "map": '{"0": ["variables.file"]}'},
        files={"0": ("bench.jsonl", payload)},
        headers={"Authorization": f"Bearer {token}"},
    )
    job_id = response.json()["data"]["importItems"]["job"]["id"]
    while True:
        job = gql(client, token, "query($id: ID!) { job(id: $id) { state message } }", {"id": job_id})["job"]
        if job["state"] in ("SUCCEEDED", "FAILED"):
            break
        time.sleep(0.2)
    count = gql(client, token, "query($d: ID!) { dataset(id: $d) { itemCount } }", {"d": dataset})["dataset"]
    import_s = time.perf_counter() - started
    print(
        f"import through Nginx (stored and searchable): {import_s:.1f} s ({args.items / import_s:,.0f} items/s), "
        f"{count['itemCount']} searchable, job: {job['message']}"
    )
    print(f"  ratio import / raw bulk: {import_s / raw_s:.2f}x (target: import <= 30 s)")

    api_ms, raw_ms = [], []
    for i in range(args.searches):
        word = WORDS[i % len(WORDS)]
        t = time.perf_counter()
        gql(client, token, SEARCH, {"d": dataset, "q": word})
        api_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        client.post(f"{ES}/bench-raw/_search", json=raw_search(word, "raw")).raise_for_status()
        raw_ms.append((time.perf_counter() - t) * 1000)
    print(
        f"search with facets, {args.searches} queries: GraphQL p50 {p(api_ms, 50):.1f} ms p95 {p(api_ms, 95):.1f} ms;"
        f" raw Elasticsearch p50 {p(raw_ms, 50):.1f} ms p95 {p(raw_ms, 95):.1f} ms;"
        f" ratio p95 {p(api_ms, 95) / p(raw_ms, 95):.2f}x (target: p95 <= 50 ms and <= 2x)"
    )

    started = time.perf_counter()
    ids, after = 0, None
    while ids < 50_000:
        page = gql(
            client,
            token,
            "query($d: ID!, $a: String) { itemIds(datasetId: $d, first: 10000, after: $a) "
            "{ ... on ItemIdConnection { nodes pageInfo { endCursor hasNextPage } } } }",
            {"d": dataset, "a": after},
        )["itemIds"]
        ids += len(page["nodes"])
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
        if after is None:
            break
    print(f"itemIds: {ids} ids by cursor in {time.perf_counter() - started:.2f} s (target: 50k <= 10 s)")

    started = time.perf_counter()
    job_id = gql(
        client,
        token,
        "mutation($d: ID!) { exportItems(datasetId: $d) { ... on JobSuccess { job { id } } } }",
        {"d": dataset},
    )["exportItems"]["job"]["id"]
    while True:
        job = gql(client, token, "query($id: ID!) { job(id: $id) { state result } }", {"id": job_id})["job"]
        if job["state"] in ("SUCCEEDED", "FAILED"):
            break
        time.sleep(0.2)
    size = len(
        client.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {token}"}).content
    )
    print(
        f"export: {job['result'].get('count')} items, {size / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s "
        "(target: 100k <= 30 s)"
    )
    client.delete(f"{ES}/bench-raw")
    gql(
        client,
        token,
        "mutation($d: ID!) { updateDataset(id: $d, input: {archived: true}) { __typename } }",
        {"d": dataset},
    )


if __name__ == "__main__":
    main()
