"""Agreement of MULTI_LABEL and SPANS datasets on the real stack: the figures of the hand-computed fixtures of
tests/unit/test_agreement_sets.py and tests/unit/test_agreement_spans.py, through annotateItem and `agreement`."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl

ANNOTATE = """
mutation($i: ID!, $labels: [String!], $spans: [SpanInputType!]) {
  annotateItem(itemId: $i, labels: $labels, spans: $spans) { __typename ... on Error { message } }
}
"""
GOLD = """
mutation($i: ID!, $labels: [String!]) {
  setGoldLabel(itemId: $i, labels: $labels, comment: "checked") { __typename }
}
"""
AGREEMENT = """
query($d: ID!) { agreement(datasetId: $d) { ... on Agreement {
  taskType itemsLabelled itemsCompared percentAgreement fleissKappa cohenKappa krippendorffAlphaMasi spanF1
  labelKappas { label cohenKappa fleissKappa chosen }
  pairs { first second kappa items similarity }
  annotators { annotator labels agreementWithConsensus agreementWithGold }
} } }
"""
ITEM_AGREEMENT = "query($i: ID!) { item(id: $i) { agreement } }"
COUNT = "query($d: ID!, $f: ItemFilter) { search(datasetId: $d, filter: $f) { ... on SearchResults { totalCount } } }"


@pytest.fixture(scope="module")
def people() -> dict[str, Any]:
    admin = login("admin", "admin")
    users = sorted((create_user(admin) for _ in range(2)), key=lambda u: u["username"])
    return {
        "admin": admin,
        "names": [u["username"] for u in users],
        "tokens": [login(u["username"], u["password"]) for u in users],
    }


def _dataset(admin: str, labels: tuple[str, ...], task_type: str) -> str:
    """A dataset asking two labels per item."""
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    update = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename } }"
    assert post(update, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    return dataset


def _indexed(admin: str, dataset: str, statuses: list[str], count: int) -> None:
    """Wait until the index (refreshed every second) has `count` items in `statuses`: agreement reads it."""
    deadline = time.monotonic() + 10
    while post(COUNT, {"d": dataset, "f": {"statuses": statuses}}, admin)["data"]["search"]["totalCount"] != count:
        assert time.monotonic() < deadline, "the index did not catch up"
        time.sleep(0.3)


def _annotate(token: str, item: str, **answer: Any) -> None:
    result = post(ANNOTATE, {"i": item, **answer}, token)["data"]["annotateItem"]
    assert result["__typename"] == "ItemSuccess", result


def _span(text: str, part: str, label: str) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label}


def test_multi_label_agreement_reports_per_label_kappa_and_alpha_with_masi(people: dict[str, Any]) -> None:
    # given: the unit fixture HAND with x = billing, y = bug, z = feature; a gold set on item 1
    admin, (a, b), (name_a, name_b) = people["admin"], people["tokens"], people["names"]
    dataset = _dataset(admin, ("billing", "bug", "feature"), "MULTI_LABEL")
    import_file(admin, dataset, jsonl([{"id": f"t{n}", "text": f"ticket {n}"} for n in (1, 2, 3)]), "t.jsonl")
    for item, first, second in (
        ("t1", ["billing", "bug"], ["billing"]),
        ("t2", ["billing"], ["billing"]),
        ("t3", ["billing", "bug"], ["bug", "feature"]),
    ):
        _annotate(a, f"{dataset}:{item}", labels=first)
        _annotate(b, f"{dataset}:{item}", labels=second)
    assert post(GOLD, {"i": f"{dataset}:t1", "labels": ["billing"]}, admin)["data"]["setGoldLabel"] == {
        "__typename": "ItemSuccess"
    }
    _indexed(admin, dataset, ["REVIEWED"], 1)
    _indexed(admin, dataset, ["AGREED", "CONFLICT", "REVIEWED"], 3)
    # when
    report = post(AGREEMENT, {"d": dataset}, admin)["data"]["agreement"]
    item_one = post(ITEM_AGREEMENT, {"i": f"{dataset}:t1"}, admin)["data"]["item"]["agreement"]
    item_three = post(ITEM_AGREEMENT, {"i": f"{dataset}:t3"}, admin)["data"]["item"]["agreement"]
    # then
    assert (report["taskType"], report["itemsLabelled"], report["itemsCompared"]) == ("MULTI_LABEL", 3, 3)
    assert report["percentAgreement"] == pytest.approx(1 / 3)  # the same set on t2 only
    assert report["krippendorffAlphaMasi"] == pytest.approx(9 / 79)
    # pooled over 9 (item, label) decisions: po 6/9; a yes 5 no 4, b yes 4 no 5 → pe 40/81 → (54 - 40)/(81 - 40)
    assert report["cohenKappa"] == pytest.approx(14 / 41)
    assert report["spanF1"] is None
    kappas = {k["label"]: (k["cohenKappa"], k["fleissKappa"], k["chosen"]) for k in report["labelKappas"]}
    assert kappas == {
        "billing": (pytest.approx(0.0), pytest.approx(-0.2), 5),
        "bug": (pytest.approx(0.4), pytest.approx(1 / 3), 3),
        "feature": (pytest.approx(0.0), pytest.approx(-0.2), 1),
    }
    assert report["pairs"] == [
        {
            "first": name_a,
            "second": name_b,
            "kappa": pytest.approx(14 / 41),
            "items": 3,
            "similarity": pytest.approx(13 / 27),
        }
    ]
    # consensus of the other one = their set; Jaccard 1/2, 1, 1/3 → 11/18; gold {billing}: a 1/2, b 1
    assert report["annotators"] == [
        {"annotator": name_a, "labels": 3, "agreementWithConsensus": pytest.approx(11 / 18), "agreementWithGold": 0.5},
        {"annotator": name_b, "labels": 3, "agreementWithConsensus": pytest.approx(11 / 18), "agreementWithGold": 1.0},
    ]
    assert item_one == pytest.approx(1 / 3)  # MASI: Jaccard 1/2 x 2/3
    assert item_three == pytest.approx(1 / 9)  # MASI: Jaccard 1/3 x 1/3


def test_spans_agreement_reports_span_f1_and_token_kappa(people: dict[str, Any]) -> None:
    # given: the unit fixture of tests/unit/test_agreement_spans.py
    admin, (a, b), (name_a, name_b) = people["admin"], people["tokens"], people["names"]
    dataset = _dataset(admin, ("PER", "LOC", "DATE"), "SPANS")
    first, second = "Anna moved to Paris in May.", "New York is big"
    import_file(admin, dataset, jsonl([{"id": "s1", "text": first}, {"id": "s2", "text": second}]), "s.jsonl")
    _annotate(a, f"{dataset}:s1", spans=[_span(first, "Anna", "PER"), _span(first, "Paris", "LOC")])
    _annotate(
        b,
        f"{dataset}:s1",
        spans=[_span(first, "Anna", "PER"), _span(first, "Paris", "LOC"), _span(first, "May", "DATE")],
    )
    _annotate(a, f"{dataset}:s2", spans=[_span(second, "New York", "LOC")])
    _annotate(b, f"{dataset}:s2", spans=[_span(second, "York", "LOC")])
    _indexed(admin, dataset, ["CONFLICT"], 2)
    # when
    report = post(AGREEMENT, {"d": dataset}, admin)["data"]["agreement"]
    item_one = post(ITEM_AGREEMENT, {"i": f"{dataset}:s1"}, admin)["data"]["item"]["agreement"]
    # then
    assert (report["taskType"], report["itemsCompared"], report["percentAgreement"]) == ("SPANS", 2, 0.0)
    assert report["spanF1"] == pytest.approx(4 / 7)  # 2·(2 + 0) / ((2 + 3) + (1 + 1))
    assert report["cohenKappa"] == pytest.approx(43 / 65)  # 11 tokens: po 9/11, pe 56/121
    assert report["fleissKappa"] == pytest.approx(170 / 258)
    assert (report["krippendorffAlphaMasi"], report["labelKappas"]) == (None, [])
    assert report["pairs"] == [
        {
            "first": name_a,
            "second": name_b,
            "kappa": pytest.approx(43 / 65),
            "items": 2,
            "similarity": pytest.approx(4 / 7),
        }
    ]
    # consensus of the other one = their spans: F1 0.8 on s1, 0 on s2 → 0.4; no gold
    assert report["annotators"] == [
        {"annotator": name_a, "labels": 2, "agreementWithConsensus": pytest.approx(0.4), "agreementWithGold": None},
        {"annotator": name_b, "labels": 2, "agreementWithConsensus": pytest.approx(0.4), "agreementWithGold": None},
    ]
    assert item_one == pytest.approx(0.8)
