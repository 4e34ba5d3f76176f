"""Benchmark: `annotateItem` sustained by 50 concurrent clients through Nginx, against the same writes made directly
with the drivers in the same run: the service's own ItemRepository.replace_labels (the compare-and-set update that
replaces the annotations and bumps the revision), then one Elasticsearch index request for that item at its revision
(`AsyncElasticsearch.index`, external versioning, the service's own document), from 50 asyncio tasks. That is the
cheapest way to make each write on its own; the API shares one bulk request among the writes of the same moment.
Needs the stack (make up). Prints figures only.

    .venv/bin/python bench/annotate.py [--seconds 30] [--clients 50] [--rounds 3] [--durability interval,fsync]
    .venv/bin/python bench/annotate.py --pace human [--annotators 25,50,100,200] [--seconds 60] [--ahead 0,1]

`--pace human` measures what annotators feel instead (bench/pace.py): the time from Enter to the next item on
screen, N annotators labelling one item every 2-4 s. The flat-out figure below is the second one.

Each client (and each raw task) labels its own items in turn, alternating the label, so the first pass adds
annotations and the next ones replace them: the same document update either way. The two paths take turns
(`--rounds` each, `--seconds` in all per path), so that a change in the machine's load shows in both. A dedicated
dataset is made, then archived.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# after the path set-up
from backend.annotations.status import derive_status  # noqa: E402
from backend.clients.elasticsearch import SearchClient  # noqa: E402
from backend.clients.mongo import MongoClient  # noqa: E402
from backend.clock import utc_now  # noqa: E402 - the service's clock
from backend.items.entities import Annotation, Item, LabelEvent  # noqa: E402
from backend.items.index import ALIAS, index_document  # noqa: E402
from backend.items.repository import ItemRepository  # noqa: E402
from bench.pace import human_pace  # noqa: E402
from tests.annotators import ANNOTATE, Account, NoData, async_client, call, make_accounts  # noqa: E402
from tests.api import login, post  # noqa: E402
from tests.data import CREATE_DATASET, import_file, jsonl  # noqa: E402
from tests.stack import ES_URL, MONGO_DB, MONGO_URI, stack  # noqa: E402

SUBNET = 79  # client N works from 127.0.79.N+1 (Nginx limits requests per address)
LABELS = ("a", "b")
OVERLAP = 1  # one annotator per item: no reservation is needed, and every write is accepted
SETTINGS = (
    "mutation($d: ID!, $n: Int!) { updateDataset(id: $d, input: {settings: {overlapTarget: $n}}) { __typename } }"
)


@dataclass
class Figures:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def quantile(self, q: int) -> float:
        values = self.latencies_ms
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values or [0.0])[0]

    def line(self) -> str:
        errors = f", errors {dict(self.errors)}" if self.errors else ""
        return (
            f"{len(self.latencies_ms)} writes in {self.seconds:.1f} s = {self.rate:,.1f}/s, "
            f"latency p50 {self.quantile(50):.1f} ms p95 {self.quantile(95):.1f} ms{errors}"
        )


async def timed(figures: Figures, loops: list[Any], ready: asyncio.Barrier) -> None:
    """Run the loops together; count the time from when every one of them is warm."""
    tasks = [asyncio.create_task(loop) for loop in loops]
    await ready.wait()
    started = time.monotonic()
    await asyncio.gather(*tasks)
    figures.seconds += time.monotonic() - started


async def through_the_api(
    figures: Figures, accounts: list[Account], items: list[list[str]], seconds: float, round_: int
) -> None:
    """Every client labels its items in turn through Nginx, for `seconds`."""
    ready = asyncio.Barrier(len(accounts) + 1)

    async def client_loop(account: Account, mine: list[str]) -> None:
        async with async_client(account, timeout_s=60) as client:
            await call(client, "annotateItem", ANNOTATE, {"i": mine[0], "l": LABELS[0]})  # warm the connection
            await ready.wait()
            deadline = time.monotonic() + seconds
            n = round_ * 1000  # the label alternates from one pass over the items to the next
            while time.monotonic() < deadline:
                item, label = mine[n % len(mine)], LABELS[(n // len(mine)) % 2]
                sent = time.perf_counter()
                try:
                    result = await call(client, "annotateItem", ANNOTATE, {"i": item, "l": label}, attempts=1)
                except NoData as exc:
                    figures.errors[exc.failure.kind] += 1
                else:
                    if result["__typename"] == "ItemSuccess":
                        figures.latencies_ms.append((time.perf_counter() - sent) * 1000)
                    else:
                        figures.errors[result["__typename"]] += 1
                n += 1

    await timed(figures, [client_loop(a, m) for a, m in zip(accounts, items, strict=True)], ready)


class Drivers:
    """The same writes as AnnotationService.annotate makes, each on its own, straight through the drivers."""

    def __init__(self) -> None:
        self._mongo, self._search = MongoClient(MONGO_URI, MONGO_DB), SearchClient(ES_URL)
        self._repository = ItemRepository(self._mongo.db)
        self._current: dict[str, Item] = {}

    async def close(self) -> None:
        await self._mongo.close()
        await self._search.close()

    async def write(self, annotator: str, item_id: str, label: str) -> Item | None:
        """replace_labels (compare-and-set, revision + 1), then index at that revision; None if the CAS lost.

        (Elasticsearch unreachable raises: the benchmark wants a healthy stack.)"""
        item = self._current.get(item_id) or await self._repository.get(item_id)
        assert item is not None, item_id
        now = utc_now()
        previous = next((a for a in item.annotations if a.annotator == annotator), None)
        mine = Annotation(annotator, label, previous.created_at if previous else now, now, None)
        annotations = [*(a for a in item.annotations if a.annotator != annotator), mine]
        status = derive_status(annotations, item.gold_label, OVERLAP)
        event = LabelEvent(now, annotator, "annotate", label, None)
        stored = await self._repository.replace_labels(item, annotations, item.gold_label, status, event, now)
        if stored is None:
            self._current.pop(item_id, None)  # read it again next time
            return None
        self._current[item_id] = stored
        await self._search.es.index(
            index=ALIAS,
            id=stored.id,
            document=index_document(stored),
            version=stored.revision,
            version_type="external_gte",
        )
        return stored

    async def run(
        self, figures: Figures, annotators: list[str], items: list[list[str]], seconds: float, round_: int
    ) -> None:
        ready = asyncio.Barrier(len(annotators) + 1)

        async def task_loop(annotator: str, mine: list[str]) -> None:
            await self.write(annotator, mine[0], LABELS[0])  # warm: every connection opened, first item read
            await ready.wait()
            deadline = time.monotonic() + seconds
            n = round_ * 1000
            while time.monotonic() < deadline:
                item, label = mine[n % len(mine)], LABELS[(n // len(mine)) % 2]
                sent = time.perf_counter()
                if await self.write(annotator, item, label) is None:
                    figures.errors["compare-and-set lost"] += 1
                else:
                    figures.latencies_ms.append((time.perf_counter() - sent) * 1000)
                n += 1

        await timed(figures, [task_loop(a, m) for a, m in zip(annotators, items, strict=True)], ready)


async def durability_modes(modes: list[str], accounts: list[Account], items: list[list[str]], seconds: float) -> None:
    """The API path once per durability mode of the MongoDB-wire server (docs/operations.md), side by side."""
    figures: dict[str, Figures] = {}
    try:
        for round_, mode in enumerate(modes):
            os.environ["LABELLOOP_MONGO_DURABILITY"] = mode
            stack("restart", "mongo")
            await asyncio.sleep(3)  # the replicas' pools reconnect
            figures[mode] = Figures()
            await through_the_api(figures[mode], accounts, items, seconds, round_)
    finally:
        os.environ.pop("LABELLOOP_MONGO_DURABILITY", None)
        stack("restart", "mongo")  # back to the default (fsync)
    base = figures.get("interval")
    for mode, figure in figures.items():
        versus = f"  {figure.rate / base.rate:.0%} of interval" if base and mode != "interval" else ""
        print(f"  annotateItem, MongoDB-wire durability={mode:<8} {figure.line()}{versus}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30, help="per path, over every round")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--items-per-client", type=int, default=20)
    parser.add_argument(
        "--durability",
        default="",
        help="also run the API path with the MongoDB-wire server in each of these modes, e.g. interval,commit,fsync "
        "(it is restarted for each; interval is how it ran before writes were durable)",
    )
    parser.add_argument("--pace", choices=("flat-out", "human"), default="flat-out")
    parser.add_argument("--annotators", default="25,50,100,200", help="human pace: the numbers of annotators")
    parser.add_argument("--ahead", default="0,1", help="human pace: items loaded ahead (0, 1 or both)")
    args = parser.parse_args()
    clients, per_client = args.clients, args.items_per_client

    admin = login("admin", "admin")
    if args.pace == "human":
        counts = [int(n) for n in args.annotators.split(",")]
        await human_pace(admin, counts, args.seconds, [int(a) for a in args.ahead.split(",")])
        return
    name = f"bench-annotate-{int(time.time())}"
    labels = [{"name": x} for x in LABELS]
    created = post(CREATE_DATASET, {"input": {"name": name, "kind": "TEXT", "labels": labels}}, admin)
    dataset = created["data"]["createDataset"]["dataset"]["id"]
    post(SETTINGS, {"d": dataset, "n": OVERLAP}, admin)
    rows = [
        {"id": f"{p}{i:05d}", "text": f"bench item {i}"} for p in ("api", "raw") for i in range(clients * per_client)
    ]
    job = import_file(admin, dataset, jsonl(rows), "bench.jsonl")
    assert job["state"] == "SUCCEEDED", job
    accounts = make_accounts(admin, clients, SUBNET)
    print(
        f"annotate: dataset {dataset}, {clients} clients, {per_client} items each, {args.seconds:.0f} s per path "
        f"in {args.rounds} alternating rounds"
    )

    def items(path: str) -> list[list[str]]:
        return [[f"{dataset}:{path}{c + clients * k:05d}" for k in range(per_client)] for c in range(clients)]

    api, raw, drivers = Figures(), Figures(), Drivers()
    try:
        for round_ in range(args.rounds):
            await through_the_api(api, accounts, items("api"), args.seconds / args.rounds, round_)
            await drivers.run(raw, [a.username for a in accounts], items("raw"), args.seconds / args.rounds, round_)
    finally:
        await drivers.close()
    print(f"  annotateItem through Nginx ({clients} clients):   {api.line()}")
    print(f"  raw replace_labels + es.index ({clients} tasks):   {raw.line()}")
    print(f"  ratio API / raw: {api.rate / raw.rate:.0%} (target: >= 50 %)")
    if args.durability:
        await durability_modes(args.durability.split(","), accounts, items("api"), args.seconds / args.rounds)
    post("mutation($d: ID!) { updateDataset(id: $d, input: {archived: true}) { __typename } }", {"d": dataset}, admin)


if __name__ == "__main__":
    asyncio.run(main())
