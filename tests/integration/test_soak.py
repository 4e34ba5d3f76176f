"""Soak: 50 annotators label through Nginx for LABELLOOP_SOAK_S seconds (default 300) while Elasticsearch is stopped
for 30 s in the middle. Every label a client saw acknowledged must end up in MongoDB and, once the index has caught
up, in Elasticsearch; no duplicate annotation, no item above its overlap target, statuses consistent.

    LABELLOOP_SOAK_S=60 .venv/bin/python -m pytest tests/integration/test_soak.py -s    # figures with -s

LABELLOOP_SOAK_ITEMS sets the dataset's size (default: 40 per second of soak, at least 3000). The rest of the
suite can leave it out: -m "not soak".
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from tests.annotators import ANNOTATE, DELETE, NEXT, Account, Failure, NoData, async_client, call, make_accounts
from tests.api import login, post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import ES_URL, MONGO_DB, MONGO_URI, stack, wait_for

SOAK_S = float(os.environ.get("LABELLOOP_SOAK_S", "300"))
# OVERLAP slots each: enough for the whole run up to 80 labels/s (46 the most seen on 2 cores); the queue must not
# run dry
ITEMS = int(os.environ.get("LABELLOOP_SOAK_ITEMS", str(max(3000, int(40 * SOAK_S)))))
ANNOTATORS = 50
EMPTY_ALLOWED = 20  # QueueEmpty answers while thousands of items want labels (momentary ones)
SUBNET = 78  # annotator N works from 127.0.78.N+1
OVERLAP = 2
LABELS = ("pos", "neg", "neutral")
OUTAGE_S = 30  # Elasticsearch stays stopped this long (then it takes a while to start)
AFTER_OUTAGE_S = 15  # the annotators work at least this long after Elasticsearch is back
ES_BACK_S = 180  # bound on `stack.sh start elasticsearch` plus the wait for a healthy index
CONVERGE_S = 120  # bound on the wait for the index to catch up (the worker drains the backlog every 10 s)
THINK_S = (0.2, 1.0)  # an annotator reads the item this long before labelling it
SHOWN = 10  # examples per kind of problem
STUCK = 5  # refusals of the same held item to the same annotator
SETTINGS = (
    "mutation($d: ID!, $n: Int!) { updateDataset(id: $d, input: {settings: {overlapTarget: $n}}) { __typename } }"
)


def _status(annotations: list[dict[str, Any]], gold_label: str | None) -> str:
    """The status the item should have (docs/annotation.md; backend/annotations/status.py)."""
    if gold_label is not None:
        return "REVIEWED"
    if not annotations:
        return "UNLABELED"
    if len(annotations) < OVERLAP:
        return "IN_PROGRESS"
    return "AGREED" if len({a["label"] for a in annotations}) == 1 else "CONFLICT"


@dataclass
class Run:
    """What the clients saw, shared by every annotator of the run."""

    deadline: float
    outage_started: float | None = None
    outage_ended: float | None = None  # Elasticsearch healthy again
    writes: Counter[str] = field(default_factory=Counter)  # acknowledged, by kind
    writes_during_outage: int = 0
    queue: Counter[str] = field(default_factory=Counter)  # nextItem answers other than an item
    failures: list[Failure] = field(default_factory=list)  # answers without data, retried or not
    refused_holding: list[str] = field(default_factory=list)
    refusals: Counter[tuple[str, str]] = field(default_factory=Counter)  # (annotator, item) -> held, refused
    problems: list[str] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    queue_ms: list[float] = field(default_factory=list)  # nextItem answers with an item
    empty_at: list[float] = field(default_factory=list)  # QueueEmpty answers

    def in_outage(self) -> bool:
        return self.outage_started is not None and self.outage_ended is None

    def working(self) -> bool:
        now = time.monotonic()
        if now < self.deadline:
            return True
        if self.outage_started is not None and self.outage_ended is None:
            return True  # bounded: the outage task gives up after ES_BACK_S
        return self.outage_ended is not None and now < self.outage_ended + AFTER_OUTAGE_S


@dataclass
class Annotator:
    account: Account
    strategy: str
    role: str  # "labeller", "updater" (changes a label it gave), "deleter" (deletes one, then labels it again)
    rng: random.Random
    labels: dict[str, str] = field(default_factory=dict)  # item id -> its label, as last acknowledged
    uncertain: set[str] = field(default_factory=set)  # a write got no answer: its outcome is unknown


async def _write(
    run: Run, me: Annotator, client: httpx.AsyncClient, field_name: str, query: str, item: str, label: str | None
) -> tuple[dict[str, Any] | None, bool]:
    """One annotateItem / deleteAnnotation: (the union result or None when it never answered, retried?)."""
    seen: list[Failure] = []

    def failed(failure: Failure) -> None:
        seen.append(failure)
        run.failures.append(failure)

    variables: dict[str, Any] = {"i": item} if label is None else {"i": item, "l": label}
    sent = time.monotonic()
    try:
        result = await call(client, field_name, query, variables, on_failure=failed)
    except NoData as exc:
        me.uncertain.add(item)
        run.problems.append(f"{field_name}({item}) by {me.account.username} never got an answer: {exc}")
        return None, True
    run.write_ms.append((time.monotonic() - sent) * 1000)
    if result["__typename"] == "ItemSuccess" and run.in_outage():
        run.writes_during_outage += 1
    return result, bool(seen)


async def _label(
    run: Run, me: Annotator, client: httpx.AsyncClient, item: str, label: str, kind: str, held_until: float | None
) -> None:
    """annotateItem, and record what the answer says is stored."""
    sent_at = time.time()
    result, _ = await _write(run, me, client, "annotateItem", ANNOTATE, item, label)
    if result is None:
        return
    who = me.account.username
    if result["__typename"] == "ItemSuccess":
        mine = [a["label"] for a in result["item"]["annotations"] if a["annotator"] == who]
        if mine != [label]:
            run.problems.append(f"annotateItem({item}, {label}) by {who}: ItemSuccess shows {mine} for them")
        me.labels[item] = label
        run.writes[kind] += 1
    elif result["__typename"] == "ItemCompleteError" and held_until is not None and sent_at < held_until - 1:
        run.refused_holding.append(f"{item} by {who} (reserved for {held_until - sent_at:.0f} s more)")
        run.refusals[who, item] += 1
    elif result["__typename"] == "ItemCompleteError" and held_until is not None:
        run.queue["label refused: the reservation had expired"] += 1
    elif result["__typename"] == "ItemCompleteError" and kind == "re-add":
        run.queue["re-add refused: the freed slot was taken"] += 1
    else:
        run.problems.append(f"annotateItem({item}, {label}) by {who} ({kind}): {result}")


async def _delete(run: Run, me: Annotator, client: httpx.AsyncClient, item: str) -> bool:
    """deleteAnnotation of one's own label; True when it is gone."""
    result, retried = await _write(run, me, client, "deleteAnnotation", DELETE, item, None)
    if result is None:
        return False
    who = me.account.username
    if result["__typename"] == "ItemSuccess":
        if any(a["annotator"] == who for a in result["item"]["annotations"]):
            run.problems.append(f"deleteAnnotation({item}) by {who}: ItemSuccess still shows their annotation")
        run.writes["delete"] += 1
    elif result["__typename"] == "AnnotationNotFoundError" and retried:
        pass  # the first attempt went through before its answer was lost
    else:
        run.problems.append(f"deleteAnnotation({item}) by {who}, acknowledged as {me.labels[item]!r} before: {result}")
        me.uncertain.add(item)
        return False
    del me.labels[item]
    return True


