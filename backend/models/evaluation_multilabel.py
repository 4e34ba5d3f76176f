"""Scoring a multi-label model on an evaluation set: each item's predicted set against its gold set.

The figures follow the single-label ones so the promotion gate reads them alike: `macro_f1` is the mean F1 of the
labels present in the gold sets; `recall` gives each of those labels' recall; `accuracy` is the share of items whose
predicted set is exactly the gold set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from backend.items.entities import Item
from backend.models.serving_multilabel import decisions


def figures(model: Any, matrix: np.ndarray | None, items: Sequence[Item]) -> tuple[float, float, dict[str, float]]:
    """(accuracy, macro F1, recall per label) of `model` on the items (rows of `matrix`) against their gold sets."""
    if not items:
        return 0.0, 0.0, {}
    classes = [str(c) for c in model.classes_]
    chosen = decisions(model, np.asarray(model.predict_proba(matrix)))
    predicted = [{label for label, on in zip(classes, row, strict=True) if on} for row in chosen]
    truth = [set(item.gold_labels) for item in items]
    present = sorted(set().union(*truth))
    f1s: list[float] = []
    recall: dict[str, float] = {}
    for label in present:
        tp = sum(label in p and label in t for p, t in zip(predicted, truth, strict=True))
        fp = sum(label in p and label not in t for p, t in zip(predicted, truth, strict=True))
        fn = sum(label not in p and label in t for p, t in zip(predicted, truth, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        recall[label] = tp / (tp + fn) if tp + fn else 0.0
    accuracy = sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(items)
    return float(accuracy), float(np.mean(f1s)) if f1s else 0.0, recall
