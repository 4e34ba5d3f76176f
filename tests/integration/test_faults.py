"""Fault tests: real processes killed with SIGKILL (or Redis stopped) while annotators work through Nginx.

Every label answered with `ItemSuccess` must be in MongoDB afterwards with the label that was acknowledged, the
killed service must come back by itself (its supervisor, scripts/supervise.sh), and the item index must agree with
MongoDB without anyone running a job. CI runs them short (about 4 minutes in all); LABELLOOP_FAULT_FULL=1 runs them
at the issue's full length (6,000 items, 30 s of Redis outage).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import redis
from pymongo import MongoClient

from tests.annotators import ANNOTATE, NEXT, Account, async_client, make_accounts
from tests.api import login, post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import (
    API_BASE_PORT,
    BASE_URL,
    ES_URL,
    GRAPHQL_URL,
    MLFLOW_PORT,
    MONGO_DB,
    MONGO_URI,
    REDIS_URL,
    restarts,
    service_pid,
    stack,
    wait_for,
)

pytestmark = pytest.mark.stack

FULL = os.environ.get("LABELLOOP_FAULT_FULL") == "1"
SUBNET = 81  # annotator N works from 127.0.81.N+1
CLIENTS = 20
LABELS = ("pos", "neg", "neutral")
OVERLAP = """
mutation($d: ID!) {
  updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename ... on Error { message } }
}
"""


@dataclass
class Ledger:
    """What the clients were told: every acknowledged label, and every kind of answer, counted."""

    acked: dict[tuple[str, str], str] = field(default_factory=dict)  # (item id, annotator) → label
    answers: Counter[str] = field(default_factory=Counter)
    acked_at: list[float] = field(default_factory=list)  # time.monotonic() of each acknowledgement


def _kind(response: httpx.Response) -> tuple[str, dict[str, Any] | None]:
    """A short name for an answer: the union member, the top-level error code, or the HTTP status."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}", None
    if response.status_code == 200 and (body.get("data") or {}).get("annotateItem"):
        result: dict[str, Any] = body["data"]["annotateItem"]
        return result["__typename"], result
    if body.get("errors"):
        return (body["errors"][0].get("extensions") or {}).get("code") or "error without a code", None
    return f"HTTP {response.status_code}", None


async def _annotate(client: httpx.AsyncClient, account: Account, item_id: str, ledger: Ledger) -> bool:
    label = LABELS[sum(map(ord, item_id)) % len(LABELS)]
    try:
        response = await client.post(GRAPHQL_URL, json={"query": ANNOTATE, "variables": {"i": item_id, "l": label}})
    except httpx.TransportError as exc:
        ledger.answers[type(exc).__name__] += 1
        return False
    kind, _ = _kind(response)
    ledger.answers[kind] += 1
    if kind == "ItemSuccess":
        ledger.acked[(item_id, account.username)] = label
        ledger.acked_at.append(time.monotonic())
        return True
    return False


async def _label_own_items(account: Account, items: list[str], ledger: Ledger, stop: asyncio.Event) -> None:
    """Label each item in turn; a write without success is tried again a moment later, as the SPA would."""
    async with async_client(account) as client:
        for item_id in items:
            while not stop.is_set() and not await _annotate(client, account, item_id, ledger):  # noqa: ASYNC110 - a retry
                await asyncio.sleep(0.3)
            if stop.is_set():
                return


async def _label_from_queue(account: Account, dataset: str, ledger: Ledger, stop: asyncio.Event) -> None:
    """nextItem, then annotateItem, until stopped; answers without data are counted and tried again."""
    async with async_client(account) as client:
        while not stop.is_set():
            try:
                response = await client.post(
                    GRAPHQL_URL, json={"query": NEXT, "variables": {"d": dataset, "s": "UNLABELED_FIRST", "x": []}}
                )
                queued = (response.json().get("data") or {}).get("nextItem") or {}
            except (httpx.TransportError, ValueError) as exc:
                ledger.answers[f"nextItem {type(exc).__name__}"] += 1
                await asyncio.sleep(0.3)
                continue
            if queued.get("__typename") != "QueuedItem":
                ledger.answers[f"nextItem {queued.get('__typename') or response.status_code}"] += 1
                await asyncio.sleep(0.3)
                continue
            await _annotate(client, account, queued["item"]["id"], ledger)
            await asyncio.sleep(0.05)


