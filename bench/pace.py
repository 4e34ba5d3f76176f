"""Benchmark: what annotators feel at human pace — the time from Enter to the next item on screen.

People label one item every few seconds, not as fast as a loop can. N annotators each take an item from the queue
(`nextItem`, UNLABELED_FIRST) through Nginx, "read" it for 2-4 s (random), press Enter (`annotateItem`), and wait for
the next item. The figure is **next item ready**: from Enter until the next item could be drawn. Two ways of working:

- `ahead 0` — Enter sends annotateItem, then asks nextItem: ready after both round trips;
- `ahead 1` — the next item was asked for (reserved, loaded) while the annotator read the current one: ready as soon
  as that request has answered (usually already), while annotateItem and the following nextItem run behind.

For each N in `--annotators` (each level `--seconds` long, after a warm-up) it prints p50/p95 of next item ready, the
labels per second and the errors, then the largest N whose p95 ≤ 100 ms and the p95 at 200 annotators. Needs the
stack (make up). A dedicated dataset is made, then archived.

    .venv/bin/python bench/annotate.py --pace human [--annotators 25,50,100,200] [--seconds 60] [--ahead 0,1]
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.annotators import ANNOTATE, NEXT, Account, NoData, async_client, call, make_accounts
from tests.api import post
from tests.data import CREATE_DATASET, import_file, jsonl

SUBNET = 77  # annotator N works from 127.0.77.N+1 (Nginx limits requests per address)
TARGET_MS = 100.0
SETTINGS = (
    "mutation($d: ID!, $n: Int!) { updateDataset(id: $d, input: {settings: {overlapTarget: $n}}) { __typename } }"
)


@dataclass
class Level:
    annotators: int
    ahead: int
    ready_ms: list[float] = field(default_factory=list)
    labels: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def p(self, q: int) -> float:
        values = self.ready_ms
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values or [0.0])[0]

    def line(self) -> str:
        errors = f", errors {dict(self.errors)}" if self.errors else ""
        return (
            f"N={self.annotators:<4} ahead {self.ahead}: next item ready p50 {self.p(50):6.1f} ms "
            f"p95 {self.p(95):6.1f} ms over {len(self.ready_ms)} items; {self.labels / self.seconds:5.1f} labels/s"
            f"{errors}"
        )


async def _next(client: Any, dataset: str, exclude: list[str]) -> str | None:
    result = await call(client, "nextItem", NEXT, {"d": dataset, "s": "UNLABELED_FIRST", "x": exclude}, attempts=1)
    return str(result["item"]["id"]) if result["__typename"] == "QueuedItem" else None


async def _annotate(level: Level, client: Any, item: str) -> None:
    try:
        result = await call(client, "annotateItem", ANNOTATE, {"i": item, "l": "a"}, attempts=1)
    except NoData as exc:
        level.errors[exc.failure.kind] += 1
        return
    if result["__typename"] == "ItemSuccess":
        level.labels += 1
    else:
        level.errors[result["__typename"]] += 1


async def annotator(level: Level, account: Account, dataset: str, seconds: float, rng: random.Random) -> None:
    """One person: read 2-4 s, press Enter, wait for the next item; for `seconds`."""
    async with async_client(account, timeout_s=60) as client:
        await asyncio.sleep(rng.uniform(0, 3))  # people do not start on the same tick
        current = await _next(client, dataset, [])
        pending = asyncio.create_task(_next(client, dataset, [current] if current else [])) if level.ahead else None
        deadline = time.monotonic() + seconds
        behind: list[asyncio.Task[None]] = []
        while current is not None and time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(2.0, 4.0))  # reading the item
            enter = time.perf_counter()
            if pending is None:
                await _annotate(level, client, current)
                upcoming = await _next(client, dataset, [])
            else:
                upcoming = await pending
                behind.append(asyncio.create_task(_annotate(level, client, current)))
                pending = asyncio.create_task(_next(client, dataset, [upcoming] if upcoming else []))
            level.ready_ms.append((time.perf_counter() - enter) * 1000)
            current = upcoming
        if pending is not None:
            pending.cancel()
        await asyncio.gather(*behind, return_exceptions=True)


async def run_level(level: Level, accounts: list[Account], dataset: str, seconds: float) -> None:
    rng = random.Random(level.annotators * 10 + level.ahead)  # noqa: S311 - reading times, not secrets
    started = time.monotonic()
    await asyncio.gather(*(annotator(level, a, dataset, seconds, rng) for a in accounts[: level.annotators]))
    level.seconds = time.monotonic() - started


async def human_pace(admin: str, counts: list[int], seconds: float, aheads: list[int]) -> None:
    name = f"bench-pace-{int(time.time())}"
    labels = [{"name": "a"}, {"name": "b"}]
    created = post(CREATE_DATASET, {"input": {"name": name, "kind": "TEXT", "labels": labels}}, admin)
    dataset = created["data"]["createDataset"]["dataset"]["id"]
    post(SETTINGS, {"d": dataset, "n": 1}, admin)
    # every label takes one item: enough for every level at 1 label / 2 s each
    needed = int(sum(counts) * len(aheads) * (seconds / 2 + 3)) + 100
    rows = [{"id": f"p{i:06d}", "text": f"item {i}"} for i in range(needed)]
    job = import_file(admin, dataset, jsonl(rows), "p.jsonl")
    assert job["state"] == "SUCCEEDED", job
    accounts = make_accounts(admin, max(counts), SUBNET)
    print(f"annotate at human pace: dataset {dataset} ({needed} items), {seconds:.0f} s per level, 2-4 s per item")
    levels: list[Level] = []
    try:
        for ahead in aheads:
            for count in counts:
                level = Level(count, ahead)
                await run_level(level, accounts, dataset, seconds)
                levels.append(level)
                print(f"  {level.line()}", flush=True)
    finally:
        archive = "mutation($d: ID!) { updateDataset(id: $d, input: {archived: true}) { __typename } }"
        post(archive, {"d": dataset}, admin)
    for ahead in aheads:
        mine = [lv for lv in levels if lv.ahead == ahead]
        within = [lv.annotators for lv in mine if lv.p(95) <= TARGET_MS]
        at_200 = next((lv for lv in mine if lv.annotators == 200), None)
        largest = f"{max(within)}" if within else f"none of {[lv.annotators for lv in mine]}"
        tail = f"; p95 at 200 annotators {at_200.p(95):.1f} ms" if at_200 else ""
        print(f"  ahead {ahead}: largest N with p95(next item ready) <= {TARGET_MS:.0f} ms: {largest}{tail}")
