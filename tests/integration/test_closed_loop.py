"""The loop turns by itself: labelling is the only human step.

A model in production scored its dataset; an automation in AUTO mode waits for N new labels. An annotator labels N
items that teach the model words it has never seen; then, with nobody acting: a training run starts, its version
goes through a promotion job (the gate on the evaluation set) and is promoted, batch scoring follows, and the
UNCERTAINTY queue's first item changes. Every step is a job of the dataset, started by the automation.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.api import login, post
from tests.data import import_file, jsonl, wait_for_job
from tests.promotion import promote_and_wait
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
THRESHOLD = 6
AUTOMATE = """
mutation($m: String!, $n: Int!) {
  setAutomation(model: $m, labelThreshold: $n, mode: AUTO) { __typename ... on Error { message } }
}
"""
FREEZE = """
mutation($d: ID!) { freezeEvaluationSet(datasetId: $d, size: 10, seed: 3) { __typename ... on Error { message } } }
"""
PAUSE = "mutation($m: String!) { pauseAutomation(model: $m, paused: true) { __typename } }"
AUTOMATION = "query($m: String!) { automation(model: $m) { lastRun { runId handoff } } }"
ITEM = "query($i: ID!) { item(id: $i) { suggestion { version uncertainty } } }"
NEXT = """
query($d: ID!) { nextItem(datasetId: $d, strategy: UNCERTAINTY) { __typename ... on QueuedItem { item { id } } } }
"""
JOBS = "query($d: ID) { jobs(datasetId: $d, first: 100) { nodes { id kind state createdBy createdAt } } }"
ANNOTATE = "mutation($i: ID!, $l: String!) { annotateItem(itemId: $i, label: $l) { __typename } }"

# Unlabelled items: `unknown` has only words the first model never saw (its uncertainty is the prior's), `leaning`
# one positive word among fillers; `teach*` will be labelled: they make the unknown words positive.
UNLABELLED = {
    "unknown": "zebra quokka zebra quokka",
    "leaning": "lovely the of and to in is",
    **{f"teach{n}": f"zebra quokka {'zebra ' * (n % 3)}the a of" for n in range(THRESHOLD)},
}


def _wait(what: str, check: Any, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while not (found := check()):
        assert time.monotonic() < deadline, f"{what}: not after {timeout_s}s"
        time.sleep(0.5)
    return found


def _suggested_by(admin: str, item_ids: list[str], version: str) -> dict[str, float] | None:
    """Each item's uncertainty once every one of them carries a suggestion of `version`, else None."""
    found = {i: post(ITEM, {"i": i}, admin)["data"]["item"]["suggestion"] for i in item_ids}
    if any(s is None or s["version"] != version for s in found.values()):
        return None
    return {i: s["uncertainty"] for i, s in found.items()}


def _first_in_queue(token: str, dataset: str) -> str:
    """The UNCERTAINTY queue's first item for the annotator (the items they hold stay in their queue, in order)."""
    queued = post(NEXT, {"d": dataset}, token)["data"]["nextItem"]
    assert queued["__typename"] == "QueuedItem", queued
    item_id: str = queued["item"]["id"]
    return item_id


def test_labelling_alone_retrains_promotes_rescores_and_moves_the_uncertainty_queue() -> None:
    # given a dataset with an evaluation set, its first model (naive Bayes) in production, its items scored
    admin = login("admin", "admin")
    dataset = labelled_text_dataset(admin, items=40)
    rows = [{"id": key, "text": text} for key, text in UNLABELLED.items()]
    assert import_file(admin, dataset, jsonl(rows), "unlabelled.jsonl")["state"] == "SUCCEEDED"
    ids = {key: f"{dataset}:{key}" for key in UNLABELLED}
    assert post(FREEZE, {"d": dataset}, admin)["data"]["freezeEvaluationSet"]["__typename"] == "EvaluationSetSuccess"
    first = wait_for_run(admin, started(admin, dataset, "TFIDF_MULTINOMIAL_NB"))
    assert first["state"] == "SUCCEEDED", first
    v1 = first["modelVersion"]
    promote_and_wait(admin, dataset, v1, "the first model")
    before = _wait("scoring by v1", lambda: _suggested_by(admin, list(ids.values()), v1), 120)
    annotator = login("user", "user")
    time.sleep(2)  # the index refreshes each second: the queue reads the suggestions from it
    assert _first_in_queue(annotator, dataset) == ids["unknown"]
    # and an automation that retrains after THRESHOLD new labels and promotes by itself
    set_result = post(AUTOMATE, {"m": dataset, "n": THRESHOLD}, admin)["data"]["setAutomation"]
    assert set_result["__typename"] == "AutomationSuccess", set_result
    # when the annotator labels THRESHOLD items, and nobody does anything else
    for n in range(THRESHOLD):
        labelled = post(ANNOTATE, {"i": ids[f"teach{n}"], "l": "pos"}, annotator)["data"]["annotateItem"]
        assert labelled["__typename"] == "ItemSuccess", labelled
    # then a run starts by itself and its version is handed to a promotion job
    handoff = _wait(
        "the hand-over to promotion",
        lambda: (post(AUTOMATION, {"m": dataset}, admin)["data"]["automation"]["lastRun"] or {}).get("handoff"),
        300,
    )
    post(PAUSE, {"m": dataset}, admin)
    handed = re.fullmatch(r"version (\S+) handed to promotion job (\S+) \(AUTO\)", handoff)
    assert handed is not None, handoff
    v2, promotion_id = handed.groups()
    assert v2 != v1
    # which passes the gate and promotes it
    promotion = wait_for_job(admin, promotion_id, 120)
    assert (promotion["state"], promotion["result"]["outcome"]) == ("SUCCEEDED", "PROMOTED"), promotion
    # then batch scoring follows, and every unlabelled item carries the new version's suggestion
    scoring = wait_for_job(admin, promotion["result"]["scoring_job_id"], 120)
    assert scoring["state"] == "SUCCEEDED", scoring
    unlabelled = [ids["unknown"], ids["leaning"]]
    after = _suggested_by(admin, unlabelled, v2)
    assert after is not None
    # and the UNCERTAINTY queue's first item changed: the unknown words are known now
    assert after[ids["unknown"]] < before[ids["unknown"]]
    assert after[ids["unknown"]] < after[ids["leaning"]]
    time.sleep(2)
    assert _first_in_queue(annotator, dataset) == ids["leaning"]
    # and the job list shows each step, started by the automation, in order
    jobs = post(JOBS, {"d": dataset}, admin)["data"]["jobs"]["nodes"]
    automatic = sorted((j for j in jobs if j["createdBy"] == "automation"), key=lambda j: j["createdAt"])
    assert [(j["kind"], j["state"]) for j in automatic] == [
        ("TRAINING", "SUCCEEDED"),
        ("PROMOTION", "SUCCEEDED"),
        ("BATCH_SCORING", "SUCCEEDED"),
    ]
    assert [j["id"] for j in automatic][1:] == [promotion_id, scoring["id"]]