def _dataset(admin: str, items: int) -> tuple[str, list[str]]:
    dataset = create_dataset(admin, labels=LABELS)
    rows = [{"id": f"f{n:05d}", "text": f"fault test item number {n} of {items}"} for n in range(items)]
    job = import_file(admin, dataset, jsonl(rows), "faults.jsonl")
    assert job["state"] == "SUCCEEDED", job
    return dataset, [f"{dataset}:f{n:05d}" for n in range(items)]


def _assert_nothing_acknowledged_is_lost(ledger: Ledger) -> None:
    """Every acknowledged (item, annotator) label is in MongoDB, with that label."""
    assert ledger.acked, "no label was acknowledged: the test measured nothing"
    items = sorted({item_id for item_id, _ in ledger.acked})
    stored: dict[tuple[str, str], str] = {}
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=60_000) as mongo:
        for start in range(0, len(items), 500):
            for doc in mongo[MONGO_DB]["items"].find({"_id": {"$in": items[start : start + 500]}}):
                for annotation in doc.get("annotations", []):
                    stored[(doc["_id"], annotation["annotator"])] = annotation["label"]
    lost = {key: label for key, label in ledger.acked.items() if stored.get(key) != label}
    assert not lost, f"{len(lost)} of {len(ledger.acked)} acknowledged labels are not in MongoDB: {list(lost)[:10]}"


def _revisions(dataset_items: list[str]) -> dict[str, int]:
    with MongoClient(MONGO_URI, serverSelectionTimeoutMS=60_000) as mongo:
        revisions: dict[str, int] = {}
        for start in range(0, len(dataset_items), 1000):
            chunk = dataset_items[start : start + 1000]
            for doc in mongo[MONGO_DB]["items"].find({"_id": {"$in": chunk}}, {"revision": 1}):
                revisions[doc["_id"]] = doc["revision"]
        return revisions


def _indexed_versions(dataset: str) -> dict[str, int]:
    httpx.post(f"{ES_URL}/labelloop-items/_refresh", timeout=30)
    body = {"query": {"term": {"dataset_id": dataset}}, "size": 10_000, "_source": False, "version": True}
    hits = httpx.post(f"{ES_URL}/labelloop-items/_search", json=body, timeout=30).json()["hits"]["hits"]
    return {h["_id"]: h["_version"] for h in hits}


def _assert_index_agrees(dataset: str, items: list[str], timeout_s: float) -> None:
    """No indexed item is ahead of MongoDB (no label MongoDB lacks), and the index catches up by itself."""
    revisions = _revisions(items)
    ahead = {i: v for i, v in _indexed_versions(dataset).items() if v > revisions.get(i, 0)}
    assert not ahead, f"indexed at a revision MongoDB does not have: {list(ahead.items())[:10]}"

    def agrees() -> bool:
        return _indexed_versions(dataset) == _revisions(items)

    wait_for(agrees, timeout_s, "the item index to agree with MongoDB")


