"""The registered form of a multi-label model: the fitted pipeline (features + one classifier per label), the
labels in the dataset's order and each label's threshold. It is pickled into MLflow like any scikit-learn model;
serving, batch scoring and evaluation recognise it by `multilabel_`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NONE_KEY = "(none)"  # the key of the empty set (backend/annotations/answers.py)


def positive_scores(estimator: Any, x: Any) -> np.ndarray:
    """Items x labels probabilities of each label being in, from a one-vs-rest classifier (one column per label)
    or a multi-output one (a list of per-label class probabilities)."""
    proba = estimator.predict_proba(x)
    if not isinstance(proba, list):
        return np.asarray(proba, dtype=float)
    final = estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator
    columns = []
    for fitted, p in zip(final.estimators_, proba, strict=True):
        classes = [int(c) for c in fitted.classes_]
        columns.append(p[:, classes.index(1)] if 1 in classes else np.zeros(len(p)))
    return np.column_stack(columns).astype(float)


class MultiLabelModel:
    """predict_proba: items x labels scores (each in [0, 1], not summing to 1); predict: each item's set key."""

    multilabel_ = True

    def __init__(self, pipeline: Any, labels: list[str], thresholds: list[float]) -> None:
        self.pipeline = pipeline
        self.classes_ = np.asarray(labels, dtype=object)
        self.thresholds_ = np.asarray(thresholds, dtype=float)

    def predict_proba(self, x: Any) -> np.ndarray:
        return positive_scores(self.pipeline, x)

    def decide(self, scores: np.ndarray) -> np.ndarray:
        """The 0/1 decisions of `scores`: a label is in when its score reaches its threshold."""
        return (scores >= self.thresholds_[np.newaxis, :]).astype(int)

    def predict(self, x: Any) -> np.ndarray:
        decisions = self.decide(self.predict_proba(x))
        keys = ["+".join(str(label) for label, on in zip(self.classes_, row, strict=True) if on) for row in decisions]
        return np.asarray([key or NONE_KEY for key in keys], dtype=object)
