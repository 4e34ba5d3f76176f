"""Benchmark: 100-item `search` pages served by ONE API replica, straight (not through Nginx), to 16 clients.

A dataset of `--items` text items is imported (a fifth with a gold label, half with two or three annotators' labels,
metadata with text and number values), then for `--seconds` each of two pages is asked flat out by `--clients`
clients with the SPA's own `Search` document (frontend/src/graphql/shared/items.graphql):
- `first page`: `first: 100` with the facet counts (`withFacets: true`), as the search page opens;
- `next page`: `first: 100, after: <endCursor>` without facets, as "Load more" asks.
As the baseline, in the same run, the same Elasticsearch requests (the mapping read and the stats of the numeric
metadata keys for the facets' ranges, then the page's search) are made straight to Elasticsearch by as many clients.
For each it prints requests/s, p50, p99, the replica's CPU time per request (utime + stime of its process, from
/proc) and its MongoDB/Redis round trips per request (its /metrics). Needs the stack (make up). Figures only.

    .venv/bin/python bench/pages.py [--items 2000] [--seconds 5] [--clients 16] [--keep]

`--profile N` instead runs the API in this process (with the first replica's settings, through
httpx.ASGITransport), serves N first pages and N next pages one after another, and prints the CPU time per page with
graphql-core's own executor and with the app's (the one-pass executor of plain objects, backend/graphql/execution.py),
then the functions with the most time under cProfile (own and cumulative).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.items.documents import ALIAS, SORTS, decode_cursor  # noqa: E402
from backend.items.entities import ItemFilter, ItemSort  # noqa: E402
from backend.items.facets import base_clauses, facet_aggregations, numeric_keys, range_edges  # noqa: E402
from bench.import_search import texts  # noqa: E402 - after the path set-up
from tests.api import login, post  # noqa: E402
from tests.data import CREATE_DATASET, import_file, jsonl  # noqa: E402
from tests.round_trips import REPLICA_URL, counters  # noqa: E402
from tests.spa_documents import spa_operation  # noqa: E402
from tests.stack import ES_URL, service_pid  # noqa: E402

SEARCH = spa_operation("Search")
LABELS = ("pos", "neg", "neutral")
ANNOTATORS = ("ann-a", "ann-b", "ann-c")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def rows(count: int) -> list[dict[str, Any]]:
    """Items whose hits carry every field of the page: gold labels, annotators' labels, metadata."""
    made = []
    for i, text in enumerate(texts(count)):
        row: dict[str, Any] = {
            "id": f"p{i:06d}",
            "text": text,
            "metadata": {"source": f"s{i % 7}", "lang": ("en", "fr", "de")[i % 3], "score": round(i % 97 / 9.7, 2)},
        }
        if i % 5 == 0:
            row["label"] = LABELS[i % 3]
        if i % 2 == 0:
            row["annotations"] = [
                {"annotator": a, "label": LABELS[(i + n) % 3 if n < 2 else i % 3], "updated_at": "2026-01-02T03:04:05Z"}
                for n, a in enumerate(ANNOTATORS[: 2 + i % 2])
            ]
        made.append(row)
    return made


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def flat_out(clients: int, seconds: float, ask: Callable[[httpx.AsyncClient], Awaitable[None]]) -> list[float]:
    """Latencies (ms) of `ask` called back to back by `clients` clients for `seconds` (after a short warm-up)."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        await ask(client)  # warm-up: connection, caches
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await ask(client)
            latencies.append((time.perf_counter() - started) * 1000)

    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=clients)) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return latencies


def show(name: str, latencies: list[float], seconds: float, extra: str = "") -> float:
    rate = len(latencies) / seconds
    print(f"  {name:<28} {rate:7.1f} req/s  p50 {p(latencies, 50):6.1f} ms  p99 {p(latencies, 99):6.1f} ms{extra}")
    return rate


async def api_run(token: str, variables: dict[str, Any], clients: int, seconds: float) -> tuple[list[float], str]:
    headers = {"Authorization": f"Bearer {token}"}
    payload = {"query": SEARCH, "operationName": "Search", "variables": variables}

    async def ask(client: httpx.AsyncClient) -> None:
        response = await client.post(f"{REPLICA_URL}/graphql", json=payload, headers=headers)
        body = response.json()
        assert body.get("data", {}).get("search", {}).get("__typename") == "SearchResults", body

    pid = service_pid("api-1")
    trips_before, cpu_before = counters(), cpu_seconds(pid)
    latencies = await flat_out(clients, seconds, ask)
    cpu, trips_after = cpu_seconds(pid) - cpu_before, counters()
    requests = len(latencies) + clients  # with the warm-up calls
    trips = sum(v - trips_before.get(k, 0.0) for k, v in trips_after.items()) / requests
    return latencies, f"  CPU {cpu / requests * 1000:5.1f} ms/req  round trips {trips:.2f}/req"


async def es_run(dataset: str, after: list[Any] | None, with_facets: bool, clients: int, seconds: float) -> list[float]:
    """The Elasticsearch requests of the same page (ItemIndex.search), straight to Elasticsearch."""
    item_filter, sort = ItemFilter(), SORTS[ItemSort.NEWEST]

    async def ask(client: httpx.AsyncClient) -> None:
        body: dict[str, Any] = {
            "sort": sort,
            "size": 101,
            "track_total_hits": True,
            "_source": {"excludes": ["metadata_kv"]},
            "highlight": {
                "fields": {"text": {"fragment_size": 160, "number_of_fragments": 3}},
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "encoder": "html",
            },
        }
        must, clauses = base_clauses(dataset, item_filter)
        body["query"] = {"bool": {"must": must, "filter": clauses}}
        if after:
            body["search_after"] = after
        if with_facets:
            mapping = await client.get(
                f"{ES_URL}/{ALIAS}/_mapping",
                params={"filter_path": "*.mappings.properties.metadata.properties.*.type"},
            )
            keys = numeric_keys(mapping.json())
            stats = await client.post(
                f"{ES_URL}/{ALIAS}/_search",
                json={
                    "size": 0,
                    "query": {"term": {"dataset_id": dataset}},
                    "aggs": {f"k{i}": {"stats": {"field": f"metadata.{k}"}} for i, k in enumerate(keys)},
                },
            )
            aggregations = stats.json()["aggregations"]
            edges = {
                k: range_edges(aggregations[f"k{i}"]["min"], aggregations[f"k{i}"]["max"])
                for i, k in enumerate(keys)
                if aggregations[f"k{i}"]["count"]
            }
            post_filter, body["aggs"] = facet_aggregations(item_filter, edges, None)
            if post_filter is not None:
                body["post_filter"] = post_filter
        response = await client.post(f"{ES_URL}/{ALIAS}/_search", json=body)
        assert len(response.json()["hits"]["hits"]) == 101, response.text[:300]

    return await flat_out(clients, seconds, ask)


def prepare(items: int) -> tuple[str, str]:
    """A new dataset with `items` items, searchable; returns (admin token, dataset id)."""
    token = login("admin", "admin")
    name = f"bench-pages-{int(time.time())}"
    labels = [{"name": n} for n in LABELS]
    body = post(CREATE_DATASET, {"input": {"name": name, "kind": "TEXT", "labels": labels}}, token)
    dataset: str = body["data"]["createDataset"]["dataset"]["id"]
    job = import_file(token, dataset, jsonl(rows(items)), "pages.jsonl")
    assert job["state"] == "SUCCEEDED", job
    count = "query($d: ID!) { dataset(id: $d) { itemCount } }"
    while post(count, {"d": dataset}, token)["data"]["dataset"]["itemCount"] < items:
        time.sleep(0.5)
    return token, dataset


def use_replica_settings() -> None:
    """The first replica's LABELLOOP_* environment, in this process's (for the app run in-process)."""
    environ = Path(f"/proc/{service_pid('api-1')}/environ").read_bytes().split(b"\0")
    os.environ.update(dict(e.decode().split("=", 1) for e in environ if e.startswith(b"LABELLOOP_")))


def in_process_app(executor: type | None) -> Any:
    """The API app in this process, with the first replica's settings; `executor`: graphql-core's own executor
    (StrawberryGraphQLCoreExecutionContext, every field on its own) instead of the app's."""
    use_replica_settings()
    import backend.main as api

    build_schema = api.build_schema

    def build(settings: Any) -> Any:
        schema = build_schema(settings)
        if executor is not None:
            schema.execution_context_class = executor
        return schema

    api.build_schema = build
    try:
        return api.create_app()
    finally:
        api.build_schema = build_schema


