"""Serving a multi-label model (backend/training/multilabel_model.py): each row's label set with scores.

A row's `label` is the set's key ("billing+bug", or "(none)" for the empty set) and `labels` the labels whose
score reaches their threshold, in the model's label order. Its `confidence` is the lowest confidence of the row's
decisions: a label's score when it is in the set, one minus its score when it is left out, so a row is as sure as
its least sure label. `probabilities` lists every label's score (they do not sum to 1). Batch scoring's
uncertainty is 1 - min over labels of |2p - 1|: the distance of the label closest to 0.5 (1 at a coin flip).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from backend.annotations.answers import labels_key
from backend.items.entities import Item, LabelScore, Suggestion
from backend.models.entities import PredictionRow


def is_multilabel(model: Any) -> bool:
    """Whether `model` (a loaded MLflow model) predicts label sets."""
    return bool(getattr(model, "multilabel_", False))


def decisions(model: Any, scores: np.ndarray) -> np.ndarray:
    """Items x labels 0/1: a label is in when its score reaches its threshold."""
    return (scores >= np.asarray(model.thresholds_)[np.newaxis, :]).astype(bool)


def confidence_of(scores: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Per row, the lowest confidence of its decisions (p for a label in, 1 - p for one out); 1 with no label."""
    sure = np.where(chosen, scores, 1.0 - scores)
    return sure.min(axis=1) if sure.shape[1] else np.ones(len(sure))


def uncertainty_of(scores: np.ndarray) -> np.ndarray:
    """Per row, 1 - min over labels of |2p - 1|."""
    return 1.0 - np.abs(2.0 * scores - 1.0).min(axis=1) if scores.shape[1] else np.zeros(len(scores))


def entropy_of(scores: np.ndarray) -> np.ndarray:
    """Per row, the sum of the labels' binary entropies in nats."""
    p = np.clip(scores, 1e-12, 1 - 1e-12)
    entropy: np.ndarray = -(p * np.log(p) + (1 - p) * np.log(1 - p)).sum(axis=1)
    return entropy


def label_sets(model: Any, scores: np.ndarray) -> list[tuple[LabelScore, ...]]:
    """Per row, the labels in its set with their scores (model order)."""
    classes = [str(c) for c in model.classes_]
    chosen = decisions(model, scores)
    return [
        tuple(LabelScore(label, float(p)) for label, p, on in zip(classes, row, picks, strict=True) if on)
        for row, picks in zip(scores.tolist(), chosen, strict=True)
    ]


def rows_of(model: Any, scores: np.ndarray) -> list[PredictionRow]:
    """The prediction rows of a multi-label model's scores (items x labels)."""
    classes = [str(c) for c in model.classes_]
    confidence = confidence_of(scores, decisions(model, scores))
    return [
        PredictionRow(
            label=labels_key([s.label for s in chosen]),
            confidence=float(sure),
            probabilities=tuple(zip(classes, row, strict=True)),
            labels=chosen,
        )
        for chosen, sure, row in zip(label_sets(model, scores), confidence.tolist(), scores.tolist(), strict=True)
    ]


def suggestions_of(
    loaded: Any, items: Sequence[Item], scores: np.ndarray, at: datetime
) -> list[tuple[Item, Suggestion]]:
    """Batch scoring's suggestion for each item: the predicted set (`label` its key, `labels` with scores), the
    row's confidence, uncertainty 1 - min |2p - 1| and the summed binary entropy."""
    chosen = label_sets(loaded.model, scores)
    confidence = confidence_of(scores, decisions(loaded.model, scores))
    uncertainty, entropy = uncertainty_of(scores), entropy_of(scores)
    return [
        (
            item,
            Suggestion(
                label=labels_key([s.label for s in chosen[row]]),
                confidence=float(confidence[row]),
                uncertainty=float(uncertainty[row]),
                entropy=float(entropy[row]),
                model=loaded.name,
                version=loaded.version,
                at=at,
                labels=chosen[row],
            ),
        )
        for row, item in enumerate(items)
    ]
