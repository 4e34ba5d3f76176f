"""Benchmark: one turn of the closed loop on Fortunes, with no human step but labelling. Needs the stack (make up,
with the fortunes package: the demo's text). Prints figures only.

Each round makes its own copy of Fortunes (its topics, one fortune in four gold-labelled, like the demo dataset),
freezes an evaluation set, trains and promotes a first model and sets an automation (AUTO mode, N new labels). An
annotator then labels N fortunes with their topic, at once. The clock starts when the label that crosses the
threshold is acknowledged and stops when every API replica serves the new version and batch scoring has given every
unlabelled fortune the new version's suggestion. Its parts, from the jobs' own timestamps and events:

- detection: the label → the automation's TRAINING job queued (the worker's automation cron, every 3 s);
- queue wait: queued → running;
- snapshot: running → the frozen training set logged (ids from the index, content and labels from MongoDB);
- fit + register: → the TRAINING job succeeded (fit in a child process, MLflow run, registered version);
- evaluation: the PROMOTION job queued → its gate decided (both versions scored on the evaluation set);
- promotion: the gate → the PROMOTION job succeeded (MongoDB's record, MLflow's alias, the replicas told);
- scoring: the BATCH_SCORING job queued → succeeded;
- every replica: the label → the last replica serving the new version (batch scoring runs meanwhile).

    .venv/bin/python bench/loop.py [--rounds 3] [--labels 20] [--replicas 2]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.demo import fortune_rows  # noqa: E402 - after the path set-up
from tests.api import login, post  # noqa: E402
from tests.data import create_dataset, import_file, jsonl, wait_for_job  # noqa: E402
from tests.promotion import promote_and_wait  # noqa: E402
from tests.stack import API_BASE_PORT  # noqa: E402
from tests.training import started, wait_for_run  # noqa: E402

FREEZE = """
mutation($d: ID!) { freezeEvaluationSet(datasetId: $d, fraction: 0.1, seed: 5) { __typename ... on Error { message } } }
"""
OPEN_GATE = """
mutation($m: String!) { setPromotionGate(name: $m, macroF1Tolerance: 1, recallDropTolerance: 1) { __typename } }
"""
AUTOMATE = """
mutation($m: String!, $n: Int!) { setAutomation(model: $m, labelThreshold: $n, mode: AUTO) { __typename } }
"""
LAST_RUN = "query($m: String!) { automation(model: $m) { lastRun { runId handoff } } }"
ANNOTATE = "mutation($i: ID!, $l: String!) { annotateItem(itemId: $i, label: $l) { __typename } }"
JOB = """
query($id: ID!) {
  job(id: $id) { id state createdAt startedAt finishedAt result events { at kind message } }
}
"""
SERVED = "query { servedModels(first: 200) { nodes { model version } } }"
PARTS = ("detection", "queue wait", "snapshot", "fit + register", "evaluation", "promotion", "scoring", "every replica")


def _at(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def _fortunes(token: str) -> tuple[str, dict[str, str]]:
    """A copy of Fortunes: its dataset id, and the topic of each unlabelled fortune (by item id)."""
    rows = fortune_rows()  # one in GOLD_EVERY arrives labelled, like the demo dataset
    dataset = create_dataset(token, labels=tuple(sorted({topic for topic, _ in rows})))
    job = import_file(token, dataset, jsonl([row for _, row in rows]), "fortunes.jsonl")
    assert job["state"] == "SUCCEEDED", job
    return dataset, {f"{dataset}:{row['id']}": topic for topic, row in rows if "label" not in row}


def _served_everywhere(token: str, model: str, version: str, replicas: int) -> bool:
    for replica in range(1, replicas + 1):
        response = httpx.post(
            f"http://127.0.0.1:{API_BASE_PORT + replica}/graphql",
            json={"query": SERVED},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        served = {n["model"]: n["version"] for n in response.json()["data"]["servedModels"]["nodes"]}
        if served.get(model) != version:
            return False
    return True


def _job(token: str, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = post(JOB, {"id": job_id}, token)["data"]["job"]
    return job


def one_round(token: str, annotator: str, labels: int, replicas: int) -> dict[str, float]:
    dataset, unlabelled = _fortunes(token)
    # the evaluation set first: a version trained on its items would look better on it than it is
    assert post(FREEZE, {"d": dataset}, token)["data"]["freezeEvaluationSet"]["__typename"] == "EvaluationSetSuccess"
    first = wait_for_run(token, started(token, dataset, "TFIDF_LOGISTIC_REGRESSION"), timeout_s=900)
    assert first["state"] == "SUCCEEDED", first
    promote_and_wait(token, dataset, first["modelVersion"], "bench: the first model")
    # the gate still scores both versions on the evaluation set, but lets any version through: the bench times the
    # path, whatever 20 more labels do to a model of six topics (tests/integration/test_promotion.py tests the gate)
    assert post(OPEN_GATE, {"m": dataset}, token)["data"]["setPromotionGate"]["__typename"] == "PromotionGate"
    assert post(AUTOMATE, {"m": dataset, "n": labels}, token)["data"]["setAutomation"]["__typename"] == (
        "AutomationSuccess"
    )
    chosen = list(unlabelled.items())[:labels]
    for item_id, topic in chosen[:-1]:
        assert post(ANNOTATE, {"i": item_id, "l": topic}, annotator)["data"]["annotateItem"]["__typename"] == (
            "ItemSuccess"
        )
    item_id, topic = chosen[-1]
    assert post(ANNOTATE, {"i": item_id, "l": topic}, annotator)["data"]["annotateItem"]["__typename"] == "ItemSuccess"
    labelled_at = time.time()
    # follow the automation: its run, the promotion job it handed the version to, the scoring job that followed
    deadline = time.monotonic() + 1800
    handoff = None
    while not handoff:
        assert time.monotonic() < deadline, "the automation did not hand a version over"
        last = post(LAST_RUN, {"m": dataset}, token)["data"]["automation"]["lastRun"] or {}
        handoff = last.get("handoff")
        time.sleep(0.2)
    handed = re.fullmatch(r"version (\S+) handed to promotion job (\S+) \(AUTO\)", handoff)
    assert handed is not None, f"the automation did not hand its version to a promotion job: {handoff}"
    version, promotion_id = handed.groups()
    promotion = wait_for_job(token, promotion_id, 600)
    assert promotion["result"]["outcome"] == "PROMOTED", f"the gate kept production: {promotion['message']}"
    while not _served_everywhere(token, dataset, version, replicas):  # while batch scoring runs
        assert time.monotonic() < deadline, "the replicas do not serve the new version"
        time.sleep(0.1)
    served_at = time.time()
    scoring = wait_for_job(token, promotion["result"]["scoring_job_id"], 600)
    assert scoring["state"] == "SUCCEEDED", scoring
    run, promotion, scoring = (_job(token, i) for i in (last["runId"], promotion_id, scoring["id"]))
    snapshot = next(e for e in run["events"] if (e.get("message") or "").startswith("training set:"))
    gate = next(e for e in promotion["events"] if (e.get("message") or "").startswith("gate "))
    return {
        "total": max(served_at, _at(scoring["finishedAt"])) - labelled_at,
        "detection": _at(run["createdAt"]) - labelled_at,
        "queue wait": _at(run["startedAt"]) - _at(run["createdAt"]),
        "snapshot": _at(snapshot["at"]) - _at(run["startedAt"]),
        "fit + register": _at(run["finishedAt"]) - _at(snapshot["at"]),
        "evaluation": _at(gate["at"]) - _at(promotion["createdAt"]),
        "promotion": _at(promotion["finishedAt"]) - _at(gate["at"]),
        "scoring": _at(scoring["finishedAt"]) - _at(scoring["createdAt"]),
        "every replica": served_at - labelled_at,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--labels", type=int, default=20, help="the automation's threshold N")
    parser.add_argument("--replicas", type=int, default=2, help="API replicas (ports API_BASE+1…)")
    args = parser.parse_args()
    token, annotator = login("admin", "admin"), login("user", "user")
    rounds = []
    for number in range(args.rounds):
        figures = one_round(token, annotator, args.labels, args.replicas)
        rounds.append(figures)
        print(f"round {number + 1}: label → new version on every replica, fresh suggestions: {figures['total']:.2f} s")
    print(f"\nclosed loop on Fortunes, {args.labels} new labels, p50 over {len(rounds)} rounds:")
    total = statistics.median(r["total"] for r in rounds)
    print(f"  label → new version on every replica with fresh suggestions: {total:7.2f} s")
    for part in PARTS:
        print(f"    {part:<16} {statistics.median(r[part] for r in rounds):7.2f} s")
    waiting = statistics.median(r["detection"] + r["queue wait"] for r in rounds)
    print(f"  waiting for the cron and the queue: {waiting:.2f} s, {100 * waiting / total:.0f} % of the turn")


if __name__ == "__main__":
    main()
