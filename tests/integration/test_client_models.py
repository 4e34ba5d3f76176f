"""Promotion, rollback and prediction through the notebook client, and the automation example script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from labelloop_client import (
    Client,
    ModelNotFoundError,
    ModelVersionNotFoundError,
    NoPreviousVersionError,
    PermissionDeniedError,
    TrainingRun,
    ValidationError,
)

from tests.api import create_user, login
from tests.stack import BASE_URL, ROOT, wait_for
from tests.training import labelled_text_dataset

pytestmark = pytest.mark.stack
SCRIPT = ROOT / "client" / "examples" / "train_and_promote.py"


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def admin(admin_token: str) -> Iterator[Client]:
    with Client(BASE_URL, token=admin_token) as client:
        yield client


@pytest.fixture(scope="module")
def user_token(admin_token: str) -> str:
    account = create_user(admin_token, "USER")
    return login(account["username"], account["password"])


@pytest.fixture(scope="module")
def trained(admin: Client, admin_token: str) -> tuple[str, list[TrainingRun]]:
    """A dataset whose model has two versions."""
    dataset = labelled_text_dataset(admin_token, items=80)
    runs = [admin.start_training(dataset, "TFIDF_SGD", params={"epochs": epochs}).wait() for epochs in (3, 6)]
    return dataset, runs


def test_promote_predict_and_roll_back(admin: Client, user_token: str, trained: tuple[str, list[TrainingRun]]) -> None:
    dataset, (first, second) = trained
    assert (first.model_name, second.model_name) == (dataset, dataset)

    # when an ADMIN promotes both versions in turn, then rolls back
    promoted = admin.promote(dataset, first.model_version or "", "first model")
    replaced = admin.promote(dataset, second.model_version or "", "more epochs")
    rolled_back = admin.rollback(dataset, "the second one misbehaves")

    # then each event says what happened, and who did it
    assert (promoted.action, promoted.version, promoted.previous_version) == ("PROMOTE", first.model_version, None)
    assert (replaced.version, replaced.previous_version) == (second.model_version, first.model_version)
    assert (rolled_back.action, rolled_back.version, rolled_back.previous_version) == (
        "ROLLBACK",
        first.model_version,
        second.model_version,
    )
    assert {promoted.actor, rolled_back.actor} == {"admin"}
    assert rolled_back.reason == "the second one misbehaves"
    with pytest.raises(NoPreviousVersionError):
        admin.rollback(dataset, "once more")

    # and a USER's predictions come from the production version, in the order of the inputs
    with Client(BASE_URL, token=user_token) as user:
        wait_for(
            lambda: user.predict(dataset, "x").version == first.model_version, 30, "both replicas serve the rollback"
        )
        prediction = user.predict(dataset, ["lovely superb happy", {"text": "awful dreadful gloomy"}])
        frame = prediction.to_pandas()
    assert prediction.model == dataset
    assert prediction.version == first.model_version
    assert prediction.labels == ["pos", "neg"]
    assert all(abs(sum(p.probability for p in row.probabilities) - 1) < 1e-6 for row in prediction.rows)
    assert list(frame.columns[:2]) == ["label", "confidence"]
    assert sorted(frame.columns[2:]) == ["p(neg)", "p(pos)"]


def test_a_user_cannot_promote(user_token: str, trained: tuple[str, list[TrainingRun]]) -> None:
    dataset, (first, _) = trained
    with Client(BASE_URL, token=user_token) as user, pytest.raises(PermissionDeniedError) as refused:
        user.promote(dataset, first.model_version or "", "please")
    assert "promote_model" in refused.value.message


def test_registry_errors_are_typed(admin: Client, trained: tuple[str, list[TrainingRun]]) -> None:
    dataset, (first, _) = trained
    with pytest.raises(ModelVersionNotFoundError) as no_version:
        admin.promote(dataset, "999", "x")
    with pytest.raises(ModelNotFoundError):
        admin.predict("no-such-model-anywhere", ["x"])
    with pytest.raises(ValidationError) as blank_reason:
        admin.promote(dataset, first.model_version or "", "  ")
    assert "999" in no_version.value.message
    assert [e.field for e in blank_reason.value.field_errors] == ["reason"]


def _script(token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LABELLOOP_URL": BASE_URL, "LABELLOOP_TOKEN": token}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_the_example_script_trains_and_promotes(admin_token: str) -> None:
    # given a dataset, and the script run as cron would run it
    dataset = labelled_text_dataset(admin_token, items=80, seed=3)

    # when it trains with a reachable quality bar
    done = _script(admin_token, dataset, "--params", '{"epochs": 5}', "--min-macro-f1", "0.5", "--reason", "nightly")

    # then it exits 0 and prints what it promoted
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert (outcome["model"], outcome["version"], outcome["promoted"]) == (dataset, "1", True)
    assert "step 5/5" in done.stderr


def test_the_example_script_exits_non_zero_on_failure(admin_token: str, user_token: str) -> None:
    dataset = labelled_text_dataset(admin_token, items=20, seed=4)

    # a USER's token: refused, exit 1, the server's reason on stderr
    refused = _script(user_token, dataset)
    assert refused.returncode == 1
    assert "PermissionDeniedError" in refused.stderr
    assert "train_model" in refused.stderr

    # an unreachable bar: trained, not promoted, exit 2
    below = _script(admin_token, dataset, "--params", '{"epochs": 2}', "--min-macro-f1", "1.01")
    assert below.returncode == 2, below.stderr
    assert json.loads(below.stdout)["promoted"] is False
