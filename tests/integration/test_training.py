"""Training through the API: validation, the live subscription, MLflow tracking, cancel, and recovery from a
killed worker and a restarted Redis."""

from __future__ import annotations

import asyncio
import os
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import mlflow.artifacts
import numpy as np
import pytest

from backend.clients.mlflow import _MODEL_REQUIREMENTS, MlflowTracking
from tests.api import login, post
from tests.stack import MLFLOW_PORT, service_pid, stack, wait_for
from tests.training import follow, labelled_text_dataset, run_of, start, started, wait_for_run

pytestmark = pytest.mark.stack
MLFLOW_API = f"http://127.0.0.1:{MLFLOW_PORT}/mlflow/api/2.0/mlflow"


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def dataset(admin: str) -> str:
    return labelled_text_dataset(admin, items=120)


def _versions_of_run(model: str, run_id: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{MLFLOW_API}/model-versions/search", params={"filter": f"name='{model}'"}, timeout=10)
    assert response.status_code == 200, response.text
    versions = response.json().get("model_versions", [])
    return [v for v in versions if {t["key"]: t["value"] for t in v.get("tags", [])}.get("labelloop.run_id") == run_id]


def _runs_of(admin: str, dataset: str) -> int:
    body = post("query($d: ID!) { trainingRuns(datasetId: $d) { totalCount } }", {"d": dataset}, admin)
    count: int = body["data"]["trainingRuns"]["totalCount"]
    return count


async def test_a_training_streams_its_epochs_and_registers_one_tracked_version(admin: str, dataset: str) -> None:
    # given an SGD training of 8 epochs, followed live through Nginx from its start
    run_id = started(admin, dataset, "TFIDF_SGD", {"epochs": 8})
    events, completed = await follow(admin, run_id)

    # then the subscription saw every state, one metric point per epoch in order, and completed at the end
    assert completed
    states = [e["state"] for e in events if e["kind"] == "STATE"]
    assert states == ["QUEUED", "RUNNING", "SUCCEEDED"], states
    steps = [e["metric"]["step"] for e in events if e["kind"] == "METRIC"]
    assert steps == list(range(1, 9))
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))

    # and the run holds its results and lineage
    run = run_of(admin, run_id)
    assert run["itemCount"] == 120
    assert run["labelCounts"] == {"pos": 60, "neg": 60}
    assert len(run["itemHash"]) == 64
    assert run["metrics"]["accuracy"] > 0.9, run["metrics"]  # the words separate the labels
    assert run["confusionMatrix"]["labels"] == ["neg", "pos"]
    assert sum(map(sum, run["confusionMatrix"]["matrix"])) == sum(c["support"] for c in run["classReport"])
    assert [p["step"] for p in run["curves"]] == list(range(1, 9))

    # and MLflow has the run (params, step-wise metrics, artifacts) and exactly one version of the dataset's model
    versions = _versions_of_run(dataset, run_id)
    assert [v["version"] for v in versions] == [run["modelVersion"]]
    _check_mlflow_run(run["mlflowRunId"], epochs=8)


def _check_mlflow_run(mlflow_run_id: str, epochs: int) -> None:
    mlflow_run = httpx.get(f"{MLFLOW_API}/runs/get", params={"run_id": mlflow_run_id}, timeout=10).json()["run"]
    params = {p["key"]: p["value"] for p in mlflow_run["data"]["params"]}
    assert params["epochs"] == str(epochs)
    assert params["model_type"] == "TFIDF_SGD"
    history = httpx.get(
        f"{MLFLOW_API}/metrics/get-history", params={"run_id": mlflow_run_id, "metric_key": "accuracy"}, timeout=10
    ).json()
    assert sorted(m["step"] for m in history["metrics"]) == list(range(1, epochs + 1))
    artifacts = httpx.get(
        f"{MLFLOW_API.replace('/api/2.0/mlflow', '/api/2.0/mlflow-artifacts')}/artifacts",
        params={"path": f"{mlflow_run['info']['experiment_id']}/{mlflow_run_id}/artifacts"},
        timeout=10,
    )
    names = {f["path"] for f in artifacts.json().get("files", [])}
    assert {"confusion_matrix.json", "classification_report.txt", "model"} <= names, names