async def _work(run: Run, me: Annotator, dataset: str) -> None:
    async with async_client(me.account) as client:
        while run.working():
            roll = me.rng.random()
            if me.role == "updater" and me.labels and roll < 0.15:
                item = me.rng.choice(sorted(me.labels))
                label = me.rng.choice([x for x in LABELS if x != me.labels[item]])
                await _label(run, me, client, item, label, "update", None)
                continue
            if me.role == "deleter" and me.labels and roll < 0.15:
                item = me.rng.choice(sorted(me.labels))
                if await _delete(run, me, client, item):
                    await _label(run, me, client, item, me.rng.choice(LABELS), "re-add", None)
                continue
            sent = time.monotonic()
            try:
                result = await call(
                    client,
                    "nextItem",
                    NEXT,
                    {"d": dataset, "s": me.strategy},
                    attempts=1,
                    on_failure=run.failures.append,
                )
            except NoData:  # e.g. SERVICE_UNAVAILABLE while Elasticsearch is down: wait, ask again
                await asyncio.sleep(1)
                continue
            if result["__typename"] == "QueueEmpty":
                run.empty_at.append(time.monotonic())
            if result["__typename"] != "QueuedItem":
                run.queue[result["__typename"]] += 1
                await asyncio.sleep(1)
                continue
            run.queue_ms.append((time.monotonic() - sent) * 1000)
            held_until = datetime.fromisoformat(result["reservedUntil"]).timestamp()
            await asyncio.sleep(me.rng.uniform(*THINK_S))
            await _label(run, me, client, result["item"]["id"], me.rng.choice(LABELS), "label", held_until)


