"""Promotion as a worker job: the evaluation set, the gate, proposals (accept with override, decline), batch scoring
that follows, and MongoDB's record as the truth that MLflow's alias and every replica follow."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from typing import Any

import httpx
import pytest

from backend.clients.mlflow import MlflowTracking
from backend.clients.mongo import MongoClient
from backend.container import Services
from backend.jobs.entities import JobKind
from backend.models.entities import PromotionMode
from backend.models.repository import ModelRepository
from backend.settings import Settings
from tests.api import login, post, stored_document
from tests.data import import_file, jsonl, wait_for_job
from tests.promotion import finished, latest_event, promote, promote_and_wait
from tests.stack import API_BASE_PORT, ES_URL, MLFLOW_PORT, MONGO_DB, MONGO_URI, REDIS_URL, service_pid, wait_for
from tests.training import FILLER, WORDS, labelled_text_dataset, started, wait_for_run
from tests.training_sets import run_data

pytestmark = pytest.mark.stack
FREEZE = """
mutation($d: ID!, $s: Int, $f: Float, $seed: Int!) {
  freezeEvaluationSet(datasetId: $d, size: $s, fraction: $f, seed: $seed) {
    __typename
    ... on EvaluationSetSuccess {
      evaluationSet { datasetId generation size labelCounts { label count } seed frozenAt frozenBy
        replaced { generation size frozenBy replacedBy } }
    }
    ... on ValidationError { fieldErrors { field message } }
    ... on Error { message }
  }
}
"""
EVALUATION = """
query($n: String!, $v: String!) {
  modelVersion(name: $n, version: $v) {
    evaluation { generation itemCount accuracy macroF1 recall { label recall } }
    run { id metrics { accuracy } }
  }
}
"""
PROPOSALS = """
query($n: String!) {
  promotionProposals(name: $n) {
    totalCount
    nodes { id version status proposedBy gate decidedBy decisionReason promotionJobId }
  }
}
"""
ACCEPT = """
mutation($id: ID!, $r: String!) {
  acceptPromotionProposal(id: $id, reason: $r) {
    __typename ... on PromotionJobSuccess { job { id kind state } } ... on Error { message }
  }
}
"""
DECLINE = """
mutation($id: ID!, $r: String!) {
  declinePromotionProposal(id: $id, reason: $r) {
    __typename ... on ProposalDeclinedSuccess { proposal { status decidedBy decisionReason } } ... on Error { message }
  }
}
"""
PREDICT = 'query($m: String!) { predict(model: $m, inputs: ["lovely superb"]) { ... on Prediction { version } } }'


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


def _flipped_rows(count: int) -> list[dict[str, Any]]:
    """Items whose label is the opposite of what their words say (a model trained on them is wrong)."""
    rng = random.Random(11)  # noqa: S311 - test data
    rows = []
    for number in range(count):
        said = "pos" if number % 2 == 0 else "neg"
        words = rng.choices(WORDS[said], k=4) + rng.choices(FILLER, k=8)
        rows.append(
            {
                "id": f"f{number:05d}",
                "text": " ".join(words),
                "label": "neg" if said == "pos" else "pos",
                "metadata": {"batch": "flipped"},
            }
        )
    return rows


@pytest.fixture(scope="module")
def models(admin: str) -> tuple[str, str, str]:
    """A dataset (80 gold items, plus 40 with flipped labels) with a frozen evaluation set of 20 of the 80, and two
    versions: `good` (trained on the right labels) and `bad` (trained on the flipped ones only)."""
    dataset = labelled_text_dataset(admin, items=80)
    assert import_file(admin, dataset, jsonl(_flipped_rows(40)), "flipped.jsonl")["state"] == "SUCCEEDED"
    frozen = post(FREEZE, {"d": dataset, "s": 20, "seed": 5}, admin)["data"]["freezeEvaluationSet"]
    assert frozen["__typename"] == "EvaluationSetSuccess", frozen
    good = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 6}))
    bad = wait_for_run(
        admin,
        started(admin, dataset, "TFIDF_SGD", {"epochs": 6}, f={"metadata": [{"key": "batch", "values": ["flipped"]}]}),
    )
    assert (good["state"], bad["state"]) == ("SUCCEEDED", "SUCCEEDED"), (good, bad)
    return dataset, good["modelVersion"], bad["modelVersion"]


def _settings() -> Settings:
    """The stack's services, as the worker and the API build them (for calls no GraphQL operation makes)."""
    return Settings(
        mongo_uri=MONGO_URI,
        mongo_db=MONGO_DB,
        elasticsearch_url=ES_URL,
        redis_url=REDIS_URL,
        mlflow_url=f"http://127.0.0.1:{MLFLOW_PORT}/mlflow",
    )