def test_a_first_attempt_registers_a_loadable_model_with_pinned_requirements_and_logs_its_stage_times(
    admin: str, dataset: str
) -> None:
    # given a finished first attempt (registration skips the search for an earlier attempt's version)
    run = wait_for_run(admin, started(admin, dataset, "TFIDF_LOGISTIC_REGRESSION"))
    assert (run["state"], run["attempt"]) == ("SUCCEEDED", 1), run

    # when its registered version is loaded from the registry, as a replica loads it
    url = f"http://127.0.0.1:{MLFLOW_PORT}/mlflow"
    tracking = MlflowTracking(url)
    model, inputs = tracking.load_model(dataset, run["modelVersion"])
    source = tracking.model_version(dataset, run["modelVersion"]).source
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(
            mlflow.artifacts.download_artifacts(
                artifact_uri=f"{source}/requirements.txt", dst_path=folder, tracking_uri=url
            )
        ).read_text()

    # then it is exactly one version of the run, predicts the words' labels, and pins what it needs
    assert [v["version"] for v in _versions_of_run(dataset, run["id"])] == [run["modelVersion"]]
    assert inputs == ["text"]
    texts = np.asarray(["lovely superb happy", "awful dreadful gloomy"], dtype=object).reshape(-1, 1)
    assert model.predict(texts).tolist() == ["pos", "neg"]
    pinned = requirements.split()
    assert {r for r in pinned if not r.startswith("mlflow==")} == set(_MODEL_REQUIREMENTS)  # MLflow adds itself
    assert all("==" in r for r in pinned), pinned
    # and the run logged where its time went, one figure per stage
    timings = [line["message"] for line in run["logs"] if line["message"].startswith("stage timings (s):")]
    assert len(timings) == 1, run["logs"]
    stages = [pair.split("=")[0] for pair in timings[0].removeprefix("stage timings (s):").split()]
    assert stages == [
        "snapshot",
        "mlflow_run",
        "fit",
        "fit_in_child",
        "metrics_artifacts",
        "model",
        "registration",
        "results",
    ]


async def test_a_subscriber_that_resumes_from_its_cursor_gets_the_rest_once(admin: str, dataset: str) -> None:
    run_id = started(admin, dataset, "TFIDF_SGD", {"epochs": 6})
    first, completed = await follow(admin, run_id, stop_after=3)
    assert not completed
    rest, completed = await follow(admin, run_id, after=first[-1]["cursor"])
    assert completed
    assert [e["seq"] for e in first + rest] == list(range(1, len(first) + len(rest) + 1))


def test_invalid_parameters_come_back_as_field_errors_and_start_nothing(admin: str, dataset: str) -> None:
    before = _runs_of(admin, dataset)
    result = start(admin, dataset, "TFIDF_LOGISTIC_REGRESSION", {"C": -1, "analyzer": "letters", "colour": "red"})
    assert result["__typename"] == "ValidationError"
    fields = {e["field"]: e["message"] for e in result["fieldErrors"]}
    assert set(fields) == {"params.C", "params.analyzer", "params.colour"}
    assert "at least" in fields["params.C"]
    assert "'word'" in fields["params.analyzer"]
    wrong_kind = start(admin, dataset, "RANDOM_FOREST")
    assert wrong_kind["__typename"] == "ValidationError"
    assert "TEXT" in wrong_kind["fieldErrors"][0]["message"]
    bad_split = start(admin, dataset, "TFIDF_MULTINOMIAL_NB", v={"testFraction": 0.9})
    assert [e["field"] for e in bad_split["fieldErrors"]] == ["validation.testFraction"]
    time.sleep(1.2)  # the runs index refreshes every second
    assert _runs_of(admin, dataset) == before


def test_a_training_set_that_matches_no_labelled_item_is_refused(admin: str, dataset: str) -> None:
    before = _runs_of(admin, dataset)
    result = start(admin, dataset, "TFIDF_MULTINOMIAL_NB", f={"text": "zebra-that-no-item-mentions"})
    assert result["__typename"] == "EmptyTrainingSetError"
    assert "no training was started" in result["message"]
    time.sleep(1.2)
    assert _runs_of(admin, dataset) == before


