"""Both task types through the loop by the API, as far as the loop exists on this branch: create, import,
annotate by several users, review, export. Agreement, training, promotion, predict and batch scoring join this
test as their parts land (issue 18, "Tests")."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.stack import BASE_URL

ANNOTATE = """
mutation($i: ID!, $labels: [String!], $none: Boolean, $spans: [SpanInputType!]) {
  annotateItem(itemId: $i, labels: $labels, noneOfThese: $none, spans: $spans) {
    __typename ... on ItemSuccess { item { status } }
  }
}
"""
GOLD = """
mutation($i: ID!, $labels: [String!], $spans: [SpanInputType!]) {
  setGoldLabel(itemId: $i, labels: $labels, spans: $spans) { __typename ... on ItemSuccess { item { status } } }
}
"""
EXPORT = "mutation($d: ID!) { exportItems(datasetId: $d, format: JSONL) { ... on JobSuccess { job { id } } } }"
# "Zoë met 山田 in Paris 😀": Zoë 0-3, 山田 8-10, Paris 14-19 (the emoji is one code point, 20-21)
TEXT = "Zoë met 山田 in Paris 😀"
ZOE, YAMADA, PARIS = (0, 3, "PER"), (8, 10, "PER"), (14, 19, "LOC")
CASES = {
    # type: labels, an imported gold answer, three annotators' answers on item b (two agree), the reviewer's answer
    "MULTI_LABEL": (
        ("billing", "bug", "feature"),
        {"labels": ["bug"]},
        [{"labels": ["billing", "bug"]}, {"labels": ["bug", "billing"]}, {"none": True}],
        {"labels": ["billing"]},
    ),
    "SPANS": (
        ("PER", "LOC"),
        {"spans": [dict(zip(("start", "end", "label"), PARIS, strict=True))]},
        [{"spans": [ZOE, PARIS]}, {"spans": [ZOE, PARIS]}, {"spans": [YAMADA]}],
        {"spans": [ZOE, YAMADA, PARIS]},
    ),
}


def _spans(answer: dict[str, Any]) -> dict[str, Any]:
    if "spans" in answer:
        return {"spans": [{"start": s, "end": e, "label": label} for s, e, label in answer["spans"]]}
    return answer


@pytest.mark.parametrize("task_type", ["MULTI_LABEL", "SPANS"])
def test_a_dataset_of_each_task_type_goes_through_import_annotation_review_and_export(task_type: str) -> None:
    # given a dataset of the type (overlap 3), items imported with and without a gold answer, three annotators
    labels, imported, answers, reviewed = CASES[task_type]
    admin = login("admin", "admin")
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    update = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 3}}) { __typename } }"
    post(update, {"d": dataset}, admin)
    job = import_file(
        admin, dataset, jsonl([{"id": "a", "text": TEXT, **imported}, {"id": "b", "text": TEXT}]), "x.jsonl"
    )
    tokens = [login(u["username"], u["password"]) for u in (create_user(admin) for _ in range(3))]
    # when each annotates item b, and the reviewer settles it
    statuses = [
        post(ANNOTATE, {"i": f"{dataset}:b", **_spans(answer)}, token)["data"]["annotateItem"]
        for token, answer in zip(tokens, answers, strict=True)
    ]
    gold = post(GOLD, {"i": f"{dataset}:b", **_spans(reviewed)}, admin)["data"]["setGoldLabel"]
    exported = post(EXPORT, {"d": dataset}, admin)["data"]["exportItems"]["job"]
    done = wait_for_job(admin, exported["id"])
    rows = {
        r["id"]: r
        for r in map(
            json.loads,
            httpx.get(
                f"{BASE_URL}{done['result']['download']}", headers={"Authorization": f"Bearer {admin}"}
            ).text.splitlines(),
        )
    }
    # then the import stored both, the statuses follow the answers, and the export holds every answer
    assert job["result"] == {"stored": 2, "skipped": 0, "waiting": 0}
    assert [s["item"]["status"] for s in statuses] == ["IN_PROGRESS", "IN_PROGRESS", "CONFLICT"]
    assert gold["item"]["status"] == "REVIEWED"
    field = "labels" if task_type == "MULTI_LABEL" else "spans"
    gold_field = f"gold_{field}"
    assert rows["a"]["status"] == "REVIEWED"
    assert len(rows["b"]["annotations"]) == 3
    if task_type == "MULTI_LABEL":
        assert rows["a"][gold_field] == ["bug"]
        assert [a["labels"] for a in rows["b"]["annotations"]] == [["billing", "bug"], ["billing", "bug"], []]
        assert rows["b"][gold_field] == ["billing"]
    else:
        assert [s["text"] for s in rows["a"][gold_field]] == ["Paris"]
        marked = [[s["text"] for s in a["spans"]] for a in rows["b"]["annotations"]]
        assert marked == [["Zoë", "Paris"], ["Zoë", "Paris"], ["山田"]]
        assert [s["text"] for s in rows["b"][gold_field]] == ["Zoë", "山田", "Paris"]
