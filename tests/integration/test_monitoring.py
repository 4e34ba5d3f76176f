"""Monitoring below its minimum sample, traffic sources (playground and test predictions kept apart), and the
feedback loop's settings: read back, and refused for a dataset whose labels are not the model's."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.api import login, post
from tests.data import create_dataset
from tests.promotion import promote_and_wait
from tests.stack import wait_for
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
MINIMUM_SAMPLE = 50  # backend/models/predictions.py, docs/models.md
PREDICT = """
query($m: String!, $i: [JSON!]!, $s: PredictionSource) {
  predict(model: $m, inputs: $i, traffic: $s) { __typename ... on Prediction { version } ... on Error { message } }
}
"""
MONITORING = """
query($n: String!, $s: [PredictionSource!]) {
  modelMonitoring(name: $n, minutes: 30, sources: $s) {
    total enoughData minimumSample psi jensenShannon sources bySource { value count } labels { value count }
  }
}
"""
SET_LOOP = """
mutation($m: String!, $d: ID, $t: Float!) {
  setFeedbackLoop(model: $m, datasetId: $d, threshold: $t) {
    __typename
    ... on FeedbackLoopSuccess { model datasetId threshold }
    ... on ValidationError { fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
READ_LOOP = "query($m: String!) { feedbackLoop(model: $m) { model datasetId threshold } }"


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def model(admin: str) -> str:
    """A dataset whose model (labels pos and neg) has a production version."""
    dataset = labelled_text_dataset(admin, items=40)
    run = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 3}))
    assert run["state"] == "SUCCEEDED", run
    promote_and_wait(admin, dataset, run["modelVersion"], "monitor")
    return dataset


def _predict(token: str, model: str, rows: int, source: str | None = None) -> None:
    variables: dict[str, Any] = {"m": model, "i": [f"lovely {n} {time.time_ns()}" for n in range(rows)]}
    if source is not None:
        variables["s"] = source
    answer = post(PREDICT, variables, token)
    assert answer["data"]["predict"]["__typename"] == "Prediction", answer


def _monitoring(token: str, model: str, sources: list[str] | None = None) -> dict[str, Any]:
    figures: dict[str, Any] = post(MONITORING, {"n": model, "s": sources}, token)["data"]["modelMonitoring"]
    return figures


def test_monitoring_says_not_enough_predictions_below_the_minimum_sample(admin: str, model: str) -> None:
    # given 5 production predictions (one-sided: a drift score would be high)
    _predict(admin, model, 5)
    wait_for(lambda: _monitoring(admin, model)["total"] >= 5, 20, "the predictions to be indexed")
    # when monitoring is read
    figures = _monitoring(admin, model)
    # then it says there are not enough, and gives no drift score to raise an alarm on
    assert figures["total"] == 5
    assert figures["minimumSample"] == MINIMUM_SAMPLE
    assert figures["enoughData"] is False
    assert figures["psi"] is None
    assert figures["jensenShannon"] is None
    # when the window reaches the minimum, then the scores are there
    _predict(admin, model, MINIMUM_SAMPLE - 5)
    wait_for(lambda: _monitoring(admin, model)["total"] >= MINIMUM_SAMPLE, 20, "the predictions to be indexed")
    figures = _monitoring(admin, model)
    assert figures["total"] == MINIMUM_SAMPLE
    assert figures["enoughData"] is True
    assert figures["psi"] is not None


def test_playground_and_test_traffic_are_counted_apart_and_shown_on_request(admin: str) -> None:
    # given a fresh model, with 3 production, 4 playground and 2 test predictions
    dataset = labelled_text_dataset(admin, items=20, seed=3)
    run = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 2}))
    promote_and_wait(admin, dataset, run["modelVersion"], "m")
    user = login("user", "user")
    _predict(user, dataset, 3)
    _predict(user, dataset, 4, "PLAYGROUND")
    _predict(admin, dataset, 2, "TEST")
    everything = ["PRODUCTION", "PLAYGROUND", "TEST"]
    wait_for(lambda: _monitoring(admin, dataset, everything)["total"] == 9, 20, "the predictions to be indexed")
    # when monitoring is read by default, then only production traffic counts
    default = _monitoring(admin, dataset)
    assert default["total"] == 3
    assert default["sources"] == ["PRODUCTION"]
    assert sum(b["count"] for b in default["labels"]) == 3
    # and it says how many predictions of each source the window holds
    assert sorted((b["value"], b["count"]) for b in default["bySource"]) == [
        ("PLAYGROUND", 4),
        ("PRODUCTION", 3),
        ("TEST", 2),
    ]
    # when asked for every source, then all of them count
    shown = _monitoring(admin, dataset, everything)
    assert shown["total"] == 9
    assert shown["sources"] == everything
    assert _monitoring(admin, dataset, ["PLAYGROUND"])["total"] == 4


