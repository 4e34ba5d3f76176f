"""The one task model on a non-training kind (an import): cancel between steps, the event log replayed from a
cursor, and recovery when the worker running it is killed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from typing import Any

import pytest
from websockets.asyncio.client import connect

from tests.api import create_user, login, post
from tests.data import create_dataset, jsonl, upload, wait_for_job
from tests.stack import HTTP_PORT, service_pid, wait_for

pytestmark = pytest.mark.stack
EVENTS = """
subscription($id: ID!, $after: String) {
  jobEvents(id: $id, after: $after) { cursor seq kind state message done total progress }
}
"""
CANCEL = """
mutation($id: ID!) {
  cancelJob(id: $id) {
    __typename
    ... on CancelJobSuccess { job { id state cancelRequested } }
    ... on Error { message }
  }
}
"""
JOB = "query($id: ID!) { job(id: $id) { id kind state done total message attempt cancelRequested } }"
COUNT = "query($d: ID!) { search(datasetId: $d, first: 1) { ... on SearchResults { totalCount } } }"


def _rows(count: int, prefix: str) -> bytes:
    return jsonl([{"id": f"{prefix}{i}", "text": f"item number {i} of a long import"} for i in range(count)])


def _job(token: str, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = post(JOB, {"id": job_id}, token)["data"]["job"]
    return job


def _stored(token: str, dataset: str) -> int:
    count: int = post(COUNT, {"d": dataset}, token)["data"]["search"]["totalCount"]
    return count


async def _events(
    token: str, job_id: str, after: str | None = None, stop_after: int | None = None, timeout_s: float = 120
) -> tuple[list[dict[str, Any]], bool]:
    """The job's events over Nginx's WebSocket; stops after `stop_after` events or at the end (completed)."""
    events: list[dict[str, Any]] = []
    async with connect(f"ws://127.0.0.1:{HTTP_PORT}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": EVENTS, "variables": {"id": job_id, "after": after}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=timeout_s))
            if message["type"] == "complete":
                return events, True
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            events.append(message["payload"]["data"]["jobEvents"])
            if stop_after is not None and len(events) >= stop_after:
                return events, False


def test_an_import_cancelled_between_batches_ends_cancelled_with_only_its_stored_batches() -> None:
    # given an import of many batches, under way
    token = login("admin", "admin")
    dataset = create_dataset(token)
    job_id = upload(token, dataset, _rows(30_000, "c"), "long.jsonl")["job"]["id"]
    wait_for(lambda: _job(token, job_id)["done"] > 0, 120, "the first batch")
    # when it is cancelled
    body = post(CANCEL, {"id": job_id}, token)
    # then it stops at its next step: CANCELLED, the stored batches kept, nothing past them
    assert body["data"]["cancelJob"]["__typename"] == "CancelJobSuccess", body
    assert body["data"]["cancelJob"]["job"]["cancelRequested"] is True
    job = wait_for_job(token, job_id, 120)
    assert job["state"] == "CANCELLED", job
    final = _job(token, job_id)
    assert 0 < final["done"] < 30_000
    assert final["done"] % 2000 == 0  # whole batches only
    assert final["message"] == f"cancelled after {final['done']} of 30000"
    wait_for(lambda: _stored(token, dataset) == final["done"], 30, "the stored batches in the index")
    time.sleep(2)
    assert _stored(token, dataset) == final["done"]
    again = post(CANCEL, {"id": job_id}, token)
    assert again["data"]["cancelJob"]["__typename"] == "JobAlreadyFinishedError"


async def test_the_events_of_an_import_are_replayed_after_a_cursor_then_streamed() -> None:
    # given an import followed for its first 2 events only
    token = login("admin", "admin")
    dataset = create_dataset(token)
    job_id = upload(token, dataset, _rows(12_000, "r"), "replay.jsonl")["job"]["id"]
    first, completed = await _events(token, job_id, stop_after=2)
    assert not completed
    # when a subscriber resumes after the last cursor it received
    rest, completed = await _events(token, job_id, after=first[-1]["cursor"])
    # then it gets every later event once, in order, up to the final state
    assert completed
    seqs = [e["seq"] for e in first + rest]
    assert seqs == list(range(1, len(seqs) + 1))
    assert (first[0]["kind"], first[0]["state"]) == ("STATE", "QUEUED")
    assert (rest[-1]["kind"], rest[-1]["state"]) == ("STATE", "SUCCEEDED")
    dones = [e["done"] for e in first + rest if e["kind"] == "PROGRESS"]
    assert dones[-1] == 12_000
    assert dones == sorted(dones)
    # and a subscriber that comes after the end gets the stored events after its cursor, then completes
    late, completed = await _events(token, job_id, after=str(seqs[-3]))
    assert completed
    assert [e["seq"] for e in late] == seqs[-2:]


async def test_an_import_reports_the_lines_read_and_the_items_stored_after_each_batch() -> None:
    # given an import of 5,000 lines, one of them bad (line 4,001)
    token = login("admin", "admin")
    dataset = create_dataset(token)
    rows = [{"id": f"s{i}", "text": f"stored {i}"} for i in range(4000)] + [{"id": "bad"}]
    rows += [{"id": f"t{i}", "text": f"stored late {i}"} for i in range(999)]
    job_id = upload(token, dataset, jsonl(rows), "stored.jsonl")["job"]["id"]
    # when its events are replayed from the start
    events, completed = await _events(token, job_id)
    # then each full batch says how many lines were read and how many items are stored (in MongoDB) so far
    assert completed
    batches = [
        (e["done"], e["message"].split(": ", 1)[1])
        for e in events
        if e["kind"] == "PROGRESS" and e["message"].endswith(" stored")
    ]
    assert batches == [(2000, "2000 items stored"), (4000, "4000 items stored"), (5000, "4999 items stored")]
    assert events[-1]["message"] == "4999 items stored, 1 line skipped"
    assert _stored(token, dataset) == 4999


def test_another_user_cannot_cancel_a_job() -> None:
    # given an ADMIN's import, still queued or running
    admin = login("admin", "admin")
    dataset = create_dataset(admin)
    job_id = upload(admin, dataset, _rows(20_000, "u"), "theirs.jsonl")["job"]["id"]
    user = create_user(admin)
    token = login(user["username"], user["password"])
    # when a USER tries to cancel it
    body = post(CANCEL, {"id": job_id}, token)
    # then it is not theirs to see: nothing was asked of the job
    assert body["data"]["cancelJob"] == {"__typename": "JobNotFoundError", "message": f"no job has id '{job_id}'"}
    assert _job(admin, job_id)["cancelRequested"] is False
    wait_for_job(admin, job_id, 120)


def test_an_import_whose_worker_is_killed_is_queued_again_and_stores_every_line() -> None:
    # given an import under way
    token = login("admin", "admin")
    dataset = create_dataset(token)
    job_id = upload(token, dataset, _rows(40_000, "k"), "killed.jsonl")["job"]["id"]
    wait_for(lambda: _job(token, job_id)["done"] > 0, 120, "the first batch")
    # when the worker is killed without warning (the stack restarts it)
    os.kill(service_pid("worker"), signal.SIGKILL)
    # then the heartbeat stops, the next attempt runs it again from the file, and every line is stored once
    job = wait_for_job(token, job_id, 240)
    assert job["state"] == "SUCCEEDED", job
    final = _job(token, job_id)
    assert final["attempt"] == 2
    assert final["done"] == 40_000
    assert final["message"] == "40000 items stored, 0 lines skipped"
    wait_for(lambda: _stored(token, dataset) == 40_000, 30, "every item in the index")
