"""Datasets: what is labelled, with which labels, and how annotation is organised."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class DatasetKind(enum.Enum):
    TEXT = "TEXT"  # each item is a text
    TABULAR = "TABULAR"  # each item is a record of named numeric features


class TaskType(enum.Enum):
    """What an annotation of the dataset is."""

    SINGLE_LABEL = "SINGLE_LABEL"  # exactly one of the labels per item (the default)
    MULTI_LABEL = "MULTI_LABEL"  # a set of the labels per item; the empty set is "none of these"
    SPANS = "SPANS"  # TEXT only: labelled spans of the text (named entities), never overlapping


@dataclass(frozen=True, slots=True)
class LabelDefinition:
    name: str
    hotkey: str | None = None
    color: str | None = None


class QueueOrder(enum.Enum):
    """The order the queue hands out items of equal priority (unlabelled first, fewest labels first)."""

    RANDOM = "RANDOM"  # shuffled per annotator, the same on every reload (seeded by dataset and annotator)
    IMPORT_ORDER = "IMPORT_ORDER"  # oldest first, as imported


@dataclass(frozen=True, slots=True)
class AnnotationSettings:
    overlap_target: int = 1  # independent labels wanted per item
    blind: bool = False  # annotators see only their own labels
    queue_order: QueueOrder = QueueOrder.RANDOM


@dataclass(frozen=True, slots=True)
class Dataset:
    id: str
    name: str
    kind: DatasetKind
    labels: tuple[LabelDefinition, ...]
    instructions: str
    settings: AnnotationSettings
    created_by: str
    created_at: datetime
    updated_at: datetime
    archived: bool = False
    feature_names: tuple[str, ...] = ()  # TABULAR: the features every item has, in order
    task_type: TaskType = TaskType.SINGLE_LABEL

    @property
    def label_names(self) -> list[str]:
        return [label.name for label in self.labels]
