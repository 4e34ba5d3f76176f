"""Benchmark: serving the same registered model through our API and through `mlflow models serve`, in one run.
Needs the stack (make up). Prints figures and ratios only.

1. Single-row predictions per second: C concurrent clients for D seconds, each sending one row per request —
   through Nginx to our `predict` (two API replicas), and to `mlflow models serve --env-manager local` (its
   default one uvicorn worker, and as many workers as our replicas) on the same model version. Ours and mlflow's
   take turns (`--rounds`, `--seconds` in all per path and pairing).
2. Batch rows per second through our API: requests of 1,000 rows, from 1, 2 and 4 concurrent clients, each
   sending its next request when the previous one is answered (one client alone waits on every round trip and
   leaves the machine half idle) — next to the same model version loaded from MLflow into this process and its
   `predict_proba` run on the same 1,000-row matrix, back to back (the ratio: target ≥ 70 %). `--batch-only`
   skips part 1.

The single-row load comes from a lean client (aiohttp, bodies encoded beforehand) that leaves the 2 cores to the
servers it measures, the same for ours and mlflow's.

    .venv/bin/python bench/serving.py [--clients 16] [--seconds 15] [--rounds 3] [--batch-only]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.clients.mlflow import MlflowTracking  # noqa: E402
from tests.api import login  # noqa: E402 - after the path set-up
from tests.promotion import promote_and_wait  # noqa: E402
from tests.stack import GRAPHQL_URL, MLFLOW_PORT  # noqa: E402
from tests.training import FILLER, WORDS, labelled_text_dataset, started, wait_for_run  # noqa: E402

PREDICT = "query($m: String!, $i: [JSON!]!) { predict(model: $m, inputs: $i) { ... on Prediction { rows { label } } } }"
BATCH = PREDICT.replace("rows { label }", "rows { label confidence }")
MLFLOW_SERVE_PORT = int(os.environ.get("LABELLOOP_BENCH_SERVE_PORT", "5099"))


def texts(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    out = []
    for _ in range(count):
        words = rng.choices(WORDS[rng.choice(["pos", "neg"])], k=3) + rng.choices(FILLER, k=9)
        rng.shuffle(words)
        out.append(" ".join(words))
    return out


def prepare(token: str) -> tuple[str, str]:
    """A model trained and promoted for the benchmark: (name, version)."""
    dataset = labelled_text_dataset(token, items=2000, seed=5)
    run = wait_for_run(token, started(token, dataset, "TFIDF_LOGISTIC_REGRESSION"), 600)
    assert run["state"] == "SUCCEEDED", run
    promote_and_wait(token, dataset, run["modelVersion"], "benchmark")  # a PROMOTION job, waited for
    return dataset, run["modelVersion"]


async def load(send, clients: int, seconds: float) -> tuple[int, list[float], int]:  # type: ignore[no-untyped-def]
    """Requests done, their latencies (ms), and failures, with `clients` concurrent senders.

    A lean client (aiohttp, request bodies encoded beforehand, answers checked without parsing them) from its own
    address each: the load generator shares the 2 cores with the servers it measures, so the less CPU it takes per
    request, the more the figures say about the servers (the same generator for ours and mlflow's)."""
    latencies: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds
    bodies = [send.body(text) for text in texts(500)]

    async def client(number: int) -> None:
        nonlocal failures
        connector = aiohttp.TCPConnector(limit=1, local_addr=(f"127.0.81.{number + 1}", 0))
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
            index = number
            while time.monotonic() < deadline:
                started_at = time.perf_counter()
                ok = await send(http, bodies[index % len(bodies)])
                latencies.append((time.perf_counter() - started_at) * 1000)
                failures += not ok
                index += clients

    await asyncio.gather(*(client(n) for n in range(clients)))
    return len(latencies), latencies, failures


class Ours:
    """Single-row `predict` through Nginx: one GraphQL POST per row; an answer with `errors` is a failure."""

    def __init__(self, token: str, model: str) -> None:
        self.model = model
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def body(self, text: str) -> bytes:
        return json.dumps({"query": PREDICT, "variables": {"m": self.model, "i": [text]}}).encode()

    async def __call__(self, http: aiohttp.ClientSession, body: bytes) -> bool:
        async with http.post(GRAPHQL_URL, data=body, headers=self.headers) as response:
            answer = await response.read()
            return response.status == 200 and b'"label"' in answer and b'"errors"' not in answer


class Theirs:
    """Single-row `/invocations` of `mlflow models serve` (pandas split orient); a 200 is a success."""

    def __init__(self, port: int) -> None:
        self.headers = {"Content-Type": "application/json"}
        self.url = f"http://127.0.0.1:{port}/invocations"

    def body(self, text: str) -> bytes:
        return json.dumps({"dataframe_split": {"columns": ["text"], "data": [[text]]}}).encode()

    async def __call__(self, http: aiohttp.ClientSession, body: bytes) -> bool:
        async with http.post(self.url, data=body, headers=self.headers) as response:
            await response.read()
            return response.status == 200


# MLflow's own environment (scripts/mlflow/requirements.lock): the full MLflow, with the model's libraries at the
# versions the app's lock pins
MLFLOW_ENV_BIN = ROOT / ".venv-mlflow" / "bin"


def start_mlflow_serve(model: str, version: str, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MLFLOW_TRACKING_URI": f"http://127.0.0.1:{MLFLOW_PORT}/mlflow",
        "PATH": f"{MLFLOW_ENV_BIN}:{os.environ.get('PATH', '')}",  # it runs `uvicorn` by name
    }
    process = subprocess.Popen(
        [
            str(MLFLOW_ENV_BIN / "mlflow"),
            "models",
            "serve",
            "-m",
            f"models:/{model}/{version}",
            "--env-manager",
            "local",
            "-h",
            "127.0.0.1",
            "-p",
            str(MLFLOW_SERVE_PORT),
            "-w",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its uvicorn workers are children: stop them with it (stop_mlflow_serve)
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{MLFLOW_SERVE_PORT}/ping", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("mlflow models serve did not start within 120 s")


def stop_mlflow_serve(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its workers, and wait until its port is free again."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{MLFLOW_SERVE_PORT}/ping", timeout=1)
        except httpx.HTTPError:
            return
        time.sleep(0.5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def merged(a: tuple[int, list[float], int], b: tuple[int, list[float], int]) -> tuple[int, list[float], int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def report(name: str, seconds: float, result: tuple[int, list[float], int]) -> float:
    count, latencies, failures = result
    rate = count / seconds
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")
    print(
        f"  {name:44s} {rate:8.0f} req/s   p50 {statistics.median(latencies):6.1f} ms   p95 {p95:6.1f} ms   "
        f"failures {failures}"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15, help="per path and pairing, over every round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-only", action="store_true", help="only part 2 (batch rows/s vs in-process)")
    args = parser.parse_args()
    token = login("admin", "admin")
    model, version = prepare(token)
    print(f"\nmodel {model} version {version} (TF-IDF + logistic regression, 2,000 items)")
    if not args.batch_only:
        single_rows(token, model, version, args.clients, args.seconds, args.rounds)
    batch_rows(token, model, version, args.seconds)


def single_rows(token: str, model: str, version: str, clients: int, seconds: float, rounds: int) -> None:
    print(
        f"\nsingle-row predictions, {clients} concurrent clients; ours and mlflow's take turns, "
        f"{rounds} rounds of {seconds / rounds:g} s each (so a change in the machine's load shows in both):"
    )
    asyncio.run(load(Ours(token, model), clients, 2))  # warm-up: both replicas load the version
    for workers in (1, 2):
        process = start_mlflow_serve(model, version, workers)
        try:
            asyncio.run(load(Theirs(MLFLOW_SERVE_PORT), clients, 2))
            mine: tuple[int, list[float], int] = (0, [], 0)
            their: tuple[int, list[float], int] = (0, [], 0)
            for _ in range(rounds):
                mine = merged(mine, asyncio.run(load(Ours(token, model), clients, seconds / rounds)))
                their = merged(their, asyncio.run(load(Theirs(MLFLOW_SERVE_PORT), clients, seconds / rounds)))
        finally:
            stop_mlflow_serve(process)
        ours_rate = report("our predict (Nginx → 2 API replicas)", seconds, mine)
        their_rate = report(f"mlflow models serve --env-manager local -w {workers}", seconds, their)
        which = "1 worker, its default; target ≥ 2x" if workers == 1 else "2 workers, as many as our replicas"
        print(f"  ratio ours / mlflow ({which}): {ours_rate / their_rate:.2f}x\n")


def batch_rows(token: str, model: str, version: str, seconds: float) -> None:
    """Part 2: our batch rows/s at 1, 2 and 4 clients, each next to in-process predict_proba measured just before."""
    rows = texts(1000, seed=9)
    tracking = MlflowTracking(f"http://127.0.0.1:{MLFLOW_PORT}/mlflow")
    loaded, _ = tracking.load_model(model, version)  # the very version the replicas serve
    matrix = np.asarray(rows, dtype=object).reshape(-1, 1)  # the matrix the API builds from the same rows
    print(
        "\nbatch predictions, 1,000 rows per request, through Nginx → 2 API replicas, vs the same version's "
        "predict_proba in this process on the same rows (one core; target ≥ 70 %):"
    )
    for clients in (1, 2, 4):
        direct = in_process_rate(loaded, matrix, seconds / 3)
        rate = asyncio.run(batch_rate(token, model, rows, clients, seconds))
        who = f"{clients} client{'s' if clients > 1 else ''}, one request after another"
        print(f"  {who:44s} {rate:8,.0f} rows/s   in-process {direct:8,.0f} rows/s   ratio {rate / direct:5.0%}")


def in_process_rate(model: object, matrix: np.ndarray, seconds: float) -> float:
    """Rows per second of `model.predict_proba(matrix)` called back to back in this process for `seconds`."""
    predict_proba = model.predict_proba  # type: ignore[attr-defined]
    predict_proba(matrix)  # warm-up
    done = 0
    started_at = time.perf_counter()
    while time.perf_counter() - started_at < seconds:
        predict_proba(matrix)
        done += len(matrix)
    return done / (time.perf_counter() - started_at)


async def batch_rate(token: str, model: str, rows: list[str], clients: int, seconds: float) -> float:
    """Rows per second with `clients` concurrent senders of `rows`-sized requests (after one warm-up request each)."""
    headers = {"Authorization": f"Bearer {token}"}
    body = {"query": BATCH, "variables": {"m": model, "i": rows}}
    done = 0

    async def client(http: httpx.AsyncClient, deadline: float) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            response = await http.post(GRAPHQL_URL, json=body, headers=headers)
            assert len(response.json()["data"]["predict"]["rows"]) == len(rows), response.text[:300]
            done += len(rows)

    async with httpx.AsyncClient(timeout=60) as http:
        await asyncio.gather(*(http.post(GRAPHQL_URL, json=body, headers=headers) for _ in range(clients)))
        started_at = time.perf_counter()
        await asyncio.gather(*(client(http, started_at + seconds) for _ in range(clients)))
        return done / (time.perf_counter() - started_at)


if __name__ == "__main__":
    main()
