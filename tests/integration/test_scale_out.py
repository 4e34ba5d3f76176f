"""Natively, LABELLOOP_API_REPLICAS and LABELLOOP_WORKERS set how many API replicas and arq workers scripts/stack.sh
runs (docs/scaling.md). The test starts a second set of processes with 3 replicas and 2 workers — its own Nginx and
Redis, the shared stack's Elasticsearch, MongoDB and MLflow, the same signing secret — so the stack the rest of the
suite uses is left as it is: requests through its Nginx reach all three replicas, and two trainings run at the same
time, one on each worker."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from arq import create_pool
from arq.connections import RedisSettings
from pymongo import MongoClient

from tests.api import login
from tests.stack import MONGO_DB, MONGO_URI, ROOT, STATE, wait_for
from tests.training import START, labelled_text_dataset

pytestmark = pytest.mark.stack

REPLICAS = 3
WORKERS = 2
APP_SERVICES = ("api-1", "api-2", "api-3", "worker", "worker-2")
RUN_STATE = "query($id: ID!) { trainingRun(id: $id) { id state message } }"


@dataclass(frozen=True)
class ScaledStack:
    state: Path
    url: str
    env: dict[str, str]
    redis_port: int

    def stack(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / "stack.sh"), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=180,
            check=False,
        )

    def post(self, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body

    def log(self, service: str) -> str:
        return (self.state / "logs" / f"{service}.log").read_text(errors="replace")


def _free_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first: int = probe.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            sockets = []
            for port in range(first, first + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
        return first
    raise AssertionError(f"no {count} consecutive free ports")


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    # its own state folder, with the shared stack's signing secret (every replica of one deployment shares it)
    state = tmp_path_factory.mktemp("scaled-stack")
    (state / "secrets").mkdir(mode=0o700)
    shutil.copy(STATE / "secrets" / "jwt-secret", state / "secrets" / "jwt-secret")
    http_port, redis_port, express_port = _free_ports(1), _free_ports(1), _free_ports(1)
    api_base = _free_ports(REPLICAS + 1)  # replica N listens on base + N
    env = {
        **os.environ,
        "LABELLOOP_STATE_DIR": str(state),
        "LABELLOOP_HTTP_PORT": str(http_port),
        "LABELLOOP_API_BASE_PORT": str(api_base),
        "LABELLOOP_REDIS_PORT": str(redis_port),  # its own queue: the shared stack's worker takes none of its jobs
        "LABELLOOP_MONGO_EXPRESS_PORT": str(express_port),
        "LABELLOOP_API_REPLICAS": str(REPLICAS),
        "LABELLOOP_WORKERS": str(WORKERS),
        "LABELLOOP_WORKER_MAX_JOBS": "1",  # a busy worker takes no second job: the other one must
    }
    scaled = ScaledStack(state, f"http://127.0.0.1:{http_port}", env, redis_port)
    try:
        started = scaled.stack("start", "redis")
        assert started.returncode == 0, started.stderr
        starts = [
            subprocess.Popen(
                ["bash", str(ROOT / "scripts" / "stack.sh"), "start", service],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for service in APP_SERVICES
        ]
        for service, process in zip(APP_SERVICES, starts, strict=True):
            _, stderr = process.communicate(timeout=180)
            assert process.returncode == 0, f"{service}: {stderr}"
        started = scaled.stack("start", "nginx")
        assert started.returncode == 0, started.stderr
        yield scaled
    finally:
        stopped = scaled.stack("down")
        assert stopped.returncode == 0, stopped.stderr


def test_status_lists_three_replicas_and_two_workers_running(scaled: ScaledStack) -> None:
    # when the scaled stack's status is asked
    status = scaled.stack("status")
    # then every replica and worker it was told to run is running, and the services it shares are not its own
    assert status.returncode == 0, status.stderr
    states = {line.split()[0]: line.split()[1] for line in status.stdout.splitlines()}
    assert states == {
        "elasticsearch": "stopped",
        "mongo": "stopped",
        "redis": "running",
        "mlflow": "stopped",
        "api-1": "running",
        "api-2": "running",
        "api-3": "running",
        "worker": "running",
        "worker-2": "running",
        "mongo-express": "stopped",
        "nginx": "running",
    }


def test_nginx_sends_requests_to_every_replica(scaled: ScaledStack) -> None:
    # given the upstream Nginx was started with: one server per replica
    conf = (scaled.state / "nginx" / "labelloop.conf").read_text()
    base = int(scaled.env["LABELLOOP_API_BASE_PORT"])
    assert re.findall(r"server 127\.0\.0\.1:(\d+) ", conf) == [str(base + n) for n in range(1, REPLICAS + 1)]
    # when requests arrive one after the other through Nginx
    with httpx.Client(base_url=scaled.url, timeout=15) as http:
        answers = [http.get("/healthz").json() for _ in range(4 * REPLICAS)]
    # then every replica answered some of them
    assert {a["replica"] for a in answers} == {"api-1", "api-2", "api-3"}
    assert {a["status"] for a in answers} == {"alive"}


def _idle(scaled: ScaledStack) -> bool:
    """No job due or running on the scaled stack's queue (the workers' start-up jobs have ended): arq keeps a job in
    its queue until it has run, and later cron slots wait there with a score in the future."""
    queue = redis.Redis(port=scaled.redis_port)
    try:
        return int(queue.zcount("arq:queue", "-inf", time.time() * 1000)) == 0
    finally:
        queue.close()


def test_two_trainings_run_at_the_same_time_one_on_each_worker(scaled: ScaledStack) -> None:
    # given a labelled dataset, and both workers idle (each runs one job at a time here)
    admin = login("admin", "admin")  # through the shared stack: the same secret signs for both
    dataset = labelled_text_dataset(admin, items=80)
    wait_for(lambda: _idle(scaled), 300, "the scaled stack's workers to finish their start-up jobs")
    # when two trainings are started through the scaled stack's Nginx
    runs = [
        scaled.post(START, {"d": dataset, "m": "TFIDF_SGD", "p": {"epochs": 40}}, admin)["data"]["startTraining"]
        for _ in range(2)
    ]
    assert [r["__typename"] for r in runs] == ["TrainingRunSuccess", "TrainingRunSuccess"], runs
    run_ids = [r["run"]["id"] for r in runs]

    def ended() -> bool:
        states = [scaled.post(RUN_STATE, {"id": i}, admin)["data"]["trainingRun"]["state"] for i in run_ids]
        return all(state in ("SUCCEEDED", "FAILED", "CANCELLED") for state in states)

    wait_for(ended, 180, "both trainings to end")
    # then both succeeded
    for run_id in run_ids:
        assert scaled.post(RUN_STATE, {"id": run_id}, admin)["data"]["trainingRun"]["state"] == "SUCCEEDED"
    # and each worker ran one of them (arq logs the job it starts: "<job id>#<attempt>:run_training_job")
    ran_by = {
        run_id: [w for w in ("worker", "worker-2") if re.search(rf"→ {run_id}#1:", scaled.log(w))] for run_id in run_ids
    }
    assert sorted(workers[0] for workers in ran_by.values()) == ["worker", "worker-2"], ran_by
    assert all(len(workers) == 1 for workers in ran_by.values()), ran_by
    # and they ran at the same time
    with MongoClient(MONGO_URI) as client:
        jobs = [client[MONGO_DB]["jobs"].find_one({"_id": run_id}) for run_id in run_ids]
    first, second = (job for job in jobs if job is not None)
    assert first["started_at"] < second["finished_at"]
    assert second["started_at"] < first["finished_at"]


def _cron_runs(scaled: ScaledStack, name: str) -> int:
    """How many runs of cron `name` the two workers have started: arq logs "→ cron:<name>()" for each (once in its
    own format, once in the app's, which names the logger)."""
    started = re.compile(rf"arq\.worker: +[0-9.]+s → cron:{name}\(\)")
    return sum(len(started.findall(scaled.log(w))) for w in ("worker", "worker-2"))


def _slots_between(start: float, end: float, seconds: set[int]) -> int:
    """How many times the wall clock passed one of `seconds` (of the minute) between start and end."""
    return sum(1 for t in range(int(start) + 1, int(end) + 1) if t % 60 in seconds)


def test_each_cron_slot_runs_once_whatever_the_number_of_workers(scaled: ScaledStack) -> None:
    # given two idle workers (no slot left over from busier times) that both schedule run_automations every 3 s
    # (worker/main.py)
    wait_for(lambda: _idle(scaled), 120, "the scaled stack's workers to be idle")
    seconds = set(range(1, 60, 3))
    before, start = _cron_runs(scaled, "run_automations"), time.time()
    # when 15 s pass
    time.sleep(15)
    runs, end = _cron_runs(scaled, "run_automations") - before, time.time()
    # then it ran once per slot, not once per worker (a slot at either edge may fall on either side)
    slots = _slots_between(start, end, seconds)
    assert slots - 1 <= runs <= slots + 1, (runs, slots)


def _finished_slot(scaled: ScaledStack) -> str | None:
    """A run_automations slot that a worker has run to its end: arq keeps a cron's in-progress key for 60 s after the
    run, and deletes the job's own key when it ends."""
    queue = redis.Redis(port=scaled.redis_port)
    try:
        for key in queue.scan_iter("arq:in-progress:cron:run_automations:*"):
            slot = key.decode().removeprefix("arq:in-progress:")
            if not queue.exists(f"arq:job:{slot}"):
                return slot
        return None
    finally:
        queue.close()


async def test_a_late_worker_cannot_queue_again_a_cron_slot_that_already_ran(scaled: ScaledStack) -> None:
    # given a run_automations slot that a worker has run
    wait_for(lambda: _finished_slot(scaled) is not None, 30, "a run_automations slot to have run")
    slot = _finished_slot(scaled)
    assert slot is not None
    # when another worker, late (its loop stalled past the slot), queues the same slot as arq's cron does
    pool = await create_pool(RedisSettings(port=scaled.redis_port))
    try:
        late = await pool.enqueue_job("cron:run_automations", _job_id=slot)
    finally:
        await pool.aclose()
    # then the queue refuses it (the slot's result is kept under its id): the slot does not run twice
    assert late is None