def _evaluation_ids(dataset: str) -> list[str]:
    head = stored_document("evaluation_sets", dataset)
    assert head is not None
    ids: list[str] = []
    for number in range(-(-head["size"] // 1000)):
        chunk = stored_document("evaluation_chunks", f"{dataset}:{head['generation']}:{number}")
        assert chunk is not None
        ids += chunk["ids"]
    return sorted(ids)


def test_freezing_an_evaluation_set_samples_gold_items_and_a_refreeze_keeps_the_record(admin: str) -> None:
    # given a dataset of 40 gold items
    dataset = labelled_text_dataset(admin, items=40, seed=2)
    # when an ADMIN freezes a quarter, then refreezes 10 items with another seed
    first = post(FREEZE, {"d": dataset, "f": 0.25, "seed": 1}, admin)["data"]["freezeEvaluationSet"]
    again = post(FREEZE, {"d": dataset, "s": 10, "seed": 2}, admin)["data"]["freezeEvaluationSet"]
    # then each set holds that many gold items, and the second records the first it replaced
    assert first["evaluationSet"]["size"] == 10
    assert first["evaluationSet"]["generation"] == 1
    assert sum(c["count"] for c in first["evaluationSet"]["labelCounts"]) == 10
    assert again["evaluationSet"]["generation"] == 2
    assert again["evaluationSet"]["replaced"] == [
        {"generation": 1, "size": 10, "frozenBy": "admin", "replacedBy": "admin"}
    ]
    assert len(_evaluation_ids(dataset)) == 10
    assert stored_document("evaluation_chunks", f"{dataset}:1:0") is None  # the replaced set's ids are gone


def test_freezing_refuses_bad_sizes_and_a_user(admin: str) -> None:
    dataset = labelled_text_dataset(admin, items=10, seed=4)
    both = post(FREEZE, {"d": dataset, "s": 3, "f": 0.2, "seed": 1}, admin)["data"]["freezeEvaluationSet"]
    assert both["__typename"] == "ValidationError"
    denied = post(FREEZE, {"d": dataset, "s": 3, "seed": 1}, login("user", "user"))
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert stored_document("evaluation_sets", dataset) is None


def test_no_training_includes_an_evaluation_item(admin: str, models: tuple[str, str, str]) -> None:
    # given the dataset's evaluation set and a run trained on every labelled item
    dataset, good, _ = models
    evaluation = _evaluation_ids(dataset)
    run = post(EVALUATION, {"n": dataset, "v": good}, admin)["data"]["modelVersion"]["run"]
    assert run is not None
    # then the run's snapshot is every labelled item but the evaluation items
    every = [f"{dataset}:t{n:05d}" for n in range(80)] + [f"{dataset}:f{n:05d}" for n in range(40)]
    expected = sorted(set(every) - set(evaluation))
    frozen = run_data(admin, run["id"])
    assert len(evaluation) == 20
    assert frozen["itemCount"] == 100
    assert frozen["items"]["totalCount"] == 100
    assert sorted(node["itemId"] for node in frozen["items"]["nodes"]) == expected


def test_the_gate_keeps_production_leaves_a_proposal_and_an_override_promotes(
    admin: str, models: tuple[str, str, str]
) -> None:
    # given the good version in production (the first promotion passes)
    dataset, good, bad = models
    first = promote_and_wait(admin, dataset, good, "first")
    assert first["gate"]["passed"] is True
    # when the bad version is promoted
    job = finished(admin, promote(admin, dataset, bad, "flipped labels"))
    # then the gate failed: production stays, a proposal waits with both versions' figures
    assert job["result"]["outcome"] == "PROPOSED", job
    assert latest_event(admin, dataset)["version"] == good
    proposal = post(PROPOSALS, {"n": dataset}, admin)["data"]["promotionProposals"]["nodes"][0]
    assert (proposal["id"], proposal["version"], proposal["status"]) == (job["id"], bad, "OPEN")
    assert proposal["gate"]["passed"] is False
    assert "caution" not in proposal["gate"]["note"]  # production was trained after the freeze
    assert proposal["gate"]["candidate"]["macro_f1"] < proposal["gate"]["production"]["macro_f1"] - 0.01
    figures = post(EVALUATION, {"n": dataset, "v": bad}, admin)["data"]["modelVersion"]["evaluation"]
    assert figures["itemCount"] == 20
    assert figures["macroF1"] == proposal["gate"]["candidate"]["macro_f1"]
    # when an ADMIN accepts it with a reason
    accepted = post(ACCEPT, {"id": proposal["id"], "r": "testing the override"}, admin)["data"]
    override = finished(admin, {"__typename": "PromotionJobSuccess", **accepted["acceptPromotionProposal"]})
    # then the bad version is in production, the event records the override and the failed gate
    assert override["result"]["outcome"] == "PROMOTED", override
    event = latest_event(admin, dataset)
    assert (event["version"], event["previousVersion"], event["overrideReason"]) == (bad, good, "testing the override")
    assert event["gate"]["passed"] is False
    decided = post(PROPOSALS, {"n": dataset}, admin)["data"]["promotionProposals"]["nodes"][0]
    assert (decided["status"], decided["decidedBy"], decided["promotionJobId"]) == ("ACCEPTED", "admin", override["id"])
    # and accepting it again is refused
    again = post(ACCEPT, {"id": proposal["id"], "r": "twice"}, admin)["data"]["acceptPromotionProposal"]
    assert again["__typename"] == "ProposalNotOpenError"
    # when the good version is promoted again over the bad one, the gate passes and records both figures
    back = promote_and_wait(admin, dataset, good, "the right labels")
    assert back["gate"]["passed"] is True
    assert back["gate"]["production"]["version"] == bad
    assert back["gate"]["candidate"]["macro_f1"] > back["gate"]["production"]["macro_f1"]
    assert back["overrideReason"] is None


def test_the_gate_cautions_when_production_was_trained_before_the_evaluation_set(admin: str) -> None:
    # given a version trained and promoted before the dataset had an evaluation set, then a freeze, then a candidate
    dataset = labelled_text_dataset(admin, items=40, seed=9)
    early = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 3}))
    promote_and_wait(admin, dataset, early["modelVersion"], "before the freeze")
    assert post(FREEZE, {"d": dataset, "s": 10, "seed": 2}, admin)["data"]["freezeEvaluationSet"]["__typename"] == (
        "EvaluationSetSuccess"
    )
    later = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 3}))
    # when the candidate goes through the gate
    job = finished(admin, promote(admin, dataset, later["modelVersion"], "after the freeze", "PROPOSE"))
    # then the gate's note says production's figures may be flattering, and what to do
    note = job["result"]["gate"]["note"]
    assert f"caution: production version {early['modelVersion']} was trained before this evaluation set" in note
    assert note.endswith("accept the proposal with a reason, or retrain production")


