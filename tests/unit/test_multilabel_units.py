"""Multi-label figures on hand-computed fixtures: thresholds, micro / macro / per-label F1, the label-wise confusion
summary, the training set's label sets, serving's confidence and uncertainty, and the evaluation figures."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from backend.items.entities import Annotation, Item
from backend.models import evaluation_multilabel, serving_multilabel
from backend.training import multilabel_metrics as measures
from backend.training.multilabel import training_labels
from backend.training.multilabel_model import MultiLabelModel
from backend.training.sets import LabelRule

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ORDER = ("billing", "bug", "feature")


def _item(*sets: tuple[str, ...], gold: tuple[str, ...] | None = None, text: str = "t") -> Item:
    annotations = tuple(Annotation(f"user{n}", "+".join(s) or "(none)", NOW, NOW, labels=s) for n, s in enumerate(sets))
    return Item(
        "d:1",
        "d",
        "1",
        text,
        None,
        {},
        1,
        NOW,
        NOW,
        annotations=annotations,
        gold_label=None if gold is None else "+".join(gold) or "(none)",
        gold_labels=gold or (),
    )


class _Fixed:
    """A model whose scores are given: the figures depend on scores and thresholds only."""

    def __init__(self, scores: list[list[float]]) -> None:
        self.scores = np.asarray(scores)

    def predict_proba(self, x: object) -> np.ndarray:
        return self.scores


def test_metrics_match_hand_computed_figures() -> None:
    # given 4 items, 2 labels, thresholds 0.5
    truth = np.array([[1, 0], [1, 1], [0, 1], [0, 0]])
    scores = np.array([[0.9, 0.2], [0.4, 0.8], [0.6, 0.7], [0.1, 0.6]])
    # when
    figures = measures.report(["a", "b"], truth, scores, np.array([0.5, 0.5]))
    # then
    # a: predicted [1,0,1,0] vs [1,1,0,0] -> tp 1 fp 1 fn 1 tn 1, F1 = 2/(2+1+1) = 0.5
    # b: predicted [0,1,1,1] vs [0,1,1,0] -> tp 2 fp 1 fn 0 tn 1, F1 = 4/(4+1+0) = 0.8
    assert figures["outcomes"] == [
        {"label": "a", "threshold": 0.5, "tp": 1, "fp": 1, "fn": 1, "tn": 1},
        {"label": "b", "threshold": 0.5, "tp": 2, "fp": 1, "fn": 0, "tn": 1},
    ]
    assert [c["f1"] for c in figures["per_class"]] == [0.5, 0.8]
    assert [c["support"] for c in figures["per_class"]] == [2, 2]
    metrics = figures["metrics"]
    assert metrics["micro_f1"] == pytest.approx(6 / 9)  # tp 3, fp 2, fn 1: 6 / (6 + 2 + 1)
    assert metrics["macro_f1"] == pytest.approx(0.65)  # (0.5 + 0.8) / 2
    assert metrics["accuracy"] == 0.25  # only item 2 has its whole set right
    assert metrics["hamming_loss"] == 0.375  # 3 wrong cells of 8


def test_threshold_maximises_each_labels_f1_and_ties_go_closest_to_half() -> None:
    # given scores 0.1, 0.3, 0.35, 0.8 for truth 0, 1, 1, 1
    truth = np.array([0, 1, 1, 1])
    scores = np.array([0.1, 0.3, 0.35, 0.8])
    # when
    threshold = measures.best_threshold(truth, scores)
    # then at 0.5 only 0.8 is in (F1 2/4 = 0.5); every cut between 0.1 and 0.3 takes all three (F1 1.0):
    # the only such candidate is the midpoint 0.2
    assert threshold == pytest.approx(0.2)


def test_threshold_stays_at_half_without_a_positive_item() -> None:
    # given / when
    threshold = measures.best_threshold(np.array([0, 0]), np.array([0.7, 0.2]))
    # then
    assert threshold == 0.5


def test_threshold_ties_keep_the_candidate_nearest_half() -> None:
    # given truth 1, 0 with scores 0.9, 0.1: candidates 0.5 (default and midpoint) give F1 1.0, 0.05 takes both
    # (F1 2/3), 0.95 takes none (F1 0)
    # when
    threshold = measures.best_threshold(np.array([1, 0]), np.array([0.9, 0.1]))
    # then
    assert threshold == 0.5


def test_training_labels_follow_gold_then_the_consensus() -> None:
    # given
    disputed = _item(("billing", "bug"), ("billing",), ("bug", "billing"))
    split = _item(("billing",), ("bug",))
    gold = _item(("billing",), gold=())
    # when / then: a label is in when more than half chose it; the set is in the dataset's order
    assert training_labels(disputed, LabelRule.GOLD_OR_MAJORITY, None, ORDER) == ("billing", "bug")
    assert training_labels(split, LabelRule.GOLD_OR_MAJORITY, None, ORDER) == ()
    assert training_labels(gold, LabelRule.GOLD_OR_MAJORITY, None, ORDER) == ()
    assert training_labels(disputed, LabelRule.UNANIMOUS, None, ORDER) is None
    assert training_labels(_item(("bug",), ("bug",)), LabelRule.UNANIMOUS, None, ORDER) == ("bug",)
    assert training_labels(disputed, LabelRule.GOLD_ONLY, None, ORDER) is None
    # bug: 2 of 3 chose it -> 0.67 agreement on it; below a minimum agreement of 0.7 the item is left out
    assert training_labels(disputed, LabelRule.GOLD_OR_MAJORITY, 0.7, ORDER) is None
    assert training_labels(disputed, LabelRule.GOLD_OR_MAJORITY, 0.6, ORDER) == ("billing", "bug")


def test_serving_rows_give_the_set_the_lowest_confidence_and_the_uncertainty() -> None:
    # given thresholds 0.5 and 0.3
    model = MultiLabelModel(_Fixed([[0.9, 0.35], [0.2, 0.1]]), ["billing", "bug"], [0.5, 0.3])
    scores = model.predict_proba(None)
    # when
    rows = serving_multilabel.rows_of(model, scores)
    # then row 0: both in; confidence min(0.9, 0.35) = 0.35; row 1: none; min(0.8, 0.9) = 0.8
    assert [r.label for r in rows] == ["billing+bug", "(none)"]
    assert [[s.label for s in r.labels or ()] for r in rows] == [["billing", "bug"], []]
    assert [r.confidence for r in rows] == pytest.approx([0.35, 0.8])
    assert list(model.predict(None)) == ["billing+bug", "(none)"]
    # 1 - min |2p - 1|: row 0 min(0.8, 0.3) = 0.3 -> 0.7; row 1 min(0.6, 0.8) = 0.6 -> 0.4
    assert serving_multilabel.uncertainty_of(scores).tolist() == pytest.approx([0.7, 0.4])


def test_evaluation_figures_use_the_gold_sets() -> None:
    # given predictions {billing,bug}, {} , {bug} for gold {billing}, {}, {bug}
    model = MultiLabelModel(_Fixed([[0.9, 0.6], [0.1, 0.2], [0.3, 0.7]]), ["billing", "bug"], [0.5, 0.5])
    items = [_item(gold=("billing",)), _item(gold=()), _item(gold=("bug",))]
    # when
    accuracy, macro_f1, recall = evaluation_multilabel.figures(model, np.zeros((3, 1)), items)
    # then billing: tp 1 -> F1 1.0; bug: tp 1, fp 1 -> 2/3; accuracy 2 of 3 sets exact
    assert accuracy == pytest.approx(2 / 3)
    assert macro_f1 == pytest.approx((1 + 2 / 3) / 2)
    assert recall == {"billing": 1.0, "bug": 1.0}