def _es_healthy() -> bool:
    response = httpx.get(
        f"{ES_URL}/_cluster/health/labelloop-items", params={"wait_for_status": "yellow", "timeout": "1s"}, timeout=5
    )
    return response.status_code == 200 and response.json()["status"] in ("yellow", "green")


async def _outage(run: Run, start_after_s: float) -> None:
    """Stop Elasticsearch for OUTAGE_S, start it again, wait until its item index answers."""
    await asyncio.sleep(start_after_s)
    run.outage_started = time.monotonic()
    try:
        try:
            await asyncio.to_thread(stack, "stop", "elasticsearch")
            await asyncio.sleep(OUTAGE_S)
        finally:
            await asyncio.to_thread(stack, "start", "elasticsearch")
        await asyncio.to_thread(wait_for, _es_healthy, ES_BACK_S, "Elasticsearch's item index to be healthy again")
    finally:
        run.outage_ended = time.monotonic()  # also when it failed: the annotators stop, the test reports it


def _mongo_items(ids: list[str]) -> dict[str, dict[str, Any]]:
    """The items by key (`_id: {$in: ...}` is answered from the key, never by a scan)."""
    found: dict[str, dict[str, Any]] = {}
    projection = {"annotations": 1, "status": 1, "revision": 1, "gold_label": 1}
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=5000) as mongo:
        for start in range(0, len(ids), 1000):
            for doc in mongo[MONGO_DB]["items"].find({"_id": {"$in": ids[start : start + 1000]}}, projection):
                found[doc["_id"]] = doc
    return found


def _backlog(ids: list[str]) -> list[str]:
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=5000) as mongo:
        return [d["_id"] for d in mongo[MONGO_DB]["index_backlog"].find({"_id": {"$in": ids}}, {"_id": 1})]


def _es_items(dataset: str) -> dict[str, dict[str, Any]]:
    """The dataset's index documents straight from Elasticsearch (with their versions), by search_after."""
    found: dict[str, dict[str, Any]] = {}
    after: list[Any] | None = None
    with httpx.Client(base_url=ES_URL, timeout=30) as es:
        while True:
            body: dict[str, Any] = {
                "query": {"term": {"dataset_id": dataset}},
                "sort": [{"external_id": "asc"}],
                "size": 1000,
                "version": True,
                "_source": ["annotations", "annotators", "annotation_count", "status"],
            }
            if after is not None:
                body["search_after"] = after
            response = es.post("/labelloop-items/_search", json=body)
            response.raise_for_status()
            hits = response.json()["hits"]["hits"]
            if not hits:
                return found
            for hit in hits:
                found[hit["_id"]] = {**hit["_source"], "version": hit["_version"]}
            after = hits[-1]["sort"]