def test_a_proposal_can_be_declined_and_production_stays(admin: str, models: tuple[str, str, str]) -> None:
    # given a proposal left by PROPOSE mode
    dataset, good, bad = models
    promote_and_wait(admin, dataset, good, "baseline")
    job = finished(admin, promote(admin, dataset, bad, "just a proposal", mode="PROPOSE"))
    assert job["result"]["outcome"] == "PROPOSED"
    # when an ADMIN declines it
    declined = post(DECLINE, {"id": job["id"], "r": "not this one"}, admin)["data"]["declinePromotionProposal"]
    # then it is closed with the reason, and production did not change
    assert declined["proposal"] == {"status": "DECLINED", "decidedBy": "admin", "decisionReason": "not this one"}
    assert latest_event(admin, dataset)["version"] == good
    assert post(DECLINE, {"id": job["id"], "r": "x"}, admin)["data"]["declinePromotionProposal"]["__typename"] == (
        "ProposalNotOpenError"
    )


def test_batch_scoring_follows_a_promotion(admin: str, models: tuple[str, str, str]) -> None:
    # given unlabelled items
    dataset, good, _ = models
    rows = [{"id": f"s{n}", "text": text} for n, text in enumerate(["lovely superb", "awful gloomy"])]
    assert import_file(admin, dataset, jsonl(rows), "unlabelled.jsonl")["state"] == "SUCCEEDED"
    # when a version is promoted
    job = finished(admin, promote(admin, dataset, good, "scoring follows"))
    # then the job queued a BATCH_SCORING job of the dataset, listed with its jobs, and the items carry suggestions
    scoring = wait_for_job(admin, job["result"]["scoring_job_id"])
    assert (scoring["kind"], scoring["state"]) == ("BATCH_SCORING", "SUCCEEDED")
    listed = post("query($d: ID) { jobs(datasetId: $d, first: 50) { nodes { id kind } } }", {"d": dataset}, admin)
    assert {"id": scoring["id"], "kind": "BATCH_SCORING"} in listed["data"]["jobs"]["nodes"]
    assert {"id": job["id"], "kind": "PROMOTION"} in listed["data"]["jobs"]["nodes"]
    item = post("query($i: ID!) { item(id: $i) { suggestion { version } } }", {"i": f"{dataset}:s0"}, admin)
    assert item["data"]["item"]["suggestion"]["version"] == good


