"""Saved training sets through the API: what a set's run trains on (frozen ids, labels, content hashes), the data
hash, the label rules, bad input, and who may write sets."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.api import create_user, login, post
from tests.data import import_file, jsonl
from tests.training import wait_for_run
from tests.training_sets import (
    DELETE_SET,
    GET_SET,
    GOLD,
    MAJORITY,
    UPDATE_SET,
    create_set,
    expected_hash,
    mixed_dataset,
    run_data,
    saved_set,
    sets_of,
    start_from,
    text_of,
)

pytestmark = pytest.mark.stack
ALPHA = {"text": "alpha"}


@pytest.fixture(scope="module")
def admin() -> str:
    return login("admin", "admin")


@pytest.fixture(scope="module")
def dataset(admin: str) -> str:
    return mixed_dataset(admin)


def _trained(admin: str, dataset: str, set_id: str) -> dict[str, Any]:
    result = start_from(admin, dataset, set_id)
    assert result["__typename"] == "TrainingRunSuccess", result
    run = wait_for_run(admin, result["run"]["id"])
    assert run["state"] == "SUCCEEDED", run
    return run_data(admin, run["id"])


def _frozen_labels(dataset: str, run: dict[str, Any]) -> dict[str, str]:
    return {i["itemId"].removeprefix(f"{dataset}:"): i["label"] for i in run["items"]["nodes"]}


def _runs_of(admin: str, dataset: str) -> int:
    time.sleep(1.2)  # the runs index refreshes every second
    body = post("query($d: ID!) { trainingRuns(datasetId: $d) { totalCount } }", {"d": dataset}, admin)
    count: int = body["data"]["trainingRuns"]["totalCount"]
    return count


def test_a_saved_set_restricts_its_run_to_exactly_the_matching_labelled_items(admin: str, dataset: str) -> None:
    # given a set of the `alpha` items under the default rule (gold, else a unique majority)
    set_id = saved_set(admin, dataset, name="Alpha", filter=ALPHA)

    # when a training starts from it
    run = _trained(admin, dataset, set_id)

    # then it froze exactly the alpha items with a clear label (not the tie, the unlabelled or any beta item)
    assert _frozen_labels(dataset, run) == {**GOLD, **MAJORITY}
    assert run["itemCount"] == 12
    assert run["items"]["totalCount"] == 12
    assert [i["itemId"] for i in run["items"]["nodes"]] == sorted(f"{dataset}:{i}" for i in {**GOLD, **MAJORITY})
    assert {i["contentSha256"] for i in run["items"]["nodes"] if i["itemId"] == f"{dataset}:ag0"} == {
        expected_hash(text_of("ag0"))
    }
    # and the run records the set it started from, as it was
    assert run["trainingSetId"] == set_id
    assert run["trainingSetName"] == "Alpha"
    assert run["trainingSetDefinition"]["filter"] == ALPHA
    assert run["labelRule"] == "GOLD_OR_MAJORITY"
    assert run["labelCounts"] == {"pos": 7, "neg": 5}
    assert len(run["dataHash"]) == 64
    assert run["itemHash"] == run["dataHash"]


def test_each_label_rule_picks_its_labels(admin: str, dataset: str) -> None:
    # given three sets of the alpha items, one per rule (and a minimum agreement of 3/4)
    gold_only = saved_set(admin, dataset, name="Gold only", filter=ALPHA, labelRule="GOLD_ONLY")
    unanimous = saved_set(admin, dataset, name="Unanimous", filter=ALPHA, labelRule="UNANIMOUS")
    agreed = saved_set(admin, dataset, name="Three quarters", filter=ALPHA, minAgreement=0.75)

    # when a training starts from each
    runs = {name: _trained(admin, dataset, s) for name, s in (("gold", gold_only), ("all", unanimous), ("3/4", agreed))}

    # then each froze the labels its rule gives
    unanimous_votes = {k: v for k, v in MAJORITY.items() if k.startswith("au")}
    assert _frozen_labels(dataset, runs["gold"]) == GOLD
    assert _frozen_labels(dataset, runs["all"]) == {**GOLD, **unanimous_votes}
    assert _frozen_labels(dataset, runs["3/4"]) == {**GOLD, **unanimous_votes, "am2": "pos"}
    assert [runs[n]["labelRule"] for n in ("gold", "all", "3/4")] == ["GOLD_ONLY", "UNANIMOUS", "GOLD_OR_MAJORITY"]
    assert runs["3/4"]["minAgreement"] == 0.75


def test_the_data_hash_changes_with_a_label_or_the_content_and_only_then(admin: str) -> None:
    # given a fresh dataset and a set of its alpha items, trained on twice with nothing changed in between
    dataset = mixed_dataset(admin)
    set_id = saved_set(admin, dataset, name="Alpha", filter=ALPHA)
    first = _trained(admin, dataset, set_id)
    second = _trained(admin, dataset, set_id)

    # when a reviewer changes one gold label, and then one item's text changes (same id, labels kept)
    body = post(
        'mutation($i: ID!) { setGoldLabel(itemId: $i, label: "neg") { __typename } }', {"i": f"{dataset}:ag0"}, admin
    )
    assert body["data"]["setGoldLabel"]["__typename"] == "ItemSuccess", body
    relabelled = _trained(admin, dataset, set_id)
    job = import_file(admin, dataset, jsonl([{"id": "au0", "text": "alpha item au0 changed words"}]), "edit.jsonl")
    assert job["state"] == "SUCCEEDED", job
    edited = _trained(admin, dataset, set_id)

    # then the same data gave the same hash, and each change gave a new one
    assert second["dataHash"] == first["dataHash"]
    assert _frozen_labels(dataset, relabelled)["ag0"] == "neg"
    assert len({first["dataHash"], relabelled["dataHash"], edited["dataHash"]}) == 3
    assert [i["itemId"] for i in edited["items"]["nodes"]] == [i["itemId"] for i in relabelled["items"]["nodes"]]
    changed = {i["itemId"]: i["contentSha256"] for i in edited["items"]["nodes"]}[f"{dataset}:au0"]
    assert changed == expected_hash("alpha item au0 changed words")


def test_bad_training_set_input_is_refused_with_what_to_do(admin: str, dataset: str) -> None:
    # given a saved set, and the dataset's runs so far
    set_id = saved_set(admin, dataset, name="Bad input base", filter=ALPHA)
    nothing = saved_set(admin, dataset, name="Matches nothing", filter={"text": "zebra-no-item-mentions"})
    before_sets = len(sets_of(admin, dataset))
    before_runs = _runs_of(admin, dataset)

    # when sets are created with an unknown dataset, a duplicate name, a bad agreement or a useless one
    unknown = create_set(admin, "no-such-dataset", name="X")
    duplicate = create_set(admin, dataset, name="bad INPUT base")
    agreement = create_set(admin, dataset, name="Y", minAgreement=1.5)
    not_used = create_set(admin, dataset, name="Z", labelRule="GOLD_ONLY", minAgreement=0.5)
    blank = create_set(admin, dataset, name="  ")
    # and trainings with both a set and a filter, an unknown set, or a set that matches nothing
    both = start_from(admin, dataset, set_id, f=ALPHA, a=0.5)
    missing = start_from(admin, dataset, "ts_missing")
    empty = start_from(admin, dataset, nothing)

    # then each says what was wrong, and nothing was saved or started
    assert unknown["__typename"] == "DatasetNotFoundError"
    assert duplicate["__typename"] == "ValidationError"
    assert [(e["field"], e["code"]) for e in duplicate["fieldErrors"]] == [("name", "duplicate")]
    assert "already has a training set named 'bad INPUT base'" in duplicate["fieldErrors"][0]["message"]
    assert [(e["field"], e["code"]) for e in agreement["fieldErrors"]] == [("minAgreement", "out_of_range")]
    assert [(e["field"], e["code"]) for e in not_used["fieldErrors"]] == [("minAgreement", "not_used")]
    assert [(e["field"], e["code"]) for e in blank["fieldErrors"]] == [("name", "required")]
    assert both["__typename"] == "ValidationError"
    assert [(e["field"], e["code"]) for e in both["fieldErrors"]] == [
        ("trainingSet", "conflict"),
        ("minAgreement", "conflict"),
    ]
    assert missing["__typename"] == "TrainingSetNotFoundError"
    assert "ts_missing" in missing["message"]
    assert empty["__typename"] == "EmptyTrainingSetError"
    assert len(sets_of(admin, dataset)) == before_sets
    assert _runs_of(admin, dataset) == before_runs


def test_a_set_of_another_dataset_is_refused(admin: str, dataset: str) -> None:
    # given a set of another dataset
    other = mixed_dataset(admin)
    foreign = saved_set(admin, other, name="Foreign", filter=ALPHA)

    # when a training of this dataset names it
    result = start_from(admin, dataset, foreign)

    # then it is refused, naming both datasets
    assert result["__typename"] == "ValidationError"
    error = result["fieldErrors"][0]
    assert (error["field"], error["code"]) == ("trainingSetId", "wrong_dataset")
    assert f"belongs to dataset '{other}', not '{dataset}'" in error["message"]


def test_an_admin_edits_and_deletes_a_set_and_lists_show_it(admin: str) -> None:
    # given a fresh dataset with two sets
    dataset = mixed_dataset(admin)
    first = saved_set(admin, dataset, name="B first", filter=ALPHA)
    saved_set(admin, dataset, name="A second")

    # when the first is renamed and changed, then the second deleted
    changed = post(
        UPDATE_SET, {"id": first, "input": {"name": "C renamed", "labelRule": "UNANIMOUS", "filter": None}}, admin
    )["data"]["updateTrainingSet"]
    listed_after_update = [(s["name"], s["labelRule"], s["filter"]) for s in sets_of(admin, dataset)]
    second = next(s["id"] for s in sets_of(admin, dataset) if s["name"] == "A second")
    deleted = post(DELETE_SET, {"id": second}, admin)["data"]["deleteTrainingSet"]

    # then the list follows each change, by name, and the deleted set is gone
    assert changed["trainingSet"]["name"] == "C renamed"
    assert listed_after_update == [("A second", "GOLD_OR_MAJORITY", {}), ("C renamed", "UNANIMOUS", {})]
    assert deleted == {"__typename": "DeleteTrainingSetSuccess", "id": second}
    assert [s["name"] for s in sets_of(admin, dataset)] == ["C renamed"]
    assert post(GET_SET, {"id": second}, admin)["data"]["trainingSet"] is None
    again = post(DELETE_SET, {"id": second}, admin)["data"]["deleteTrainingSet"]
    assert again["__typename"] == "TrainingSetNotFoundError"


def test_a_user_reads_sets_but_cannot_write_them(admin: str, dataset: str) -> None:
    # given a set, and a USER
    set_id = saved_set(admin, dataset, name="Read only", filter=ALPHA)
    account = create_user(admin)
    user = login(account["username"], account["password"])
    before = sets_of(admin, dataset)

    # when the USER lists and reads sets, then tries to create, change and delete one
    listed = sets_of(user, dataset)
    read = post(GET_SET, {"id": set_id}, user)["data"]["trainingSet"]
    create = post(
        'mutation($d: ID!) { createTrainingSet(datasetId: $d, input: {name: "Mine"}) { __typename } }',
        {"d": dataset},
        user,
    )
    update = post(UPDATE_SET, {"id": set_id, "input": {"name": "Taken over"}}, user)
    delete = post(DELETE_SET, {"id": set_id}, user)

    # then reading works, every write is FORBIDDEN, and the sets are as they were
    assert [s["id"] for s in listed] == [s["id"] for s in before]
    assert read["name"] == "Read only"
    for denied in (create, update, delete):
        assert denied["data"] is None
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert sets_of(admin, dataset) == before
