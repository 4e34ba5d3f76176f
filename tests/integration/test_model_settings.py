"""What the model page reads back: the version a rollback returns to, and the feedback loop as saved."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import login, post
from tests.promotion import promote_and_wait
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
MODEL = """
query {
  registeredModels(first: 200) { nodes { name productionVersion rollbackVersion feedbackLoop { datasetId threshold } } }
}
"""
SET_LOOP = """
mutation($m: String!, $d: ID, $t: Float!) {
  setFeedbackLoop(model: $m, datasetId: $d, threshold: $t) {
    __typename
    ... on FeedbackLoopSuccess { datasetId threshold }
    ... on ValidationError { fieldErrors { field code message } }
  }
}
"""


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def trained(admin: str) -> tuple[str, list[str]]:
    """A pos/neg dataset with two trained versions of its model."""
    dataset = labelled_text_dataset(admin, items=40)
    versions = []
    for epochs in (2, 3):
        run = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": epochs}))
        assert run["state"] == "SUCCEEDED", run
        versions.append(run["modelVersion"])
    return dataset, versions


def _model(token: str, name: str) -> dict[str, Any]:
    models = post(MODEL, {}, token)["data"]["registeredModels"]["nodes"]
    found: dict[str, Any] = next(m for m in models if m["name"] == name)
    return found


def test_rollback_version_is_the_production_version_before(admin: str, trained: tuple[str, list[str]]) -> None:
    # given
    model, (v1, v2) = trained
    # when: nothing promoted, then one, then two versions
    before = _model(admin, model)["rollbackVersion"]
    promote_and_wait(admin, model, v1, "test")
    after_one = _model(admin, model)["rollbackVersion"]
    promote_and_wait(admin, model, v2, "test")
    after_two = _model(admin, model)
    # then
    assert (before, after_one) == (None, None)
    assert (after_two["productionVersion"], after_two["rollbackVersion"]) == (v2, v1)


def test_feedback_loop_reads_back_as_saved(admin: str, trained: tuple[str, list[str]]) -> None:
    # given
    model, _ = trained
    target = labelled_text_dataset(admin, items=2)
    user = login("user", "user")
    # when
    fresh = _model(admin, model)["feedbackLoop"]
    saved = post(SET_LOOP, {"m": model, "d": target, "t": 0.45}, admin)["data"]["setFeedbackLoop"]
    read_back = _model(user, model)["feedbackLoop"]
    post(SET_LOOP, {"m": model, "d": None, "t": 0.45}, admin)
    off = _model(admin, model)["feedbackLoop"]
    # then
    assert fresh == {"datasetId": None, "threshold": 0.6}
    assert saved == {"__typename": "FeedbackLoopSuccess", "datasetId": target, "threshold": 0.45}
    assert read_back == {"datasetId": target, "threshold": 0.45}
    assert off == {"datasetId": None, "threshold": 0.45}