async def serve(app: Any, token: str, pages: list[dict[str, Any]], times: int, profiler: Any = None) -> float:
    """CPU seconds of this process per page, serving `pages` `times` times each through the app (ASGI)."""
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://api") as c:
        for variables in pages:  # warm-up
            await c.post("/graphql", json={"query": SEARCH, "variables": variables}, headers=headers)
        started = time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(times):
            for variables in pages:
                response = await c.post("/graphql", json={"query": SEARCH, "variables": variables}, headers=headers)
                assert response.json()["data"]["search"]["__typename"] == "SearchResults"
        if profiler:
            profiler.disable()
        return (time.process_time() - started) / times / len(pages)


async def profile(token: str, pages: list[dict[str, Any]], times: int) -> None:
    """In this process: CPU per page with graphql-core's executor and with the app's (3 rounds each, alternating;
    the least of each), then a cProfile of the app's."""
    import cProfile
    import pstats

    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    cpu: dict[str, list[float]] = {"graphql-core's executor": [], "the app's executor": []}
    for _ in range(3):
        cpu["graphql-core's executor"].append(
            await serve(in_process_app(StrawberryGraphQLCoreExecutionContext), token, pages, times)
        )
        cpu["the app's executor"].append(await serve(in_process_app(None), token, pages, times))
    print(f"in-process CPU per page (first and next page alternately, {times * len(pages)} pages, least of 3 rounds):")
    for name, values in cpu.items():
        print(f"  {name:<24} {min(values) * 1000:5.1f} ms")
    profiler = cProfile.Profile()
    await serve(in_process_app(None), token, pages, times, profiler)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="leave the dataset (not archived)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N pages in-process instead")
    parser.add_argument("--dataset", help="an existing dataset of this bench (skips the import)")
    args = parser.parse_args()
    token, dataset = (login("admin", "admin"), args.dataset) if args.dataset else prepare(args.items)
    base = {"datasetId": dataset, "sort": "NEWEST", "first": 100}
    first = post(SEARCH, {**base, "withFacets": True}, token)["data"]["search"]
    cursor = first["pageInfo"]["endCursor"]
    after = decode_cursor(cursor)
    if args.profile:
        await profile(
            token, [{**base, "withFacets": True}, {**base, "after": cursor, "withFacets": False}], args.profile
        )
        return
    size = len(json.dumps(first).encode())
    print(
        f"dataset {dataset}, 100-hit pages ({size / 1000:.0f} kB with facets), {args.clients} clients, "
        f"{args.seconds:g} s each, one replica ({REPLICA_URL}) against Elasticsearch ({ES_URL})"
    )
    for name, variables, es_after, facets in (
        ("first page (with facets)", {**base, "withFacets": True}, None, True),
        ("next page (no facets)", {**base, "after": cursor, "withFacets": False}, after, False),
    ):
        es = await es_run(dataset, es_after, facets, args.clients, args.seconds)
        api, extra = await api_run(token, variables, args.clients, args.seconds)
        es_rate = show(f"Elasticsearch, {name}", es, args.seconds)
        api_rate = show(f"API, {name}", api, args.seconds, extra)
        print(f"  {'':<28} API/ES: {api_rate / es_rate:.2f}x req/s, p99 {p(api, 99) / p(es, 99):.1f}x")
    if not args.keep and not args.dataset:
        archive = "mutation($d: ID!) { updateDataset(id: $d, input: {archived: true}) { __typename } }"
        post(archive, {"d": dataset}, token)


if __name__ == "__main__":
    asyncio.run(main())