def _lagging(mongo: dict[str, dict[str, Any]], es: dict[str, dict[str, Any]]) -> list[str]:
    return [i for i, doc in mongo.items() if i not in es or es[i]["version"] != doc["revision"]]


def _wait_for_the_index(dataset: str, ids: list[str]) -> tuple[dict[str, Any], dict[str, Any], float]:
    """MongoDB and Elasticsearch once every item is indexed at its revision (bounded), and how long it took."""
    started = time.monotonic()
    while True:
        mongo, es = _mongo_items(ids), _es_items(dataset)
        lagging = _lagging(mongo, es)
        if not lagging:
            return mongo, es, time.monotonic() - started
        if time.monotonic() - started > CONVERGE_S:
            backlog = _backlog(lagging)
            raise AssertionError(
                f"the index did not catch up within {CONVERGE_S} s: {len(lagging)} items lag behind MongoDB "
                f"({len(backlog)} of them in index_backlog), e.g. "
                + "; ".join(
                    f"{i}: revision {mongo[i]['revision']}, index {es.get(i, {}).get('version')}" for i in lagging[:5]
                )
            )
        time.sleep(2)


def _check(
    annotators: list[Annotator], ids: list[str], mongo: dict[str, Any], es: dict[str, Any]
) -> dict[str, list[str]]:
    """Every disagreement between the clients, MongoDB and Elasticsearch, by kind."""
    found: dict[str, list[str]] = {}

    def problem(kind: str, text: str) -> None:
        found.setdefault(kind, []).append(text)

    for item in ids:
        if item not in mongo:
            problem("item missing from MongoDB", item)
            continue
        doc = mongo[item]
        stored = [(a["annotator"], a["label"]) for a in doc.get("annotations", [])]
        indexed = [(a["annotator"], a["label"]) for a in es[item].get("annotations") or []]
        if len({a for a, _ in stored}) != len(stored):
            problem("duplicate annotation in MongoDB", f"{item}: {stored}")
        if len({a for a, _ in indexed}) != len(indexed):
            problem("duplicate annotation in the index", f"{item}: {indexed}")
        if len(stored) > OVERLAP:
            problem(f"more than {OVERLAP} annotations", f"{item}: {stored}")
        expected = _status(doc.get("annotations", []), doc.get("gold_label"))
        if doc["status"] != expected:
            problem("status in MongoDB not derived from the annotations", f"{item}: {doc['status']}, not {expected}")
        if sorted(stored) != sorted(indexed):
            problem("annotations in the index differ from MongoDB", f"{item}: {stored} vs {indexed}")
        if es[item]["status"] != doc["status"] or es[item]["annotation_count"] != len(stored):
            problem("status or count in the index differ", f"{item}: {es[item]} vs {doc['status']}")
        if sorted(es[item]["annotators"]) != sorted(a for a, _ in stored):
            problem("annotators in the index differ", f"{item}: {es[item]['annotators']} vs {stored}")

    by_name = {a.account.username: a for a in annotators}
    for me in annotators:
        for item, label in me.labels.items():
            if item in me.uncertain:
                continue
            stored_labels = [
                a["label"] for a in mongo[item].get("annotations", []) if a["annotator"] == me.account.username
            ]
            if stored_labels != [label]:
                problem(
                    "acknowledged label not stored as acknowledged",
                    f"{item} by {me.account.username}: acknowledged {label!r}, MongoDB has {stored_labels}",
                )
    for item in ids:
        for a in mongo[item].get("annotations", []):
            me = by_name.get(a["annotator"])
            if me is None:
                problem("annotation by someone outside the run", f"{item}: {a['annotator']}")
            elif item not in me.uncertain and me.labels.get(item) != a["label"]:
                problem(
                    "stored annotation never acknowledged",
                    f"{item} by {a['annotator']}: {a['label']!r}, client saw {me.labels.get(item)!r}",
                )
    return found


