"""Annotating: one label per item and annotator, derived status, review, history, and blind mode."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl
from tests.stack import wait_for

ANNOTATE = """
mutation($i: ID!, $label: String!, $note: String) {
  annotateItem(itemId: $i, label: $label, note: $note) {
    __typename
    ... on ItemSuccess { item { status goldLabel revision annotations { annotator label note } } }
    ... on ValidationError { fieldErrors { field code message } }
    ... on Error { message }
  }
}
"""
DELETE = """
mutation($i: ID!, $who: String) {
  deleteAnnotation(itemId: $i, annotator: $who) {
    __typename ... on ItemSuccess { item { status annotations { annotator } } } ... on Error { message }
  }
}
"""
GOLD = """
mutation($i: ID!, $label: String, $comment: String) {
  setGoldLabel(itemId: $i, label: $label, comment: $comment) {
    __typename ... on ItemSuccess { item { status goldLabel history { actor action label comment } } }
  }
}
"""
ITEM = (
    "query($i: ID!) { item(id: $i) { status goldLabel agreement annotations { annotator label } history { actor } } }"
)
SEARCH = """
query($d: ID!) {
  search(datasetId: $d) {
    __typename
    ... on SearchResults { nodes { labels goldLabel } facets { labels { value count } annotators { value count } } }
  }
}
"""


def _set_overlap(admin: str, dataset: str, overlap: int, blind: bool = False) -> None:
    update = (
        "mutation($d: ID!, $s: AnnotationSettingsInput!) "
        "{ updateDataset(id: $d, input: {settings: $s}) { __typename } }"
    )
    result = post(update, {"d": dataset, "s": {"overlapTarget": overlap, "blind": blind}}, admin)
    assert result["data"]["updateDataset"]["__typename"] == "DatasetSuccess"


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = [create_user(admin) for _ in range(3)]
    return {"admin": admin, "users": users, "tokens": [login(u["username"], u["password"]) for u in users]}


def _item(admin: str, overlap: int = 2, blind: bool = False) -> tuple[str, str]:
    dataset = create_dataset(admin)
    _set_overlap(admin, dataset, overlap, blind)
    import_file(admin, dataset, jsonl([{"id": "a", "text": "some text"}]), "a.jsonl")
    return dataset, f"{dataset}:a"


def _search(token: str, dataset: str) -> dict[str, Any]:
    result: dict[str, Any] = post(SEARCH, {"d": dataset}, token)["data"]["search"]
    return result


def _annotate(token: str, item: str, label: str, note: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = post(ANNOTATE, {"i": item, "label": label, "note": note}, token)["data"]["annotateItem"]
    return result


def test_status_follows_the_overlap_target(people: dict[str, Any]) -> None:
    _, item = _item(people["admin"], overlap=2)
    first, second = people["tokens"][:2]
    assert _annotate(first, item, "pos")["item"]["status"] == "IN_PROGRESS"
    assert _annotate(second, item, "neg")["item"]["status"] == "CONFLICT"
    agreed = _annotate(second, item, "pos", note="changed my mind")
    assert agreed["item"]["status"] == "AGREED"
    assert sorted((a["label"], a["note"] or "") for a in agreed["item"]["annotations"]) == [
        ("pos", ""),
        ("pos", "changed my mind"),
    ]


def test_a_label_not_in_the_dataset_is_a_field_error_and_changes_nothing(people: dict[str, Any]) -> None:
    dataset, item = _item(people["admin"])
    result = _annotate(people["tokens"][0], item, "spam")
    assert result == {
        "__typename": "ValidationError",
        "message": "invalid input in label: nothing was changed",
        "fieldErrors": [
            {
                "field": "label",
                "code": "unknown_label",
                "message": f"label 'spam' is not in dataset '{dataset}' labels ['pos', 'neg', 'neutral']",
            }
        ],
    }
    assert post(ITEM, {"i": item}, people["admin"])["data"]["item"]["annotations"] == []


def test_authors_delete_their_own_annotations_and_admins_anyones(people: dict[str, Any]) -> None:
    _, item = _item(people["admin"])
    author, other = people["tokens"][:2]
    _annotate(author, item, "pos")
    author_name = people["users"][0]["username"]
    refused = post(DELETE, {"i": item, "who": author_name}, other)["data"]["deleteAnnotation"]
    assert refused == {
        "__typename": "NotYourAnnotationError",
        "message": f"only '{author_name}' or an ADMIN can delete that annotation",
    }
    deleted = post(DELETE, {"i": item}, author)["data"]["deleteAnnotation"]
    assert deleted["item"] == {"status": "UNLABELED", "annotations": []}
    _annotate(author, item, "neg")
    by_admin = post(DELETE, {"i": item, "who": author_name}, people["admin"])["data"]["deleteAnnotation"]
    assert by_admin["item"]["annotations"] == []


def test_review_sets_the_gold_label_and_keeps_the_history(people: dict[str, Any]) -> None:
    _, item = _item(people["admin"])
    _annotate(people["tokens"][0], item, "pos")
    _annotate(people["tokens"][1], item, "neg")
    reviewed = post(GOLD, {"i": item, "label": "neg", "comment": "sarcasm"}, people["admin"])["data"]["setGoldLabel"]
    assert reviewed["item"]["status"] == "REVIEWED"
    assert reviewed["item"]["goldLabel"] == "neg"
    history = reviewed["item"]["history"]
    assert [(e["action"], e["label"]) for e in history] == [("annotate", "pos"), ("annotate", "neg"), ("gold", "neg")]
    assert history[-1] == {"actor": "admin", "action": "gold", "label": "neg", "comment": "sarcasm"}
    cleared = post(GOLD, {"i": item, "label": None}, people["admin"])["data"]["setGoldLabel"]
    assert (cleared["item"]["status"], cleared["item"]["goldLabel"]) == ("CONFLICT", None)


def test_search_facets_count_labels_and_annotators(people: dict[str, Any]) -> None:
    dataset, item = _item(people["admin"])
    _annotate(people["tokens"][0], item, "pos")
    _annotate(people["tokens"][1], item, "pos")
    names = sorted(u["username"] for u in people["users"][:2])
    # the index refreshes every second: searches see a write within about that
    wait_for(lambda: len(_search(people["admin"], dataset)["facets"]["annotators"]) == 2, 10, "the index to refresh")
    result = _search(people["admin"], dataset)
    assert result["facets"]["labels"] == [{"value": "pos", "count": 1}]
    assert sorted(f["value"] for f in result["facets"]["annotators"]) == names


@pytest.mark.parametrize(
    ("blind", "viewer", "sees_others"),
    [
        (False, "USER", True),
        (False, "ADMIN", True),
        (True, "USER", False),
        (True, "ADMIN", True),
    ],
)
def test_blind_mode(people: dict[str, Any], blind: bool, viewer: str, sees_others: bool) -> None:
    # given an item labelled by two annotators and reviewed, in a blind (or open) dataset
    dataset, item = _item(people["admin"], overlap=2, blind=blind)
    _annotate(people["tokens"][0], item, "pos")
    _annotate(people["tokens"][1], item, "neg")
    post(GOLD, {"i": item, "label": "pos"}, people["admin"])
    token = people["tokens"][0] if viewer == "USER" else people["admin"]
    # when the viewer reads the item and searches
    seen = post(ITEM, {"i": item}, token)["data"]["item"]
    wait_for(lambda: _search(people["admin"], dataset)["nodes"][0]["goldLabel"] == "pos", 10, "the index to refresh")
    found = _search(token, dataset)
    # then a USER of a blind dataset sees only their own label: no one else's, no gold, no label facets
    me = people["users"][0]["username"]
    if sees_others:
        assert len(seen["annotations"]) == 2
        assert seen["agreement"] == 0.0  # the two labels differ
        assert seen["goldLabel"] == "pos"
        assert found["nodes"][0]["labels"] == ["neg", "pos"]
        assert len(found["facets"]["annotators"]) == 2
    else:
        assert seen["annotations"] == [{"annotator": me, "label": "pos"}]
        assert seen["agreement"] is None
        assert seen["goldLabel"] is None
        assert {e["actor"] for e in seen["history"]} == {me}
        assert found["nodes"][0] == {"labels": ["pos"], "goldLabel": None}  # their own label only
        assert found["facets"]["labels"] == []
        assert found["facets"]["annotators"] == []


AGREEMENT = """
query($d: ID!) {
  agreement(datasetId: $d) {
    __typename
    ... on Agreement {
      itemsLabelled itemsCompared percentAgreement fleissKappa cohenKappa
      pairs { first second kappa items }
      annotators { annotator labels agreementWithConsensus agreementWithGold }
    }
  }
}
"""


def test_agreement_figures_of_two_annotators(people: dict[str, Any]) -> None:
    # given 4 items labelled by two annotators: agree, agree, disagree, agree; gold on the disagreement
    admin = people["admin"]
    dataset = create_dataset(admin)
    _set_overlap(admin, dataset, 2)
    import_file(admin, dataset, jsonl([{"id": f"k{i}", "text": f"kappa {i}"} for i in range(4)]), "k.jsonl")
    (a, b), (name_a, name_b) = people["tokens"][:2], [u["username"] for u in people["users"][:2]]
    for i, (label_a, label_b) in enumerate([("pos", "pos"), ("neg", "neg"), ("pos", "neg"), ("pos", "pos")]):
        _annotate(a, f"{dataset}:k{i}", label_a)
        _annotate(b, f"{dataset}:k{i}", label_b)
    post(GOLD, {"i": f"{dataset}:k2", "label": "neg"}, admin)

    # then: po = 3/4; A: pos 3/4, neg 1/4; B: pos 2/4, neg 2/4; pe = 3/8 + 1/8 = 1/2; kappa = 0.5
    def indexed() -> bool:
        report = post(AGREEMENT, {"d": dataset}, admin)["data"]["agreement"]
        # every label and the gold label are in the index (it refreshes every second)
        return report["itemsCompared"] == 4 and any(a["agreementWithGold"] is not None for a in report["annotators"])

    wait_for(indexed, 10, "the index")
    report = post(AGREEMENT, {"d": dataset}, admin)["data"]["agreement"]
    assert report["itemsLabelled"] == 4
    assert report["percentAgreement"] == pytest.approx(0.75)
    assert report["cohenKappa"] == pytest.approx(0.5)
    first, second = sorted([name_a, name_b])
    assert report["pairs"] == [{"first": first, "second": second, "kappa": pytest.approx(0.5), "items": 4}]
    by_name = {x["annotator"]: x for x in report["annotators"]}
    assert by_name[name_a] == {
        "annotator": name_a,
        "labels": 4,
        "agreementWithConsensus": pytest.approx(0.75),
        "agreementWithGold": 0.0,
    }
    assert by_name[name_b]["agreementWithGold"] == 1.0
