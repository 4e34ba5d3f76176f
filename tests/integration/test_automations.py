"""Automations on the real stack: the Nth new label starts exactly one run, paused starts nothing, a due schedule
starts one, bad settings are refused, a USER cannot set one; the run's version is handed to promotion, by the next tick
when its worker died first."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from labelloop_client import Client, LabelloopError

from backend.clients.mongo import MongoClient
from backend.container import Services
from backend.settings import Settings
from tests.api import login, post
from tests.data import import_file, jsonl, wait_for_job
from tests.stack import BASE_URL, ES_URL, MLFLOW_PORT, MONGO_DB, MONGO_URI, REDIS_URL
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
SET = """
mutation($m: String!, $n: Int, $e: Int, $d: String, $mode: PromotionMode!, $on: Boolean! = true) {
  setAutomation(model: $m, labelThreshold: $n, everyMinutes: $e, dailyAt: $d, mode: $mode, enabled: $on) {
    __typename
    ... on AutomationSuccess { automation { model enabled labelThreshold everyMinutes dailyAt mode newLabels } }
    ... on ValidationError { fieldErrors { field code } }
    ... on Error { message }
  }
}
"""
PAUSE = """
mutation($m: String!, $p: Boolean!) {
  pauseAutomation(model: $m, paused: $p) { __typename ... on AutomationSuccess { automation { enabled } } }
}
"""
READ = """
query($m: String!) {
  automation(model: $m) { enabled newLabels lastRun { runId trigger labelCount handoff } }
}
"""
JOBS = """
query($d: ID!) { jobs(kind: TRAINING, datasetId: $d, first: 50) { nodes { id createdBy state } } }
"""
SEARCH = "query($d: ID!) { search(datasetId: $d, first: 100) { ... on SearchResults { nodes { itemId labels } } } }"
ANNOTATE = "mutation($i: ID!, $l: String!) { annotateItem(itemId: $i, label: $l) { __typename } }"
QUIET_S = 8  # more than two cron ticks (every 3 s)


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


def _trained_model(admin: str) -> tuple[str, list[str]]:
    """A model trained once on 30 gold-labelled items, and the ids of 6 unlabelled items of its dataset."""
    dataset = labelled_text_dataset(admin, items=30)
    rows = [{"id": f"u{n}", "text": f"great lovely day number {n}"} for n in range(6)]
    assert import_file(admin, dataset, jsonl(rows), "more.jsonl")["state"] == "SUCCEEDED"
    run = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 2}))
    assert run["state"] == "SUCCEEDED", run
    nodes = post(SEARCH, {"d": dataset}, admin)["data"]["search"]["nodes"]
    return dataset, sorted(n["itemId"] for n in nodes if not n["labels"])


def _automated_runs(admin: str, dataset: str) -> list[dict[str, Any]]:
    jobs = post(JOBS, {"d": dataset}, admin)["data"]["jobs"]["nodes"]
    return [j for j in jobs if j["createdBy"] == "automation"]


def _label(admin: str, item_ids: list[str]) -> None:
    for item in item_ids:
        assert post(ANNOTATE, {"i": item, "l": "pos"}, admin)["data"]["annotateItem"]["__typename"] == "ItemSuccess"


def _wait_for_automated_run(admin: str, dataset: str, timeout_s: float) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout_s
    while not (runs := _automated_runs(admin, dataset)):
        assert time.monotonic() < deadline, f"no automated run after {timeout_s}s"
        time.sleep(1)
    return runs


def test_nth_new_label_starts_exactly_one_run(admin: str) -> None:
    # given
    model, unlabelled = _trained_model(admin)
    saved = post(SET, {"m": model, "n": 3, "mode": "PROPOSE"}, admin)["data"]["setAutomation"]
    assert saved["__typename"] == "AutomationSuccess", saved
    # when: N-1 labels
    _label(admin, unlabelled[:2])
    time.sleep(QUIET_S)
    # then
    assert _automated_runs(admin, model) == []
    assert post(READ, {"m": model}, admin)["data"]["automation"]["newLabels"] == 2
    # when: the Nth label
    _label(admin, unlabelled[2:3])
    runs = _wait_for_automated_run(admin, model, 30)
    time.sleep(QUIET_S)
    # then: exactly one run, recorded as the last run, and its version handed to a promotion job that proposes it
    runs = _automated_runs(admin, model)
    assert len(runs) == 1
    run = wait_for_run(admin, runs[0]["id"])
    assert run["state"] == "SUCCEEDED", run
    automation = post(READ, {"m": model}, admin)["data"]["automation"]
    last = automation["lastRun"]
    assert (last["runId"], last["trigger"], last["labelCount"]) == (run["id"], "THRESHOLD", 3)
    handed = re.fullmatch(rf"version {run['modelVersion']} handed to promotion job (\S+) \(PROPOSE\)", last["handoff"])
    assert handed is not None, last
    assert any(entry["message"] == last["handoff"] for entry in run["logs"])
    promotion = wait_for_job(admin, handed.group(1))
    assert (promotion["state"], promotion["result"]["outcome"]) == ("SUCCEEDED", "PROPOSED"), promotion
    assert automation["newLabels"] == 0


def test_paused_automation_starts_nothing(admin: str) -> None:
    # given
    model, unlabelled = _trained_model(admin)
    post(SET, {"m": model, "n": 1, "mode": "AUTO"}, admin)
    paused = post(PAUSE, {"m": model, "p": True}, admin)["data"]["pauseAutomation"]
    # when
    _label(admin, unlabelled[:2])
    time.sleep(QUIET_S)
    # then
    assert paused == {"__typename": "AutomationSuccess", "automation": {"enabled": False}}
    assert _automated_runs(admin, model) == []
    assert post(READ, {"m": model}, admin)["data"]["automation"] == {
        "enabled": False,
        "newLabels": 2,
        "lastRun": None,
    }


async def test_due_schedule_starts_one_run(admin: str) -> None:
    # given a model retrained every hour, whose last hour has passed (its count start moved back 61 minutes)
    model, _ = _trained_model(admin)
    post(SET, {"m": model, "e": 60, "mode": "PROPOSE"}, admin)
    mongo = MongoClient(MONGO_URI, MONGO_DB)
    hour_ago = datetime.now(UTC) - timedelta(minutes=61)
    await mongo.db["automations"].update_one({"_id": model}, {"$set": {"counting_since": hour_ago}})
    await mongo.close()
    # when the cron ticks
    try:
        runs = _wait_for_automated_run(admin, model, 30)
        await asyncio.sleep(QUIET_S)
    finally:  # nothing more for the rest of the suite
        post(PAUSE, {"m": model, "p": True}, admin)
    # then
    assert len(_automated_runs(admin, model)) == 1
    last = post(READ, {"m": model}, admin)["data"]["automation"]["lastRun"]
    assert (last["runId"], last["trigger"], last["labelCount"]) == (runs[0]["id"], "SCHEDULE", 0)


@pytest.mark.parametrize(
    ("variables", "problems"),
    [
        ({"n": 0}, [("labelThreshold", "out_of_range")]),
        ({}, [("labelThreshold", "no_trigger")]),
        ({"e": 5, "d": "02:30"}, [("schedule", "both_given")]),
        ({"d": "25:00"}, [("dailyAt", "bad_time")]),
        ({"e": 0}, [("everyMinutes", "out_of_range")]),
    ],
)
def test_bad_settings_are_refused(admin: str, variables: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    # given
    model = "no-such-model-for-automation"
    # when
    result = post(SET, {"m": model, "mode": "AUTO", **variables}, admin)["data"]["setAutomation"]
    # then
    assert result["__typename"] == "ValidationError"
    assert [(p["field"], p["code"]) for p in result["fieldErrors"]] == problems
    assert post(READ, {"m": model}, admin)["data"]["automation"] is None


def test_unknown_model_is_refused(admin: str) -> None:
    # when
    result = post(SET, {"m": "no-such-model-for-automation", "n": 5, "mode": "AUTO"}, admin)["data"]
    # then
    assert result["setAutomation"]["__typename"] == "ModelNotFoundError"
    assert post(READ, {"m": "no-such-model-for-automation"}, admin)["data"]["automation"] is None


def test_user_cannot_set_an_automation(admin: str) -> None:
    # given
    user = login("user", "user")
    model = labelled_text_dataset(admin, items=4)
    # when
    body = post(SET, {"m": model, "n": 5, "mode": "AUTO"}, user)
    # then
    assert body["data"] is None or body["data"]["setAutomation"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert post(READ, {"m": model}, admin)["data"]["automation"] is None


def test_client_sets_reads_and_pauses_an_automation(admin: str) -> None:
    # given
    model, _ = _trained_model(admin)
    with Client(BASE_URL, token=admin) as client:
        # when
        saved = client.set_automation(model, mode="AUTO", label_threshold=40, daily_at="03:15")
        paused = client.pause_automation(model)
        read = client.automation(model)
        with pytest.raises(LabelloopError) as refused:
            client.set_automation(model, daily_at="3 pm")
    # then
    assert (saved["labelThreshold"], saved["dailyAt"], saved["mode"], saved["enabled"]) == (40, "03:15", "AUTO", True)
    assert paused["enabled"] is False
    assert read is not None
    assert (read["enabled"], read["newLabels"], read["lastRun"]) == (False, 0, None)
    assert "HH:MM" in str(refused.value)


async def test_a_version_whose_hand_over_was_lost_is_handed_over_by_the_next_tick(admin: str) -> None:
    # given an automated run that succeeded, whose worker died before handing its version to promotion: its
    # automation's last run has no hand-over, and the run ended longer ago than the worker's own hand-over takes
    model, unlabelled = _trained_model(admin)
    post(SET, {"m": model, "n": 1, "mode": "PROPOSE"}, admin)
    _label(admin, unlabelled[:1])
    run = wait_for_run(admin, _wait_for_automated_run(admin, model, 30)[0]["id"])
    assert run["state"] == "SUCCEEDED", run
    _wait_for_handoff(admin, model)
    post(PAUSE, {"m": model, "p": True}, admin)  # the stack's worker stays out of it from here
    mongo = MongoClient(MONGO_URI, MONGO_DB)
    await mongo.db["automations"].update_one({"_id": model}, {"$set": {"last_run.handoff": ""}})
    ended = datetime.now(UTC) - timedelta(minutes=5)
    await mongo.db["jobs"].update_one({"_id": run["id"]}, {"$set": {"finished_at": ended}})
    await mongo.close()
    post(PAUSE, {"m": model, "p": False}, admin)
    # when the automation's cron ticks
    services = Services.create(
        Settings(
            mongo_uri=MONGO_URI,
            mongo_db=MONGO_DB,
            elasticsearch_url=ES_URL,
            redis_url=REDIS_URL,
            mlflow_url=f"http://127.0.0.1:{MLFLOW_PORT}/mlflow",
        )
    )
    try:
        await services.automations.tick()
    finally:
        post(PAUSE, {"m": model, "p": True}, admin)
        await services.close()
    # then the version went to a new promotion job, and the hand-over says which
    handoff = post(READ, {"m": model}, admin)["data"]["automation"]["lastRun"]["handoff"]
    handed = re.fullmatch(rf"version {run['modelVersion']} handed to promotion job (\S+) \(PROPOSE\)", handoff)
    assert handed is not None, handoff
    assert wait_for_job(admin, handed.group(1))["result"]["outcome"] == "PROPOSED"


def _wait_for_handoff(admin: str, model: str) -> str:
    deadline = time.monotonic() + 30
    while not (handoff := post(READ, {"m": model}, admin)["data"]["automation"]["lastRun"]["handoff"]):
        assert time.monotonic() < deadline, "no hand-over after 30 s"
        time.sleep(0.5)
    handoff_text: str = handoff
    return handoff_text
