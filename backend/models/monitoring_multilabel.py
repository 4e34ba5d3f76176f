"""Monitoring a multi-label model: per-label rates (the share of predictions whose set contains the label) against
the same share in the training set, and the drift of each rate.

A label's drift is the PSI (and Jensen-Shannon divergence) of the two-way split in / out of the set, predictions
against training items; the model's `psi` and `jensenShannon` are then the largest of its labels (the label that
moved most), so a threshold on them means "some label's rate moved this much".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.annotations.answers import labels_key


@dataclass(frozen=True, slots=True)
class LabelRate:
    label: str
    count: int  # predictions in the window whose set contains the label
    rate: float  # count / predictions in the window
    training_rate: float | None  # the share of training items whose set contains it (None: unknown)
    psi: float | None  # drift of the rate (None below the minimum sample or without a training rate)
    jensen_shannon: float | None


def label_rates(
    raw: dict[str, Any],
    training_labels: dict[str, int],
    training_items: int,
    enough: bool,
    drift: Any,
) -> list[LabelRate]:
    """Per label (predicted or trained on), its rate, its training rate and their drift; `drift` is
    drift_scores(expected, observed) of backend/models/predictions.py."""
    total = int(raw["total"])
    counts = {b["key"]: int(b["doc_count"]) for b in raw.get("label_set", {}).get("buckets", [])}
    trained = {k: v for k, v in training_labels.items() if k != labels_key(())}
    rates: list[LabelRate] = []
    for label in sorted(set(counts) | set(trained)):
        count = counts.get(label, 0)
        rate = count / total if total else 0.0
        training_rate = trained.get(label, 0) / training_items if training_items else None
        scores = None
        if enough and training_rate is not None:
            scores = drift({"in": training_rate, "out": 1 - training_rate}, {"in": rate, "out": 1 - rate})
        rates.append(
            LabelRate(label, count, rate, training_rate, scores[0] if scores else None, scores[1] if scores else None)
        )
    return rates