def _served_by_every_replica(token: str, model: str) -> set[str]:
    versions = set()
    for replica in (1, 2):  # api-1 and api-2
        url = f"http://127.0.0.1:{API_BASE_PORT + replica}/graphql"
        response = httpx.post(
            url, json={"query": PREDICT, "variables": {"m": model}}, headers={"Authorization": f"Bearer {token}"}
        )
        versions.add(response.json()["data"]["predict"]["version"])
    return versions


def _agree(model: str) -> tuple[str | None, str | None]:
    head = stored_document("model_heads", model) or {}
    tracking = MlflowTracking(f"http://127.0.0.1:{MLFLOW_PORT}/mlflow")
    return (head.get("stack") or [None])[-1], tracking.alias_version(model, "production")


async def test_a_worker_killed_during_a_promotion_leaves_mlflow_mongodb_and_every_replica_agreeing(
    admin: str, models: tuple[str, str, str]
) -> None:
    # given the bad version in production, a gate that lets the good one pass, and a new evaluation set (the job
    # must load both versions from MLflow to score them)
    dataset, good, bad = models
    gate = (
        "mutation($n: String!) { setPromotionGate(name: $n, macroF1Tolerance: 1, recallDropTolerance: 1) "
        "{ __typename } }"
    )
    post(gate, {"n": dataset}, admin)
    await asyncio.to_thread(promote_and_wait, admin, dataset, bad, "before the kill")
    refrozen = post(FREEZE, {"d": dataset, "s": 20, "seed": 9}, admin)["data"]["freezeEvaluationSet"]
    assert refrozen["__typename"] == "EvaluationSetSuccess"
    # when a promotion job of the good version is caught scoring (MLflow paused, so it waits there), and the worker
    # running it is killed
    mlflow = os.getpgid(service_pid("mlflow"))
    services = Services.create(_settings())
    os.killpg(mlflow, signal.SIGSTOP)
    try:
        params = {"model": dataset, "action": "PROMOTE", "version": good, "mode": "AUTO", "reason": "killed midway"}
        job_id = (await services.jobs.submit(JobKind.PROMOTION, "admin", dataset, params)).id

        def scoring() -> bool:
            job = post("query($id: ID!) { job(id: $id) { message } }", {"id": job_id}, admin)["data"]["job"]
            return bool(job["message"].startswith("scoring"))

        await asyncio.to_thread(wait_for, scoring, 60, "the job to score the versions")
        os.kill(service_pid("worker"), signal.SIGKILL)
    finally:
        os.killpg(mlflow, signal.SIGCONT)
        await services.close()
    # then the job's next attempt finishes it, and MongoDB, MLflow and every replica agree on the good version
    ended = await asyncio.to_thread(wait_for_job, admin, job_id, 150)
    assert ended["state"] == "SUCCEEDED", ended
    assert (stored_document("jobs", job_id) or {})["attempt"] == 2
    assert _agree(dataset) == (good, good)
    await asyncio.to_thread(
        wait_for, lambda: _served_by_every_replica(admin, dataset) == {good}, 30, "every replica to serve the version"
    )


