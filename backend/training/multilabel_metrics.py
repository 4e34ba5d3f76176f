"""Measures of a multi-label model: per-label thresholds chosen on held-out scores, micro / macro / per-label F1
and the label-wise confusion summary (true and false positives and negatives of each label).

`truth` is an items x labels 0/1 matrix, `scores` the same shape of per-label probabilities.

Threshold rule (per label, on the hold-out or the out-of-fold scores): a label is predicted when its score is at
least its threshold. The candidates are 0.5, each midpoint between two consecutive distinct scores, half the lowest
score and the midpoint between the highest score and 1, so every cut of the sorted scores is tried once. The
threshold kept maximises the label's F1; ties go to the candidate closest to 0.5 (then the lower). A label without
a positive held-out item keeps 0.5 (its F1 is 0 whatever the threshold).
"""

from __future__ import annotations

from typing import Any

import numpy as np

DEFAULT_THRESHOLD = 0.5


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _candidates(scores: np.ndarray) -> list[float]:
    distinct = np.unique(scores)
    if distinct.size == 0:
        return [DEFAULT_THRESHOLD]
    cuts = [DEFAULT_THRESHOLD, float(distinct[0]) / 2, (float(distinct[-1]) + 1) / 2]
    cuts += ((distinct[:-1] + distinct[1:]) / 2).tolist()
    return cuts


def best_threshold(truth: np.ndarray, scores: np.ndarray) -> float:
    """The threshold of one label that maximises its F1 on (truth, scores); see the module's rule."""
    positives = truth.astype(bool)
    if not positives.any():
        return DEFAULT_THRESHOLD
    best: tuple[float, float, float] | None = None  # (-F1, distance to 0.5, threshold): the smallest wins
    for cut in _candidates(scores):
        predicted = scores >= cut
        tp = int((predicted & positives).sum())
        fp = int((predicted & ~positives).sum())
        fn = int((~predicted & positives).sum())
        key = (-_f1(tp, fp, fn), abs(cut - DEFAULT_THRESHOLD), cut)
        if best is None or key < best:
            best = key
    return float(best[2]) if best else DEFAULT_THRESHOLD


def choose_thresholds(truth: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One threshold per label (column)."""
    return np.asarray([best_threshold(truth[:, j], scores[:, j]) for j in range(truth.shape[1])], dtype=float)


def decide(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """The 0/1 decisions: a label is in when its score reaches its threshold."""
    return (scores >= thresholds[np.newaxis, :]).astype(int)


def binary_log_loss(truth: np.ndarray, scores: np.ndarray) -> float:
    """Mean over items and labels of the binary log loss (scores clipped to [1e-15, 1 - 1e-15])."""
    if truth.size == 0:
        return 0.0
    p = np.clip(scores, 1e-15, 1 - 1e-15)
    return float(-(truth * np.log(p) + (1 - truth) * np.log(1 - p)).mean())


def report(labels: list[str], truth: np.ndarray, scores: np.ndarray, thresholds: np.ndarray) -> dict[str, Any]:
    """Metrics (`metrics`), per-label precision / recall / F1 / support (`per_class`) and the label-wise confusion
    summary with each threshold (`outcomes`) of the decisions at `thresholds`.

    micro F1 pools every label's tp / fp / fn; macro F1 is the mean of the per-label F1; accuracy is the share of
    items whose whole predicted set is right (subset accuracy); hamming loss the share of wrong item x label cells.
    """
    predicted = decide(scores, thresholds)
    positives, chosen = truth.astype(bool), predicted.astype(bool)
    per_class: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    sums = [0, 0, 0]
    for j, label in enumerate(labels):
        tp = int((chosen[:, j] & positives[:, j]).sum())
        fp = int((chosen[:, j] & ~positives[:, j]).sum())
        fn = int((~chosen[:, j] & positives[:, j]).sum())
        tn = int((~chosen[:, j] & ~positives[:, j]).sum())
        sums = [sums[0] + tp, sums[1] + fp, sums[2] + fn]
        per_class.append(
            {
                "label": label,
                "precision": tp / (tp + fp) if tp + fp else 0.0,
                "recall": tp / (tp + fn) if tp + fn else 0.0,
                "f1": _f1(tp, fp, fn),
                "support": tp + fn,
            }
        )
        outcomes.append({"label": label, "threshold": float(thresholds[j]), "tp": tp, "fp": fp, "fn": fn, "tn": tn})
    items = truth.shape[0]
    support = sum(c["support"] for c in per_class)
    metrics = {
        "accuracy": float((predicted == truth).all(axis=1).mean()) if items else 0.0,
        "micro_f1": _f1(*sums),
        "macro_f1": float(np.mean([c["f1"] for c in per_class])) if per_class else 0.0,
        "weighted_f1": sum(c["f1"] * c["support"] for c in per_class) / support if support else 0.0,
        "hamming_loss": float((predicted != truth).mean()) if truth.size else 0.0,
        "loss": binary_log_loss(truth, scores),
    }
    return {"metrics": metrics, "per_class": per_class, "outcomes": outcomes}


def point_scores(truth: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """A live metric point (an epoch, a fold): the decisions at 0.5, before thresholds are chosen."""
    figures = report([str(j) for j in range(truth.shape[1])], truth, scores, np.full(truth.shape[1], 0.5))
    metrics = figures["metrics"]
    return {k: metrics[k] for k in ("loss", "accuracy", "macro_f1", "micro_f1")}