def test_playground_predictions_do_not_feed_the_feedback_loop(admin: str, model: str) -> None:
    # given a feedback loop that queues every prediction (threshold 1.0) into a dataset with the model's labels
    feedback = create_dataset(admin, labels=("pos", "neg"))
    answer = post(SET_LOOP, {"m": model, "d": feedback, "t": 1.0}, admin)["data"]["setFeedbackLoop"]
    assert answer["__typename"] == "FeedbackLoopSuccess", answer
    time.sleep(11)  # each replica caches the loop's settings for 10 s
    # when a playground prediction and then a production one are made
    post(PREDICT, {"m": model, "i": ["a playground sentence zebra"], "s": "PLAYGROUND"}, admin)
    post(PREDICT, {"m": model, "i": ["a production sentence walrus"]}, admin)
    # then only the production one is queued for annotation
    search = """query($d: ID!) { search(datasetId: $d) { ... on SearchResults { totalCount nodes { text } } } }"""
    wait_for(lambda: post(search, {"d": feedback}, admin)["data"]["search"]["totalCount"] >= 1, 20, "a feedback item")
    time.sleep(2)
    hits = post(search, {"d": feedback}, admin)["data"]["search"]["nodes"]
    assert [h["text"] for h in hits] == ["a production sentence walrus"]
    post(SET_LOOP, {"m": model, "d": None, "t": 0.6}, admin)


def test_feedback_loop_settings_are_read_back(admin: str, model: str) -> None:
    # given no loop, then it reads as off
    post(SET_LOOP, {"m": model, "d": None, "t": 0.6}, admin)
    assert post(READ_LOOP, {"m": model}, admin)["data"]["feedbackLoop"] == {
        "model": model,
        "datasetId": None,
        "threshold": 0.6,
    }
    # when a loop is set
    feedback = create_dataset(admin, labels=("neg", "pos", "unsure"))
    assert post(SET_LOOP, {"m": model, "d": feedback, "t": 0.45}, admin)["data"]["setFeedbackLoop"] == {
        "__typename": "FeedbackLoopSuccess",
        "model": model,
        "datasetId": feedback,
        "threshold": 0.45,
    }
    # then any reader sees it as set (USERs may view models)
    assert post(READ_LOOP, {"m": model}, login("user", "user"))["data"]["feedbackLoop"] == {
        "model": model,
        "datasetId": feedback,
        "threshold": 0.45,
    }
    post(SET_LOOP, {"m": model, "d": None, "t": 0.6}, admin)


def test_feedback_loop_refuses_a_dataset_whose_labels_are_not_the_models(admin: str, model: str) -> None:
    # given a dataset labelled cats and dogs (the model predicts pos and neg)
    post(SET_LOOP, {"m": model, "d": None, "t": 0.6}, admin)
    other = create_dataset(admin, labels=("cat", "dog", "pos"))
    # when it is chosen as the loop's target
    answer = post(SET_LOOP, {"m": model, "d": other, "t": 0.5}, admin)["data"]["setFeedbackLoop"]
    # then it is refused, saying which labels differ and how to fix it
    assert answer == {
        "__typename": "ValidationError",
        "message": "invalid input in datasetId: nothing was changed",
        "fieldErrors": [
            {
                "field": "datasetId",
                "code": "labels_differ",
                "message": f"dataset '{other}' lacks the labels ['neg'] that model '{model}' predicts (it has "
                "['cat', 'dog', 'pos']): add them to the dataset's labels, or choose a dataset with the labels "
                "['neg', 'pos']",
            }
        ],
    }
    # and nothing was stored
    assert post(READ_LOOP, {"m": model}, admin)["data"]["feedbackLoop"]["datasetId"] is None
