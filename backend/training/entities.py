"""Training runs: jobs of kind TRAINING, with the richer view of their kind (the payload of the job)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from backend.jobs.entities import JobState


class ValidationMethod(enum.Enum):
    HOLDOUT = "HOLDOUT"
    CROSS_VALIDATION = "CROSS_VALIDATION"


@dataclass(frozen=True, slots=True)
class Validation:
    method: ValidationMethod = ValidationMethod.HOLDOUT
    test_fraction: float = 0.2
    folds: int = 5
    seed: int = 42

    def describe(self) -> dict[str, Any]:
        return {
            "method": self.method.value,
            "test_fraction": self.test_fraction,
            "folds": self.folds,
            "seed": self.seed,
        }


@dataclass(frozen=True, slots=True)
class TrainingRun:
    id: str
    dataset_id: str
    model_type: str
    params: dict[str, Any]
    training_filter: dict[str, Any]  # ItemFilter.describe()
    validation: Validation
    min_agreement: float | None
    state: JobState
    created_by: str
    created_at: datetime
    attempt: int = 0
    message: str = ""
    started_at: datetime | None = None
    heartbeat_at: datetime | None = None  # written every 2 s by the attempt running it
    finished_at: datetime | None = None
    cancel_requested: bool = False
    item_count: int | None = None
    item_hash: str | None = None  # the data hash: ids, labels used and content (backend/training/sets_frozen.py)
    label_counts: dict[str, int] = field(default_factory=dict)
    train_size: int | None = None
    validation_size: int | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    per_class: list[dict[str, Any]] = field(default_factory=list)
    confusion_labels: list[str] = field(default_factory=list)
    confusion_matrix: list[list[int]] = field(default_factory=list)
    label_outcomes: list[dict[str, Any]] = field(default_factory=list)  # MULTI_LABEL: threshold, tp/fp/fn/tn per label
    mlflow_experiment_id: str | None = None
    mlflow_run_id: str | None = None
    model_name: str | None = None
    model_version: str | None = None
    duration_s: float | None = None
    label_rule: str = "GOLD_OR_MAJORITY"  # a LabelRule value (backend/training/sets.py)
    training_set_id: str | None = None  # the saved set it started from, if any
    training_set: dict[str, Any] | None = None  # that set's definition at the start (TrainingSet.definition())