async def _run_until(stop: asyncio.Event, tasks: list[asyncio.Task[None]], condition: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # noqa: ASYNC110 - polls what the clients counted
        await asyncio.sleep(0.2)
    stop.set()
    await asyncio.gather(*tasks)


async def test_killing_the_database_while_20_clients_annotate_loses_no_acknowledged_label() -> None:
    # given 20 annotators, each with their own share of a new dataset
    admin = login("admin", "admin")
    size = 6000 if FULL else 3000
    target = 4000 if FULL else 2000
    dataset, items = _dataset(admin, size)
    accounts = make_accounts(admin, CLIENTS, SUBNET)
    share = size // CLIENTS
    ledger = Ledger()
    stop = asyncio.Event()
    restarts_before = restarts("mongo")
    tasks = [
        asyncio.create_task(_label_own_items(a, items[n * share : (n + 1) * share], ledger, stop))
        for n, a in enumerate(accounts)
    ]
    # when the MongoDB-wire server is killed without warning once a tenth of the labels are in
    await _run_until(asyncio.Event(), [], lambda: len(ledger.acked) >= target // 10, 120)
    os.kill(service_pid("mongo"), signal.SIGKILL)
    killed_at = time.monotonic()
    # and the clients go on until at least `target` labels are acknowledged, some after the restart
    await _run_until(
        stop,
        tasks,
        lambda: len(ledger.acked) >= target and any(t > killed_at + 2 for t in ledger.acked_at),
        300,
    )

    # then the database came back by itself
    assert restarts("mongo") == restarts_before + 1
    # and every client was told either success or a clear SERVICE_UNAVAILABLE
    assert set(ledger.answers) <= {"ItemSuccess", "SERVICE_UNAVAILABLE"}, ledger.answers
    assert len(ledger.acked) >= target, ledger.answers
    # and every acknowledged label is in MongoDB, and the index agrees with it without anyone running a job
    _assert_nothing_acknowledged_is_lost(ledger)
    _assert_index_agrees(dataset, items, 90)


def _healthy(service: str) -> bool:
    probes = {
        "elasticsearch": f"{ES_URL}/_cluster/health?wait_for_status=yellow&timeout=1s",
        "api-1": f"http://127.0.0.1:{API_BASE_PORT + 1}/healthz",
        "mlflow": f"http://127.0.0.1:{MLFLOW_PORT}/mlflow/health",
        "nginx": f"{BASE_URL}/healthz",
    }
    try:
        if service == "redis":
            return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
        if service == "worker":
            pid = service_pid("worker")
            os.kill(pid, 0)
            return True
        return httpx.get(probes[service], timeout=2).status_code == 200
    except (OSError, httpx.HTTPError, redis.RedisError, ValueError):
        return False


@pytest.mark.parametrize(
    ("service", "within_s"),
    [("redis", 30), ("api-1", 30), ("worker", 30), ("nginx", 30), ("mlflow", 60), ("elasticsearch", 120)],
)
async def test_a_killed_service_comes_back_by_itself_and_nothing_acknowledged_is_lost(
    service: str, within_s: float
) -> None:
    # given two annotators labelling at a light pace
    admin = login("admin", "admin")
    dataset, items = _dataset(admin, 400)
    accounts = make_accounts(admin, 2, SUBNET + 1)
    ledger = Ledger()
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(_label_own_items(a, items[n * 200 : (n + 1) * 200], ledger, stop))
        for n, a in enumerate(accounts)
    ]
    await _run_until(asyncio.Event(), [], lambda: len(ledger.acked) >= 10, 60)
    restarts_before = restarts(service)
    pid = service_pid(service)
    # when the service is killed without warning
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    # then its supervisor starts it again, and it is healthy within the time allowed
    wait_for(lambda: restarts(service) == restarts_before + 1 and _healthy(service), within_s, f"{service} back")
    assert service_pid(service) != pid
    # and labelling goes on after it; nothing acknowledged is lost, and the index agrees with MongoDB
    back_at = len(ledger.acked)
    await _run_until(stop, tasks, lambda: len(ledger.acked) >= back_at + 10, 120)
    assert len(ledger.acked) >= back_at + 10, (ledger.answers, time.monotonic() - killed_at)
    _assert_nothing_acknowledged_is_lost(ledger)
    _assert_index_agrees(dataset, items, 120)


async def test_annotators_keep_labelling_while_redis_is_down_and_nothing_is_lost() -> None:
    # given 20 annotators taking items from the queue of a dataset that wants two labels per item
    admin = login("admin", "admin")
    dataset, items = _dataset(admin, 3000)
    assert post(OVERLAP, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    accounts = make_accounts(admin, CLIENTS, SUBNET + 2)
    ledger = Ledger()
    stop = asyncio.Event()
    tasks = [asyncio.create_task(_label_from_queue(a, dataset, ledger, stop)) for a in accounts]
    await _run_until(asyncio.Event(), [], lambda: len(ledger.acked) >= 100, 120)
    # when Redis is stopped for a while
    outage_s = 30 if FULL else 15
    await asyncio.to_thread(stack, "stop", "redis")
    during_before = len(ledger.acked)
    try:
        await asyncio.sleep(outage_s)
        during = len(ledger.acked) - during_before
    finally:
        await asyncio.to_thread(stack, "start", "redis")
    after_before = len(ledger.acked)
    await _run_until(stop, tasks, lambda: len(ledger.acked) >= after_before + 100, 120)

    # then labelling went on during the outage, every answer was a success, and labelling goes on after it
    assert during >= outage_s, (during, ledger.answers)
    assert set(ledger.answers) == {"ItemSuccess"}, ledger.answers
    assert len(ledger.acked) >= after_before + 100
    # and nothing acknowledged is lost, and the index agrees with MongoDB
    _assert_nothing_acknowledged_is_lost(ledger)
    _assert_index_agrees(dataset, items, 60)
    # and the labelled items counted by search are those MongoDB has labels for
    labelled = {item_id for item_id, _ in ledger.acked}
    search = post(
        "query($d: ID!) { search(datasetId: $d) { ... on SearchResults { facets { statuses { value count } } } } }",
        {"d": dataset},
        admin,
    )["data"]["search"]
    counts = {s["value"]: s["count"] for s in search["facets"]["statuses"]}
    assert sum(counts.values()) - counts.get("UNLABELED", 0) == len(labelled), counts
