"""MULTI_LABEL through the loop: label sets by two annotators (consensus), a one-vs-rest training with per-label
thresholds and a label-wise confusion summary, the evaluation set and promotion gate, `predict` returning label
sets, monitoring's per-label rates, and batch scoring's multi-label suggestions in the UNCERTAINTY queue."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.promotion import promote_and_wait
from tests.stack import wait_for
from tests.training import started, wait_for_run

pytestmark = pytest.mark.stack
LABELS = ("billing", "bug", "feature")
WORDS = {"billing": "invoice refund charge", "bug": "crash error freeze"}
FILLER = ["hello", "team", "today", "please", "thanks", "account", "morning"]
# 40 training items cycling through these sets; "feature" is never chosen
SETS: list[tuple[str, ...]] = [("billing",), ("bug",), ("billing", "bug"), ()]
ANNOTATE = """
mutation($i: ID!, $labels: [String!], $none: Boolean) {
  annotateItem(itemId: $i, labels: $labels, noneOfThese: $none) {
    __typename ... on ValidationError { fieldErrors { field message } } ... on Error { message }
  }
}
"""
UPDATE = "mutation($d: ID!) { updateDataset(id: $d, input: {settings: {overlapTarget: 2}}) { __typename } }"
GOLD = """
mutation($i: ID!, $labels: [String!], $none: Boolean) {
  setGoldLabel(itemId: $i, labels: $labels, noneOfThese: $none) { __typename ... on Error { message } }
}
"""
GOLD_COUNT = """
query($d: ID!) {
  search(datasetId: $d, filter: {hasGoldLabel: true}, first: 1, sort: NEWEST) { ... on SearchResults { totalCount } }
}
"""
FREEZE = """
mutation($d: ID!) {
  freezeEvaluationSet(datasetId: $d, size: 8, seed: 1) { __typename ... on Error { message } }
}
"""
RUN = """
query($id: ID!) {
  trainingRun(id: $id) {
    state message itemCount labelCounts validationSize
    metrics { accuracy macroF1 microF1 hammingLoss loss }
    classReport { label precision recall f1 support }
    labelOutcomes { label threshold truePositives falsePositives falseNegatives trueNegatives }
    confusionMatrix { labels } curves { step macroF1 }
  }
}
"""
MODEL_TYPES = "query($t: TaskType) { modelTypes(kind: TEXT, taskType: $t) { type taskTypes } }"
PREDICT = """
query($m: String!, $i: [JSON!]!) {
  predict(model: $m, inputs: $i) {
    __typename
    ... on Prediction { rows { label confidence labels { label score } probabilities { label probability } } }
    ... on Error { message }
  }
}
"""
SCORE = "mutation($d: ID!) { scoreDataset(datasetId: $d) { __typename ... on ScoringJobSuccess { job { id } } } }"
SUGGESTION = "query($i: ID!) { item(id: $i) { suggestion { label confidence uncertainty labels { label score } } } }"
NEXT = """
query($d: ID!) { nextItem(datasetId: $d, strategy: UNCERTAINTY) { __typename ... on QueuedItem { item { id } } } }
"""
MONITORING = """
query($m: String!) {
  modelMonitoring(name: $m, minutes: 30) { total labelRates { label count rate trainingRate } }
}
"""
UNLABELLED = ["invoice refund please", "crash freeze morning", "hello team thanks", "charge error today"]


def _text(labels: tuple[str, ...], number: int) -> str:
    words = [WORDS[label] for label in labels] + [FILLER[number % 7], FILLER[(number * 3 + 1) % 7]]
    return " ".join(words)


def _answer(labels: tuple[str, ...]) -> dict[str, Any]:
    return {"labels": list(labels)} if labels else {"none": True}


def _ok(result: dict[str, Any], name: str) -> None:
    answer = result["data"][name]
    assert answer["__typename"] == "ItemSuccess", answer


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _predict(admin: str, model: str, texts: list[str]) -> list[dict[str, Any]]:
    result = post(PREDICT, {"m": model, "i": texts}, admin)["data"]["predict"]
    assert "rows" in result, result
    rows: list[dict[str, Any]] = result["rows"]
    return rows


@pytest.fixture(scope="module")
def trained() -> dict[str, Any]:
    admin = login("admin", "admin")
    one, two = (login(u["username"], u["password"]) for u in (create_user(admin), create_user(admin)))
    dataset = create_dataset(admin, labels=LABELS, task_type="MULTI_LABEL")
    assert post(UPDATE, {"d": dataset}, admin)["data"]["updateDataset"]["__typename"] == "DatasetSuccess"
    rows = [{"id": f"t{n:02d}", "text": _text(SETS[n % 4], n)} for n in range(40)]
    rows += [{"id": f"e{n}", "text": _text(SETS[n % 4], n + 40)} for n in range(8)]
    rows += [{"id": f"u{n}", "text": text} for n, text in enumerate(UNLABELLED)]
    assert import_file(admin, dataset, jsonl(rows), "tickets.jsonl")["state"] == "SUCCEEDED"
    for n in range(40):
        wanted = SETS[n % 4]
        # on t00 and t04 the second annotator adds "bug": one vote of two is no majority, so the consensus is
        # {billing} and both items still train as billing only
        extra = ("billing", "bug") if n in (0, 4) else wanted
        _ok(post(ANNOTATE, {"i": f"{dataset}:t{n:02d}", **_answer(wanted)}, one), "annotateItem")
        _ok(post(ANNOTATE, {"i": f"{dataset}:t{n:02d}", **_answer(extra)}, two), "annotateItem")
    for n in range(8):
        _ok(post(GOLD, {"i": f"{dataset}:e{n}", **_answer(SETS[n % 4])}, admin), "setGoldLabel")
    wait_for(
        lambda: post(GOLD_COUNT, {"d": dataset}, admin)["data"]["search"]["totalCount"] == 8,
        30,
        "the gold sets to be indexed",
    )
    assert post(FREEZE, {"d": dataset}, admin)["data"]["freezeEvaluationSet"]["__typename"] == "EvaluationSetSuccess"
    run_id = started(admin, dataset, "TFIDF_LOGISTIC_REGRESSION", {"C": 20.0})
    assert wait_for_run(admin, run_id)["state"] == "SUCCEEDED"
    run = post(RUN, {"id": run_id}, admin)["data"]["trainingRun"]
    return {"admin": admin, "dataset": dataset, "run": run}


def test_model_types_list_the_task_types_they_train() -> None:
    # given
    admin = login("admin", "admin")
    # when
    multi = post(MODEL_TYPES, {"t": "MULTI_LABEL"}, admin)["data"]["modelTypes"]
    # then
    assert [m["type"] for m in multi] == [
        "TFIDF_LOGISTIC_REGRESSION",
        "TFIDF_LINEAR_SVC",
        "TFIDF_MULTINOMIAL_NB",
        "TFIDF_SGD",
    ]
    assert all("MULTI_LABEL" in m["taskTypes"] and "SINGLE_LABEL" in m["taskTypes"] for m in multi)


def test_training_set_takes_the_consensus_set_of_each_item(trained: dict[str, Any]) -> None:
    # given the 40 annotated items (the 8 gold items are the evaluation set: never trained on)
    run = trained["run"]
    # then 10 items of each set; t00 and t04 train as {billing}
    assert run["itemCount"] == 40
    assert run["labelCounts"] == {"billing": 20, "bug": 20, "(none)": 10}


def test_training_reports_micro_macro_and_per_label_f1_from_its_label_wise_confusion(trained: dict[str, Any]) -> None:
    # given
    run = trained["run"]
    outcomes = {o["label"]: o for o in run["labelOutcomes"]}
    report = {c["label"]: c for c in run["classReport"]}
    # then one row per label ever chosen ("feature" never was), each counting every held-out item once
    assert sorted(outcomes) == ["billing", "bug"]
    assert run["validationSize"] == 8
    for label, o in outcomes.items():
        tp, fp, fn, tn = o["truePositives"], o["falsePositives"], o["falseNegatives"], o["trueNegatives"]
        assert tp + fp + fn + tn == 8
        assert report[label]["f1"] == pytest.approx(_f1(tp, fp, fn), abs=1e-12)
        assert report[label]["support"] == tp + fn
        assert 0 < o["threshold"] < 1
    sums = [sum(o[k] for o in outcomes.values()) for k in ("truePositives", "falsePositives", "falseNegatives")]
    assert run["metrics"]["microF1"] == pytest.approx(_f1(*sums), abs=1e-12)
    assert run["metrics"]["macroF1"] == pytest.approx(sum(c["f1"] for c in report.values()) / 2, abs=1e-12)
    # the words tell the labels apart: every held-out decision is right at the chosen thresholds
    assert run["metrics"]["macroF1"] == 1.0
    assert run["metrics"]["hammingLoss"] == 0.0
    assert run["confusionMatrix"] is None
    assert len(run["curves"]) == 1


def test_promoted_multi_label_model_predicts_label_sets_and_is_gated_on_the_evaluation_set(
    trained: dict[str, Any],
) -> None:
    # given
    admin, dataset = trained["admin"], trained["dataset"]
    # when
    event = promote_and_wait(admin, dataset, "1", "multi-label first version")
    rows = _predict(admin, dataset, ["invoice refund crash error", "hello team thanks"])
    # then
    assert [r["label"] for r in rows] == ["billing+bug", "(none)"]
    assert [[s["label"] for s in r["labels"]] for r in rows] == [["billing", "bug"], []]
    for row in rows:
        scores = {p["label"]: p["probability"] for p in row["probabilities"]}
        chosen = {s["label"] for s in row["labels"]}
        sure = [scores[label] if label in chosen else 1 - scores[label] for label in scores]
        assert row["confidence"] == pytest.approx(min(sure), abs=1e-9)
        assert all(s["score"] == scores[s["label"]] for s in row["labels"])
    # the gate scored the candidate on the 8 gold items: its figures are the predictions' own
    gold = [SETS[n % 4] for n in range(8)]
    predicted = _predict(admin, dataset, [_text(SETS[n % 4], n + 40) for n in range(8)])
    got = [{s["label"] for s in r["labels"]} for r in predicted]
    f1s = []
    for label in ("billing", "bug"):
        tp = sum(label in g and label in p for g, p in zip(gold, got, strict=True))
        fp = sum(label not in g and label in p for g, p in zip(gold, got, strict=True))
        fn = sum(label in g and label not in p for g, p in zip(gold, got, strict=True))
        f1s.append(_f1(tp, fp, fn))
    candidate = event["gate"]["candidate"]
    assert candidate["item_count"] == 8
    assert candidate["macro_f1"] == pytest.approx(sum(f1s) / 2, abs=1e-12)
    assert sorted(candidate["recall"]) == ["billing", "bug"]


def test_monitoring_shows_the_share_of_predictions_containing_each_label(trained: dict[str, Any]) -> None:
    # given the predictions of the promotion test (2 + 8 rows) and these 4
    admin, dataset = trained["admin"], trained["dataset"]
    rows = _predict(admin, dataset, ["invoice", "crash", "refund crash", "hello"])
    # when
    wait_for(
        lambda: post(MONITORING, {"m": dataset}, admin)["data"]["modelMonitoring"]["total"] >= 4,
        30,
        "the predictions to be indexed",
    )
    figures = post(MONITORING, {"m": dataset}, admin)["data"]["modelMonitoring"]
    # then
    total = figures["total"]
    assert total >= 4
    rates = {r["label"]: r for r in figures["labelRates"]}
    assert sorted(rates) == ["billing", "bug"]
    for rate in rates.values():
        assert rate["rate"] == pytest.approx(rate["count"] / total, abs=1e-12)
        assert rate["trainingRate"] == 0.5  # 20 of the 40 training items
    assert sum(1 for r in rows if any(s["label"] == "bug" for s in r["labels"])) <= rates["bug"]["count"]


def test_batch_scoring_writes_label_set_suggestions_ordered_by_uncertainty(trained: dict[str, Any]) -> None:
    # given
    admin, dataset = trained["admin"], trained["dataset"]
    expected = _predict(admin, dataset, UNLABELLED)
    # when
    result = post(SCORE, {"d": dataset}, admin)["data"]["scoreDataset"]
    assert wait_for_job(admin, result["job"]["id"])["state"] == "SUCCEEDED"
    suggestions = [post(SUGGESTION, {"i": f"{dataset}:u{n}"}, admin)["data"]["item"]["suggestion"] for n in range(4)]
    # then each is the predicted set, with uncertainty 1 - min over labels of |2p - 1|
    uncertainty = []
    for suggestion, row in zip(suggestions, expected, strict=True):
        assert suggestion["label"] == row["label"]
        assert suggestion["labels"] == row["labels"]
        scores = [p["probability"] for p in row["probabilities"]]
        uncertainty.append(1 - min(abs(2 * p - 1) for p in scores))
        assert suggestion["uncertainty"] == pytest.approx(uncertainty[-1], abs=1e-9)
    most = max(range(4), key=lambda n: uncertainty[n])
    queued = post(NEXT, {"d": dataset}, admin)["data"]["nextItem"]
    assert queued["item"]["id"] == f"{dataset}:u{most}"
