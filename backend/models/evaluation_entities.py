"""A dataset's evaluation set and a version's metrics on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ReplacedSet:
    """The record of an evaluation set that a later freeze replaced."""

    generation: int
    size: int
    frozen_at: datetime
    frozen_by: str
    replaced_at: datetime
    replaced_by: str


@dataclass(frozen=True, slots=True)
class EvaluationSet:
    """A frozen sample of a dataset's gold-labelled (reviewed or imported gold) items: no training includes them,
    and every candidate version is scored on them."""

    dataset_id: str
    generation: int  # 1, 2, … one per freeze
    size: int
    label_counts: dict[str, int]
    seed: int
    frozen_at: datetime
    frozen_by: str
    replaced: tuple[ReplacedSet, ...] = field(default=())  # oldest first


@dataclass(frozen=True, slots=True)
class EvaluationMetrics:
    """A model version's metrics on generation `generation` of its dataset's evaluation set."""

    model: str
    version: str
    dataset_id: str
    generation: int
    item_count: int
    accuracy: float
    macro_f1: float
    recall: dict[str, float]  # per label of the evaluation set
    evaluated_at: datetime
