"""Suggestions one key away: `annotateItem(acceptedSuggestion)` checked against the item's batch-scoring suggestion
and recorded on the annotation, the acceptance rate per annotator in `agreement`, and blind datasets that never
show a suggestion to a USER (on the workspace's query path) nor let one be claimed."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.promotion import promote_and_wait
from tests.stack import BASE_URL, wait_for
from tests.training import labelled_text_dataset, started, wait_for_run

pytestmark = pytest.mark.stack
ANNOTATE = """
mutation($i: ID!, $l: String!, $a: Boolean) {
  annotateItem(itemId: $i, label: $l, acceptedSuggestion: $a) {
    __typename
    ... on ItemSuccess { item { annotations { annotator label suggestionAccepted suggestionModel suggestionVersion } } }
    ... on ValidationError { fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
ITEM = """
query($i: ID!) {
  item(id: $i) {
    revision suggestion { label version }
    annotations { annotator label suggestionAccepted suggestionModel suggestionVersion }
  }
}
"""
NEXT = """
query($d: ID!, $x: [ID!]) {
  nextItem(datasetId: $d, strategy: UNLABELED_FIRST, exclude: $x) {
    __typename ... on QueuedItem { item { id suggestion { label confidence model version } } }
  }
}
"""
AGREEMENT = """
query($d: ID!) {
  agreement(datasetId: $d) {
    ... on Agreement { annotators { annotator labels suggestionsShown suggestionsAccepted acceptanceRate } }
  }
}
"""
UPDATE = """
mutation($d: ID!, $s: AnnotationSettingsInput!) { updateDataset(id: $d, input: {settings: $s}) { __typename } }
"""
SCORE = """
mutation($d: ID!, $m: String) {
  scoreDataset(datasetId: $d, model: $m) { __typename ... on ScoringJobSuccess { job { id } } }
}
"""
UNLABELLED = ["lovely superb happy", "awful dreadful sad", "great charming", "terrible broken poor", "happy delight"]


def _score(admin: str, dataset: str, model: str) -> None:
    result = post(SCORE, {"d": dataset, "m": model}, admin)["data"]["scoreDataset"]
    assert result["__typename"] == "ScoringJobSuccess", result
    job = wait_for_job(admin, result["job"]["id"])
    assert job["state"] == "SUCCEEDED", job


def _import(admin: str, dataset: str, prefix: str, texts: list[str]) -> list[str]:
    rows = [{"id": f"{prefix}{n}", "text": text} for n, text in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), f"{prefix}.jsonl")["state"] == "SUCCEEDED"
    return [f"{dataset}:{prefix}{n}" for n in range(len(texts))]


@pytest.fixture(scope="module")
def scored() -> dict[str, Any]:
    """A dataset whose production model scored its unlabelled items (u0…u4, then more), and a blind dataset scored
    by the same model; the model's version and three annotators."""
    admin = login("admin", "admin")
    dataset = labelled_text_dataset(admin, items=40)
    run = wait_for_run(admin, started(admin, dataset, "TFIDF_SGD", {"epochs": 3}))
    assert run["state"] == "SUCCEEDED", run
    version = run["modelVersion"]
    promote_and_wait(admin, dataset, version, "suggestions")
    items = _import(admin, dataset, "u", UNLABELLED * 2)
    _score(admin, dataset, dataset)
    blind = create_dataset(admin, labels=("pos", "neg"))
    blind_items = _import(admin, blind, "b", UNLABELLED[:2])
    updated = post(UPDATE, {"d": blind, "s": {"overlapTarget": 1, "blind": True}}, admin)["data"]["updateDataset"]
    assert updated["__typename"] == "DatasetSuccess", updated
    _score(admin, blind, dataset)
    users = [create_user(admin) for _ in range(3)]
    return {
        "admin": admin,
        "dataset": dataset,
        "version": version,
        "items": items,
        "blind": blind,
        "blind_items": blind_items,
        "users": [u["username"] for u in users],
        "tokens": [login(u["username"], u["password"]) for u in users],
    }


def _item(token: str, item_id: str) -> dict[str, Any]:
    item: dict[str, Any] = post(ITEM, {"i": item_id}, token)["data"]["item"]
    return item


def _suggested(admin: str, item_id: str) -> str:
    suggestion = _item(admin, item_id)["suggestion"]
    assert suggestion is not None, f"{item_id} was not scored"
    label: str = suggestion["label"]
    return label


def _other(label: str) -> str:
    return "neg" if label == "pos" else "pos"


def _annotate(token: str, item_id: str, label: str, accepted: bool | None) -> dict[str, Any]:
    result: dict[str, Any] = post(ANNOTATE, {"i": item_id, "l": label, "a": accepted}, token)["data"]["annotateItem"]
    return result


def test_an_accepted_suggestion_is_recorded_with_its_model_and_version(scored: dict[str, Any]) -> None:
    # given an item the production model scored
    admin, item = scored["admin"], scored["items"][0]
    label = _suggested(admin, item)
    # when an annotator sends the suggested label as the suggestion accepted unchanged
    result = _annotate(scored["tokens"][0], item, label, True)
    # then it is stored so, with the suggestion's model and version
    assert result["__typename"] == "ItemSuccess", result
    expected = {
        "annotator": scored["users"][0],
        "label": label,
        "suggestionAccepted": True,
        "suggestionModel": scored["dataset"],
        "suggestionVersion": scored["version"],
    }
    assert result["item"]["annotations"] == [expected]
    assert _item(admin, item)["annotations"] == [expected]


def test_another_label_while_a_suggestion_was_shown_is_recorded_as_not_accepted(scored: dict[str, Any]) -> None:
    # given an item the production model scored
    admin, item = scored["admin"], scored["items"][1]
    label = _other(_suggested(admin, item))
    # when an annotator chooses the other label (acceptedSuggestion false)
    result = _annotate(scored["tokens"][0], item, label, False)
    # then the annotation says the suggestion was shown and not taken
    assert result["__typename"] == "ItemSuccess", result
    assert _item(admin, item)["annotations"] == [
        {
            "annotator": scored["users"][0],
            "label": label,
            "suggestionAccepted": False,
            "suggestionModel": scored["dataset"],
            "suggestionVersion": scored["version"],
        }
    ]


def test_claiming_a_label_that_is_not_the_suggestion_is_refused_and_nothing_is_stored(scored: dict[str, Any]) -> None:
    # given an item the production model scored
    admin, item = scored["admin"], scored["items"][2]
    suggested = _suggested(admin, item)
    before = _item(admin, item)
    # when an annotator claims to accept the suggestion with the other label
    result = _annotate(scored["tokens"][1], item, _other(suggested), True)
    # then the claim is refused, saying what to send instead, and the item is unchanged
    assert result == {
        "__typename": "ValidationError",
        "message": "invalid input in acceptedSuggestion: nothing was changed",
        "fieldErrors": [
            {
                "field": "acceptedSuggestion",
                "code": "not_the_suggestion",
                "message": f"label '{_other(suggested)}' is not the model's suggestion '{suggested}' for item "
                f"'{item}': send acceptedSuggestion false (or leave it out) when you choose another label",
            }
        ],
    }
    assert _item(admin, item) == before
    assert before["annotations"] == []


def test_claiming_a_suggestion_on_an_item_without_one_is_refused_and_nothing_is_stored(
    scored: dict[str, Any],
) -> None:
    # given an item imported after batch scoring: it has no suggestion
    admin = scored["admin"]
    (item,) = _import(admin, scored["dataset"], "late", ["lovely lovely"])
    # when an annotator claims to accept a suggestion on it
    result = _annotate(scored["tokens"][1], item, "pos", True)
    # then the claim is refused and nothing is stored
    assert result["__typename"] == "ValidationError", result
    assert [(e["field"], e["code"]) for e in result["fieldErrors"]] == [("acceptedSuggestion", "no_suggestion")]
    assert _item(admin, item)["annotations"] == []
    # and without the claim (or with false) the label is stored with nothing recorded of a suggestion
    assert _annotate(scored["tokens"][1], item, "pos", False)["__typename"] == "ItemSuccess"
    assert _item(admin, item)["annotations"] == [
        {
            "annotator": scored["users"][1],
            "label": "pos",
            "suggestionAccepted": None,
            "suggestionModel": None,
            "suggestionVersion": None,
        }
    ]


def test_a_blind_dataset_shows_a_user_no_suggestion_and_refuses_an_acceptance(scored: dict[str, Any]) -> None:
    # given a blind dataset whose items the model scored (an ADMIN, a reviewer, sees the suggestion)
    admin, token, item = scored["admin"], scored["tokens"][2], scored["blind_items"][0]
    suggested = _suggested(admin, item)
    # when a USER asks the workspace's queue for an item, and reads the item
    queued = post(NEXT, {"d": scored["blind"], "x": []}, token)["data"]["nextItem"]
    # then neither answer holds the suggestion
    assert queued["__typename"] == "QueuedItem", queued
    assert queued["item"]["suggestion"] is None
    assert _item(token, item)["suggestion"] is None
    # when the USER claims to accept it anyway
    result = _annotate(token, item, suggested, True)
    # then the claim is refused and nothing is stored
    assert result["__typename"] == "ValidationError", result
    assert [(e["field"], e["code"]) for e in result["fieldErrors"]] == [("acceptedSuggestion", "blind")]
    assert _item(admin, item)["annotations"] == []
    # and a label sent with false records no suggestion (none was shown)
    assert _annotate(token, item, suggested, False)["__typename"] == "ItemSuccess"
    (annotation,) = _item(admin, item)["annotations"]
    assert (annotation["suggestionAccepted"], annotation["suggestionVersion"]) == (None, None)


def test_the_acceptance_rate_per_annotator_counts_labels_given_while_a_suggestion_was_shown(
    scored: dict[str, Any],
) -> None:
    # given two new annotators on items u5…u9: the first accepts 2 suggestions, declines 1, and labels 1 without
    # saying (not counted); the second accepts 1
    admin, items = scored["admin"], scored["items"][5:]
    first, second = create_user(admin), create_user(admin)
    one, two = login(first["username"], first["password"]), login(second["username"], second["password"])
    labels = {item: _suggested(admin, item) for item in items}
    for token, item, label, accepted in [
        (one, items[0], labels[items[0]], True),
        (one, items[1], labels[items[1]], True),
        (one, items[2], _other(labels[items[2]]), False),
        (one, items[3], labels[items[3]], None),
        (two, items[4], labels[items[4]], True),
    ]:
        assert _annotate(token, item, label, accepted)["__typename"] == "ItemSuccess"

    # when the agreement figures are read (from the search index, once it has the labels)
    def figures() -> dict[str, dict[str, Any]]:
        report = post(AGREEMENT, {"d": scored["dataset"]}, admin)["data"]["agreement"]
        return {a["annotator"]: a for a in report["annotators"]}

    wait_for(lambda: figures().get(second["username"], {}).get("labels") == 1, 20, "the labels in the index")
    wait_for(lambda: figures()[first["username"]]["labels"] == 4, 20, "the first annotator's labels in the index")
    by_name = figures()
    # then each annotator's rate is accepted / labels given while a suggestion was shown
    assert by_name[first["username"]] == {
        "annotator": first["username"],
        "labels": 4,
        "suggestionsShown": 3,
        "suggestionsAccepted": 2,
        "acceptanceRate": pytest.approx(2 / 3),
    }
    assert by_name[second["username"]] == {
        "annotator": second["username"],
        "labels": 1,
        "suggestionsShown": 1,
        "suggestionsAccepted": 1,
        "acceptanceRate": 1.0,
    }


EXPORT = """
mutation($d: ID!, $f: ItemFilter) {
  exportItems(datasetId: $d, format: JSONL, filter: $f) { __typename ... on JobSuccess { job { id } } }
}
"""


def test_an_export_carries_the_record_and_an_import_reads_it_back(scored: dict[str, Any]) -> None:
    # given u0, whose suggestion an annotator accepted (the first test of this module labels it)
    admin, item = scored["admin"], scored["items"][0]
    if not _item(admin, item)["annotations"]:
        assert _annotate(scored["tokens"][0], item, _suggested(admin, item), True)["__typename"] == "ItemSuccess"
    external_id = item.split(":", 1)[1]
    # when it is exported
    result = post(EXPORT, {"d": scored["dataset"], "f": {"externalIds": [external_id]}}, admin)["data"]
    job = wait_for_job(admin, result["exportItems"]["job"]["id"])
    assert job["state"] == "SUCCEEDED", job
    response = httpx.get(f"{BASE_URL}{job['result']['download']}", headers={"Authorization": f"Bearer {admin}"})
    (row,) = [json.loads(line) for line in response.text.splitlines()]
    # then the annotation says the suggestion was accepted, and whose it was
    (annotation,) = row["annotations"]
    assert {k: annotation[k] for k in ("suggestion_accepted", "suggestion_model", "suggestion_version")} == {
        "suggestion_accepted": True,
        "suggestion_model": scored["dataset"],
        "suggestion_version": scored["version"],
    }
    # and imported into another dataset, the annotation keeps it
    copy = create_dataset(admin, labels=("pos", "neg"))
    assert import_file(admin, copy, jsonl([row]), "copy.jsonl")["state"] == "SUCCEEDED"
    (imported,) = _item(admin, f"{copy}:{external_id}")["annotations"]
    assert (imported["suggestionAccepted"], imported["suggestionModel"], imported["suggestionVersion"]) == (
        True,
        scored["dataset"],
        scored["version"],
    )
