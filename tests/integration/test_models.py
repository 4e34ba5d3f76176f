"""Promotion with history and rollback, hot swap under load on both replicas, predict, monitoring, batch scoring
and the UNCERTAINTY queue, the feedback loop."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from backend.models.pending import digest
from tests.api import login, post
from tests.data import import_file, jsonl, wait_for_job
from tests.promotion import PROMOTE, ROLLBACK, promote, promote_and_wait, rollback_and_wait
from tests.stack import GRAPHQL_URL, MONGO_DB, MONGO_URI, wait_for
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
PREDICT = """
query($m: String!, $i: [JSON!]!) {
  predict(model: $m, inputs: $i) {
    __typename
    ... on Prediction { version replica rows { label confidence probabilities { label probability } } }
    ... on ValidationError { fieldErrors { field message } }
    ... on Error { message }
  }
}
"""


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def trained(admin: str) -> tuple[str, list[str]]:
    """A dataset with two trained versions of its model."""
    dataset = labelled_text_dataset(admin, items=80)
    versions = []
    for epochs in (3, 6):
        run = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": epochs}))
        assert run["state"] == "SUCCEEDED", run
        versions.append(run["modelVersion"])
    return dataset, versions


def test_promotion_and_rollback_are_recorded_for_ever(admin: str, trained: tuple[str, list[str]]) -> None:
    model, (v1, v2) = trained
    first = promote_and_wait(admin, model, v1, "first model")
    assert first["previousVersion"] is None
    assert first["metrics"]["accuracy"] > 0.5
    second = promote_and_wait(admin, model, v2, "more epochs")
    assert second["previousVersion"] == v1
    back = rollback_and_wait(admin, model, "v2 misbehaves")
    assert (back["action"], back["version"], back["previousVersion"]) == ("ROLLBACK", v1, v2)
    history = post(
        "query($n: String!) { promotionHistory(name: $n) { nodes { action version previousVersion actor reason } } }",
        {"n": model},
        admin,
    )["data"]["promotionHistory"]["nodes"]
    assert [(h["action"], h["version"], h["reason"]) for h in history] == [
        ("ROLLBACK", v1, "v2 misbehaves"),
        ("PROMOTE", v2, "more epochs"),
        ("PROMOTE", v1, "first model"),
    ]
    assert {h["actor"] for h in history} == {"admin"}
    nothing_before = post(ROLLBACK, {"n": model, "r": "again"}, admin)["data"]["rollbackModel"]
    assert nothing_before["__typename"] == "NoPreviousVersionError"
    registry = post(
        "query { registeredModels(first: 200) { nodes { name productionVersion "
        "versions { nodes { version isProduction run { id state } } } } } }",
        {},
        admin,
    )["data"]["registeredModels"]["nodes"]
    mine = next(m for m in registry if m["name"] == model)
    assert mine["productionVersion"] == v1
    assert [v["version"] for v in mine["versions"]["nodes"] if v["isProduction"]] == [v1]
    assert all(v["run"]["state"] == "SUCCEEDED" for v in mine["versions"]["nodes"])


HISTORY_PAGE = """
query($n: String!, $first: Int!, $after: String) {
  promotionHistory(name: $n, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id }
  }
}
"""
VERSIONS_PAGE = """
query($first: Int!, $after: String) {
  registeredModels(first: 200) {
    nodes {
      name
      versions(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { version } }
    }
  }
}
"""


def _walk(admin: str, query: str, variables: dict[str, Any], page_of: Any) -> tuple[list[str], list[int]]:
    """The ids of every node of a list read one a page, and the total each page told."""
    ids: list[str] = []
    totals: list[int] = []
    after = None
    while True:
        page = page_of(post(query, {**variables, "first": 1, "after": after}, admin)["data"])
        ids += [next(iter(node.values())) for node in page["nodes"]]
        totals.append(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return ids, totals
        after = page["pageInfo"]["endCursor"]


def test_promotion_history_and_versions_page_one_at_a_time_in_the_order_of_the_whole(
    admin: str, trained: tuple[str, list[str]]
) -> None:
    # given a model with two versions and at least two promotions
    model, (v1, v2) = trained
    promote_and_wait(admin, model, v1, "paged one")
    promote_and_wait(admin, model, v2, "paged two")
    whole = post(HISTORY_PAGE, {"n": model, "first": 200}, admin)["data"]["promotionHistory"]
    # when the history and the versions are read one node a page
    events, event_totals = _walk(admin, HISTORY_PAGE, {"n": model}, lambda data: data["promotionHistory"])
    versions, version_totals = _walk(
        admin,
        VERSIONS_PAGE,
        {},
        lambda data: next(m for m in data["registeredModels"]["nodes"] if m["name"] == model)["versions"],
    )
    # then the pages put together are the whole list, newest first, each telling the total
    assert events == [e["id"] for e in whole["nodes"]] == sorted(events, reverse=True)
    assert set(event_totals) == {whole["totalCount"]}
    assert len(events) == whole["totalCount"] >= 2
    assert versions == [v2, v1]
    assert version_totals == [2, 2]


def test_promotion_needs_a_reason_and_a_real_version(admin: str, trained: tuple[str, list[str]]) -> None:
    model, (v1, _) = trained
    blank = promote(admin, model, v1, "  ")
    assert blank["__typename"] == "ValidationError"
    assert blank["fieldErrors"][0]["field"] == "reason"
    assert promote(admin, model, "999", "x")["__typename"] == "ModelVersionNotFoundError"
    assert promote(admin, "no-such-model", "1", "x")["__typename"] == "ModelNotFoundError"


def test_a_user_may_predict_but_not_promote(trained: tuple[str, list[str]]) -> None:
    model, (v1, _) = trained
    user = login("user", "user")
    denied = post(PROMOTE, {"n": model, "v": v1, "r": "please"}, user)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    allowed = post(PREDICT, {"m": model, "i": ["lovely superb day"]}, user)["data"]["predict"]
    assert allowed["__typename"] in ("Prediction", "NoProductionVersionError")


def test_predict_validates_its_inputs(admin: str, trained: tuple[str, list[str]]) -> None:
    model, (v1, _) = trained
    promote_and_wait(admin, model, v1, "for validation")
    result = post(PREDICT, {"m": model, "i": ["fine", 3, {"txt": "x"}]}, admin)["data"]["predict"]
    assert result["__typename"] == "ValidationError"
    assert [e["field"] for e in result["fieldErrors"]] == ["inputs.1", "inputs.2"]
    too_many = post(PREDICT, {"m": model, "i": ["x"] * 1001}, admin)["data"]["predict"]
    assert too_many["fieldErrors"][0]["field"] == "inputs"
    good = post(PREDICT, {"m": model, "i": ["lovely superb happy", {"text": "awful dreadful gloomy"}]}, admin)
    rows = good["data"]["predict"]["rows"]
    assert [r["label"] for r in rows] == ["pos", "neg"]
    assert all(abs(sum(p["probability"] for p in r["probabilities"]) - 1) < 1e-6 for r in rows)


async def test_every_replica_serves_a_promoted_version_within_2_s_and_no_request_fails(
    admin: str, trained: tuple[str, list[str]]
) -> None:
    # given version 1 in production and a steady load of predictions through Nginx
    model, (v1, v2) = trained
    promote_and_wait(admin, model, v1, "baseline")
    failures: list[str] = []
    first_seen: dict[str, float] = {}  # replica → when it first answered with v2
    answered: dict[str, int] = {}
    stop = asyncio.Event()

    async def client(number: int) -> None:
        transport = httpx.AsyncHTTPTransport(local_address=f"127.0.79.{number + 1}")
        async with httpx.AsyncClient(transport=transport, timeout=10) as http:
            while not stop.is_set():
                try:
                    response = await http.post(
                        GRAPHQL_URL,
                        json={"query": PREDICT, "variables": {"m": model, "i": ["superb lovely"]}},
                        headers={"Authorization": f"Bearer {admin}"},
                    )
                    result = response.json()["data"]["predict"]
                    assert result["__typename"] == "Prediction", result
                except Exception as exc:
                    failures.append(repr(exc)[:300])
                    continue
                answered[result["replica"]] = answered.get(result["replica"], 0) + 1
                if result["version"] == v2 and result["replica"] not in first_seen:
                    first_seen[result["replica"]] = time.monotonic()
                await asyncio.sleep(0.01)

    clients = [asyncio.create_task(client(n)) for n in range(8)]
    await asyncio.sleep(2)
    # when version 2 is promoted (its PROMOTION job ends)
    promoted = await asyncio.to_thread(promote_and_wait, admin, model, v2, "hot swap under load")
    at = time.monotonic()
    assert promoted["version"] == v2, promoted
    await asyncio.sleep(4)
    stop.set()
    await asyncio.gather(*clients)
    # then no request failed, and both replicas answered with version 2 within 2 s
    assert failures == [], failures[:5]
    assert set(answered) == {"api-1", "api-2"}, answered
    assert set(first_seen) == {"api-1", "api-2"}, first_seen
    assert max(first_seen.values()) - at <= 2.0, {r: round(t - at, 3) for r, t in first_seen.items()}


def test_monitoring_counts_what_was_predicted(admin: str, trained: tuple[str, list[str]]) -> None:
    model, (v1, _) = trained
    promote_and_wait(admin, model, v1, "for monitoring")
    text = f"lovely superb {time.time_ns()}"
    for _ in range(13):  # 52 rows: above monitoring's minimum sample of 50
        post(PREDICT, {"m": model, "i": [text] * 4}, admin)
    query = """query($n: String!, $v: String) { modelMonitoring(name: $n, version: $v, minutes: 30) {
      total latencyP50Ms latencyP95Ms labels { value count } trainingLabels { value count } psi jensenShannon
      confidenceHistogram { value count } perMinute { count } } }"""

    def enough() -> bool:
        return post(query, {"n": model, "v": v1}, admin)["data"]["modelMonitoring"]["total"] >= 52

    wait_for(enough, 20, "the predictions to be logged and indexed")
    figures = post(query, {"n": model, "v": v1}, admin)["data"]["modelMonitoring"]
    assert figures["latencyP95Ms"] is not None
    assert sum(b["count"] for b in figures["confidenceHistogram"]) == figures["total"]
    assert sum(b["count"] for b in figures["perMinute"]) == figures["total"]
    assert {b["value"] for b in figures["trainingLabels"]} == {"pos", "neg"}
    assert figures["psi"] is not None
    assert figures["psi"] > 0  # only "pos" predicted, against a 50/50 training set

    # MongoDB keeps every row, in chunk documents of JSON lines (a test may scan: the collection is small here)
    def logged() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
            chunks = list(mongo[MONGO_DB]["predictions"].find({"format": "jsonl"}))
        assert all(chunk["count"] == len(chunk["rows"].split("\n")) for chunk in chunks)
        rows = [json.loads(line) for chunk in chunks for line in chunk["rows"].split("\n")]
        return rows, [r for r in rows if r["input_digest"] == digest(text)]

    wait_for(lambda: len(logged()[1]) >= 52, 20, "this test's predictions in MongoDB")
    rows, mine = logged()
    assert len(mine) == 52, mine[:3]
    assert {(r["model"], r["version"], r["label"]) for r in mine} == {(model, v1, "pos")}
    assert len({r["id"] for r in rows}) == len(rows), "a prediction stored twice"


def test_a_batch_gives_each_row_what_it_gives_alone_and_logs_every_row(
    admin: str, trained: tuple[str, list[str]]
) -> None:
    # given the production version and 200 texts never predicted before (a batch above the shared-call size)
    model, (v1, _) = trained
    promote_and_wait(admin, model, v1, "for batches")
    words = ["lovely superb happy", "awful dreadful gloomy", "fine day", "dreadful lovely"]
    texts = [f"{words[n % 4]} {time.time_ns()}-{n}" for n in range(200)]

    # when they are predicted in one call, and the first 12 again one per call
    batch = post(PREDICT, {"m": model, "i": texts}, admin)["data"]["predict"]
    alone = [post(PREDICT, {"m": model, "i": [text]}, admin)["data"]["predict"] for text in texts[:12]]

    # then each row of the batch is what the row alone gives: label, confidence, probabilities
    assert batch["version"] == v1
    assert len(batch["rows"]) == 200
    assert batch["rows"][:12] == [a["rows"][0] for a in alone]

    # and every row of the batch is logged (off the request path), with its label and confidence
    def logged() -> dict[str, dict[str, Any]]:
        with MongoClient(MONGO_URI, serverSelectionTimeoutMS=3000) as mongo:
            chunks = list(mongo[MONGO_DB]["predictions"].find({"format": "jsonl"}))
        rows = [json.loads(line) for chunk in chunks for line in chunk["rows"].split("\n")]
        wanted = {digest(text) for text in texts}
        return {r["input_digest"]: r for r in rows if r["input_digest"] in wanted and r["source"] == "PRODUCTION"}

    wait_for(lambda: len(logged()) == 200, 20, "the batch's 200 rows in the prediction log")
    mine = logged()
    assert [(mine[digest(t)]["label"], mine[digest(t)]["confidence"]) for t in texts] == [
        (r["label"], r["confidence"]) for r in batch["rows"]
    ]
    assert {(r["model"], r["version"]) for r in mine.values()} == {(model, v1)}


def test_batch_scoring_sets_uncertainty_and_the_queue_follows_it(admin: str, trained: tuple[str, list[str]]) -> None:
    model, (v1, _) = trained
    promote_and_wait(admin, model, v1, "for scoring")
    # given unlabelled items of the same dataset, some clear and some ambiguous
    texts = ["lovely superb happy", "awful dreadful", "lovely awful", "the a of", "superb gloomy happy sad"]
    rows = [{"id": f"u{n}", "text": text} for n, text in enumerate(texts)]
    assert import_file(admin, model, jsonl(rows), "unlabelled.jsonl")["state"] == "SUCCEEDED"
    # when the dataset is scored
    result = post(
        "mutation($d: ID!) { scoreDataset(datasetId: $d) { __typename ... on ScoringJobSuccess { job { id } } } }",
        {"d": model},
        admin,
    )["data"]["scoreDataset"]
    assert result["__typename"] == "ScoringJobSuccess", result
    job = wait_for_job(admin, result["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    assert job["done"] == len(texts)
    # then every unlabelled item has a suggestion with an uncertainty
    uncertainty = {}
    for n in range(len(texts)):
        item = post(
            "query($i: ID!) { item(id: $i) { suggestion { label confidence uncertainty version } } }",
            {"i": f"{model}:u{n}"},
            admin,
        )["data"]["item"]
        assert item["suggestion"] is not None
        assert item["suggestion"]["version"] == v1
        uncertainty[f"{model}:u{n}"] = item["suggestion"]["uncertainty"]
    # and the UNCERTAINTY queue hands them out most uncertain first (once the index has the suggestions)
    time.sleep(2)
    annotator = login("user", "user")
    order = []
    for _ in range(len(texts)):
        queued = post(
            "query($d: ID!, $x: [ID!]) { nextItem(datasetId: $d, strategy: UNCERTAINTY, exclude: $x) "
            "{ __typename ... on QueuedItem { item { id } } } }",
            {"d": model, "x": order},
            annotator,
        )["data"]["nextItem"]
        assert queued["__typename"] == "QueuedItem", queued
        order.append(queued["item"]["id"])
    assert order == sorted(uncertainty, key=lambda i: (-uncertainty[i], i))


def test_doubtful_predictions_are_queued_for_annotation(admin: str, trained: tuple[str, list[str]]) -> None:
    model, (v1, _) = trained
    promote_and_wait(admin, model, v1, "for feedback")
    feedback = labelled_text_dataset(admin, items=4)
    answer = post(
        "mutation($m: String!, $d: ID) { setFeedbackLoop(model: $m, datasetId: $d, threshold: 1.0) { __typename } }",
        {"m": model, "d": feedback},
        admin,
    )
    assert answer["data"]["setFeedbackLoop"]["__typename"] == "FeedbackLoopSuccess"
    time.sleep(11)  # each replica caches the loop's settings for 10 s
    post(PREDICT, {"m": model, "i": ["a text nobody labelled yet"]}, admin)
    query = """query($d: ID!) { search(datasetId: $d, query: "nobody labelled") { ... on SearchResults {
      totalCount nodes { metadata { key value } } } } }"""
    wait_for(lambda: post(query, {"d": feedback}, admin)["data"]["search"]["totalCount"] == 1, 20, "the feedback item")
    post("mutation($m: String!) { setFeedbackLoop(model: $m, datasetId: null) { __typename } }", {"m": model}, admin)
