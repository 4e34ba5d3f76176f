"""Spans through the loop on the real stack: annotate spans, train SPAN_TAGGER (entity F1 per epoch), promote,
predict spans with code-point offsets on Unicode text, monitor per-label rates, batch-score span suggestions."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sklearn.model_selection import train_test_split

from tests.api import create_user, login, post
from tests.data import create_dataset, import_file, jsonl, wait_for_job
from tests.promotion import promote_and_wait
from tests.training import start, started, wait_for_run

pytestmark = pytest.mark.stack

ANNOTATE = """
mutation($i: ID!, $spans: [SpanInputType!]) {
  annotateItem(itemId: $i, spans: $spans) { __typename ... on Error { message } }
}
"""
RUN = """
query($id: ID!) {
  trainingRun(id: $id) {
    state message itemCount labelCounts modelVersion
    metrics { accuracy macroF1 precision recall f1 } curves { step f1 }
    classReport { label precision recall f1 support }
    confusionMatrix { labels matrix }
  }
}
"""
PREDICT = """
query($m: String!, $i: [JSON!]!, $s: PredictionSource) {
  predict(model: $m, inputs: $i, traffic: $s) {
    __typename ... on Prediction { version rows { label confidence spans { start end label text score } } }
    ... on Error { message }
  }
}
"""
MONITORING = """
query($n: String!) { modelMonitoring(name: $n, minutes: 30) { total labelRates { label count rate } } }
"""
SCORE = """
mutation($d: ID!) { scoreDataset(datasetId: $d) { __typename ... on ScoringJobSuccess { job { id } } } }
"""
SUGGESTION = """
query($i: ID!) { item(id: $i) { suggestion { label uncertainty spans { start end label text score } } } }
"""
NAMES = ["Zoë", "Amélie", "山田", "Kenji", "José", "Ada", "Björn", "Nadia"]
PLACES = ["São Paulo", "東京", "Genève", "Oslo", "Kraków", "Lima"]
VERBS = ["flew to", "moved to", "drove to", "wrote from"]


def _sentence(number: int) -> tuple[str, list[dict[str, Any]]]:
    """'<name> <verb> <place> 😀 on day <n>.' with its PER and LOC spans (some sentences name no place)."""
    name, place = NAMES[number % len(NAMES)], PLACES[number % len(PLACES)]
    verb = VERBS[number % len(VERBS)]
    if number % 5 == 4:
        return f"On day {number} {name} stayed home 😀.", [_span(f"On day {number} ", name, "PER")]
    text = f"{name} {verb} {place} 😀 on day {number}."
    return text, [_span("", name, "PER"), _span(f"{name} {verb} ", place, "LOC")]


def _span(before: str, part: str, label: str) -> dict[str, Any]:
    return {"start": len(before), "end": len(before) + len(part), "label": label, "text": part}


def _keyset(spans: list[dict[str, Any]]) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in spans}


@pytest.fixture(scope="module")
def trained() -> dict[str, Any]:
    """A SPANS dataset of 40 sentences annotated by one user, a SPAN_TAGGER run on it, promoted."""
    admin = login("admin", "admin")
    dataset = create_dataset(admin, labels=("PER", "LOC"), task_type="SPANS")
    sentences = [_sentence(n) for n in range(40)]
    rows = [{"id": f"s{n:02d}", "text": text} for n, (text, _) in enumerate(sentences)]
    assert import_file(admin, dataset, jsonl(rows), "spans.jsonl")["state"] == "SUCCEEDED"
    user = create_user(admin)
    token = login(user["username"], user["password"])
    for n, (_, spans) in enumerate(sentences):
        result = post(ANNOTATE, {"i": f"{dataset}:s{n:02d}", "spans": spans}, token)["data"]["annotateItem"]
        assert result["__typename"] == "ItemSuccess", result
    indexed = "query($d: ID!, $u: String!) { search(datasetId: $d, filter: {annotators: [$u]}) { "
    indexed += "... on SearchResults { totalCount } } }"
    deadline = time.monotonic() + 20  # the training set comes from the index, which lags a write by up to a second
    while post(indexed, {"d": dataset, "u": user["username"]}, admin)["data"]["search"]["totalCount"] < 40:
        assert time.monotonic() < deadline, "the annotations were not indexed within 20 s"
        time.sleep(0.3)
    run_id = started(
        admin, dataset, "SPAN_TAGGER", {"epochs": 6, "hash_bits": 14}, v={"method": "HOLDOUT", "testFraction": 0.25}
    )
    assert wait_for_run(admin, run_id)["state"] == "SUCCEEDED"
    run = post(RUN, {"id": run_id}, admin)["data"]["trainingRun"]
    promote_and_wait(admin, dataset, run["modelVersion"], "span tagger")
    return {"admin": admin, "dataset": dataset, "sentences": sentences, "run": run}


def _predict(token: str, model: str, texts: list[str], traffic: str = "TEST") -> list[dict[str, Any]]:
    result = post(PREDICT, {"m": model, "i": texts, "s": traffic}, token)["data"]["predict"]
    assert result["__typename"] == "Prediction", result
    rows: list[dict[str, Any]] = result["rows"]
    return rows


def test_the_run_reports_entity_scores_that_match_its_predictions_on_the_hold_out(trained: dict[str, Any]) -> None:
    # given the run: 40 items (32 with PER and LOC, 8 with PER only), one metric point with F1 per epoch
    run = trained["run"]
    assert run["itemCount"] == 40
    assert run["labelCounts"] == {"LOC": 32, "PER": 40}
    assert [p["step"] for p in run["curves"]] == [1, 2, 3, 4, 5, 6]
    assert all(p["f1"] is not None for p in run["curves"])

    # when the promoted model predicts the hold-out: the runner's split (items in id order, seed 42, 10 of 40)
    _, held_out = train_test_split(list(range(40)), test_size=10, random_state=42)
    texts = [trained["sentences"][n][0] for n in held_out]
    rows = _predict(trained["admin"], trained["dataset"], texts)

    # then precision, recall and F1 counted here by exact match equal the run's
    gold = [_keyset(trained["sentences"][n][1]) for n in held_out]
    found = [_keyset(row["spans"]) for row in rows]
    hits = sum(len(g & f) for g, f in zip(gold, found, strict=True))
    precision = hits / sum(len(f) for f in found)
    recall = hits / sum(len(g) for g in gold)
    metrics = run["metrics"]
    assert metrics["precision"] == pytest.approx(precision)
    assert metrics["recall"] == pytest.approx(recall)
    assert metrics["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert [c["label"] for c in run["classReport"]] == ["LOC", "PER"]
    assert run["confusionMatrix"]["labels"] == ["LOC", "PER", "O"]


def test_predict_returns_spans_with_code_point_offsets_on_unicode_text(trained: dict[str, Any]) -> None:
    # given a new sentence with an accent, an emoji and CJK characters before the entities' ends
    text = "Amélie flew to 東京 😀 on day 77."

    # when the production model predicts it
    [row] = _predict(trained["admin"], trained["dataset"], [text])

    # then the spans sit on the right code points and the row's label is their key
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in row["spans"]] == [
        (0, 6, "PER", "Amélie"),
        (15, 17, "LOC", "東京"),
    ]
    assert row["label"] == "0-6:PER 15-17:LOC"
    assert all(0 < s["score"] <= 1 for s in row["spans"])
    assert 0 < row["confidence"] <= 1


def test_a_text_without_words_predicts_no_span(trained: dict[str, Any]) -> None:
    # given texts with no token at all
    texts = ["", "   "]

    # when the production model predicts them, alone and next to a normal one
    alone = _predict(trained["admin"], trained["dataset"], texts)
    mixed = _predict(trained["admin"], trained["dataset"], [*texts, "Ada flew to Oslo 😀 on day 88."])

    # then they have no span and the key of no spans; the other is predicted as usual
    assert [(r["label"], r["spans"], r["confidence"]) for r in alone] == [("(no spans)", [], 1.0)] * 2
    assert [(r["label"], r["spans"], r["confidence"]) for r in mixed[:2]] == [("(no spans)", [], 1.0)] * 2
    assert [s["text"] for s in mixed[2]["spans"]] == ["Ada", "Oslo"]


def test_monitoring_counts_the_predictions_with_each_entity_label(trained: dict[str, Any]) -> None:
    # given a new model's production traffic: 3 sentences naming a person and a place, 2 naming a person only
    admin = login("admin", "admin")
    texts = ["Ada flew to Lima 😀 on day 90.", "José moved to Oslo 😀 on day 91.", "Zoë drove to Genève 😀 on day 92."]
    texts += ["On day 93 Nadia stayed home 😀.", "On day 94 Kenji stayed home 😀."]
    rows = _predict(admin, trained["dataset"], texts, traffic="PRODUCTION")
    per = sum(1 for r in rows if "PER" in {s["label"] for s in r["spans"]})
    loc = sum(1 for r in rows if "LOC" in {s["label"] for s in r["spans"]})

    # when the monitoring figures have caught up (the index refreshes every 5 s)
    deadline = time.monotonic() + 30
    while True:
        figures = post(MONITORING, {"n": trained["dataset"]}, admin)["data"]["modelMonitoring"]
        if figures["total"] >= 5 or time.monotonic() > deadline:
            break
        time.sleep(1)

    # then each entity label counts the predictions that found it
    assert (per, loc) == (5, 3)
    assert figures["total"] == 5
    assert {r["label"]: (r["count"], r["rate"]) for r in figures["labelRates"]} == {"PER": (5, 1.0), "LOC": (3, 0.6)}


def test_batch_scoring_writes_span_suggestions_with_a_margin_uncertainty(trained: dict[str, Any]) -> None:
    # given two unlabelled sentences in the dataset
    admin, dataset = trained["admin"], trained["dataset"]
    texts = ["Björn wrote from Kraków 😀 on day 95.", "On day 96 山田 stayed home 😀."]
    rows = [{"id": f"u{n}", "text": text} for n, text in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), "new.jsonl")["state"] == "SUCCEEDED"

    # when the production model scores the dataset
    result = post(SCORE, {"d": dataset}, admin)["data"]["scoreDataset"]
    assert result["__typename"] == "ScoringJobSuccess", result
    assert wait_for_job(admin, result["job"]["id"])["state"] == "SUCCEEDED"

    # then each new item holds the spans predict gives, their key as the label, and an uncertainty in [0, 1]
    predicted = _predict(admin, dataset, texts)
    for n, row in enumerate(predicted):
        suggestion = post(SUGGESTION, {"i": f"{dataset}:u{n}"}, admin)["data"]["item"]["suggestion"]
        assert suggestion["spans"] == row["spans"]
        assert suggestion["label"] == row["label"]
        assert 0 <= suggestion["uncertainty"] <= 1
    assert [s["text"] for s in predicted[0]["spans"]] == ["Björn", "Kraków"]


def test_a_classifier_cannot_train_a_spans_dataset_and_the_tagger_only_trains_spans(trained: dict[str, Any]) -> None:
    # given the SPANS dataset and a single-label one
    admin = trained["admin"]
    single = create_dataset(admin, labels=("pos", "neg"))

    # when each is given the wrong model type
    wrong_model = start(admin, trained["dataset"], "TFIDF_SGD")
    wrong_data = start(admin, single, "SPAN_TAGGER")

    # then both are refused on modelType, naming what fits
    assert wrong_model["fieldErrors"] == [
        {
            "field": "modelType",
            "code": "wrong_task_type",
            "message": f"TFIDF_SGD does not train SPANS datasets like '{trained['dataset']}': use one of SPAN_TAGGER",
        }
    ]
    assert wrong_data["fieldErrors"][0]["code"] == "wrong_task_type"


GOLD = """
mutation($i: ID!, $spans: [SpanInputType!]) {
  setGoldLabel(itemId: $i, spans: $spans, comment: "gold") { __typename ... on Error { message } }
}
"""
FREEZE = """
mutation($d: ID!) { freezeEvaluationSet(datasetId: $d, size: 4, seed: 1) { __typename ... on Error { message } } }
"""


def _f1(gold: list[set[tuple[int, int, str]]], found: list[set[tuple[int, int, str]]], label: str) -> float:
    hits = sum(len({s for s in g & f if s[2] == label}) for g, f in zip(gold, found, strict=True))
    predicted = sum(1 for f in found for s in f if s[2] == label)
    wanted = sum(1 for g in gold for s in g if s[2] == label)
    precision, recall = (hits / predicted if predicted else 0.0), (hits / wanted if wanted else 0.0)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def test_the_gate_scores_span_models_on_the_evaluation_set_by_entity_f1(trained: dict[str, Any]) -> None:
    # given four gold items frozen as the evaluation set; the gold of g3 leaves its place unmarked on purpose
    admin, dataset = trained["admin"], trained["dataset"]
    texts = ["Kenji flew to Oslo 😀 on day 80.", "On day 81 Zoë stayed home 😀.", "Nadia moved to Lima 😀 on day 82."]
    texts.append("Ada drove to Genève 😀 on day 83.")
    golds = [
        [_span("", "Kenji", "PER"), _span("Kenji flew to ", "Oslo", "LOC")],
        [_span("On day 81 ", "Zoë", "PER")],
        [_span("", "Nadia", "PER"), _span("Nadia moved to ", "Lima", "LOC")],
        [_span("", "Ada", "PER")],
    ]
    rows = [{"id": f"g{n}", "text": text} for n, text in enumerate(texts)]
    assert import_file(admin, dataset, jsonl(rows), "gold.jsonl")["state"] == "SUCCEEDED"
    for n, spans in enumerate(golds):
        assert post(GOLD, {"i": f"{dataset}:g{n}", "spans": spans}, admin)["data"]["setGoldLabel"]["__typename"] == (
            "ItemSuccess"
        )
    reviewed = "query($d: ID!) { search(datasetId: $d, filter: {hasGoldLabel: true}) { "
    reviewed += "... on SearchResults { totalCount } } }"
    deadline = time.monotonic() + 20  # the evaluation set picks gold items from the index
    while post(reviewed, {"d": dataset}, admin)["data"]["search"]["totalCount"] < 4:
        assert time.monotonic() < deadline, "the gold answers were not indexed within 20 s"
        time.sleep(0.3)
    assert post(FREEZE, {"d": dataset}, admin)["data"]["freezeEvaluationSet"]["__typename"] == "EvaluationSetSuccess"

    # when a new version is trained and promoted through the gate
    run = wait_for_run(admin, started(admin, dataset, "SPAN_TAGGER", {"epochs": 4, "hash_bits": 14}))
    assert run["state"] == "SUCCEEDED", run
    event = promote_and_wait(admin, dataset, run["modelVersion"], "second span tagger")

    # then the gate's figures for the candidate are the entity-level ones of its predictions on those items
    deadline = time.monotonic() + 30
    while (prediction := post(PREDICT, {"m": dataset, "i": texts, "s": "TEST"}, admin)["data"]["predict"])[
        "version"
    ] != run["modelVersion"]:
        assert time.monotonic() < deadline, prediction
        time.sleep(0.3)
    found = [_keyset(row["spans"]) for row in prediction["rows"]]
    gold = [_keyset(spans) for spans in golds]
    labels = sorted({s[2] for spans in gold + found for s in spans})
    candidate = event["gate"]["candidate"]
    assert candidate["item_count"] == 4
    assert candidate["accuracy"] == pytest.approx(sum(g == f for g, f in zip(gold, found, strict=True)) / 4)
    assert candidate["macro_f1"] == pytest.approx(sum(_f1(gold, found, label) for label in labels) / len(labels))
    assert found[3] == {(0, 3, "PER"), (13, 19, "LOC")}  # the place the gold leaves out is found: LOC precision 2/3
    assert event["gate"]["passed"] is True