def test_a_user_cannot_start_a_training(dataset: str) -> None:
    user = login("user", "user")
    body = post(
        "mutation($d: ID!) { startTraining(datasetId: $d, modelType: TFIDF_SGD) { __typename } }", {"d": dataset}, user
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_running_training_can_be_cancelled(admin: str, dataset: str) -> None:
    run_id = started(admin, dataset, "TFIDF_SGD", {"epochs": 500})
    wait_for(lambda: len(run_of(admin, run_id)["curves"]) >= 2, 60, "the first epochs")
    body = post(
        "mutation($r: ID!) { cancelTraining(runId: $r) { __typename ... on TrainingRunSuccess { run { id } } } }",
        {"r": run_id},
        admin,
    )
    assert body["data"]["cancelTraining"]["__typename"] == "TrainingRunSuccess"
    run = wait_for_run(admin, run_id, 60)
    assert run["state"] == "CANCELLED"
    assert run["modelVersion"] is None
    assert _versions_of_run(dataset, run_id) == []
    again = post("mutation($r: ID!) { cancelTraining(runId: $r) { __typename } }", {"r": run_id}, admin)
    assert again["data"]["cancelTraining"]["__typename"] == "RunAlreadyFinishedError"


def test_a_training_is_a_job_that_cancel_job_stops_between_epochs(admin: str, dataset: str) -> None:
    # given a long training under way, listed among the jobs of kind TRAINING
    run_id = started(admin, dataset, "TFIDF_SGD", {"epochs": 500})
    wait_for(lambda: len(run_of(admin, run_id)["curves"]) >= 2, 60, "the first epochs")
    listed = post("query { jobs(kind: TRAINING, first: 100) { nodes { id kind } } }", {}, admin)["data"]["jobs"]
    assert {"id": run_id, "kind": "TRAINING"} in listed["nodes"]
    # when it is cancelled as a job
    body = post(
        "mutation($j: ID!) { cancelJob(id: $j) { __typename ... on CancelJobSuccess { job { id kind } } } }",
        {"j": run_id},
        admin,
    )
    # then it stops at its next epoch: CANCELLED, its epochs so far kept, no version registered
    assert body["data"]["cancelJob"] == {"__typename": "CancelJobSuccess", "job": {"id": run_id, "kind": "TRAINING"}}
    run = wait_for_run(admin, run_id, 60)
    assert run["state"] == "CANCELLED"
    assert run["message"].startswith("cancelled")
    assert 2 <= len(run["curves"]) < 500
    assert run["modelVersion"] is None
    assert _versions_of_run(dataset, run_id) == []


def test_a_training_whose_worker_is_killed_runs_again_and_registers_one_version(admin: str, dataset: str) -> None:
    # given a training well under way
    run_id = started(admin, dataset, "TFIDF_SGD", {"epochs": 60})
    wait_for(lambda: len(run_of(admin, run_id)["curves"]) >= 3, 60, "the first epochs")
    # when the worker is killed without warning (the stack restarts it)
    os.kill(service_pid("worker"), signal.SIGKILL)
    # then a second attempt runs it to the end, and exactly one model version exists for it
    run = wait_for_run(admin, run_id, 180)
    assert run["state"] == "SUCCEEDED", run
    assert run["attempt"] == 2
    assert len(_versions_of_run(dataset, run_id)) == 1
    assert any("attempt 2" in line["message"] for line in run["logs"]), run["logs"]


async def test_redis_restarted_during_a_training_loses_no_point(admin: str, dataset: str) -> None:
    # given a long training, one subscriber that stays connected and one that leaves after a few events
    run_id = started(admin, dataset, "TFIDF_SGD", {"epochs": 40})
    staying = asyncio.create_task(follow(admin, run_id))
    first, _ = await follow(admin, run_id, stop_after=6)
    # when Redis restarts mid-run
    await asyncio.to_thread(stack, "restart", "redis")
    # then the run finishes; the connected subscriber got every event once, in order
    events, completed = await staying
    assert completed
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert [e["metric"]["step"] for e in events if e["kind"] == "METRIC"] == list(range(1, 41))
    assert events[-1]["state"] == "SUCCEEDED"
    # and the one that resumes from its cursor gets exactly the rest
    rest, completed = await follow(admin, run_id, after=first[-1]["cursor"])
    assert completed
    assert [e["seq"] for e in first + rest] == [e["seq"] for e in events]