def _quantiles(values: list[float]) -> str:
    ordered = sorted(values) or [0.0]
    return f"p50 {ordered[len(ordered) // 2]:.0f} ms p95 {ordered[int(len(ordered) * 0.95)]:.0f} ms"


def _print_run(run: Run, elapsed: float) -> None:
    """The figures of the run (visible with `pytest -s`)."""
    assert run.outage_started is not None
    assert run.outage_ended is not None
    writes = sum(run.writes.values())
    unavailable = [f.at for f in run.failures if f.field == "nextItem"]
    print(f"  {elapsed:.0f} s of work: {writes} writes acknowledged ({writes / elapsed:.1f}/s): {dict(run.writes)}")
    print(
        f"  new labels {run.writes['label'] / elapsed:.1f}/s; latency of writes {_quantiles(run.write_ms)}, "
        f"of nextItem {_quantiles(run.queue_ms)}"
    )
    print(
        f"  Elasticsearch out for {run.outage_ended - run.outage_started:.0f} s (stopped {OUTAGE_S} s, then "
        f"starting); {run.writes_during_outage} writes acknowledged meanwhile; nextItem failing for "
        f"{max(unavailable, default=0) - min(unavailable, default=0):.0f} s"
    )
    errors = Counter(f"{f.field}: {f.kind}" for f in run.failures)
    print(f"  answers without data, by kind: {dict(errors) or 'none'}")
    print(f"  other answers: {dict(run.queue) or 'none'}")
    if run.empty_at:
        after = [t - run.outage_ended for t in run.empty_at]
        print(
            f"  QueueEmpty at (s after Elasticsearch was back; negative: before): "
            f"{sorted(Counter(int(t // 5) * 5 for t in after).items())}"
        )


def _run_problems(run: Run) -> dict[str, list[str]]:
    """What the clients saw that breaks the contract (docs/annotation.md), by kind."""
    assert run.outage_started is not None
    assert run.outage_ended is not None
    found: dict[str, list[str]] = {}
    # every new label is written under a checked reservation (docs/annotation.md): a holder is never refused
    if run.refused_holding:
        found["annotateItem refused (ItemCompleteError) although the annotator held the item's reservation"] = (
            run.refused_holding
        )
    if stuck := [f"{item} by {who}: {n} times" for (who, item), n in run.refusals.items() if n >= STUCK]:
        # nextItem renews the holder's reservation and gives the item again: without an end, a livelock
        found["annotator stuck: the queue keeps giving an item that annotateItem keeps refusing"] = stuck
    window = (run.outage_started, run.outage_ended + 10)
    queue_failures = [f for f in run.failures if f.field == "nextItem"]
    if outside := [f for f in queue_failures if not window[0] <= f.at <= window[1]]:
        found["nextItem failed outside the outage"] = [f"{f.kind}: {f.body[:300]}" for f in outside]
    if not_coded := [f for f in queue_failures if f.kind != "SERVICE_UNAVAILABLE"]:
        found["nextItem failed without the SERVICE_UNAVAILABLE code"] = [f"{f.kind}: {f.body[:300]}" for f in not_coded]
    if writes := [f for f in run.failures if f.field != "nextItem"]:
        found["a write answered without data (then retried)"] = [f"{f.field} {f.kind}: {f.body[:300]}" for f in writes]
    if run.problems:
        found["unexpected answers"] = run.problems
    if run.writes_during_outage == 0:
        found["no write was acknowledged during the outage"] = ["the outage part of the soak tested nothing"]
    return found


