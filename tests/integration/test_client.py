"""The notebook client (client/) against the real stack: search, labelling, training sets, typed errors, roles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from labelloop_client import (
    AuthenticationError,
    Client,
    DatasetNotFoundError,
    ItemCompleteError,
    ItemNotFoundError,
    PermissionDeniedError,
    TrainingFailedError,
    ValidationError,
)

from tests.api import create_user, login
from tests.data import create_dataset, import_file, jsonl
from tests.stack import BASE_URL
from tests.training import labelled_text_dataset

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def admin_token() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def admin(admin_token: str) -> Iterator[Client]:
    with Client(BASE_URL, token=admin_token) as client:
        yield client


@pytest.fixture(scope="module")
def user(admin_token: str) -> Iterator[Client]:
    account = create_user(admin_token, "USER")
    with Client(BASE_URL, token=login(account["username"], account["password"])) as client:
        yield client


@pytest.fixture
def half_labelled(admin_token: str) -> str:
    """A TEXT dataset of 30 items: t00-t09 with a gold label (pos), t10-t29 without."""
    dataset = create_dataset(admin_token, labels=("pos", "neg"))
    rows = [
        {"id": f"t{n:02d}", "text": f"item number {n} lovely" if n % 2 else f"item number {n} awful"}
        | ({"label": "pos"} if n < 10 else {})
        for n in range(30)
    ]
    job = import_file(admin_token, dataset, jsonl(rows), "items.jsonl")
    assert job["state"] == "SUCCEEDED", job
    return dataset


def test_search_iterates_over_every_page_with_the_cursors_hidden(user: Client, half_labelled: str) -> None:
    # given a search whose 30 matches take 4 pages of 8
    results = user.search(half_labelled, filter={"statuses": ["UNLABELED", "REVIEWED"]}, page_size=8)

    # when iterated, and read into a DataFrame
    hits = list(results)
    frame = results.to_pandas()

    # then every item comes once, in external-id order, with the total and facets of the first page
    assert [hit.external_id for hit in hits] == [f"t{n:02d}" for n in range(30)]
    assert results.total == 30
    assert results.facets["statuses"] == {"UNLABELED": 20, "REVIEWED": 10}
    assert frame.shape[0] == 30
    assert list(frame["external_id"]) == [f"t{n:02d}" for n in range(30)]
    assert frame.loc[0, "gold_label"] == "pos"


def test_facets_are_named_as_the_filter_keys(user: Client, half_labelled: str) -> None:
    # when a search is filtered on a gold label, in the filter's snake_case
    results = user.search(half_labelled, filter={"gold_labels": ["pos"]})

    # then its facets have the same names (the schema's camelCase is read too), with every group's values
    assert results.total == 10
    assert set(results.facets) == {
        "statuses",
        "labels",
        "gold_labels",
        "annotators",
        "metadata",
        "metadata_ranges",
        "span_texts",
        "span_marks",
    }
    assert results.facets["gold_labels"] == {"pos": 10}
    assert results.facets["goldLabels"] == {"pos": 10}
    assert results.facets["statuses"] == {"REVIEWED": 10}


def test_search_takes_a_query_and_a_snake_case_filter(user: Client, half_labelled: str) -> None:
    # when searching the word "lovely" among items without a gold label
    frame = user.search(half_labelled, "lovely", filter={"has_gold_label": False}).to_pandas()

    # then only the odd items from t11 on match
    assert sorted(frame["external_id"]) == [f"t{n:02d}" for n in range(11, 30, 2)]
    assert all("<mark>lovely</mark>" in " ".join(h) for h in frame["highlights"])


def test_labels_given_through_the_client_make_the_training_set(user: Client, admin: Client, half_labelled: str) -> None:
    # given a USER who labels two items without a gold label (the dataset wants one label per item)
    first = user.label(f"{half_labelled}:t20", "neg", note="from the client test")
    user.label(f"{half_labelled}:t21", "pos")
    with pytest.raises(ItemCompleteError) as complete:
        admin.label(f"{half_labelled}:t20", "pos")

    # when the training set is read (through an export: an ADMIN's)
    frame = admin.training_set(half_labelled)

    # then it has the ten gold items and the two labelled ones (majority), and no unlabelled item
    assert first.annotations[0].annotator == user.viewer()["user"]["username"]
    assert first.annotations[0].note == "from the client test"
    assert list(frame["external_id"]) == [f"t{n:02d}" for n in range(10)] + ["t20", "t21"]
    assert list(frame["label"]) == ["pos"] * 10 + ["neg", "pos"]
    assert list(frame["label_source"]) == ["gold"] * 10 + ["majority", "majority"]
    assert frame.loc[10, "text"] == "item number 20 awful"
    assert "already has the 1 label it needs" in complete.value.message


def test_a_training_set_filter_narrows_it(admin: Client, half_labelled: str) -> None:
    # when only gold items whose id is t00-t04 are asked for
    frame = admin.training_set(half_labelled, filter={"external_ids": ["t00", "t01", "t02", "t03", "t04", "t25"]})

    # then the unlabelled t25 is left out
    assert list(frame["external_id"]) == ["t00", "t01", "t02", "t03", "t04"]


def test_a_user_token_cannot_start_a_training_and_nothing_starts(user: Client, admin: Client, admin_token: str) -> None:
    # given a dataset a USER may read
    dataset = labelled_text_dataset(admin_token, items=20)

    # when the USER starts a training through the client
    with pytest.raises(PermissionDeniedError) as refused:
        user.start_training(dataset, "TFIDF_SGD", params={"epochs": 3})

    # then the typed permission error carries the server's message, and no run exists
    assert "train_model" in refused.value.message
    assert "USER" in refused.value.message
    assert admin.runs(dataset) == []


def test_invalid_parameters_raise_a_validation_error_with_each_field(admin: Client, half_labelled: str) -> None:
    # when a training is started with an out-of-range and an unknown parameter
    with pytest.raises(ValidationError) as invalid:
        admin.start_training(half_labelled, "TFIDF_SGD", params={"alpha": 5, "colour": "blue"})

    # then each field is named, and nothing started
    assert sorted(e.field for e in invalid.value.field_errors) == ["params.alpha", "params.colour"]
    assert admin.runs(half_labelled) == []


def test_a_training_that_fails_raises_on_wait(admin: Client, admin_token: str) -> None:
    # given a dataset with two labelled items only (a training needs at least 4)
    dataset = create_dataset(admin_token, labels=("pos", "neg"))
    rows = [{"id": "a", "text": "good", "label": "pos"}, {"id": "b", "text": "bad", "label": "neg"}]
    assert import_file(admin_token, dataset, jsonl(rows), "two.jsonl")["state"] == "SUCCEEDED"

    # when a training runs and the client waits for it
    run = admin.start_training(dataset, "TFIDF_LOGISTIC_REGRESSION")
    with pytest.raises(TrainingFailedError) as failed:
        run.wait(timeout=120)

    # then the failure says why, and the handle knows the state
    assert failed.value.state == "FAILED"
    assert run.state == "FAILED"
    assert failed.value.message == f"training run {run.id} FAILED: {run.message}"


def test_unknown_things_raise_their_own_error(user: Client) -> None:
    with pytest.raises(DatasetNotFoundError) as no_dataset:
        _ = user.search("no-such-dataset-here").total
    with pytest.raises(ItemNotFoundError):
        user.label("no-such-dataset-here:x", "pos")
    assert "no-such-dataset-here" in no_dataset.value.message


def test_a_forged_or_missing_token_raises_an_authentication_error() -> None:
    with pytest.raises(AuthenticationError) as forged:
        Client(BASE_URL, token="llp_nobody.forged.secret").viewer()
    assert "authentication required" in forged.value.message


def test_username_and_password_log_in(admin_token: str) -> None:
    # given an account
    account = create_user(admin_token, "USER")

    # when the client logs in with it
    with Client(BASE_URL, username=account["username"], password=account["password"]) as client:
        viewer = client.viewer()

    # then it acts as that user, with an access token
    assert (viewer["user"]["username"], viewer["user"]["role"], viewer["authMethod"]) == (
        account["username"],
        "USER",
        "ACCESS_TOKEN",
    )


def test_an_api_token_created_through_the_client_works(user: Client) -> None:
    # when a USER creates an API token and a new client uses it
    token = user.create_api_token("notebook")
    with Client(BASE_URL, token=token) as scripted:
        viewer = scripted.viewer()

    # then it is the same account, authenticated by API token
    assert token.startswith("llp_")
    assert viewer["user"]["username"] == user.viewer()["user"]["username"]
    assert viewer["authMethod"] == "API_TOKEN"
