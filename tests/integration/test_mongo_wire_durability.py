"""The MongoDB-wire server itself (scripts/mongo-wire): every acknowledged write survives SIGKILL, and a long read
is not cut short by the writes made while it runs.

Several connections write at a human pace against a server of its own (its own port and store file) while the store's
background commit runs; the server is killed with SIGKILL, started again on the same file, and every write that
was acknowledged must be there. CI's full-stack run once lost 24 of 2,038 labels this way: a write picked up by
the store's background (asynchronous) commit was answered before that commit had reached the file.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.errors import DuplicateKeyError, PyMongoError

from tests.stack import ROOT

pytestmark = pytest.mark.stack

WIRE_DIR = ROOT / "scripts" / "mongo-wire" / "target"
WRITERS = 8
# at a human pace, as in the fault test that lost labels: with writes flat out, each commit has changes of its own
# to store and so queues behind the background one; the loss needs a commit that finds nothing left to store
PAUSE_S = 0.02
ROUNDS = 3
WRITE_S = float(os.environ.get("LABELLOOP_WIRE_WRITE_S", "4"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(port: int, store: Path, log: Path, durability: str, *options: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            "java",
            "-Xmx512m",
            f"-Dlabelloop.durability={durability}",
            *options,
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            f"{WIRE_DIR / 'mongo-wire.jar'}:{WIRE_DIR / 'lib' / '*'}",
            "labelloop.MongoWireServer",
            "127.0.0.1",
            str(port),
            str(store),
        ],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the MongoDB-wire server did not listen within 60 s: {log.read_text()}")


def _write_at_a_pace(port: int, stop: threading.Event, acked: list[str], writer: int) -> None:
    """Insert one small document, then change it, then pause; record what was acknowledged."""
    client: MongoClient[dict[str, object]] = MongoClient(
        f"mongodb://127.0.0.1:{port}", w="majority", journal=True, serverSelectionTimeoutMS=2000
    )
    n = 0
    try:
        collection = client["durability"]["docs"]
        while not stop.is_set():
            key = f"w{writer}-{n}"
            try:
                collection.insert_one({"_id": key, "writer": writer, "n": n, "labels": []})
                collection.find_one_and_update({"_id": key}, {"$set": {"labels": ["pos"], "revision": 2}})
            except PyMongoError:
                return  # the server was killed: what this writer was not told about may be lost
            acked.append(key)
            n += 1
            time.sleep(PAUSE_S)
    finally:
        client.close()


@pytest.mark.parametrize("durability", ["fsync", "commit"])
def test_every_acknowledged_write_survives_sigkill_of_the_wire_server(tmp_path: Path, durability: str) -> None:
    # given a server of its own, written to by several connections at a human pace
    port, store, log = _free_port(), tmp_path / "wire.mv", tmp_path / "wire.log"
    acked: list[str] = []
    for round_ in range(ROUNDS):
        process = _start(port, store, log, durability)
        stop = threading.Event()
        threads = [
            threading.Thread(target=_write_at_a_pace, args=(port, stop, acked, w + 1000 * round_), daemon=True)
            for w in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(WRITE_S)
        # when it is killed while the writers are still writing (three times, started again on the same file)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        stop.set()
        for thread in threads:
            thread.join(30)

    # then every write that was acknowledged is there after the last start
    process = _start(port, store, log, durability)
    try:
        reader: MongoClient[dict[str, object]] = MongoClient(
            f"mongodb://127.0.0.1:{port}", serverSelectionTimeoutMS=10_000
        )
        with reader as client:
            stored = {
                doc["_id"]: doc.get("labels")
                for doc in client["durability"]["docs"].find({}, {"labels": 1}).batch_size(10_000)
            }
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
    assert len(acked) > 500, f"only {len(acked)} writes were acknowledged: the test measured too little"
    lost = {key: stored.get(key, "missing") for key in acked if stored.get(key) != ["pos"]}
    assert not lost, f"{len(lost)} of {len(acked)} acknowledged writes are gone: {list(lost.items())[:10]}"


SCAN_DOCS = 8_000
SCAN_WRITERS = 2
SCANS = 8


def _rewrite_flat_out(port: int, stop: threading.Event, writes: list[int], writer: int) -> None:
    """Write to another collection as fast as one connection can: every write is a commit, and the store's
    background compaction moves the live pages of sparse chunks (the scanned collection's too) to new ones."""
    client: MongoClient[dict[str, object]] = MongoClient(f"mongodb://127.0.0.1:{port}")
    n = 0
    try:
        collection = client["scan"]["other"]
        while not stop.is_set():
            collection.replace_one({"_id": f"{writer}-{n % 200}"}, {"payload": "y" * 2_000, "n": n}, upsert=True)
            n += 1
    finally:
        writes.append(n)
        client.close()


def test_a_full_scan_returns_every_document_while_writes_free_the_pages_it_reads(tmp_path: Path) -> None:
    # given a server that reuses a chunk's space as soon as it holds no live data (retention 0: what the default
    # 45 s amounts to for a scan that takes longer, e.g. an export of a large dataset under load), with documents
    # in it, and writers that change those documents as fast as they can
    port, store, log = _free_port(), tmp_path / "scan.mv", tmp_path / "scan.log"
    process = _start(port, store, log, "commit", "-Dlabelloop.retentionMillis=0")
    stop, writes = threading.Event(), list[int]()
    threads = [
        threading.Thread(target=_rewrite_flat_out, args=(port, stop, writes, w), daemon=True)
        for w in range(SCAN_WRITERS)
    ]
    try:
        with MongoClient(f"mongodb://127.0.0.1:{port}", serverSelectionTimeoutMS=10_000) as client:
            docs = client["scan"]["docs"]
            # one small commit each, as labels arrive: many chunks, each left sparse by the next ones, that the
            # store's background compaction then rewrites and frees
            for i in range(SCAN_DOCS):
                docs.insert_one({"_id": i, "n": i, "text": "x" * 200})
            for thread in threads:
                thread.start()
            # when full scans (a filter on a field without an index: every document is read) run meanwhile
            counts = [sum(1 for _ in docs.find({"n": {"$gte": 0}}, {"n": 1}).batch_size(1_000)) for _ in range(SCANS)]
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        process.send_signal(signal.SIGTERM)
        process.wait(30)
    # then each scan returned every document, none failed on a page whose chunk was reused ("Chunk … not found")
    assert sum(writes) > 200, f"only {sum(writes)} writes ran during the scans: the test measured too little"
    assert counts == [SCAN_DOCS] * SCANS


def _unique_keys_all_found(port: int, count: int) -> None:
    with MongoClient(f"mongodb://127.0.0.1:{port}", serverSelectionTimeoutMS=10_000) as client:
        docs = client["keyed"]["items"]
        missing = [
            i
            for i in range(0, count, 7)
            if docs.find_one({"_id": f"item-{i:06d}"}) is None or docs.find_one({"cas": f"item-{i:06d}:1"}) is None
        ]
        assert missing == [], f"{len(missing)} keys not found through the unique indexes: {missing[:5]}"
        for duplicate in ({"_id": "item-000003", "cas": "fresh"}, {"_id": "fresh", "cas": "item-000003:1"}):
            with pytest.raises(DuplicateKeyError):
                docs.insert_one(duplicate)


def _insert_keyed(port: int, first: int, count: int) -> None:
    with MongoClient(f"mongodb://127.0.0.1:{port}", serverSelectionTimeoutMS=10_000) as client:
        docs = client["keyed"]["items"]
        docs.create_index("cas", unique=True, name="items_cas")
        for start in range(first, first + count, 1_000):
            docs.insert_many([{"_id": f"item-{i:06d}", "cas": f"item-{i:06d}:1"} for i in range(start, start + 1_000)])


def test_unique_indexes_read_what_the_library_wrote_and_the_other_way_round(tmp_path: Path) -> None:
    # given a store whose unique indexes the library's own key type wrote (as every store before this change)
    port, store, log = _free_port(), tmp_path / "keyed.mv", tmp_path / "keyed.log"
    library = ("-Dlabelloop.keyedIndexes=false",)
    for options, first in ((library, 0), ((), 3_000), (library, 6_000)):
        process = _start(port, store, log, "commit", *options)
        try:
            # when the server (alternately ours, with keys compared from kept bytes, and the library's) opens it
            # then every key written before is found through both unique indexes, a duplicate is refused, and
            # it adds keys of its own that the next one must find
            if first:
                _unique_keys_all_found(port, first)
            _insert_keyed(port, first, 3_000)
            _unique_keys_all_found(port, first + 3_000)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)