@pytest.mark.soak
@pytest.mark.timeout(SOAK_S + ES_BACK_S + CONVERGE_S + 300)
async def test_fifty_annotators_through_an_elasticsearch_outage_lose_nothing() -> None:
    # given a dataset of ITEMS items wanting 2 labels each, and 50 annotators, each from their own address
    setup_started = time.monotonic()
    admin = login("admin", "admin")
    dataset = create_dataset(admin, labels=LABELS)
    assert post(SETTINGS, {"d": dataset, "n": OVERLAP}, admin)["data"]["updateDataset"]["__typename"] == (
        "DatasetSuccess"
    )
    rows = [{"id": f"s{i:05d}", "text": f"soak item {i}"} for i in range(ITEMS)]
    job = import_file(admin, dataset, jsonl(rows), "soak.jsonl")
    assert job["state"] == "SUCCEEDED", job
    assert job["result"]["stored"] == ITEMS, job
    ids = [f"{dataset}:{row['id']}" for row in rows]
    accounts = make_accounts(admin, ANNOTATORS, SUBNET)
    annotators = [
        Annotator(
            account,
            strategy=("UNLABELED_FIRST", "LEAST_ANNOTATED")[account.number % 2],
            role={1: "updater", 2: "deleter"}.get(account.number % 5, "labeller"),
            rng=random.Random(account.number),  # noqa: S311 - a reproducible mix, not a secret
        )
        for account in accounts
    ]
    print(
        f"\nsoak: {ITEMS} items, overlap {OVERLAP}, {ANNOTATORS} annotators, {SOAK_S:.0f} s "
        f"(set up in {time.monotonic() - setup_started:.0f} s)"
    )

    # when they work for SOAK_S seconds, with Elasticsearch stopped for OUTAGE_S seconds in the middle
    run = Run(deadline=time.monotonic() + SOAK_S)
    started = time.monotonic()
    # the outage (stopped, then starting) is about in the middle; never in the first quarter
    outage = asyncio.create_task(_outage(run, max(SOAK_S / 4, SOAK_S / 2 - OUTAGE_S)))
    try:
        async with asyncio.timeout(SOAK_S + ES_BACK_S + OUTAGE_S + AFTER_OUTAGE_S + 120), asyncio.TaskGroup() as group:
            for annotator in annotators:  # one failure stops them all
                group.create_task(_work(run, annotator, dataset))
    finally:
        # whatever happened, leave the stack whole: an outage under way ends by starting Elasticsearch (bounded)
        if run.outage_started is None:
            outage.cancel()
        await asyncio.wait_for(asyncio.gather(outage, return_exceptions=True), timeout=ES_BACK_S + OUTAGE_S + 90)
        stack("start", "elasticsearch")  # a no-op when it runs
    outage.result()  # its failure, if any
    elapsed = time.monotonic() - started
    _print_run(run, elapsed)

    # then, once the index has caught up, clients, MongoDB and Elasticsearch agree
    mongo, es, caught_up_s = _wait_for_the_index(dataset, ids)
    statuses = Counter(d["status"] for d in mongo.values())
    stored = sum(len(d.get("annotations", [])) for d in mongo.values())
    print(f"  stored: {stored} annotations, items {dict(statuses)}; index caught up {caught_up_s:.0f} s after the run")
    found = {**_check(annotators, ids, mongo, es), **_run_problems(run)}
    if statuses["UNLABELED"] >= ITEMS // 10 and run.queue["QueueEmpty"] > EMPTY_ALLOWED:
        # a page of candidates all taken by the others at work is no reason to say that nothing is left
        found["nextItem answered QueueEmpty while items wanted labels"] = [
            f"{run.queue['QueueEmpty']} times; {statuses['UNLABELED']} items were still unlabelled at the end"
        ]
    for kind, examples in found.items():
        print(f"  PROBLEM {kind}: {len(examples)}")
    assert not found, "\n".join(
        f"{kind} ({len(examples)}):\n    " + "\n    ".join(examples[:SHOWN]) for kind, examples in found.items()
    )
