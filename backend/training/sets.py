"""Saved training sets: per dataset, a name, an item filter (the search's), a label rule and a minimum agreement.

A training started from a set copies its definition onto the run (lineage); the runner freezes what the set
matched at that moment (backend/training/sets_frozen.py).
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.errors import DomainError, FieldProblem, ValidationFailed
from backend.items.entities import Item, ItemFilter

MAX_NAME = 100


class LabelRule(enum.Enum):
    """Which label an item trains with (None: the item is left out)."""

    GOLD_OR_MAJORITY = "GOLD_OR_MAJORITY"  # gold, else the unique majority meeting the minimum agreement
    GOLD_ONLY = "GOLD_ONLY"  # reviewed items only: their gold label
    UNANIMOUS = "UNANIMOUS"  # gold, else the label every annotator gave


def training_label(item: Item, rule: LabelRule, min_agreement: float | None) -> str | None:
    """The label `item` trains with under `rule`, or None when it has no clear one (it is left out)."""
    if item.gold_label is not None:
        return item.gold_label
    if rule is LabelRule.GOLD_ONLY:
        return None
    counts = Counter(a.label for a in item.annotations).most_common()
    if not counts:
        return None
    if rule is LabelRule.UNANIMOUS:
        return counts[0][0] if len(counts) == 1 else None
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    label, votes = counts[0]
    if min_agreement is not None and votes / len(item.annotations) < min_agreement:
        return None
    return label


@dataclass(frozen=True, slots=True)
class TrainingSet:
    id: str
    dataset_id: str
    name: str
    item_filter: dict[str, Any]  # ItemFilter.describe()
    label_rule: LabelRule
    min_agreement: float | None
    created_by: str
    created_at: datetime
    updated_at: datetime

    def definition(self) -> dict[str, Any]:
        """What a run records of the set at its start."""
        return {
            "id": self.id,
            "name": self.name,
            "filter": self.item_filter,
            "label_rule": self.label_rule.value,
            "min_agreement": self.min_agreement,
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class TrainingSetDraft:
    """What a person gives to create or change a set."""

    name: str
    item_filter: ItemFilter
    label_rule: LabelRule = LabelRule.GOLD_OR_MAJORITY
    min_agreement: float | None = None


class TrainingSetNotFound(DomainError):
    def __init__(self, set_id: str) -> None:
        super().__init__(f"no training set has id '{set_id}': list a dataset's sets with `trainingSets(datasetId:)`")


def duplicate_name(dataset_id: str, name: str) -> ValidationFailed:
    return ValidationFailed(
        [
            FieldProblem(
                "name",
                "duplicate",
                f"dataset '{dataset_id}' already has a training set named '{name}': choose another name, or edit "
                "that set",
            )
        ]
    )