def test_a_stale_mlflow_alias_is_repaired_from_mongodb_and_replicas_serve_mongodb(
    admin: str, models: tuple[str, str, str]
) -> None:
    # given the good version in production, and MLflow's alias moved behind Labelloop's back (a crash's leftover)
    dataset, good, bad = models
    promote_and_wait(admin, dataset, good, "the truth")
    MlflowTracking(f"http://127.0.0.1:{MLFLOW_PORT}/mlflow").set_alias(dataset, "production", bad)
    # then every replica keeps serving MongoDB's version, and the worker puts MLflow's alias back within 40 s
    assert _served_by_every_replica(admin, dataset) == {good}
    wait_for(lambda: _agree(dataset) == (good, good), 40, "the worker to repair MLflow's alias")


async def test_an_automation_submits_a_promotion_under_its_own_name(admin: str, models: tuple[str, str, str]) -> None:
    # given the promotion service as automations call it (not a user: the actor is a name)
    dataset, _, bad = models
    services = Services.create(_settings())
    # when it submits a version in PROPOSE mode
    try:
        job = await services.promotions.submit("automation", dataset, bad, "retrained", mode=PromotionMode.PROPOSE)
    finally:
        await services.close()
    ended = await asyncio.to_thread(wait_for_job, admin, job.id)
    # then the worker ran it and left a proposal in the automation's name
    proposal = post(PROPOSALS, {"n": dataset}, admin)["data"]["promotionProposals"]["nodes"][0]
    assert (job.created_by, ended["result"]["outcome"]) == ("automation", "PROPOSED")
    assert (proposal["id"], proposal["proposedBy"], proposal["status"]) == (job.id, "automation", "OPEN")


async def test_a_retried_job_applies_its_change_to_the_production_stack_once() -> None:
    # given a model's production stack, as a PROMOTION job's next attempt finds it after a crash
    mongo = MongoClient(MONGO_URI, MONGO_DB)
    heads = ModelRepository(mongo.db, None)  # type: ignore[arg-type]  # the stack is MongoDB's only
    model = f"retry-{os.getpid()}-{time.time_ns()}"
    try:
        # when job A promotes version 1 twice (its retry), job B promotes 2, and job C rolls back twice
        first = await heads.apply(model, "job_a", "1")
        again = await heads.apply(model, "job_a", "1")
        second = await heads.apply(model, "job_b", "2")
        back = await heads.apply(model, "job_c", None)
        back_again = await heads.apply(model, "job_c", None)
        stack = await heads.production_stack(model)
    finally:
        await mongo.close()
    # then each job made one change, with one event number each, the same on its retry
    assert (first, again, second) == ((1, []), (1, []), (2, ["1"]))
    assert (back[0], back_again[0]) == (3, 3)
    assert stack == ["1"]
