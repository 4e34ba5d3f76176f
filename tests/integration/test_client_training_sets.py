"""Saved training sets from the notebook client: save, list, change, start from one, read the frozen items."""

from __future__ import annotations

import pytest
from labelloop_client import Client, PermissionDeniedError, TrainingSetNotFoundError, ValidationError

from tests.api import create_user, login
from tests.stack import BASE_URL
from tests.training_sets import GOLD, MAJORITY, mixed_dataset

pytestmark = pytest.mark.stack


def test_a_notebook_saves_a_set_trains_from_it_and_reads_what_the_run_froze() -> None:
    # given a dataset with alpha and beta items, and an ADMIN's client
    token = login("admin", "admin")
    dataset = mixed_dataset(token)
    with Client(BASE_URL, token=token) as client:
        # when it saves a set, finds it in the list, trains from it and reads the frozen items
        saved = client.save_training_set(dataset, "Alpha", filter={"text": "alpha"})
        listed = client.training_sets(dataset)
        run = client.start_training(dataset, "TFIDF_MULTINOMIAL_NB", training_set_id=saved["id"]).wait(timeout=180)
        items = client.run_items(run.id)
        # and renames it, then deletes it
        renamed = client.save_training_set(dataset, "Alpha v2", filter={"text": "alpha"}, set_id=saved["id"])
        client.delete_training_set(saved["id"])

    # then the run trained on exactly the set's labelled items, and the list followed every change
    assert [s["id"] for s in listed] == [saved["id"]]
    assert {i["itemId"].removeprefix(f"{dataset}:"): i["label"] for i in items} == {**GOLD, **MAJORITY}
    assert run.data["trainingSetId"] == saved["id"]
    assert run.data["dataHash"] == run.data["itemHash"]
    assert renamed["name"] == "Alpha v2"
    with Client(BASE_URL, token=token) as client:
        assert client.training_sets(dataset) == []
        with pytest.raises(TrainingSetNotFoundError):
            client.delete_training_set(saved["id"])
        with pytest.raises(ValidationError) as refused:
            client.start_training(dataset, "TFIDF_SGD", training_set_id="ts_x", min_agreement=0.5)
        assert [e.field for e in refused.value.field_errors] == ["minAgreement"]


def test_a_user_notebook_cannot_save_a_set() -> None:
    # given a USER's client
    admin = login("admin", "admin")
    dataset = mixed_dataset(admin)
    account = create_user(admin)
    with Client(BASE_URL, username=account["username"], password=account["password"]) as client:
        # when it tries to save a set, then it is refused, and no set exists
        with pytest.raises(PermissionDeniedError):
            client.save_training_set(dataset, "Mine")
        assert client.training_sets(dataset) == []
