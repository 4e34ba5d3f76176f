"""Both task types through the loop by the API: create, import, annotate by several users, review, export; then
agreement, training, promotion, predict and batch scoring on a dataset big enough to learn from (issue 18, "Tests")."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.promotion import promote_and_wait
from tests.stack import BASE_URL, wait_for
from tests.training import started, wait_for_run

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


AGREEMENT = """
query($d: ID!) {
  agreement(datasetId: $d) {
    __typename ... on Agreement { taskType itemsCompared percentAgreement krippendorffAlphaMasi spanF1 }
  }
}
"""
PREDICT = """
query($m: String!, $x: [JSON!]!) {
  predict(model: $m, inputs: $x) {
    __typename ... on Prediction { version rows { label labels { label score } spans { start end label text } } }
  }
}
"""
SCORE = "mutation($d: ID!) { scoreDataset(datasetId: $d) { __typename ... on ScoringJobSuccess { job { id } } } }"
SUGGESTION = "query($i: ID!) { item(id: $i) { suggestion { label labels { label } spans { label text } } } }"
NAMES, PLACES = ("Zoë", "Amélie", "山田", "José"), ("Paris", "東京", "Genève", "Kraków")


def _learnable(task_type: str, n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Item n of a pattern a model learns in a few epochs: its row and its answer."""
    if task_type == "MULTI_LABEL":
        words = {"billing": "invoice refund", "bug": "crash error"}
        chosen = [label for i, label in enumerate(words) if (n >> i) & 1]
        text = " ".join([words[label] for label in chosen] or ["thanks for the help"]) + f" ticket {n}"
        return {"id": f"t{n}", "text": text}, ({"labels": chosen} if chosen else {"none": True})
    name, place = NAMES[n % 4], PLACES[(n // 4) % 4]
    text = f"{name} flew to {place} 😀 on day {n}."
    start = len(f"{name} flew to ")
    return {"id": f"t{n}", "text": text}, {"spans": [(0, len(name), "PER"), (start, start + len(place), "LOC")]}


@pytest.mark.parametrize(
    ("task_type", "model_type"), [("MULTI_LABEL", "TFIDF_LOGISTIC_REGRESSION"), ("SPANS", "SPAN_TAGGER")]
)
def test_each_task_type_is_agreed_trained_promoted_served_and_batch_scored(task_type: str, model_type: str) -> None:
    # given a dataset of the type: 32 items labelled by two annotators (who agree), 4 unlabelled ones
    labels = ("billing", "bug") if task_type == "MULTI_LABEL" else ("PER", "LOC")
    admin = login("admin", "admin")
    dataset = create_dataset(admin, labels=labels, task_type=task_type)
    post(
        "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename } }",
        {"d": dataset},
        admin,
    )
    items = [_learnable(task_type, n) for n in range(36)]
    import_file(admin, dataset, jsonl([row for row, _ in items]), "loop.jsonl")
    tokens = [login(u["username"], u["password"]) for u in (create_user(admin) for _ in range(2))]
    for row, answer in items[:32]:
        for token in tokens:
            result = post(ANNOTATE, {"i": f"{dataset}:{row['id']}", **_spans(answer)}, token)["data"]["annotateItem"]
            assert result["__typename"] == "ItemSuccess", result

    # when agreement is asked, a model is trained and promoted, it predicts, and batch scoring runs
    # (agreement reads the search index, which shows a write within a second)
    wait_for(lambda: post(AGREEMENT, {"d": dataset}, admin)["data"]["agreement"]["itemsCompared"] == 32, 10, "index")
    agreement = post(AGREEMENT, {"d": dataset}, admin)["data"]["agreement"]
    run = wait_for_run(admin, started(admin, dataset, model_type), timeout_s=300)
    assert run["state"] == "SUCCEEDED", run
    promote_and_wait(admin, dataset, run["modelVersion"], "loop test")
    unseen = [row["text"] for row, _ in items[32:]]
    prediction = post(PREDICT, {"m": dataset, "x": unseen}, admin)["data"]["predict"]
    job = post(SCORE, {"d": dataset}, admin)["data"]["scoreDataset"]["job"]
    assert wait_for_job(admin, job["id"], timeout_s=180)["state"] == "SUCCEEDED"
    suggestion = post(SUGGESTION, {"i": f"{dataset}:t35"}, admin)["data"]["item"]["suggestion"]

    # then agreement is perfect by the type's own measure
    assert agreement["taskType"] == task_type
    assert agreement["itemsCompared"] == 32
    assert agreement["percentAgreement"] == 1.0
    if task_type == "MULTI_LABEL":
        assert agreement["krippendorffAlphaMasi"] == 1.0
    else:
        assert agreement["spanF1"] == 1.0
    # and the production model answers the unseen items as the pattern says, as sets or spans
    assert prediction["version"] == run["modelVersion"]
    expected = [answer for _, answer in items[32:]]
    if task_type == "MULTI_LABEL":
        got = [sorted(x["label"] for x in row["labels"]) for row in prediction["rows"]]
        assert got == [sorted(a.get("labels", [])) for a in expected]
        assert suggestion["labels"] == [{"label": x} for x in expected[3].get("labels", [])]
    else:
        got = [[(s["start"], s["end"], s["label"]) for s in row["spans"]] for row in prediction["rows"]]
        assert got == [a["spans"] for a in expected]
        assert [s["label"] for s in suggestion["spans"]] == ["PER", "LOC"]
    assert suggestion["label"] == prediction["rows"][3]["label"]
